package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"brief/internal/brief"
	"brief/internal/channel"
	"brief/internal/pgtest"
)

// An SQLite install moves to Postgres (and back) with its articles,
// channels, schedules, feeds and ledger unchanged; a target with data is
// refused and left as it was.
func TestCopyMovesAnInstall(t *testing.T) {
	ctx := context.Background()
	src := openAt(t, filepath.Join(t.TempDir(), "brief.db"))
	a := &brief.Article{Title: "Kim goes to Russia", Sentences: []string{"Kim Jong Un left Pyongyang by train.", "He will meet Putin."}, Paras: []int{0, 1}, Source: "Wire", Date: "2023-09-11"}
	id, _, err := src.SaveArticle(ctx, a, time.Unix(1_700_000_000, 0))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := src.SaveBackCatalogue(ctx, &brief.Article{Title: "Old", Sentences: []string{"An old story from the feed."}, Paras: []int{0}}, time.Unix(1_700_000_100, 0)); err != nil {
		t.Fatal(err)
	}
	ch, err := src.EnsureChannel(ctx, "slack", "C1", "news")
	if err != nil {
		t.Fatal(err)
	}
	if err := src.SetSchedule(ctx, ch, channel.Schedule{At: "08:00", Zone: "Europe/Berlin", Days: channel.Weekdays}); err != nil {
		t.Fatal(err)
	}
	slot := time.Date(2026, 12, 1, 7, 0, 0, 0, time.UTC)
	if _, _, err := src.ClaimSlot(ctx, nil, ch, slot); err != nil {
		t.Fatal(err)
	}
	if err := src.MarkPosted(ctx, nil, ch, slot, []string{id}, slot.Add(time.Second)); err != nil {
		t.Fatal(err)
	}

	targets := map[string]string{"sqlite": filepath.Join(t.TempDir(), "copy.db")}
	if pgtest.Available() {
		targets["postgres"] = pgtest.URL(t)
	} else {
		t.Log("Postgres not configured (" + pgtest.Env + "): SQLite to SQLite only")
	}
	for name, dsn := range targets {
		t.Run(name, func(t *testing.T) {
			dst := openAt(t, dsn)
			counts, err := Copy(ctx, src, dst)
			if err != nil {
				t.Fatal(err)
			}
			if counts["articles"] != 2 || counts["channels"] != 1 || counts["schedules"] != 1 || counts["deliveries"] != 1 {
				t.Errorf("copied %v", counts)
			}
			got, meta, err := dst.Article(ctx, id)
			if err != nil || got.Title != a.Title || len(got.Sentences) != 2 || meta.ID != id {
				t.Fatalf("article %s in the copy: %+v %+v %v", id, got, meta, err)
			}
			all, err := dst.AllArticles(ctx)
			if err != nil || len(all) != 2 || !all[1].Meta.BackCatalogue || all[0].Meta.BackCatalogue {
				t.Errorf("articles in the copy (the back catalogue must stay so): %+v %v", all, err)
			}
			sc, err := dst.Schedule(ctx, ch)
			if err != nil || sc.At != "08:00" || sc.Zone != "Europe/Berlin" || sc.Days != channel.Weekdays {
				t.Errorf("schedule in the copy: %+v %v", sc, err)
			}
			if _, claimed, err := dst.ClaimSlot(ctx, nil, ch, slot); err != nil || claimed {
				t.Errorf("the posted slot can be claimed again in the copy (claimed %v, %v): it would post twice", claimed, err)
			}
			// A second copy into it is refused and changes nothing.
			if _, err := Copy(ctx, src, dst); !errors.Is(err, ErrNotEmpty) {
				t.Errorf("copy into a database with data: %v, want ErrNotEmpty", err)
			}
			if n, _ := dst.CountArticles(ctx); n != 2 {
				t.Errorf("the refused copy changed the target: %d articles", n)
			}
		})
	}
}

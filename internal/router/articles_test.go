package router

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"brief/internal/library"
	"brief/internal/reply"
	"brief/internal/store"
)

const floods = `Floods close roads in Cumbria

Heavy rain closed roads across Cumbria on Monday as rivers burst their banks.

The Environment Agency issued three severe flood warnings for the Eden valley.

Residents of Appleby were told to move to higher ground.
`

// oldFixture is a router on a library whose window holds the rail story,
// with the floods story stored 90 days ago, before the window.
func oldFixture(t *testing.T) (r *Router, st *store.Store, oldID string) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "brief.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	oldID, _, err = st.SaveArticle(ctx, parse(t, "floods.txt", floods), testNow.Add(-90*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.SaveArticle(ctx, parse(t, "rail.txt", rail), testNow.Add(-24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	lib, err := library.Open(ctx, st, func() time.Time { return testNow })
	if err != nil {
		t.Fatal(err)
	}
	if lib.Len() != 1 {
		t.Fatalf("the window holds %d articles, want the rail story only", lib.Len())
	}
	return New(Config{Library: lib, Store: st, Zone: "Europe/Berlin", Now: func() time.Time { return testNow }}), st, oldID
}

func handle(r *Router, text string) reply.Reply {
	return r.Handle(context.Background(), Request{Platform: "console", ChannelID: "console", Text: text, Auth: Allow})
}

// An article older than the window is still found by its words, shown by
// its id, listed, and answers questions, naming itself.
func TestCommandsReachArticlesBeforeTheWindow(t *testing.T) {
	r, _, oldID := oldFixture(t)
	for _, tt := range []struct {
		text string
		kind reply.Kind
		says []string
	}{
		{"flood warnings Cumbria", reply.Briefing, []string{"Floods close roads in Cumbria", "id " + oldID}},
		{"rail fares", reply.Briefing, []string{"Rail fares to rise"}},
		{"show " + oldID, reply.Briefing, []string{"Floods close roads in Cumbria", "three severe flood warnings"}},
		{"show " + oldID[:5], reply.Briefing, []string{"id " + oldID}},
		{"ask how many severe flood warnings were issued?", reply.Answer, []string{"three severe flood warnings", "Floods close roads in Cumbria", "/brief show " + oldID}},
		{"ask by how much will rail fares rise?", reply.Answer, []string{"3 percent", "Rail fares"}},
		{"list", reply.List, []string{"The 2 newest of 2 articles", "Rail fares", oldID + "  Floods close roads in Cumbria"}},
	} {
		got := handle(r, tt.text)
		text := all(got)
		if got.Kind != tt.kind {
			t.Errorf("%q: kind %v, want %v:\n%s", tt.text, got.Kind, tt.kind, text)
		}
		for _, s := range tt.says {
			if !strings.Contains(text, s) {
				t.Errorf("%q: reply lacks %q:\n%s", tt.text, s, text)
			}
		}
	}
}

// With the database gone, what the window holds is still found and
// answered; what needs the database fails politely.
func TestWindowAnswersWhenTheStoreFails(t *testing.T) {
	r, st, _ := oldFixture(t)
	st.Close()
	for text, want := range map[string]string{
		"rail fares":                            "Rail fares to rise",
		"ask by how much will rail fares rise?": "3 percent",
		"flood warnings":                        "went wrong on our side",
	} {
		if got := all(handle(r, text)); !strings.Contains(got, want) {
			t.Errorf("%q with the store closed: %s; want %q", text, got, want)
		}
	}
}

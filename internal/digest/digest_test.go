package digest

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"brief/internal/articlefile"
	"brief/internal/channel"
	"brief/internal/library"
	"brief/internal/reply"
	"brief/internal/store"
)

var now = time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)

func newLib(t *testing.T) (*library.Library, func(d time.Duration)) {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	at := now
	lib, err := library.Open(context.Background(), st, func() time.Time { return at })
	if err != nil {
		t.Fatal(err)
	}
	return lib, func(d time.Duration) { at = now.Add(d) }
}

func add(t *testing.T, lib *library.Library, name, text string) *library.Entry {
	t.Helper()
	a, err := articlefile.Parse(name, []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	e, _, err := lib.Add(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestRankPutsTheDaysStoryFirst(t *testing.T) {
	lib, at := newLib(t)
	at(-2 * time.Hour)
	main1 := add(t, lib, "storm1.txt", "Storm Bert floods towns across Wales\n\nStorm Bert brought floods to towns across Wales on Sunday, and rivers burst their banks.\n\nHundreds of homes were flooded by the storm.\n")
	main2 := add(t, lib, "storm2.txt", "Wales counts cost of Storm Bert floods\n\nTowns in Wales began clearing up after Storm Bert floods on Monday.\n\nThe storm flooded homes and closed rivers to boats.\n")
	main3 := add(t, lib, "storm3.txt", "Insurers brace for Storm Bert claims\n\nInsurers expect thousands of claims after Storm Bert flooded homes in Wales.\n\nThe floods hit towns along swollen rivers.\n")
	at(0)
	odd := add(t, lib, "chess.txt", "Chess champion retains title\n\nThe world chess champion retained the title after a tie-break in Singapore.\n\nThe challenger resigned in the final game.\n")
	items := Rank(lib, []*library.Entry{odd, main1, main2, main3}, now)
	// The chess story is newest but shares nothing with the day's other
	// stories: the storm, central to the day, leads.
	if items[0].Entry == odd {
		t.Errorf("an unrelated newest story ranked first: %+v", items[0])
	}
	for _, it := range items {
		if it.Score < 0 || it.Score > 1 || it.Centrality < 0 || it.Centrality > 1 || it.Recency <= 0 || it.Recency > 1 {
			t.Errorf("score parts out of range: %+v", it)
		}
	}
	one := Rank(lib, []*library.Entry{odd}, now)
	if len(one) != 1 || one[0].Centrality != 1 {
		t.Errorf("a lone article: %+v", one)
	}
}

func TestComposer(t *testing.T) {
	lib, at := newLib(t)
	c := &Composer{Lib: lib, Now: func() time.Time { return now }}
	ch := channel.Key{Platform: "console", ID: "console"}
	msg, ids, err := c.Digest(context.Background(), ch, now.Add(-24*time.Hour), now)
	if err != nil || msg.Kind != 0 || ids != nil {
		t.Fatalf("empty library: %v %v %v", msg, ids, err)
	}
	for i := range 45 {
		at(-time.Duration(45-i) * time.Minute)
		add(t, lib, fmt.Sprintf("s%d.txt", i), fmt.Sprintf("Story number %d about topic %d\n\nThis is story %d, which reports on event %d in some detail.\n\nOfficials commented on event %d on Monday.\n", i, i, i, i, i))
	}
	msg, ids, err = c.Digest(context.Background(), ch, now.Add(-24*time.Hour), now)
	if err != nil {
		t.Fatal(err)
	}
	msgs := reply.Split(msg) // as every renderer posts it
	if len(ids) != MaxItems {
		t.Errorf("%d ids, want the cap %d", len(ids), MaxItems)
	}
	sections := 0
	for _, m := range msgs {
		sections += len(m.Sections)
		if m.Visibility != reply.Channel || m.Kind != reply.Digest {
			t.Errorf("message %+v is not a channel digest", m)
		}
	}
	last := msgs[len(msgs)-1]
	if sections != MaxItems || !strings.Contains(last.Footer, "5 more stories not shown") {
		t.Errorf("%d sections, footer %q", sections, last.Footer)
	}
	if !strings.Contains(msgs[0].Summary, "45 new articles") {
		t.Errorf("summary %q", msgs[0].Summary)
	}
	// [since, until): an article that arrives at until waits for the next digest.
	_, ids, _ = c.Digest(context.Background(), ch, now.Add(-time.Minute), now)
	if len(ids) != 1 {
		t.Errorf("last minute: %d articles, want 1", len(ids))
	}
}

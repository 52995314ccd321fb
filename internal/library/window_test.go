package library

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"brief/internal/articlefile"
	"brief/internal/brief"
	"brief/internal/store"
	"brief/internal/store/storetest"
)

var day0 = time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)

// A clock tests move by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func parse(t *testing.T, text string) *brief.Article {
	t.Helper()
	a, err := articlefile.Parse("story.txt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// stored stores a story that arrived at the given time, as another process
// would, and returns its id.
func stored(t *testing.T, st *store.Store, text string, at time.Time) string {
	t.Helper()
	id, _, err := st.SaveArticle(context.Background(), parse(t, text), at)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// newStore opens a store on a new database of the dialect.
func newStore(t *testing.T, dialect string) *store.Store {
	t.Helper()
	return storetest.Open(t, dialect)
}

const storyC = "Rail strike called off\n\nTrain drivers called off Friday's strike after talks with the operator ended in a pay deal.\n\nServices will run as normal.\n"

func headlines(es []*Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Headline())
	}
	return out
}

// The library holds the articles of the window in memory, and the window
// moves with the clock: articles that age out leave it, new ones come in.
func TestWindowHoldsRecentArticlesAndMoves(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		st := newStore(t, dialect)
		c := &clock{t: day0}
		old := stored(t, st, storyA, day0.Add(-40*24*time.Hour))
		mid := stored(t, st, storyB, day0.Add(-20*24*time.Hour))
		lib, err := Open(ctx, st, c.now, WithWindow(30*24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if got := headlines(lib.Recent(10)); !slices.Equal(got, []string{"Bank raises interest rates"}) || lib.Len() != 1 {
			t.Fatalf("window at start: %q", got)
		}
		if es := lib.Arrived(day0.Add(-365*24*time.Hour), day0); len(es) != 1 || es[0].Meta.ID != mid {
			t.Errorf("Arrived: %q", headlines(es))
		}

		// 15 days on, the second story is 35 days old; a third arrives.
		c.add(15 * 24 * time.Hour)
		if _, _, err := lib.Add(ctx, parse(t, storyC)); err != nil {
			t.Fatal(err)
		}
		if _, err := lib.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		if got := headlines(lib.Recent(10)); !slices.Equal(got, []string{"Rail strike called off"}) {
			t.Errorf("window after 15 days: %q", got)
		}
		if _, ok := lib.Match("interest rates"); ok {
			t.Error("Match still finds an article that left the window")
		}
		// Both older stories are still there, by words and by id.
		for q, want := range map[string]string{"interest rates": mid, "flood warnings": old} {
			e, ok, err := lib.Search(ctx, q)
			if err != nil || !ok || e.Meta.ID != want {
				t.Errorf("Search(%q) = %v, %v, %v; want %s", q, e, ok, err, want)
			}
		}
		for _, id := range []string{old, mid[:5]} {
			e, err := lib.Get(ctx, id)
			if err != nil || !strings.HasPrefix(e.Meta.ID, id) || len(e.Briefing().Points) == 0 {
				t.Errorf("Get(%s) = %v, %v", id, e, err)
			}
		}
		newest, err := lib.Newest(ctx, 10)
		if got := headlines(newest); err != nil || !slices.Equal(got, []string{"Rail strike called off", "Bank raises interest rates", "Floods close roads in Cumbria"}) {
			t.Errorf("Newest: %q, %v", got, err)
		}
		if n, err := lib.Count(ctx); n != 3 || err != nil {
			t.Errorf("Count = %d, %v", n, err)
		}
		// A library opened now holds what the moved one holds.
		again, err := Open(ctx, st, c.now, WithWindow(30*24*time.Hour))
		if err != nil || !slices.Equal(headlines(again.Recent(10)), headlines(lib.Recent(10))) {
			t.Errorf("reopened: %q, %v", headlines(again.Recent(10)), err)
		}
	})
}

// When enough of its articles have aged out, the question index is built
// again from the window alone; questions are answered all along, from the
// window or from the store.
func TestIndexRebuiltAsTheWindowMoves(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		st := newStore(t, dialect)
		c := &clock{t: day0}
		lib, err := Open(ctx, st, c.now, WithWindow(7*24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		floods, _, err := lib.Add(ctx, parse(t, storyA))
		if err != nil {
			t.Fatal(err)
		}
		c.add(5 * 24 * time.Hour)
		if _, _, err := lib.Add(ctx, parse(t, storyB)); err != nil {
			t.Fatal(err)
		}
		c.add(3 * 24 * time.Hour) // the floods story is 8 days old
		if _, err := lib.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		lib.mu.RLock()
		indexed, window := lib.ix.Len(), len(lib.order)
		lib.mu.RUnlock()
		if indexed != 1 || window != 1 {
			t.Errorf("after the move the index holds %d articles and the window %d; want 1 and 1", indexed, window)
		}
		for q, want := range map[string]string{
			"How many severe flood warnings were issued?": "three",
			"What did the central bank raise?":            "interest rates",
		} {
			a, from, err := lib.Ask(ctx, q)
			if err != nil || !a.Answered || len(from) != 1 || !strings.Contains(a.Text, want) {
				t.Errorf("Ask(%q) = %+v from %v, %v", q, a, from, err)
			}
		}
		a, from, _ := lib.Ask(ctx, "How many severe flood warnings were issued?")
		if len(from) != 1 || from[0].Meta.ID != floods.Meta.ID || a.Article != from[0].Article {
			t.Errorf("the old answer's article: %v, want %s", from, floods.Meta.ID)
		}
	})
}

// A question whose answer is only in an article older than the window is
// answered from it, and the answer names that article.
func TestAskFindsAnAnswerInAnOldArticle(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		st := newStore(t, dialect)
		c := &clock{t: day0}
		old := stored(t, st, storyA, day0.Add(-90*24*time.Hour))
		stored(t, st, storyB, day0.Add(-2*24*time.Hour))
		stored(t, st, storyC, day0.Add(-1*24*time.Hour))
		lib, err := Open(ctx, st, c.now)
		if err != nil {
			t.Fatal(err)
		}
		if lib.Len() != 2 {
			t.Fatalf("window holds %d", lib.Len())
		}
		a, from, err := lib.Ask(ctx, "How many severe flood warnings did the Environment Agency issue?")
		if err != nil || !a.Answered || !strings.Contains(a.Text, "three severe flood warnings") {
			t.Fatalf("Ask = %+v, %v", a, err)
		}
		if len(from) != 1 || from[0].Meta.ID != old || from[0].Article != a.Article {
			t.Errorf("answer from %v; want the old article %s", from, old)
		}
		// The window's answers come first.
		a, from, _ = lib.Ask(ctx, "Why did train drivers call off the strike?")
		if !a.Answered || len(from) != 1 || from[0].Headline() != "Rail strike called off" {
			t.Errorf("Ask of the window = %+v from %v", a, from)
		}
		// Nothing anywhere.
		if a, from, err := lib.Ask(ctx, "Who won the chess olympiad?"); a.Answered || a.Hedged() || len(from) != 0 || err != nil {
			t.Errorf("Ask of nothing = %+v from %v, %v", a, from, err)
		}
		// Only older articles: the question is about what they say.
		lib2, _ := Open(ctx, st, func() time.Time { return day0.Add(400 * 24 * time.Hour) })
		if a, _, _ := lib2.Ask(ctx, "Who won the chess olympiad?"); a.Reason != "nothing in the articles answers it" {
			t.Errorf("with an empty window: %q", a.Reason)
		}
	})
}

// /brief <words> finds the best article of the whole library: an old one
// that matches the words better than any in the window.
func TestSearchWeighsOldArticlesAgainstTheWindow(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		st := newStore(t, dialect)
		old := stored(t, st, storyA, day0.Add(-90*24*time.Hour))
		recent := stored(t, st, "Cumbria fair opens\n\nThe county fair opened in Cumbria on Saturday.\n", day0.Add(-24*time.Hour))
		lib, err := Open(ctx, st, func() time.Time { return day0 })
		if err != nil {
			t.Fatal(err)
		}
		for q, want := range map[string]string{"Cumbria flood warnings": old, "Cumbria fair": recent, "Cumbria": recent} {
			e, ok, err := lib.Search(ctx, q)
			if err != nil || !ok || e.Meta.ID != want {
				t.Errorf("Search(%q) = %v, %v, %v; want %s", q, e, ok, err, want)
			}
		}
		for _, q := range []string{"", "the of", "volcano", `"NEAR(*`} {
			if e, ok, err := lib.Search(ctx, q); ok || err != nil {
				t.Errorf("Search(%q) = %v, %v", q, e, err)
			}
		}
		// The same old article is the same entry, its briefing made once.
		a, _ := lib.Get(ctx, old)
		b, _, _ := lib.Search(ctx, "flood warnings")
		if a != b {
			t.Error("two entries for one old article")
		}
	})
}

// Sync reads what another process stored even when this process stored a
// later article first.
func TestSyncMissesNothingAnotherProcessStored(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		st := newStore(t, dialect)
		lib, err := Open(ctx, st, nil)
		if err != nil {
			t.Fatal(err)
		}
		other, err := Open(ctx, st, nil)
		if err != nil {
			t.Fatal(err)
		}
		add(t, other, storyA) // seq 1, not yet synced here
		add(t, lib, storyB)   // seq 2
		if n, err := lib.Sync(ctx); n != 1 || err != nil || lib.Len() != 2 {
			t.Errorf("Sync: %d, %v; library has %d", n, err, lib.Len())
		}
	})
}

// The vocabulary forgets the words no article of the window holds.
func TestVocabularyStaysTheWindowsSize(t *testing.T) {
	var v vocabulary
	a, _ := v.add(map[string]float64{"flood": 2, "rain": 1})
	b, _ := v.add(map[string]float64{"flood": 1, "bank": 1})
	v.remove(a)
	if v.df("flood") != 1 || v.df("rain") != 0 || len(v.ids) != 2 {
		t.Errorf("after removing one: flood %d, rain %d, %d words", v.df("flood"), v.df("rain"), len(v.ids))
	}
	v.add(map[string]float64{"storm": 1})
	if len(v.names) != 3 {
		t.Errorf("%d ids in use; a forgotten id is used again", len(v.names))
	}
	v.remove(b)
	if len(v.ids) != 1 {
		t.Errorf("%d words left", len(v.ids))
	}
}

// Words most of the window holds are left out of the store's search, and
// an older article holding the rarer words is still found.
func TestSearchFindsOlderArticlesAmongCommonWords(t *testing.T) {
	ctx := context.Background()
	st := newStore(t, store.DialectSQLite)
	old := stored(t, st, "Appleby floods\n\nThe council said floods closed the bridge at Appleby.\n", day0.Add(-60*24*time.Hour))
	for i := range 120 {
		stored(t, st, fmt.Sprintf("Council meeting %d\n\nThe council met for the %dth time to discuss the budget.\n", i, i), day0.Add(-time.Duration(i)*time.Hour))
	}
	lib, err := Open(ctx, st, func() time.Time { return day0 })
	if err != nil {
		t.Fatal(err)
	}
	if lib.Len() != 120 {
		t.Fatalf("window of %d", lib.Len())
	}
	if e, ok, err := lib.Search(ctx, "council Appleby"); !ok || err != nil || e.Meta.ID != old {
		t.Errorf("Search = %v, %v, %v; want the older article", e, ok, err)
	}
	a, from, err := lib.Ask(ctx, "What did the council say closed the bridge at Appleby?")
	if err != nil || !a.Answered || len(from) != 1 || from[0].Meta.ID != old {
		t.Errorf("Ask = %+v from %v, %v", a, from, err)
	}
}

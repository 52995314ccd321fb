package digest

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"brief/internal/articlefile"
	"brief/internal/library"
	"brief/internal/store"
)

// storyLib loads the story pairs and the sample article, and bbc100 when
// withBBC and the shared data is there, into a library; it returns the
// entries by file name.
func storyLib(t *testing.T, withBBC bool) (*library.Library, map[string]*library.Entry, []*library.Entry) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	lib, err := library.Open(ctx, st, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("testdata/stories/*-*.md")
	files = append(files, "../../articles/2023-09-11-kim-jong-un-train-to-russia.txt")
	byName := map[string]*library.Entry{}
	for _, f := range files {
		a, err := articlefile.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		e, _, err := lib.Add(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(f)
		byName[name[:len(name)-len(filepath.Ext(name))]] = e
	}
	var bbc []*library.Entry
	if withBBC {
		paths, _ := filepath.Glob("../../../shared/data/bbc100/article/*/*.txt")
		for _, f := range paths {
			a, err := articlefile.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			e, _, err := lib.Add(ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			bbc = append(bbc, e)
		}
	}
	return lib, byName, bbc
}

var (
	samePairs = [][2]string{
		{"same-quake-a", "same-quake-b"},
		{"same-rates-a", "same-rates-b"},
		{"same-match-a", "same-match-b"},
		{"2023-09-11-kim-jong-un-train-to-russia", "same-kim-b"},
	}
	diffPairs = [][2]string{
		{"same-quake-a", "diff-quake-chile"},
		{"same-rates-a", "diff-rates-sweden"},
		{"same-rates-b", "diff-rates-sweden"},
		{"same-match-a", "diff-match-arsenal"},
		{"same-match-b", "diff-match-arsenal"},
		{"2023-09-11-kim-jong-un-train-to-russia", "diff-kim-missile"},
		{"same-kim-b", "diff-kim-missile"},
	}
)

func TestSameStoryThreshold(t *testing.T) {
	for _, withBBC := range []bool{false, true} {
		lib, e, bbc := storyLib(t, withBBC)
		for _, p := range samePairs {
			if s := Similarity(lib, e[p[0]], e[p[1]]); s < SameStory {
				t.Errorf("bbc=%v: %s and %s are one event, similarity %.3f < %.2f", withBBC, p[0], p[1], s, SameStory)
			} else {
				t.Logf("bbc=%v same %s ~ %s: %.3f", withBBC, p[0], p[1], s)
			}
		}
		for _, p := range diffPairs {
			if s := Similarity(lib, e[p[0]], e[p[1]]); s >= SameStory {
				t.Errorf("bbc=%v: %s and %s are different events, similarity %.3f >= %.2f", withBBC, p[0], p[1], s, SameStory)
			} else {
				t.Logf("bbc=%v diff %s ~ %s: %.3f", withBBC, p[0], p[1], s)
			}
		}
		if len(bbc) == 0 {
			continue
		}
		var sims []float64
		for i := range bbc {
			for j := i + 1; j < len(bbc); j++ {
				sims = append(sims, Similarity(lib, bbc[i], bbc[j]))
			}
		}
		slices.Sort(sims)
		t.Logf("bbc100: %d pairs: max %.3f, 99.9th %.3f, 99th %.3f", len(sims), sims[len(sims)-1], sims[len(sims)*999/1000], sims[len(sims)*99/100])
		// bbc100 has no dates, and a few of its articles are one running
		// story (or the same article twice): at most those may merge.
		above := 0
		for _, s := range sims {
			if s >= SameStory {
				above++
			}
		}
		if above > 3 {
			t.Errorf("%d of %d bbc100 pairs would merge, want at most 3", above, len(sims))
		}
	}
}

func TestGroupMergesOneEventFromManyOutlets(t *testing.T) {
	lib, e, _ := storyLib(t, false)
	var all []*library.Entry
	for _, en := range e {
		all = append(all, en)
	}
	stories := Group(lib, all)
	storyOf := map[*library.Entry]int{}
	for i, s := range stories {
		for _, m := range s.Members() {
			storyOf[m] = i
		}
	}
	for _, p := range samePairs {
		if storyOf[e[p[0]]] != storyOf[e[p[1]]] {
			t.Errorf("%s and %s are one event but were not merged", p[0], p[1])
		}
	}
	for _, p := range diffPairs {
		if storyOf[e[p[0]]] == storyOf[e[p[1]]] {
			t.Errorf("%s and %s are different events but were merged", p[0], p[1])
		}
	}
	if len(stories) != len(all)-len(samePairs) {
		t.Errorf("%d articles in %d stories, want %d", len(all), len(stories), len(all)-len(samePairs))
	}

	items := Rank(lib, all, now)
	rep := Reply(items, Title, 0)
	if want := "12 new articles in 8 stories"; !strings.HasPrefix(rep.Summary, want) {
		t.Errorf("summary %q, want %q", rep.Summary, want)
	}
	for _, p := range samePairs[:3] {
		a, b := e[p[0]], e[p[1]]
		found := false
		for _, sec := range rep.Sections {
			if sec.Label == a.Headline() && strings.Contains(sec.Text, "Also reported by "+b.Article.Source) ||
				sec.Label == b.Headline() && strings.Contains(sec.Text, "Also reported by "+a.Article.Source) {
				found = true
			}
		}
		if !found {
			t.Errorf("no digest item for %s says it was also reported by the other outlet:\n%+v", p, rep.Sections)
		}
	}
	for _, it := range items {
		if len(it.Others) > 0 && it.Sources != 2 {
			t.Errorf("story %q: %d sources, want 2", it.Entry.Headline(), it.Sources)
		}
	}
}

func TestTimeWindowKeepsRunningStoriesApart(t *testing.T) {
	lib, e, _ := storyLib(t, false)
	a := e["same-quake-a"]
	later := *e["same-quake-b"].Article
	later.Date = "2026-12-05" // a week later: a follow-up, not the same report
	later.Sentences = append(slices.Clone(later.Sentences), "Rebuilding began on Monday.")
	later.Paras = append(slices.Clone(later.Paras), later.Paras[len(later.Paras)-1]+1)
	b, _, err := lib.Add(context.Background(), &later)
	if err != nil {
		t.Fatal(err)
	}
	if s := Similarity(lib, a, b); s < SameStory {
		t.Fatalf("the follow-up is too different (%.2f) to test the window", s)
	}
	if got := Group(lib, []*library.Entry{a, b}); len(got) != 2 {
		t.Errorf("reports a week apart were merged into %d stories", len(got))
	}
}

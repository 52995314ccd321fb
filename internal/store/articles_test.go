package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"brief/internal/brief"
)

func TestSaveArticleDedupesByHash(t *testing.T) {
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		s := tdb.open(t)
		a := article(1)
		id, created, err := s.SaveArticle(ctx, a, t0)
		if err != nil || !created || id != a.ID() {
			t.Fatalf("first save = %q, %v, %v; want %q, true", id, created, err, a.ID())
		}
		// The same story from another file, URL and time: stored once, the
		// first arrival kept.
		again := article(1)
		again.Path, again.URL, again.Title = "elsewhere/copy.md", "https://mirror.example/1", "Another headline"
		id2, created, err := s.SaveArticle(ctx, again, t0.Add(time.Hour))
		if err != nil || created || id2 != id {
			t.Fatalf("second save = %q, %v, %v; want %q, false", id2, created, err, id)
		}
		if _, _, err := s.SaveBackCatalogue(ctx, article(1), t0); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.CountArticles(ctx); n != 1 {
			t.Fatalf("%d articles stored; want 1", n)
		}
		got, meta, err := s.Article(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got.Path != a.Path || !meta.ArrivedAt.Equal(t0) || meta.BackCatalogue {
			t.Errorf("stored %q arrived %v back=%v; want the first arrival %q at %v", got.Path, meta.ArrivedAt, meta.BackCatalogue, a.Path, t0)
		}
	})
}

func TestArticleRoundTrip(t *testing.T) {
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		s := tdb.open(t)
		a := article(7)
		a.Sentences = append(a.Sentences, "  Spaces kept.  ", "Emoji 🚂 and a tab\there.", `Back\slash, "json" and </script>.`)
		a.Paras = append(a.Paras, 1, 2, 2)
		arrived := time.Date(2026, 10, 25, 1, 30, 15, 123_000_000, time.FixedZone("CEST", 2*3600))
		id, _, err := s.SaveArticle(ctx, a, arrived)
		if err != nil {
			t.Fatal(err)
		}
		got, meta, err := s.Article(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, a) {
			t.Errorf("round trip changed the article:\n got %#v\nwant %#v", got, a)
		}
		if got.Hash() != a.Hash() || meta.Hash != a.Hash() || meta.ID != a.ID() {
			t.Errorf("hash/id changed: meta %+v, article %s", meta, a.Hash())
		}
		if !meta.ArrivedAt.Equal(arrived) || meta.ArrivedAt.Location() != time.UTC {
			t.Errorf("ArrivedAt = %v; want %v in UTC", meta.ArrivedAt, arrived)
		}
		var body string
		s.DB().QueryRowContext(ctx, "SELECT body FROM articles WHERE id = $1", id).Scan(&body)
		if body != a.Text() {
			t.Errorf("body column = %q; want the cleaned text %q", body, a.Text())
		}
	})
}

func TestArticleLookup(t *testing.T) {
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		s := tdb.open(t)
		a := article(1)
		id, _, err := s.SaveArticle(ctx, a, t0)
		if err != nil {
			t.Fatal(err)
		}
		// Two articles whose hashes share their first 4 hex digits.
		x, y := prefixTwins(t, 4, 10_000)
		if _, _, err := s.SaveArticle(ctx, x, t0); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.SaveArticle(ctx, y, t0); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name    string
			key     string
			want    string
			wantErr error
		}{
			{"id", id, id, nil},
			{"upper case and spaces", "  " + strings.ToUpper(id) + " ", id, nil},
			{"longer prefix of the hash", a.Hash()[:12], id, nil},
			{"whole hash", a.Hash(), id, nil},
			{"4-digit prefix", id[:4], id, nil},
			{"too short a prefix", id[:3], "", ErrNotFound},
			{"ambiguous prefix", x.Hash()[:4], "", ErrAmbiguous},
			{"unknown", "00000000", "", ErrNotFound},
			{"not hex", "zz%_", "", ErrNotFound},
			{"like wildcard", "%", "", ErrNotFound},
			{"empty", "", "", ErrNotFound},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, meta, err := s.Article(ctx, tt.key)
				if tt.wantErr != nil {
					if !errors.Is(err, tt.wantErr) {
						t.Fatalf("Article(%q) = %v; want %v", tt.key, err, tt.wantErr)
					}
					return
				}
				if err != nil || meta.ID != tt.want || got == nil {
					t.Fatalf("Article(%q) = %q, %v; want %q", tt.key, meta.ID, err, tt.want)
				}
			})
		}
	})
}

// prefixTwins finds two distinct articles whose hashes share their first n
// hex digits, trying up to limit candidates.
func prefixTwins(t testing.TB, n, limit int) (*brief.Article, *brief.Article) {
	t.Helper()
	seen := map[string]*brief.Article{}
	for i := range limit {
		a := &brief.Article{Sentences: []string{fmt.Sprintf("Twin candidate %d.", i)}, Paras: []int{0}}
		p := a.Hash()[:n]
		if b, ok := seen[p]; ok {
			return b, a
		}
		seen[p] = a
	}
	t.Fatalf("no two of %d hashes share %d hex digits", limit, n)
	return nil, nil
}

func TestSaveArticleIDCollision(t *testing.T) {
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		s := tdb.open(t)
		x, y := prefixTwins(t, 8, 1_000_000) // about 80,000 tries on average
		idx, _, err := s.SaveArticle(ctx, x, t0)
		if err != nil {
			t.Fatal(err)
		}
		idy, created, err := s.SaveArticle(ctx, y, t0)
		if err != nil || !created {
			t.Fatalf("SaveArticle(twin) = %v, %v", created, err)
		}
		if idx != x.ID() || idy != y.Hash()[:10] {
			t.Fatalf("ids = %q, %q; want %q and the 10-digit %q", idx, idy, x.ID(), y.Hash()[:10])
		}
		for _, want := range []*brief.Article{x, y} {
			id := want.Hash()[:len(idx)]
			if want == y {
				id = idy
			}
			got, _, err := s.Article(ctx, id)
			if err != nil || got.Sentences[0] != want.Sentences[0] {
				t.Errorf("Article(%q) = %v, %v; want %q", id, got, err, want.Sentences[0])
			}
		}
	})
}

func TestSaveArticleRefusesBadInput(t *testing.T) {
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		s := tdb.open(t)
		big := strings.Repeat("word ", brief.MaxArticleBytes/5+10)
		tests := []struct {
			name string
			a    *brief.Article
		}{
			{"nil", nil},
			{"no sentences", &brief.Article{Title: "Empty"}},
			{"paragraphs missing", &brief.Article{Sentences: []string{"One.", "Two."}, Paras: []int{0}}},
			{"too large", &brief.Article{Sentences: []string{big}, Paras: []int{0}}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, _, err := s.SaveArticle(ctx, tt.a, t0)
				if !errors.Is(err, ErrInvalid) || !strings.HasPrefix(err.Error(), "store: save article: ") {
					t.Fatalf("SaveArticle = %v; want a store: save article: ErrInvalid error", err)
				}
			})
		}
		if n, _ := s.CountArticles(ctx); n != 0 {
			t.Errorf("%d articles stored from bad input", n)
		}
	})
}

func TestArticleOrdering(t *testing.T) {
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		s := tdb.open(t)
		save := func(n int, at time.Time, back bool) string {
			t.Helper()
			var id string
			var err error
			if back {
				id, _, err = s.SaveBackCatalogue(ctx, article(n), at)
			} else {
				id, _, err = s.SaveArticle(ctx, article(n), at)
			}
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		// Saved out of arrival order, with a tie at t0+2m.
		b := save(2, t0.Add(1*time.Minute), false)
		c := save(3, t0.Add(2*time.Minute), false)
		a := save(1, t0, false)
		d := save(4, t0.Add(2*time.Minute), false) // same instant as c, saved after it
		e := save(5, t0.Add(3*time.Minute), true)  // back catalogue: never in a digest
		f := save(6, t0.Add(-time.Hour), false)    // before the window
		g := save(7, t0.Add(2*time.Minute+time.Millisecond), false)

		ids := func(list []StoredArticle, err error) []string {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, sa := range list {
				out = append(out, sa.Meta.ID)
			}
			return out
		}
		tests := []struct {
			name string
			got  []string
			want []string
		}{
			{"all, in order stored", ids(s.AllArticles(ctx)), []string{b, c, a, d, e, f, g}},
			{"after a sequence number, in order stored", ids(s.ArticlesAfter(ctx, 4)), []string{e, f, g}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if !reflect.DeepEqual(tt.got, tt.want) {
					t.Errorf("got %v\nwant %v", tt.got, tt.want)
				}
			})
		}
	})
}

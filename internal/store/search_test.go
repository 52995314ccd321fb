package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"brief/internal/brief"
)

// story is a stored article of a title and sentences.
func story(title string, sentences ...string) *brief.Article {
	a := &brief.Article{Title: title, Sentences: sentences, Paras: make([]int, len(sentences))}
	return a
}

// titles are the titles of a search's articles, in order.
func titles(list []StoredArticle) []string {
	var out []string
	for _, sa := range list {
		out = append(out, sa.Article.Title)
	}
	return out
}

// saveStories stores the articles, an hour apart from t0 on.
func saveStories(t *testing.T, s *Store, arts ...*brief.Article) {
	t.Helper()
	for i, a := range arts {
		if _, _, err := s.SaveArticle(context.Background(), a, t0.Add(time.Duration(i)*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
}

var searchStories = []*brief.Article{
	story("Floods close roads in Cumbria", "Heavy rain flooded roads across Cumbria on Monday.", "The Environment Agency issued three severe flood warnings."),
	story("Bank raises interest rates", "The central bank raised interest rates to 5 percent to fight inflation."),
	story("Rail strike called off", "Drivers called off Friday's strike after talks with the operator."),
}

func TestSearchArticles(t *testing.T) {
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		s := tdb.open(t)
		saveStories(t, s, searchStories...)
		for _, c := range []struct {
			query string
			want  []string
		}{
			{"flooding in Cumbria", []string{"Floods close roads in Cumbria"}},                 // another form of the word
			{"INTEREST", []string{"Bank raises interest rates"}},                               // any case
			{"strike rates", []string{"Rail strike called off", "Bank raises interest rates"}}, // any of the words; the tie goes to the newest
			{"volcano", nil},
			{"", nil},
			{"the and of what", nil}, // nothing but function words
		} {
			got, err := s.SearchArticles(ctx, c.query, 10)
			if err != nil || !slices.Equal(titles(got), c.want) {
				t.Errorf("SearchArticles(%q) = %q, %v; want %q", c.query, titles(got), err, c.want)
			}
		}
		// The best match first: both words before one of them.
		saveStories(t, s, story("Cumbria shows", "The county fair opens in Cumbria."))
		if got, _ := s.SearchArticles(ctx, "Cumbria floods", 10); len(got) != 2 || got[0].Article.Title != "Floods close roads in Cumbria" {
			t.Errorf("Cumbria floods: %q; want the floods story first", titles(got))
		}
		if got, _ := s.SearchArticles(ctx, "Cumbria", 1); len(got) != 1 {
			t.Errorf("limit 1 gave %d", len(got))
		}
		// The whole article comes back, as Article reads it.
		got, _ := s.SearchArticles(ctx, "warnings", 1)
		if len(got) != 1 || len(got[0].Article.Sentences) != 2 || got[0].Meta.Seq != 1 || !got[0].Meta.ArrivedAt.Equal(t0) {
			t.Errorf("warnings: %+v", got)
		}
	})
}

// Only articles that arrived before the bound, the ones a library's
// window in memory lacks.
func TestSearchArticlesBefore(t *testing.T) {
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		s := tdb.open(t)
		saveStories(t, s, story("Old floods", "Floods hit the valley."), story("New floods", "Floods hit the town."))
		got, err := s.SearchArticlesBefore(ctx, "floods", t0.Add(time.Hour), 10)
		if err != nil || !slices.Equal(titles(got), []string{"Old floods"}) {
			t.Errorf("before the second arrival: %q, %v", titles(got), err)
		}
		if got, _ := s.SearchArticlesBefore(ctx, "floods", t0, 10); len(got) != 0 {
			t.Errorf("before the first arrival: %q", titles(got))
		}
	})
}

// What a user types is words, never the search engine's syntax: quotes,
// operators, column filters, prefixes and very long queries neither fail
// nor change what is found.
func TestSearchHostileQueries(t *testing.T) {
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		s := tdb.open(t)
		saveStories(t, s, searchStories...)
		long := strings.Repeat("inflation ", 20000)
		for _, q := range []string{
			`"`, `""`, `'`, `floods"`, `"floods`, `floods" OR "x`, `'floods'`,
			`NEAR(floods cumbria)`, `floods NEAR cumbria`, `NEAR/2`, `floods AND`, `OR`, `NOT floods`, `AND OR NOT`,
			`floods*`, `*`, `^floods`, `title:floods`, `body : floods`, `:`, `{title}: floods`,
			`(`, `)`, `((floods)`, `floods)`, `-floods`, `- -`, `floods -cumbria`, `+floods`,
			`floods & !rates`, `floods | rates`, `floods <-> cumbria`, `floods:*`, `floods:A`, `\`, `\'`, `;`, `--`,
			"floods\x00cumbria", "floods\xff\xfe", "flöods", long, long + "floods",
			strings.Repeat("(", 5000) + "floods", strings.Repeat("a", 5000),
		} {
			got, err := s.SearchArticles(ctx, q, 10)
			if err != nil {
				t.Errorf("SearchArticles(%.40q): %v", q, err)
				continue
			}
			for _, sa := range got {
				if !slices.ContainsFunc(searchStories, func(a *brief.Article) bool { return a.Title == sa.Article.Title }) {
					t.Errorf("SearchArticles(%.40q) found %q", q, sa.Article.Title)
				}
			}
		}
		// The words in them are still looked for.
		for q, want := range map[string]string{
			`NEAR(floods cumbria)`: "Floods close roads in Cumbria", `title:rates`: "Bank raises interest rates",
			`"strike`: "Rail strike called off", `-floods`: "Floods close roads in Cumbria", long: "Bank raises interest rates",
		} {
			if got, _ := s.SearchArticles(ctx, q, 1); len(got) != 1 || got[0].Article.Title != want {
				t.Errorf("SearchArticles(%.40q) = %q; want %q", q, titles(got), want)
			}
		}
	})
}

func TestSearchTerms(t *testing.T) {
	for q, want := range map[string][]string{
		`What did the "Bank" raise?`: {"bank", "raise"},
		`NEAR(a,b) title:x-z* 3.5%`:  {"near", "b", "title", "x", "z", "3", "5"},
		`floods Floods FLOODS`:       {"floods"},
		`ünïcödé 東京`:                 {"ünïcödé", "東京"},
	} {
		if got := SearchTerms(q); !slices.Equal(got, want) {
			t.Errorf("SearchTerms(%q) = %q; want %q", q, got, want)
		}
	}
	if got := SearchTerms(strings.Repeat("word ", 100) + strings.Repeat("x", 1000)); len(got) != 2 || len(got[1]) != maxSearchTermSize {
		t.Errorf("long words: %d terms", len(got))
	}
	var many strings.Builder
	for i := range 100 {
		many.WriteString(strings.Repeat(string(rune('a'+i%26)), 1+i/26) + " ")
	}
	if got := SearchTerms(many.String()); len(got) != maxSearchTerms {
		t.Errorf("100 words give %d terms; want %d", len(got), maxSearchTerms)
	}
}

// The index follows the articles: a deleted article is no longer found,
// and one whose title changes is found by its new title.
func TestSearchFollowsChanges(t *testing.T) {
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		s := tdb.open(t)
		saveStories(t, s, searchStories...)
		if _, err := s.DB().ExecContext(ctx, `DELETE FROM articles WHERE title = $1`, "Rail strike called off"); err != nil {
			t.Fatal(err)
		}
		if got, err := s.SearchArticles(ctx, "strike", 10); len(got) != 0 || err != nil {
			t.Errorf("deleted article found: %q, %v", titles(got), err)
		}
		if _, err := s.DB().ExecContext(ctx, `UPDATE articles SET title = $1 WHERE seq = 2`, "Mortgages dearer"); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.SearchArticles(ctx, "mortgages", 10); !slices.Equal(titles(got), []string{"Mortgages dearer"}) {
			t.Errorf("new title: %q", titles(got))
		}
	})
}

// Articles stored before the search existed (schema 4) are found after
// the upgrade.
func TestSearchFindsArticlesStoredBeforeIt(t *testing.T) {
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		dsn := tdb.dsn(t)
		ms, err := loadMigrations(tdb.dialect)
		if err != nil {
			t.Fatal(err)
		}
		db, err := sql.Open(tdb.driver(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := db.ExecContext(ctx, q, args...); err != nil {
				t.Fatalf("%.60s: %v", q, err)
			}
		}
		exec(qCreateMigrations)
		for _, m := range ms {
			if m.version >= 5 {
				break
			}
			exec(m.sql)
			exec(qRecordMigration, m.version, 0)
		}
		exec(`INSERT INTO articles (id, hash, seq, title, body, sentences, paras, arrived_at)
VALUES ('0123abcd', '0123abcd00', 1, 'Harbour reopens', 'The harbour reopened after the storm.', '["The harbour reopened after the storm."]', '[0]', 0)`)
		db.Close()

		s := openAt(t, dsn)
		got, err := s.SearchArticles(ctx, "storm", 10)
		if err != nil || !slices.Equal(titles(got), []string{"Harbour reopens"}) {
			t.Errorf("after the upgrade: %q, %v", titles(got), err)
		}
	})
}

// A backup (VACUUM INTO, which may renumber rows) searches as the
// original does.
func TestSearchInABackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openAt(t, filepath.Join(dir, "brief.db"))
	saveStories(t, s, searchStories...)
	if _, err := s.DB().ExecContext(ctx, `DELETE FROM articles WHERE seq = 1`); err != nil {
		t.Fatal(err)
	}
	if _, err := Backup(ctx, filepath.Join(dir, "brief.db"), filepath.Join(dir, "copy.db")); err != nil {
		t.Fatal(err)
	}
	c := openAt(t, filepath.Join(dir, "copy.db"))
	for q, want := range map[string]string{"rates": "Bank raises interest rates", "strike": "Rail strike called off"} {
		if got, err := c.SearchArticles(ctx, q, 10); err != nil || !slices.Equal(titles(got), []string{want}) {
			t.Errorf("in the copy, %q finds %q, %v; want %q", q, titles(got), err, want)
		}
	}
}

package storetest

import (
	"context"
	"testing"
	"time"

	"brief/internal/brief"
	"brief/internal/store"
)

// Two stores opened on one DSN are replicas of one database, on each
// dialect, and a dialect's store says which it is.
func TestRunOpensEachDialect(t *testing.T) {
	var ran []string
	Run(t, func(t *testing.T, dialect string) {
		ran = append(ran, dialect)
		ctx := context.Background()
		dsn := DSN(t, dialect)
		a, b := OpenDSN(t, dsn), OpenDSN(t, dsn)
		if a.Dialect() != dialect {
			t.Errorf("Dialect = %q; want %q", a.Dialect(), dialect)
		}
		art := &brief.Article{Title: "One", Sentences: []string{"A sentence."}, Paras: []int{0}}
		if _, _, err := a.SaveArticle(ctx, art, time.Now()); err != nil {
			t.Fatal(err)
		}
		if n, err := b.CountArticles(ctx); err != nil || n != 1 {
			t.Errorf("the other replica counts %d articles, %v; want 1", n, err)
		}
		if n, _ := Open(t, dialect).CountArticles(ctx); n != 0 {
			t.Errorf("Open gave a database with %d articles; want a new one", n)
		}
	})
	if len(ran) != len(Dialects()) || ran[0] != store.DialectSQLite {
		t.Errorf("Run ran %v; want every dialect, SQLite first", ran)
	}
}

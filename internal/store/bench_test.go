package store

import (
	"context"
	"testing"
	"time"

	"brief/internal/brief"
)

// benchArticles returns n distinct articles of about 20 sentences (a few
// kilobytes, like a news story).
func benchArticles(n int) []*brief.Article {
	list := make([]*brief.Article, n)
	for i := range list {
		a := article(i)
		for j := range 17 {
			a.Sentences = append(a.Sentences, "Officials said on Monday that the talks would continue next week in the capital, according to people familiar with the matter.")
			a.Paras = append(a.Paras, 2+j/3)
		}
		list[i] = a
	}
	return list
}

// benchDialects runs fn once per dialect (Postgres when configured).
func benchDialects(b *testing.B, fn func(b *testing.B, tdb testDB)) {
	for _, name := range []string{DialectSQLite, DialectPostgres} {
		b.Run(name, func(b *testing.B) { fn(b, testDB{name}) })
	}
}

// BenchmarkSaveAndLoad1000 saves 1,000 articles into a fresh database, one
// transaction each, and loads them all back.
func BenchmarkSaveAndLoad1000(b *testing.B) {
	ctx := context.Background()
	arts := benchArticles(1000)
	benchDialects(b, func(b *testing.B, tdb testDB) {
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			s, err := Open(ctx, tdb.dsn(b))
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			for i, a := range arts {
				if _, _, err := s.SaveArticle(ctx, a, t0.Add(time.Duration(i)*time.Second)); err != nil {
					b.Fatal(err)
				}
			}
			all, err := s.AllArticles(ctx)
			if err != nil || len(all) != len(arts) {
				b.Fatalf("AllArticles = %d, %v", len(all), err)
			}
			b.StopTimer()
			s.Close()
			b.StartTimer()
		}
	})
}

// BenchmarkLoad1000 loads 1,000 stored articles.
func BenchmarkLoad1000(b *testing.B) {
	ctx := context.Background()
	benchDialects(b, func(b *testing.B, tdb testDB) {
		s := tdb.open(b)
		for i, a := range benchArticles(1000) {
			if _, _, err := s.SaveArticle(ctx, a, t0.Add(time.Duration(i)*time.Second)); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportAllocs()
		for b.Loop() {
			if all, err := s.AllArticles(ctx); err != nil || len(all) != 1000 {
				b.Fatalf("AllArticles = %d, %v", len(all), err)
			}
		}
	})
}

// BenchmarkOpenFresh opens a new database: connecting and applying every
// migration.
func BenchmarkOpenFresh(b *testing.B) {
	ctx := context.Background()
	benchDialects(b, func(b *testing.B, tdb testDB) {
		for b.Loop() {
			b.StopTimer()
			dsn := tdb.dsn(b)
			b.StartTimer()
			s, err := Open(ctx, dsn)
			if err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			s.Close()
			b.StartTimer()
		}
	})
}

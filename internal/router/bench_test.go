package router

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"brief/internal/testdata/benchdata"
)

// benchRouter is a router over 1,000+ articles (see benchdata). It
// returns SQuAD questions to ask and the articles' ids.
func benchRouter(b *testing.B) (*Router, []string, []string) {
	b.Helper()
	now := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
	st, lib, questions, ids := benchdata.Library(b, now.Add(-time.Hour))
	r := New(Config{Library: lib, Store: st, Now: func() time.Time { return now }})
	return r, questions, ids
}

// BenchmarkRouter measures commands through the router over 1,000+
// articles, and reports the 50th and 99th percentile latency of each.
func BenchmarkRouter(b *testing.B) {
	r, questions, ids := benchRouter(b)
	ctx := context.Background()
	commands := map[string]func(i int) string{
		"ask":      func(i int) string { return "ask " + questions[i%len(questions)] },
		"words":    func(i int) string { return questions[i%len(questions)] },
		"show":     func(i int) string { return "show " + ids[i%len(ids)] },
		"list":     func(int) string { return "list" },
		"help":     func(int) string { return "help" },
		"schedule": func(i int) string { return fmt.Sprintf("schedule %02d:%02d Europe/Berlin", i%24, i%60) },
		"digest":   func(int) string { return "" },
	}
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range commands {
			if !yield(k) {
				return
			}
		}
	}) {
		b.Run(name, func(b *testing.B) {
			text := commands[name]
			var took []time.Duration
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				start := time.Now()
				rep := r.Handle(ctx, Request{Platform: "console", ChannelID: "bench", Text: text(i), Auth: Allow})
				took = append(took, time.Since(start))
				if rep.Kind == 2 { // reply.Error
					b.Fatalf("%q: %s", text(i), rep.Summary)
				}
				i++
			}
			benchdata.ReportPercentiles(b, took)
		})
	}
}

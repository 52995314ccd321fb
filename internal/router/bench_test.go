package router

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"brief/internal/brief"
	"brief/internal/library"
	"brief/internal/store"
)

// benchRouter is a router over a library of at least 1,000 articles: the
// bbc100 articles and the paragraphs of the SQuAD development half as
// articles of their own (../shared/data), plus the sample. It returns SQuAD
// questions to ask.
func benchRouter(b *testing.B) (*Router, []string, []string) {
	b.Helper()
	data := "../../../shared/data"
	files, _ := filepath.Glob(filepath.Join(data, "bbc100/article/*/*.txt"))
	raw, err := os.ReadFile(filepath.Join(data, "squad-dev/squad-dev-even.json"))
	if len(files) == 0 || err != nil {
		b.Skip("needs ../shared/data (bbc100 and squad-dev)")
	}
	var arts []*brief.Article
	for _, f := range files {
		a, err := library.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		arts = append(arts, a)
	}
	var squad struct {
		Data []struct {
			Title      string
			Paragraphs []struct {
				Context string
				QAs     []struct{ Question string } `json:"qas"`
			}
		}
	}
	if err := json.Unmarshal(raw, &squad); err != nil {
		b.Fatal(err)
	}
	var questions []string
	for _, d := range squad.Data {
		for i, p := range d.Paragraphs {
			title := strings.ReplaceAll(d.Title, "_", " ") + fmt.Sprintf(" part %d", i+1)
			a, err := brief.Parse(fmt.Sprintf("%s-%d.txt", d.Title, i), []byte(title+"\n\n"+p.Context))
			if err != nil {
				continue
			}
			arts = append(arts, a)
			for _, q := range p.QAs {
				questions = append(questions, q.Question)
			}
		}
	}
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(b.TempDir(), "b.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	now := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
	lib, err := library.Open(ctx, st, func() time.Time { return now.Add(-time.Hour) })
	if err != nil {
		b.Fatal(err)
	}
	var ids []string
	for _, a := range arts {
		e, _, err := lib.Add(ctx, a)
		if err != nil {
			b.Fatal(err)
		}
		ids = append(ids, e.Meta.ID)
	}
	if lib.Len() < 1000 {
		b.Fatalf("library of %d articles, want at least 1,000", lib.Len())
	}
	lib.Warm(ctx)
	r := New(Config{Library: lib, Store: st, Now: func() time.Time { return now }, Next: nextDaily})
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
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds()), "p50-µs")
			b.ReportMetric(float64(took[len(took)*99/100].Microseconds()), "p99-µs")
		})
	}
}

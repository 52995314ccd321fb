package slack

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
	"brief/internal/router"
	"brief/internal/store"
)

// benchLibrary is a router over 1,000+ articles: the bbc100 set and SQuAD
// paragraphs as articles of their own (../shared/data); it returns SQuAD
// questions to ask.
func benchLibrary(b *testing.B) (*router.Router, []string) {
	b.Helper()
	data := "../../../../shared/data"
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
			a, err := brief.Parse(fmt.Sprintf("%s-%d.txt", d.Title, i), []byte(strings.ReplaceAll(d.Title, "_", " ")+fmt.Sprintf(" part %d\n\n", i+1)+p.Context))
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
	lib, err := library.Open(ctx, st, func() time.Time { return testNow.Add(-time.Hour) })
	if err != nil {
		b.Fatal(err)
	}
	for _, a := range arts {
		if _, _, err := lib.Add(ctx, a); err != nil {
			b.Fatal(err)
		}
	}
	if lib.Len() < 1000 {
		b.Fatalf("library of %d articles, want at least 1,000", lib.Len())
	}
	lib.Warm(ctx)
	return router.New(router.Config{Library: lib, Store: st, Now: func() time.Time { return testNow }}), questions
}

// BenchmarkHTTPCommand measures a signed /brief round trip through POST
// /slack/commands (verification, parsing, the router over 1,000+
// articles, rendering, the JSON acknowledgement) and reports p50 and p99.
func BenchmarkHTTPCommand(b *testing.B) {
	r, questions := benchLibrary(b)
	f := newHTTPFixture(b, func(c *Config) { c.Handler = r; c.AckBudget = 2 * time.Second })
	commands := map[string]func(i int) string{
		"ask":    func(i int) string { return "ask " + questions[i%len(questions)] },
		"digest": func(int) string { return "" },
		"help":   func(int) string { return "help" },
		"list":   func(int) string { return "list" },
	}
	seq := 0
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range commands {
			if !yield(k) {
				return
			}
		}
	}) {
		b.Run(name, func(b *testing.B) {
			var took []time.Duration
			i := 0
			for b.Loop() {
				seq++
				form := slashForm(commands[name](i))
				form.Set("trigger_id", fmt.Sprint(seq)) // every request differs, as Slack's do
				form.Set("response_url", f.st.responseURLFor("bench"))
				start := time.Now()
				code, body := f.post(b, "/slack/commands", formType, form.Encode(), testSecret, testNow.Unix())
				took = append(took, time.Since(start))
				if code != 200 || strings.Contains(body, WorkingText) {
					b.Fatalf("%d %.200s", code, body)
				}
				i++
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds()), "p50-µs")
			b.ReportMetric(float64(took[len(took)*99/100].Microseconds()), "p99-µs")
		})
	}
}

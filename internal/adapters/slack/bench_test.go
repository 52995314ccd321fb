package slack

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"brief/internal/router"
	"brief/internal/testdata/benchdata"
)

// benchLibrary is a router over 1,000+ articles (see benchdata); it
// returns SQuAD questions to ask.
func benchLibrary(b *testing.B) (*router.Router, []string) {
	b.Helper()
	st, lib, questions, _ := benchdata.Library(b, testNow.Add(-time.Hour))
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
			benchdata.ReportPercentiles(b, took)
		})
	}
}

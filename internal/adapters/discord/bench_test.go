package discord

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"brief/internal/router"
	"brief/internal/testdata/benchdata"
)

// benchLibraryRouter is the real router over 1,000+ articles (see
// benchdata). It returns questions and article ids to ask for.
func benchLibraryRouter(b *testing.B) (*router.Router, []string, []string) {
	b.Helper()
	now := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
	st, lib, questions, ids := benchdata.Library(b, now.Add(-time.Hour))
	return router.New(router.Config{Library: lib, Store: st, Now: func() time.Time { return now }}), questions, ids
}

// BenchmarkInteractionRoundTrip measures a signed HTTP interaction from
// the client's request to the decoded response, through a loopback HTTP
// server, signature check, the real router over 1,000+ articles, and the
// embed rendering; it reports p50 and p99.
func BenchmarkInteractionRoundTrip(b *testing.B) {
	r, questions, ids := benchLibraryRouter(b)
	rest := newREST(b)
	sg := newSigner(b)
	a := newAdapter(b, rest, r, func(c *Config) {
		c.PublicKey = sg.pub
		c.AckBudget = 2 * time.Second
	})
	mux := http.NewServeMux()
	a.Routes(mux)
	srv := httptest.NewServer(mux)
	b.Cleanup(srv.Close)
	client := srv.Client()

	commands := map[string]func(i int) string{
		"today": func(int) string { return todayOpts },
		"ask": func(i int) string {
			return fmt.Sprintf(`[{"name":"ask","type":1,"options":[{"name":"question","type":3,"value":%q}]}]`, questions[i%len(questions)])
		},
		"article": func(i int) string {
			return fmt.Sprintf(`[{"name":"article","type":1,"options":[{"name":"query","type":3,"value":%q}]}]`, questions[i%len(questions)])
		},
		"show": func(i int) string {
			return fmt.Sprintf(`[{"name":"show","type":1,"options":[{"name":"id","type":3,"value":%q}]}]`, ids[i%len(ids)])
		},
		"list": func(int) string { return `[{"name":"list","type":1}]` },
	}
	for _, name := range []string{"today", "ask", "article", "show", "list"} {
		b.Run(name, func(b *testing.B) {
			opts := commands[name]
			var took []time.Duration
			i := 0
			for b.Loop() {
				req := sg.request(interaction(opts(i), 0), time.Now())
				req.RequestURI = ""
				req.URL.Scheme, req.URL.Host = "http", srv.Listener.Addr().String()
				start := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				var ir struct{ Type int }
				err = json.NewDecoder(resp.Body).Decode(&ir)
				resp.Body.Close()
				took = append(took, time.Since(start))
				if err != nil || resp.StatusCode != 200 || ir.Type != 4 {
					b.Fatalf("status %d, type %d, %v", resp.StatusCode, ir.Type, err)
				}
				i++
			}
			benchdata.ReportPercentiles(b, took)
		})
	}
}

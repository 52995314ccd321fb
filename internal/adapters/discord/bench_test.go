package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"brief/internal/brief"
	"brief/internal/library"
	"brief/internal/router"
	"brief/internal/store"
)

// benchLibraryRouter is the real router over 1,000+ articles: bbc100 and
// the SQuAD development paragraphs (../shared/data). It returns questions
// and article ids to ask for.
func benchLibraryRouter(b *testing.B) (*router.Router, []string, []string) {
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
			a, err := brief.Parse(fmt.Sprintf("%s-%d.txt", d.Title, i), []byte(fmt.Sprintf("%s part %d\n\n%s", d.Title, i+1, p.Context)))
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
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds()), "p50-µs")
			b.ReportMetric(float64(took[len(took)*99/100].Microseconds()), "p99-µs")
		})
	}
}

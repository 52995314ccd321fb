package router_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"brief/internal/extract"
	"brief/internal/feeds"
	"brief/internal/fetch"
	"brief/internal/library"
	"brief/internal/reply"
	"brief/internal/router"
	"brief/internal/store"
)

// syncBuffer is a log sink tests read while the code under test writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// credentialsEnv is the router as the service wires it, over a loopback
// site that records every request it gets.
type credentialsEnv struct {
	st    *store.Store
	rt    *router.Router
	pages extract.Reader
	log   *syncBuffer
	host  string

	mu    sync.Mutex
	hits  []string
	auths []string
}

func newCredentialsEnv(t *testing.T, allowPrivate bool) *credentialsEnv {
	t.Helper()
	page, err := os.ReadFile("../extract/testdata/news.html")
	if err != nil {
		t.Fatal(err)
	}
	e := &credentialsEnv{log: &syncBuffer{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.mu.Lock()
		e.hits = append(e.hits, r.URL.String())
		if a := r.Header.Get("Authorization"); a != "" {
			e.auths = append(e.auths, a)
		}
		e.mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/nocanonical" {
			// No canonical link: the article keeps the address it was fetched at.
			w.Write([]byte(strings.Replace(string(page), `<link rel="canonical" href="/news/2024/03/14/harbour-tidal-barrier">`, "", 1)))
			return
		}
		w.Write(page)
	}))
	t.Cleanup(srv.Close)
	e.host = strings.TrimPrefix(srv.URL, "http://")
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	lib, err := library.Open(ctx, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(e.log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	client := fetch.New(fetch.Options{AllowPrivate: allowPrivate})
	svc, err := feeds.New(feeds.Config{Store: st, Library: lib, Client: client, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	e.st = st
	e.pages = extract.Reader{Client: client}
	e.rt = router.New(router.Config{Library: lib, Store: st, Pages: e.pages, Feeds: svc, Logger: log})
	return e
}

func (e *credentialsEnv) handle(text string) reply.Reply {
	return e.rt.Handle(context.Background(), router.Request{
		Platform: "slack", ChannelID: "C1", UserID: "U1", Text: text,
		Auth: router.AuthorizerFunc(func(context.Context) (bool, error) { return true, nil }),
	})
}

func replyText(r reply.Reply) string {
	var b strings.Builder
	b.WriteString(r.Title + "\n" + r.Summary + "\n" + r.Footer)
	for _, s := range r.Sections {
		b.WriteString("\n" + s.Label + "\n" + s.Text + "\n" + s.URL)
	}
	return b.String()
}

func TestCredentialsInURLsAreRefused(t *testing.T) {
	for _, allowPrivate := range []bool{true, false} {
		name := "guard on"
		if allowPrivate {
			name = "private networks allowed"
		}
		t.Run(name, func(t *testing.T) {
			e := newCredentialsEnv(t, allowPrivate)
			tests := []struct{ command, says string }{
				{"add http://alice:secret@" + e.host + "/story", "A link with a user name or password in it can't be added"},
				{"add http://alice@" + e.host + "/story", "A link with a user name or password in it can't be added"},
				{"feed add http://alice:secret@" + e.host + "/feed.xml", "user name or password in it can't be added"},
				{"feed remove http://alice:secret@" + e.host + "/feed.xml", "user name or password in it can't be added"},
			}
			for _, tt := range tests {
				t.Run(tt.command, func(t *testing.T) {
					r := e.handle(tt.command)
					text := replyText(r)
					if r.Kind != reply.Error || !strings.Contains(text, tt.says) {
						t.Errorf("reply %v %q, want an error saying %q", r.Kind, text, tt.says)
					}
					if strings.Contains(text, "secret") || strings.Contains(text, "alice") || strings.Contains(text, "Something went wrong") {
						t.Errorf("reply %q", text)
					}
				})
			}
			// bot add reads the page directly.
			if _, err := e.pages.Page(context.Background(), "http://alice:secret@"+e.host+"/story"); err == nil || !strings.Contains(err.Error(), "can't be added") {
				t.Errorf("Page = %v", err)
			}
			e.mu.Lock()
			defer e.mu.Unlock()
			if len(e.hits) != 0 || len(e.auths) != 0 {
				t.Errorf("the site was fetched: %v, Authorization %v", e.hits, e.auths)
			}
			if n, _ := e.st.CountArticles(context.Background()); n != 0 {
				t.Errorf("%d articles stored", n)
			}
			logged := e.log.String()
			if strings.Contains(logged, "secret") || strings.Contains(logged, "level=ERROR") {
				t.Errorf("the log says:\n%s", logged)
			}
		})
	}
}

func TestTokensInURLsAreNotShownOrLogged(t *testing.T) {
	e := newCredentialsEnv(t, false)
	// The guard refuses loopback: the refusal names the address, redacted.
	r := e.handle("add http://" + e.host + "/story?token=s3cr3t&id=7")
	if text := replyText(r); r.Kind != reply.Error || strings.Contains(text, "s3cr3t") || !strings.Contains(text, "token=redacted") {
		t.Errorf("refusal %q", text)
	}
	if logged := e.log.String(); strings.Contains(logged, "s3cr3t") {
		t.Errorf("the log says:\n%s", logged)
	}

	// A page fetched with a token in its address is stored without it.
	open := newCredentialsEnv(t, true)
	r = open.handle("add http://" + open.host + "/nocanonical?api_key=s3cr3t&id=7")
	if r.Kind != reply.Briefing {
		t.Fatalf("add: %v %q", r.Kind, replyText(r))
	}
	all, err := open.st.AllArticles(context.Background())
	if err != nil || len(all) != 1 {
		t.Fatalf("stored %d articles, %v", len(all), err)
	}
	if u := all[0].Article.URL; u != "http://"+open.host+"/nocanonical?api_key=redacted&id=7" {
		t.Errorf("stored URL %q", u)
	}
	if text := replyText(open.handle("list")); strings.Contains(text, "s3cr3t") {
		t.Errorf("/brief list shows %q", text)
	}
}

package extract

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"brief/internal/fetch"
	"brief/internal/library"
	"brief/internal/reply"
	"brief/internal/store"
)

// adder is /brief add: the page read for the person, then stored.
type adder struct {
	lib *library.Library
	r   Reader
}

func (a adder) AddURL(ctx context.Context, url string) (*library.Entry, bool, error) {
	art, err := a.r.Page(ctx, url)
	if err != nil {
		return nil, false, err
	}
	return a.lib.Add(ctx, art)
}

func TestReaderPage(t *testing.T) {
	page, err := os.ReadFile("testdata/news.html")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/story":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(page)
		case "/menu":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<html><body><nav><a href=/a>Home</a></nav></body></html>"))
		case "/report.pdf":
			w.Header().Set("Content-Type", "application/pdf")
			w.Write([]byte("%PDF-1.7"))
		case "/paywall":
			w.WriteHeader(http.StatusForbidden)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	lib, err := library.Open(ctx, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := adder{lib, Reader{fetch.New(fetch.Options{AllowPrivate: true})}}
	e, created, err := a.AddURL(ctx, srv.URL+"/story")
	if err != nil || !created || e.Article.Title == "" {
		t.Fatalf("AddURL: %v %v %v", e, created, err)
	}
	if _, created, err := a.AddURL(ctx, srv.URL+"/story"); err != nil || created {
		t.Errorf("the same page again: created %v, %v", created, err)
	}
	if n, _ := st.CountArticles(ctx); n != 1 {
		t.Errorf("%d articles stored, want 1", n)
	}
	for path, says := range map[string]string{
		"/menu":       "has no article on it",
		"/report.pdf": "is not a web page",
		"/paywall":    "refused access (403)",
		"/gone":       "was not found (the site answered 404)",
	} {
		_, _, err := a.AddURL(ctx, srv.URL+path)
		var ue *reply.UserError
		if !errors.As(err, &ue) || !strings.Contains(ue.Msg, says) {
			t.Errorf("%s: %v, want a user error saying %q", path, err, says)
		}
	}
	guarded := adder{lib, Reader{fetch.New(fetch.Options{})}}
	_, _, err = guarded.AddURL(ctx, srv.URL+"/story")
	var ue *reply.UserError
	if !errors.As(err, &ue) || !strings.Contains(ue.Msg, "private or local address") {
		t.Errorf("loopback with the guard on: %v", err)
	}
}

func TestUnreachableSitesAreTheCallersToKnow(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	lib, err := library.Open(ctx, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	// A port nothing listens on.
	srv := httptest.NewServer(http.NotFoundHandler())
	closed := srv.URL
	srv.Close()
	a := adder{lib, Reader{fetch.New(fetch.Options{AllowPrivate: true})}}
	for url, says := range map[string]string{
		closed + "/story":               "refused or dropped the connection",
		"http://no-such-host.invalid/x": "site name does not exist",
	} {
		_, _, err := a.AddURL(ctx, url)
		var ue *reply.UserError
		if !errors.As(err, &ue) || !strings.Contains(ue.Msg, says) {
			t.Errorf("%s: %v, want a user error saying %q", url, err, says)
		}
	}
}

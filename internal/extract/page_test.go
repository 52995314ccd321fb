package extract

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"brief/internal/fetch"
)

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// newSite serves the fixtures on loopback.
func newSite(t *testing.T) *httptest.Server {
	t.Helper()
	news := readFixture(t, "news.html")
	latin1 := readFixture(t, "latin1.html")
	// A windows-1252 page that says so only in its Content-Type header.
	cp1252, err := charmap.Windows1252.NewEncoder().String(strings.ReplaceAll(string(news), `<meta charset="utf-8">`, ""))
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	serve := func(path, ctype string, body []byte) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			if ctype != "" {
				w.Header().Set("Content-Type", ctype)
			} else {
				w.Header()["Content-Type"] = nil // no sniffing by the server
			}
			w.Write(body)
		})
	}
	serve("/news/harbour", "text/html; charset=utf-8", news)
	serve("/untyped", "", news)
	serve("/latin1", "text/html", latin1)
	serve("/cp1252", "text/html; charset=windows-1252", []byte(cp1252))
	serve("/report.pdf", "application/pdf", []byte("%PDF-1.7\n..."))
	serve("/photo.png", "image/png", []byte("\x89PNG\r\n\x1a\n...."))
	serve("/api", "application/json", []byte(`{"title":"not a page"}`))
	serve("/section", "text/html", readFixture(t, "index.html"))
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/news/harbour?from=old", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/gone", http.NotFound)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestPage(t *testing.T) {
	srv := newSite(t)
	c := fetch.New(fetch.Options{AllowPrivate: true})
	tests := []struct {
		name, path string
		wantErr    error
		errHas     string
		title, url string
		has        string
	}{
		{name: "news page", path: "/news/harbour",
			title: "Harbour council approves tidal barrier plan after decade of floods",
			url:   "/news/2024/03/14/harbour-tidal-barrier", // the canonical link, on the test host
			has:   newsStory[2]},
		{name: "no content type", path: "/untyped", title: "Harbour council approves tidal barrier plan after decade of floods", has: newsStory[0]},
		{name: "latin-1 by meta", path: "/latin1", title: "Zürich: Café-Besitzer gewinnt Streit um Straßenterrassen", has: "Die Richter nannten die Regel unverhältnismäßig."},
		{name: "windows-1252 by header", path: "/cp1252", title: "Harbour council approves tidal barrier plan after decade of floods", has: newsStory[2]},
		{name: "redirect", path: "/old", title: "Harbour council approves tidal barrier plan after decade of floods", has: newsStory[5]},
		{name: "pdf", path: "/report.pdf", wantErr: ErrNotHTML, errHas: "application/pdf"},
		{name: "image", path: "/photo.png", wantErr: ErrNotHTML, errHas: "image/png"},
		{name: "json", path: "/api", wantErr: ErrNotHTML, errHas: "application/json"},
		{name: "index page", path: "/section", wantErr: ErrNoArticle},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Page(context.Background(), c, srv.URL+tt.path)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.errHas) {
					t.Fatalf("Page = %v, %v; want %v naming %q", a, err, tt.wantErr, tt.errHas)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != tt.title {
				t.Errorf("title = %q, want %q", a.Title, tt.title)
			}
			if tt.url != "" && a.URL != srv.URL+tt.url {
				t.Errorf("URL = %q, want %q", a.URL, srv.URL+tt.url)
			}
			if !strings.Contains(a.Text(), tt.has) {
				t.Errorf("text lacks %q:\n%s", tt.has, a.Text())
			}
			checkClean(t, a.Text())
		})
	}
}

func TestPageStatus(t *testing.T) {
	srv := newSite(t)
	c := fetch.New(fetch.Options{AllowPrivate: true})
	_, err := Page(context.Background(), c, srv.URL+"/gone")
	var se *fetch.StatusError
	if !errors.As(err, &se) || se.Status != http.StatusNotFound {
		t.Fatalf("Page(404) = %v, want a *fetch.StatusError with 404", err)
	}
}

func TestPageRedirectKeepsFinalAddress(t *testing.T) {
	page := strings.NewReplacer(
		`<link rel="canonical" href="/news/2024/03/14/harbour-tidal-barrier">`, "",
		`<meta property="og:url" content="https://www.dailyledger.example/news/2024/03/14/harbour-tidal-barrier">`, "",
	).Replace(string(readFixture(t, "news.html")))
	mux := http.NewServeMux()
	mux.HandleFunc("/a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/b", http.StatusFound) })
	mux.HandleFunc("/b", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(page))
	})
	srv2 := httptest.NewServer(mux)
	t.Cleanup(srv2.Close)
	a, err := Page(context.Background(), fetch.New(fetch.Options{AllowPrivate: true}), srv2.URL+"/a")
	if err != nil {
		t.Fatal(err)
	}
	if a.URL != srv2.URL+"/b" {
		t.Errorf("URL = %q, want the address after the redirect %q", a.URL, srv2.URL+"/b")
	}
}

func TestPageRefusesLoopbackByDefault(t *testing.T) {
	srv := newSite(t)
	_, err := Page(context.Background(), fetch.New(fetch.Options{}), srv.URL+"/news/harbour")
	if !errors.Is(err, fetch.ErrBlocked) {
		t.Fatalf("Page = %v, want fetch.ErrBlocked", err)
	}
}

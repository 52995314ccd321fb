package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"brief/internal/channel"
	"brief/internal/config"
)

// A missing articles folder is a warning at start that names it; the
// service still starts.
func TestMissingArticlesFolderWarns(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "no-such-folder")
	cfg, err := config.Load(func(k string) string {
		return map[string]string{"BRIEF_ARTICLES_DIR": missing, "BRIEF_DB": filepath.Join(dir, "brief.db"), "BRIEF_HTTP_ADDR": "127.0.0.1:0"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	a, err := New(context.Background(), cfg, Options{Logger: slog.New(slog.NewTextHandler(logs, nil)), Stdin: strings.NewReader(""), Stdout: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if got := logs.String(); !strings.Contains(got, `level=WARN msg="the articles folder does not exist: create it, or set BRIEF_ARTICLES_DIR`) || !strings.Contains(got, "dir="+missing) {
		t.Errorf("no warning naming the folder:\n%s", got)
	}
	// With the folder there, nothing is said.
	logs2 := &syncBuffer{}
	a2, err := New(context.Background(), configFor(t), Options{Logger: slog.New(slog.NewTextHandler(logs2, nil)), Stdin: strings.NewReader(""), Stdout: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	defer a2.Close()
	if strings.Contains(logs2.String(), "articles folder") {
		t.Errorf("a warning with the folder there:\n%s", logs2.String())
	}
}

// BRIEF_FEED_MIN_INTERVAL is the floor the service's feeds keep to: a
// feed that asks to be read every minute is read every two hours.
func TestFeedMinIntervalIsKept(t *testing.T) {
	feed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Header().Set("Cache-Control", "max-age=60")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title><item><title>Harbour ferry fares frozen</title><guid>1</guid>`+
			`<description>The harbour council froze ferry fares on Tuesday, officials said. Residents welcomed the decision, which follows months of talks.</description></item></channel></rss>`)
	}))
	defer feed.Close()
	dir := t.TempDir()
	cfg, err := config.Load(func(k string) string {
		return map[string]string{
			"BRIEF_ARTICLES_DIR": dir, "BRIEF_DB": filepath.Join(dir, "brief.db"), "BRIEF_HTTP_ADDR": "127.0.0.1:0",
			"BRIEF_FEED_MIN_INTERVAL": "2h", "BRIEF_ALLOW_PRIVATE_NETWORKS": "true",
		}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	a, err := New(context.Background(), cfg, Options{Stdin: strings.NewReader(""), Stdout: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx := context.Background()
	ch := channel.Key{Platform: "console", ID: "console"}
	if _, err := a.st.EnsureChannel(ctx, ch.Platform, ch.ID, "console"); err != nil {
		t.Fatal(err)
	}
	f, _, err := a.feeds.Subscribe(ctx, ch, feed.URL+"/rss.xml")
	if err != nil {
		t.Fatal(err)
	}
	st, err := a.st.FeedState(ctx, f.URL)
	if err != nil {
		t.Fatal(err)
	}
	if st.Interval != 2*time.Hour {
		t.Errorf("poll interval %s, want BRIEF_FEED_MIN_INTERVAL's 2h", st.Interval)
	}
}

package app

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"brief/internal/config"
)

// syncBuffer is an output tests read while the service writes.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
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

// configFor is the configuration of a service with no platform
// credentials, on a database and an articles folder (holding the sample)
// of its own.
func configFor(t *testing.T) *config.Config {
	t.Helper()
	dir := t.TempDir()
	arts := filepath.Join(dir, "articles")
	if err := os.Mkdir(arts, 0o755); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("../../articles/2023-09-11-kim-jong-un-train-to-russia.txt")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(arts, "kim.txt"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"BRIEF_ARTICLES_DIR": arts,
		"BRIEF_DB":           filepath.Join(dir, "data", "brief.db"),
		"BRIEF_HTTP_ADDR":    "127.0.0.1:0",
	}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestRunsWithoutCredentialsAndClosesOnce(t *testing.T) {
	cfg := configFor(t)
	out, logs := &syncBuffer{}, &syncBuffer{}
	in, typed := io.Pipe()
	defer typed.Close()
	a, err := New(context.Background(), cfg, Options{
		Logger: slog.New(slog.NewTextHandler(logs, nil)),
		Stdin:  in, Stdout: out,
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := a.posters.Platforms(); !slices.Equal(got, []string{"console"}) {
		t.Errorf("platforms %v; want the console alone", got)
	}
	if a.lib.Len() != 1 {
		t.Errorf("library has %d articles; want the sample", a.lib.Len())
	}
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- a.Run(ctx) }()
	waitFor(t, func() bool { return strings.Contains(logs.String(), "msg=ready") }, logs)

	// The console answers, the health check answers.
	if _, err := io.WriteString(typed, "/brief ask where could Kim and Putin meet?\n"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return strings.Contains(out.String(), "Vladivostok") }, out)
	resp, err := http.Get("http://" + a.srv.Addr() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("/healthz: %s", resp.Status)
	}

	cancel()
	select {
	case err := <-ran:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
	if err := a.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := a.Close(); err != nil {
		t.Errorf("a second Close: %v", err)
	}
	if _, err := a.st.CountArticles(context.Background()); err == nil {
		t.Error("the store is still open after Close")
	}
	if _, err := http.Get("http://" + a.srv.Addr() + "/healthz"); err == nil {
		t.Error("the HTTP server still answers after Close")
	}
}

func TestCloseWithoutRun(t *testing.T) {
	a, err := New(context.Background(), configFor(t), Options{Stdin: strings.NewReader(""), Stdout: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if err := a.Close(); err != nil {
			t.Errorf("Close #%d: %v", i+1, err)
		}
	}
	if err := a.Run(context.Background()); err == nil {
		t.Error("Run after Close succeeded")
	}
}

func TestRescanPicksUpNewFilesWithoutRestart(t *testing.T) {
	cfg := configFor(t)
	a, err := New(context.Background(), cfg, Options{Stdin: strings.NewReader(""), Stdout: io.Discard, RescanEvery: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.rescan(ctx)
	}()
	waitLen := func(n int) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for a.lib.Len() != n && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if a.lib.Len() != n {
			t.Fatalf("library has %d articles, want %d", a.lib.Len(), n)
		}
	}
	waitLen(1) // the sample, read by New
	text := "Harbour bridge to close\n\nThe harbour bridge will close for repairs on Monday, the council said.\n\nDrivers will be sent through the town centre.\n"
	if err := os.WriteFile(filepath.Join(cfg.ArticlesDir, "bridge.txt"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	waitLen(2)
	// A changed file is a new story version: read again.
	if err := os.WriteFile(filepath.Join(cfg.ArticlesDir, "bridge.txt"), []byte(text+"\nThe works will take three weeks.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitLen(3)
	cancel()
	<-done
}

// waitFor polls cond for up to 15 s, failing with what w holds.
func waitFor(t *testing.T, cond func() bool, w interface{ String() string }) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out; output:\n%s", w)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

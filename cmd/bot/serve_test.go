package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"brief/internal/channel"
	"brief/internal/store"
)

// syncBuffer is an output the test reads while the service writes.
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

// service is `bot run` in a goroutine, with a pipe for stdin.
type service struct {
	t      *testing.T
	in     *io.PipeWriter
	out    *syncBuffer
	errb   *syncBuffer
	cancel context.CancelFunc
	done   chan error
}

func serviceEnv(t *testing.T) map[string]string {
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
	return map[string]string{
		"BRIEF_ARTICLES_DIR": arts,
		"BRIEF_DB":           filepath.Join(dir, "data", "brief.db"),
		"BRIEF_HTTP_ADDR":    "127.0.0.1:0",
	}
}

func startService(t *testing.T, env map[string]string) *service {
	t.Helper()
	return startServiceUntil(t, env, "msg=ready")
}

// startServiceUntil starts bot run and waits until its log holds want.
func startServiceUntil(t *testing.T, env map[string]string, want string) *service {
	t.Helper()
	r, w := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	s := &service{t: t, in: w, out: &syncBuffer{}, errb: &syncBuffer{}, cancel: cancel, done: make(chan error, 1)}
	go func() {
		s.done <- run(ctx, []string{"run"}, func(k string) string { return env[k] }, r, s.out, s.errb)
		r.Close()
	}()
	t.Cleanup(func() { s.stop() })
	s.waitFor(s.errb, want)
	return s
}

func (s *service) send(line string) {
	s.t.Helper()
	if _, err := io.WriteString(s.in, line+"\n"); err != nil {
		s.t.Fatalf("send %q: %v", line, err)
	}
}

// waitFor waits until buf holds want, and returns what it holds.
func (s *service) waitFor(buf *syncBuffer, want string) string {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if text := buf.String(); strings.Contains(text, want) {
			return text
		}
		select {
		case err := <-s.done:
			s.t.Fatalf("bot run ended (%v) before printing %q\nstdout:\n%s\nstderr:\n%s", err, want, s.out.String(), s.errb.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	s.t.Fatalf("no %q after 20s\nstdout:\n%s\nstderr:\n%s", want, s.out.String(), s.errb.String())
	return ""
}

func (s *service) stop() error {
	s.cancel()
	select {
	case err, ok := <-s.done:
		if ok {
			close(s.done)
		}
		return err
	case <-time.After(20 * time.Second):
		s.t.Fatal("bot run did not stop within 20s of the signal")
	}
	return nil
}

func (s *service) httpAddr() string {
	m := regexp.MustCompile(`http=(http://[0-9.:]+)`).FindStringSubmatch(s.errb.String())
	if m == nil {
		s.t.Fatalf("no http address in the log:\n%s", s.errb.String())
	}
	return m[1]
}

func TestRunConsoleDoesTheWholeJob(t *testing.T) {
	env := serviceEnv(t)
	s := startService(t, env)
	s.send("/brief help")
	s.waitFor(s.out, "/brief ask <question>")
	s.send("/brief")
	s.waitFor(s.out, "1 new article.")
	s.send("/brief ask where could Kim and Putin meet?")
	s.waitFor(s.out, "Vladivostok")
	s.send("/brief ask who won the football match last night?")
	s.waitFor(s.out, "I couldn't find that in the articles.")
	s.send("/brief schedule 25:99")
	s.waitFor(s.out, `"25:99" is not a time of day`)
	s.send("/brief schedule 08:00 Mars/Olympus")
	s.waitFor(s.out, `"Mars/Olympus" is not a time zone I know`)
	s.send("/brief schedule 08:00 Europe/Berlin")
	out := s.waitFor(s.out, "Scheduled: a digest in this channel every day at 08:00 Europe/Berlin.")
	if !regexp.MustCompile(`Next: \w{3} \d+ \w{3} \d{4} 08:00 CES?T`).MatchString(out) {
		t.Errorf("the confirmation should give the next post in Berlin time:\n%s", out)
	}

	base := s.httpAddr()
	resp, err := http.Get(base + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("/healthz: %v %v", resp, err)
	}
	resp.Body.Close()
	resp, err = http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, line := range []string{`brief_commands_total{command="ask",outcome="ok"} 2`, `brief_commands_total{command="invalid",outcome="invalid"} 2`, "brief_articles 1", `brief_build_info{goversion="go1.`, "go_goroutines ", "process_open_fds ", "# HELP brief_articles "} {
		if !strings.Contains(string(metrics), line) {
			t.Errorf("/metrics lacks %q:\n%s", line, metrics)
		}
	}

	// The end of stdin does not stop the service; a signal does, cleanly.
	s.in.Close()
	time.Sleep(100 * time.Millisecond)
	select {
	case err := <-s.done:
		t.Fatalf("bot run stopped at the end of stdin: %v", err)
	default:
	}
	if err := s.stop(); err != nil {
		t.Fatalf("bot run after the signal: %v", err)
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("the HTTP server still answers after shutdown")
	}

	// The schedule survives a restart.
	s2 := startService(t, env)
	s2.send("/brief schedule")
	s2.waitFor(s2.out, "This channel gets a digest every day at 08:00 Europe/Berlin.")
}

func TestRunPostsAMissedSlotOnceAfterRestart(t *testing.T) {
	env := serviceEnv(t)
	// A schedule set two hours ago for ten minutes ago: the service was down
	// at the slot, which is under an hour late, so it is posted at start.
	now := time.Now().UTC()
	ctx := context.Background()
	if err := os.MkdirAll(filepath.Dir(env["BRIEF_DB"]), 0o755); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, env["BRIEF_DB"], store.WithClock(func() time.Time { return now.Add(-2 * time.Hour) }))
	if err != nil {
		t.Fatal(err)
	}
	ch, err := st.EnsureChannel(ctx, "console", "console", "console")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetSchedule(ctx, ch, channel.Schedule{At: now.Add(-10 * time.Minute).Format("15:04"), Zone: "UTC", Days: channel.Daily}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	s := startService(t, env)
	out := s.waitFor(s.out, "── scheduled post ──")
	s.waitFor(s.out, "Kim Jong Un")
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(s.out.String(), "── scheduled post ──"); n != 1 {
		t.Errorf("%d posts, want 1:\n%s", n, out)
	}

	s2 := startService(t, env)
	s2.send("/brief")
	s2.waitFor(s2.out, "Nothing new since the last digest")
	time.Sleep(500 * time.Millisecond)
	if strings.Contains(s2.out.String(), "── scheduled post ──") {
		t.Errorf("the slot was posted again after a restart:\n%s", s2.out.String())
	}
}

func TestRunBadDatabase(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, path string)
		says  string
	}{
		{"not a database", func(t *testing.T, path string) {
			os.WriteFile(path, bytes.Repeat([]byte("not sqlite "), 1000), 0o644)
		}, "brief.db"},
		{"a folder", func(t *testing.T, path string) { os.Mkdir(path, 0o755) }, "brief.db"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := serviceEnv(t)
			os.MkdirAll(filepath.Dir(env["BRIEF_DB"]), 0o755)
			tt.setup(t, env["BRIEF_DB"])
			before, _ := os.ReadFile(env["BRIEF_DB"])
			_, stderr, err := runBot(t, env, "run")
			if err == nil || !strings.Contains(err.Error(), tt.says) {
				t.Fatalf("bot run on a bad database: %v\n%s", err, stderr)
			}
			after, _ := os.ReadFile(env["BRIEF_DB"])
			if !bytes.Equal(before, after) {
				t.Error("the bad file was changed")
			}
		})
	}
}

func TestRunBadConfig(t *testing.T) {
	env := serviceEnv(t)
	env["BRIEF_TIMEZONE"] = "Mars/Olympus"
	_, _, err := runBot(t, env, "run")
	if err == nil || !strings.Contains(err.Error(), "BRIEF_TIMEZONE") {
		t.Errorf("unknown zone: %v", err)
	}
	env = serviceEnv(t)
	_, _, err = runBot(t, env, "run", "extra")
	if err == nil || !strings.Contains(err.Error(), "no arguments") {
		t.Errorf("extra argument: %v", err)
	}
}

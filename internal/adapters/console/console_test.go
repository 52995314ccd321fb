package console

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"brief/internal/articlefile"
	"brief/internal/channel"
	"brief/internal/library"
	"brief/internal/post"
	"brief/internal/reply"
	"brief/internal/router"
	"brief/internal/store"
	"brief/internal/textsafe"
)

// syncBuffer is an output the test reads while the console writes.
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

func newConsole(t *testing.T, in io.Reader, out io.Writer) *Console {
	t.Helper()
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
	arts, errs := articlefile.Load(ctx, []string{"../../../articles"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, a := range arts {
		if _, _, err := lib.Add(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	return New(router.New(router.Config{Library: lib, Store: st}), in, out)
}

func TestRunAnswersEachLineAndOutlivesItsInput(t *testing.T) {
	out := &syncBuffer{}
	in := strings.NewReader("/brief help\n\n/brief ask where could Kim and Putin meet?\nhelp\n/quit\n")
	c := newConsole(t, in, out)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()

	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), "Commands start with /brief") && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	select {
	case err := <-done:
		t.Fatalf("Run returned at the end of input: %v", err)
	case <-time.After(50 * time.Millisecond):
	}
	// Scheduled posts still print after the input ended.
	if _, err := c.Post(ctx, Channel, reply.Reply{Kind: reply.Digest, Title: "Your news briefing", Summary: "1 new article."}, 0); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := <-done; err != context.Canceled {
		t.Errorf("Run after cancel: %v", err)
	}
	text := out.String()
	for _, s := range []string{"/brief ask <question>", "Vladivostok", "── scheduled post ──", "Your news briefing"} {
		if !strings.Contains(text, s) {
			t.Errorf("output lacks %q:\n%s", s, text)
		}
	}
	if n := strings.Count(text, "brief: the news that matters"); n != 2 {
		t.Errorf("help printed %d times, want 2 (with and without /brief)", n)
	}
}

func TestPostRefusesOtherChannels(t *testing.T) {
	c := newConsole(t, strings.NewReader(""), io.Discard)
	_, err := c.Post(context.Background(), channel.Key{Platform: "slack", ID: "C1"}, reply.Reply{}, 0)
	if _, ok := post.IsPermanent(err); !ok {
		t.Errorf("post to another channel: %v, want a permanent error", err)
	}
}

func TestRenderDropsTerminalEscapes(t *testing.T) {
	got := Render(reply.Reply{Summary: "red \x1b[31mtext\x1b]0;title\x07 and\ttab\u009b2J"})
	if strings.ContainsAny(got, "\x1b\x07\u009b") || !strings.Contains(got, "red [31mtext]0;title and\ttab2J") {
		t.Errorf("Render = %q", got)
	}
}

func TestRenderDropsHiddenCharacters(t *testing.T) {
	got := Render(reply.Reply{Title: "Invoice \u202Egnp.exe", Summary: "zero\u200B\u200C\u200D\u2060\uFEFFwidth \u2066isolate\u2069"})
	if textsafe.Has(got) || !strings.Contains(got, "Invoice gnp.exe") || !strings.Contains(got, "zerowidth isolate") {
		t.Errorf("Render = %+q", got)
	}
}

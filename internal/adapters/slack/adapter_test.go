package slack

import (
	"context"
	"strings"
	"testing"
	"time"

	"brief/internal/reply"
	"brief/internal/router"
)

func TestNewChecksConfig(t *testing.T) {
	if _, err := New(Config{BotToken: testBot}); err == nil {
		t.Error("New without a handler succeeded")
	}
	if _, err := New(Config{Handler: &fakeHandler{}}); err == nil || !strings.Contains(err.Error(), "SLACK_BOT_TOKEN") {
		t.Errorf("New without a bot token: %v; want an error naming SLACK_BOT_TOKEN", err)
	}
	a, err := New(Config{BotToken: testBot, Handler: &fakeHandler{}, APIURL: "http://127.0.0.1:1/api"})
	if err != nil {
		t.Fatal(err)
	}
	if a.cfg.APIURL != "http://127.0.0.1:1/api/" || a.cfg.AckBudget != 2*time.Second {
		t.Errorf("defaults: %q %s", a.cfg.APIURL, a.cfg.AckBudget)
	}
}

// TestShutdownWaitsForReplies: a command acknowledged with "Working on
// it…" still gets its reply when the service stops; commands after the
// stop are told to try again.
func TestShutdownWaitsForReplies(t *testing.T) {
	f := newHTTPFixture(t, nil)
	f.h.release = make(chan struct{})
	f.h.reply = func(router.Request) reply.Reply { return reply.Reply{Kind: reply.Notice, Summary: "done"} }
	if _, ack, _ := f.command(t, "add https://example.com/a", "sd"); ack.Text != WorkingText {
		t.Fatalf("ack %+v", ack)
	}
	stopped := make(chan error, 1)
	go func() { stopped <- f.a.Shutdown(context.Background()) }()
	select {
	case <-stopped:
		t.Fatal("Shutdown returned with a reply in flight")
	case <-time.After(100 * time.Millisecond):
	}
	close(f.h.release)
	if err := <-stopped; err != nil {
		t.Fatal(err)
	}
	f.st.mu.Lock()
	n := len(f.st.responses)
	f.st.mu.Unlock()
	if n != 1 {
		t.Errorf("%d replies delivered before Shutdown returned; want 1", n)
	}
	if _, ack, _ := f.command(t, "help", "after"); ack.Text != RestartingText {
		t.Errorf("after Shutdown: %+v", ack)
	}
	if err := f.a.Shutdown(context.Background()); err != nil {
		t.Errorf("a second Shutdown: %v", err)
	}
}

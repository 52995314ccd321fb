package slack

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"brief/internal/reply"
	"brief/internal/router"
)

// runSocket starts the adapter's Socket Mode loop and stops it (checking
// that Run returns nil) when the test ends.
func runSocket(t *testing.T, a *Adapter) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run returned %v after its context ended; want nil", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("Run did not return after its context ended")
		}
	})
}

func socketForm(st *standin, text, responseID string) map[string][]string {
	form := slashForm(text)
	form.Set("response_url", st.responseURLFor(responseID))
	return form
}

func ackPayload(t *testing.T, ack map[string]any) webMessage {
	t.Helper()
	var m webMessage
	raw, _ := json.Marshal(ack["payload"])
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("ack payload: %v", err)
	}
	return m
}

func TestSocketModeAcksAndReconnects(t *testing.T) {
	st := newStandin(t)
	h := &fakeHandler{reply: func(req router.Request) reply.Reply {
		return reply.Reply{Kind: reply.Answer, Title: "Q", Summary: "Answer to " + req.Text}
	}}
	a := newTestAdapter(t, st, h, func(c *Config) { c.AppToken = testApp; c.SigningSecret = "" })
	runSocket(t, a)

	conn := st.nextConn()
	conn.hello()
	conn.slashCommand("env-1", socketForm(st, "ask where?", "s1"))
	ack := conn.ack()
	if ack["envelope_id"] != "env-1" {
		t.Fatalf("ack = %v; want envelope env-1", ack)
	}
	if m := ackPayload(t, ack); m.ResponseType != "ephemeral" || !strings.Contains(m.Text, "Answer to ask where?") {
		t.Errorf("ack payload = %+v; want the answer, ephemeral", m)
	}
	reqs := h.requests()
	if len(reqs) != 1 || reqs[0].Platform != "slack" || reqs[0].ChannelID != "C123" || reqs[0].UserID != "U777" || reqs[0].Auth == nil {
		t.Errorf("requests = %+v", reqs)
	}

	// Slack recycles the connection: the adapter opens a new one.
	conn.c.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, "refresh"), time.Now().Add(time.Second))
	conn.c.Close()
	conn2 := st.nextConn()
	conn2.hello()
	conn2.slashCommand("env-2", socketForm(st, "list", "s2"))
	if ack := conn2.ack(); ack["envelope_id"] != "env-2" || !strings.Contains(ackPayload(t, ack).Text, "Answer to list") {
		t.Errorf("after reconnecting, ack = %v", ack)
	}
	// An interaction and an event are acknowledged too, with no payload.
	conn2.send(map[string]any{"type": "events_api", "envelope_id": "env-3", "payload": map[string]any{"type": "event_callback", "event": map[string]any{"type": "app_mention"}}})
	if ack := conn2.ack(); ack["envelope_id"] != "env-3" || ack["payload"] != nil {
		t.Errorf("events_api ack = %v", ack)
	}
	conn2.send(map[string]any{"type": "interactive", "envelope_id": "env-4", "payload": map[string]any{"type": "block_actions", "user": map[string]any{"id": "U777"}, "channel": map[string]any{"id": "C123"}, "response_url": st.responseURLFor("i"), "actions": []any{map[string]any{"type": "button", "action_id": ShareActionID, "block_id": "brief_actions", "value": "share"}}}})
	if ack := conn2.ack(); ack["envelope_id"] != "env-4" || ack["payload"] != nil {
		t.Errorf("interactive ack = %v", ack)
	}
	st.waitFor("the shared digest", func() bool { return len(st.responses) == 1 })
	if got := h.requests(); got[len(got)-1].Text != "share" {
		t.Errorf("the click ran %q, want share", got[len(got)-1].Text)
	}
	st.mu.Lock()
	opens := st.opens
	st.mu.Unlock()
	if opens != 2 {
		t.Errorf("apps.connections.open called %d times; want 2", opens)
	}
}

func TestSocketModeReconnectKeepsAckedCommand(t *testing.T) {
	st := newStandin(t)
	h := &fakeHandler{release: make(chan struct{}), reply: func(req router.Request) reply.Reply {
		return reply.Reply{Kind: reply.Briefing, Title: "Kim heads to Russia", Summary: "Kim travels by train."}
	}}
	a := newTestAdapter(t, st, h, func(c *Config) { c.AppToken = testApp; c.SigningSecret = "" })
	runSocket(t, a)

	conn := st.nextConn()
	conn.hello()
	conn.slashCommand("slow-1", socketForm(st, "kim train", "slow"))
	ack := conn.ack()
	if m := ackPayload(t, ack); ack["envelope_id"] != "slow-1" || m.Text != WorkingText || m.ResponseType != "ephemeral" {
		t.Fatalf("ack = %v; want an ephemeral %q", ack, WorkingText)
	}
	conn.c.Close() // the connection dies while the command runs
	conn2 := st.nextConn()
	conn2.hello()
	close(h.release)
	st.waitFor("the reply at response_url", func() bool { return len(st.responses) == 1 })
	st.mu.Lock()
	got := st.responses[0]
	st.mu.Unlock()
	if !strings.Contains(strings.Join(texts(got.Blocks), "\n"), "Kim heads to Russia") {
		t.Errorf("response = %+v", got)
	}
}

func TestSocketModeQuietConnectionIsReplaced(t *testing.T) {
	st := newStandin(t)
	st.noPings = true
	a := newTestAdapter(t, st, &fakeHandler{}, func(c *Config) {
		c.AppToken = testApp
		c.PingInterval = 200 * time.Millisecond
	})
	runSocket(t, a)
	conn := st.nextConn()
	conn.hello()
	// No pings: within a couple of intervals the adapter gives up on this
	// connection and opens another.
	st.mu.Lock()
	st.noPings = false
	st.mu.Unlock()
	conn2 := st.nextConn()
	conn2.hello()
	conn2.slashCommand("env-q", socketForm(st, "help", "q"))
	if ack := conn2.ack(); ack["envelope_id"] != "env-q" {
		t.Errorf("ack = %v", ack)
	}
	select {
	case <-conn.done:
	case <-time.After(2 * time.Second):
		t.Error("the quiet connection was left open")
	}
}

func TestSocketModeSupervisorRestarts(t *testing.T) {
	st := newStandin(t)
	// The first apps.connections.open is refused for good: the socketmode
	// client gives up and Run starts a new one after a backoff.
	st.openReply = func(n int) string {
		if n == 1 {
			return `{"ok":false,"error":"invalid_auth"}`
		}
		return ""
	}
	a := newTestAdapter(t, st, &fakeHandler{}, func(c *Config) { c.AppToken = testApp })
	runSocket(t, a)
	conn := st.nextConn()
	conn.hello()
	conn.slashCommand("env-s", socketForm(st, "help", "sv"))
	if ack := conn.ack(); ack["envelope_id"] != "env-s" {
		t.Errorf("ack = %v", ack)
	}
}

func TestRunWithoutAppToken(t *testing.T) {
	st := newStandin(t)
	a := newTestAdapter(t, st, &fakeHandler{}, nil)
	done := make(chan error, 1)
	go func() { done <- a.Run(context.Background()) }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v", err)
		}
	case <-time.After(time.Second):
		t.Fatal("Run without an app token did not return at once")
	}
	if st.opens != 0 {
		t.Error("Run without an app token opened a connection")
	}
}

func TestJitter(t *testing.T) {
	for range 100 {
		if d := jitter(time.Second); d < 750*time.Millisecond || d > 1250*time.Millisecond {
			t.Fatalf("jitter(1s) = %s", d)
		}
	}
}

// waitReady polls a.Ready until want says its error is the one wanted.
func waitReady(t *testing.T, a *Adapter, what string, want func(error) bool) error {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		err := a.Ready()
		if want(err) {
			return err
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: Ready() = %v", what, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Socket Mode is ready once Slack says hello on a connection, and not
// while Slack refuses it, before the hello, or after the connection drops.
func TestSocketModeReadiness(t *testing.T) {
	st := newStandin(t)
	st.openReply = func(n int) string {
		if n == 1 {
			return `{"ok":false,"error":"invalid_auth"}`
		}
		return ""
	}
	a := newTestAdapter(t, st, &fakeHandler{}, func(c *Config) { c.AppToken = testApp; c.SigningSecret = "" })
	if err := a.Ready(); err == nil || !strings.Contains(err.Error(), "Socket Mode is not connected: not started") {
		t.Errorf("before Run: %v", err)
	}
	runSocket(t, a)
	conn := st.nextConn()
	// The second open gave a connection; no hello yet.
	if err := a.Ready(); err == nil {
		t.Error("ready before Slack's hello")
	}
	conn.hello()
	waitReady(t, a, "after hello", func(err error) bool { return err == nil })
	conn.c.Close()
	err := waitReady(t, a, "after the connection dropped", func(err error) bool { return err != nil })
	if !strings.Contains(err.Error(), "Socket Mode is not connected") {
		t.Errorf("after the connection dropped: %v", err)
	}
	st.nextConn().hello()
	waitReady(t, a, "after reconnecting", func(err error) bool { return err == nil })
}

// Over HTTP Slack calls the service: there is nothing to connect.
func TestHTTPModeIsReady(t *testing.T) {
	a := newTestAdapter(t, newStandin(t), &fakeHandler{}, nil)
	if err := a.Ready(); err != nil {
		t.Errorf("HTTP mode: Ready() = %v", err)
	}
}

package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// gatewayStandIn plays Discord's gateway: every connection is handed to
// the test as a *gwConn, after Hello; heartbeats are acknowledged.
type gatewayStandIn struct {
	t     *testing.T
	srv   *httptest.Server
	conns chan *gwConn
}

type gwConn struct {
	t      *testing.T
	ws     *websocket.Conn
	frames chan frame // what the client sent, heartbeats excepted
	wmu    sync.Mutex
	seq    int
}

type frame struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
	S  int             `json:"s,omitempty"`
	T  string          `json:"t,omitempty"`
}

func newGateway(t *testing.T) *gatewayStandIn {
	t.Helper()
	g := &gatewayStandIn{t: t, conns: make(chan *gwConn, 8)}
	up := websocket.Upgrader{}
	g.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		c := &gwConn{t: t, ws: ws, frames: make(chan frame, 16)}
		c.send(frame{Op: 10, D: json.RawMessage(`{"heartbeat_interval":1000}`)})
		g.conns <- c
		go c.read()
	}))
	t.Cleanup(g.srv.Close)
	return g
}

func (g *gatewayStandIn) URL() string { return "ws" + strings.TrimPrefix(g.srv.URL, "http") + "/" }

func (g *gatewayStandIn) next() *gwConn {
	g.t.Helper()
	select {
	case c := <-g.conns:
		return c
	case <-time.After(5 * time.Second):
		g.t.Fatal("no gateway connection")
		return nil
	}
}

func (c *gwConn) read() {
	defer close(c.frames)
	for {
		_, msg, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		var f frame
		if json.Unmarshal(msg, &f) != nil {
			continue
		}
		if f.Op == 1 {
			c.send(frame{Op: 11})
			continue
		}
		c.frames <- f
	}
}

func (c *gwConn) send(f frame) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.ws.WriteJSON(f)
}

// dispatch sends an op 0 event with the next sequence number.
func (c *gwConn) dispatch(typ string, d string, seq int) {
	c.send(frame{Op: 0, T: typ, S: seq, D: json.RawMessage(d)})
}

func (c *gwConn) expect(op int) frame {
	c.t.Helper()
	select {
	case f, ok := <-c.frames:
		if !ok {
			c.t.Fatalf("connection closed while waiting for op %d", op)
		}
		if f.Op != op {
			c.t.Fatalf("got op %d (%s), want op %d", f.Op, f.D, op)
		}
		return f
	case <-time.After(5 * time.Second):
		c.t.Fatalf("no op %d", op)
	}
	return frame{}
}

// drop cuts the connection without a close frame, as a network failure does.
func (c *gwConn) drop() { _ = c.ws.NetConn().Close() }

func TestGatewayIdentifyInteractionDropAndResume(t *testing.T) {
	gw := newGateway(t)
	rest := newREST(t)
	rest.gateway = gw.URL()
	h := &recorder{reply: briefingReply()}
	a := newAdapter(t, rest, h, nil)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()

	c1 := gw.next()
	id := c1.expect(2)
	var ident struct {
		Token   string `json:"token"`
		Intents int    `json:"intents"`
	}
	if err := json.Unmarshal(id.D, &ident); err != nil || ident.Token != "Bot test-token" || ident.Intents != 0 {
		t.Errorf("identify %s: want the bot token and no intents", id.D)
	}
	c1.dispatch("READY", fmt.Sprintf(`{"v":9,"session_id":"sess-1","resume_gateway_url":%q,"user":{"id":"bot1","username":"brief"},"guilds":[],"application":{"id":"app1"}}`, gw.URL()), 1)
	c1.dispatch("INTERACTION_CREATE", interaction(todayOpts, 0), 2)

	cb := rest.waitFor(http.MethodPost, "/api/v9/interactions/i1/tok-secret/callback", 1)
	body := string(cb[0].Body)
	if !strings.Contains(body, `"type":4`) || !strings.Contains(body, "Kim Jong Un") || !strings.Contains(body, `"allowed_mentions":{"parse":[]`) {
		t.Errorf("interaction callback: %.300s", body)
	}
	if reqs := h.requests(); len(reqs) != 1 || reqs[0].ChannelID != "c1" || reqs[0].Platform != "discord" {
		t.Errorf("handler requests %+v", reqs)
	}

	// The connection drops: the adapter reconnects and resumes.
	c1.drop()
	c2 := gw.next()
	res := c2.expect(6)
	var resume struct {
		Token     string `json:"token"`
		SessionID string `json:"session_id"`
		Seq       int    `json:"seq"`
	}
	if err := json.Unmarshal(res.D, &resume); err != nil || resume.SessionID != "sess-1" || resume.Seq != 2 || resume.Token != "Bot test-token" {
		t.Errorf("resume %s: want session sess-1 at seq 2", res.D)
	}
	c2.dispatch("RESUMED", `{}`, 3)
	second := strings.Replace(interaction(todayOpts, 0), `"id":"i1"`, `"id":"i2"`, 1)
	c2.dispatch("INTERACTION_CREATE", second, 4)
	rest.waitFor(http.MethodPost, "/api/v9/interactions/i2/tok-secret/callback", 1)

	start := time.Now()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run didn't return after its context ended")
	}
	if took := time.Since(start); took > 4*time.Second {
		t.Errorf("shutdown took %v", took)
	}
}

func TestGatewaySlowCommandDefersThenEdits(t *testing.T) {
	gw := newGateway(t)
	rest := newREST(t)
	rest.gateway = gw.URL()
	h := &recorder{reply: answerReply(), delay: 500 * time.Millisecond}
	a := newAdapter(t, rest, h, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	defer func() { cancel(); <-done }()

	c := gw.next()
	c.expect(2)
	c.dispatch("READY", `{"v":9,"session_id":"s","user":{"id":"bot1"},"guilds":[]}`, 1)
	c.dispatch("INTERACTION_CREATE", interaction(`[{"name":"ask","type":1,"options":[{"name":"question","type":3,"value":"where?"}]}]`, 0), 2)
	cb := rest.waitFor(http.MethodPost, "/callback", 1)
	if !strings.Contains(string(cb[0].Body), `"type":5`) || !strings.Contains(string(cb[0].Body), `"flags":64`) {
		t.Errorf("want an ephemeral deferral: %s", cb[0].Body)
	}
	edit := rest.waitFor(http.MethodPatch, "/messages/@original", 1)
	if !strings.Contains(string(edit[0].Body), "Vladivostok") {
		t.Errorf("edit: %.300s", edit[0].Body)
	}
}

// A gateway that accepts connections but never says Hello must not wedge
// the adapter: Open gives up after Timeout, Run keeps retrying, Post works
// meanwhile, and Run returns promptly when told.
func TestGatewayDownDoesNotBlock(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	up := websocket.Upgrader{}
	var attempts atomic.Int32
	silent := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		attempts.Add(1)
		ws, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer ws.Close()
		_, _, _ = ws.ReadMessage() // never says Hello
	})}
	go func() { _ = silent.Serve(ln) }()
	t.Cleanup(func() { _ = silent.Close() })

	rest := newREST(t)
	rest.gateway = "ws://" + ln.Addr().String() + "/"
	a := newAdapter(t, rest, &recorder{}, func(c *Config) { c.Timeout = 300 * time.Millisecond })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()

	// Two attempts at least: the first timed out and Run tried again.
	deadline := time.Now().Add(5 * time.Second)
	for attempts.Load() < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("Run didn't retry the gateway: %d attempts", attempts.Load())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := a.Post(context.Background(), chanC1, briefingReply(), 0); err != nil {
		t.Errorf("Post while the gateway is down: %v", err)
	}
	start := time.Now()
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run didn't return while the gateway hangs")
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("Run took %v to stop", took)
	}
}

func TestGatewayUnreachableKeepsRetrying(t *testing.T) {
	rest := newREST(t)
	rest.queue("/api/v9/gateway", 503, nil, `{"message":"down"}`)
	a := newAdapter(t, rest, &recorder{}, func(c *Config) { c.Timeout = 300 * time.Millisecond })
	rest.gateway = "ws://127.0.0.1:1/" // nothing listens there
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	if err := a.Run(ctx); err != nil {
		t.Errorf("Run: %v", err)
	}
	if n := len(rest.matching(http.MethodGet, "/api/v9/gateway")); n < 2 {
		t.Errorf("%d gateway lookups in 1.5 s: Run should keep trying", n)
	}
}

func TestRunInHTTPModeWaitsForContext(t *testing.T) {
	a, _, _ := httpAdapter(t, &recorder{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	select {
	case <-done:
		t.Fatal("Run returned before its context ended")
	case <-time.After(50 * time.Millisecond):
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Run didn't return")
	}
}

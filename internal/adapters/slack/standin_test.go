package slack

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slacktest"

	"brief/internal/reply"
	"brief/internal/router"
)

// A standin is a loopback Slack: slacktest's Web API with recorders bound
// for chat.postMessage, chat.postEphemeral, users.info and
// apps.connections.open, a response_url endpoint, and a Socket Mode
// websocket.
type standin struct {
	t   testing.TB
	srv *slacktest.Server

	mu         sync.Mutex
	posts      []webPost    // chat.postMessage, in order
	ephemerals []webPost    // chat.postEphemeral
	responses  []webMessage // bodies posted to response_url, in order
	userCalls  []string     // users.info user ids
	users      map[string]string
	opens      int
	postReply  func(n int) (status int, header http.Header, body string) // n: 1-based call number
	openReply  func(n int) string                                        // apps.connections.open body; nil: the websocket
	changed    chan struct{}                                             // signalled on every recorded call

	conns   chan *wsConn
	noPings bool

	// historyReply, when set, answers conversations.history instead of
	// the channel's posts (an error such as missing_scope).
	historyReply func() string
	history      []string  // conversations.history's channels, one a call
	others       []webPost // messages others posted, for conversations.history
}

// addOther puts a message from someone else into the channel's history.
func (s *standin) addOther(p webPost) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.others = append(s.others, p)
}

// conversationsHistory answers with the channel's messages since oldest,
// newest first, with metadata (the adapter must ask for it), one page.
func (s *standin) conversationsHistory(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	ch := r.Form.Get("channel")
	s.mu.Lock()
	s.history = append(s.history, ch)
	reply := s.historyReply
	all := append(append([]webPost(nil), s.others...), s.posts...)
	s.mu.Unlock()
	s.signal()
	w.Header().Set("Content-Type", "application/json")
	if reply != nil {
		io.WriteString(w, reply())
		return
	}
	if v := r.Form.Get("include_all_metadata"); v != "true" && v != "1" {
		s.t.Errorf("conversations.history without include_all_metadata: %v", r.Form)
	}
	oldest, _ := strconv.ParseFloat(r.Form.Get("oldest"), 64)
	msgs := []map[string]any{}
	for i := len(all) - 1; i >= 0; i-- {
		p := all[i]
		ts, _ := strconv.ParseFloat(p.TS, 64)
		if p.Channel != ch || ts < oldest {
			continue
		}
		m := map[string]any{"type": "message", "ts": p.TS, "text": p.Text, "bot_id": p.BotID}
		if p.Metadata != nil {
			m["metadata"] = p.Metadata
		}
		msgs = append(msgs, m)
	}
	json.NewEncoder(w).Encode(map[string]any{"ok": true, "messages": msgs, "has_more": false})
}

func (s *standin) authTest(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	io.WriteString(w, `{"ok":true,"url":"https://brief.slack.com/","team":"T","user":"brief","team_id":"T1","user_id":"U0BRIEF","bot_id":"`+standinBotID+`"}`)
}

type webPost struct {
	Channel, User, Text string
	Blocks              []map[string]any
	Metadata            *slack.SlackMetadata // chat.postMessage's metadata, if any
	TS                  string               // the ts Slack gave it
	BotID               string               // who posted it, in conversations.history
}

// standinBotID is the bot's id, as auth.test answers it.
const standinBotID = "B0BRIEF"

type webMessage struct {
	ResponseType string           `json:"response_type"`
	Text         string           `json:"text"`
	Blocks       []map[string]any `json:"blocks"`
}

func newStandin(t testing.TB) *standin {
	t.Helper()
	s := &standin{t: t, users: map[string]string{}, changed: make(chan struct{}, 1000), conns: make(chan *wsConn, 10)}
	s.srv = slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/chat.postMessage", s.chatPost(&s.posts, true))
		c.Handle("/chat.postEphemeral", s.chatPost(&s.ephemerals, false))
		c.Handle("/users.info", s.usersInfo)
		c.Handle("/apps.connections.open", s.appsOpen)
		c.Handle("/response/", s.responseURL)
		c.Handle("/socket", s.socket)
		c.Handle("/conversations.history", s.conversationsHistory)
		c.Handle("/auth.test", s.authTest)
	})
	s.srv.Start()
	t.Cleanup(s.srv.Stop)
	return s
}

func (s *standin) apiURL() string                  { return s.srv.GetAPIURL() }
func (s *standin) responseURLFor(id string) string { return s.srv.GetAPIURL() + "response/" + id }

func (s *standin) signal() {
	select {
	case s.changed <- struct{}{}:
	default:
	}
}

// waitFor polls cond until it holds or 5 s pass.
func (s *standin) waitFor(what string, cond func() bool) {
	s.t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		s.mu.Lock()
		ok := cond()
		s.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-s.changed:
		case <-time.After(20 * time.Millisecond):
		case <-deadline:
			s.t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func (s *standin) chatPost(into *[]webPost, counted bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		p := webPost{Channel: r.PostForm.Get("channel"), User: r.PostForm.Get("user"), Text: r.PostForm.Get("text")}
		if b := r.PostForm.Get("blocks"); b != "" {
			if err := json.Unmarshal([]byte(b), &p.Blocks); err != nil {
				s.t.Errorf("blocks are not JSON: %v", err)
			}
		}
		if md := r.PostForm.Get("metadata"); md != "" {
			p.Metadata = &slack.SlackMetadata{}
			if err := json.Unmarshal([]byte(md), p.Metadata); err != nil {
				s.t.Errorf("metadata is not JSON: %v", err)
			}
		}
		s.mu.Lock()
		n := len(*into) + 1
		var status int
		var header http.Header
		var body string
		if counted && s.postReply != nil {
			status, header, body = s.postReply(n)
		}
		if status == 0 || status == 200 && body == "" {
			p.TS, p.BotID = fmt.Sprintf("%d.%06d", time.Now().Unix(), n), standinBotID
			*into = append(*into, p)
			status, body = 200, `{"ok":true,"channel":"`+p.Channel+`","ts":"`+p.TS+`"}`
		}
		s.mu.Unlock()
		s.signal()
		for k, vs := range header {
			for _, v := range vs {
				w.Header().Add(k, v)
			}
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

// setUser makes users.info answer for id with these flags ("admin",
// "owner", "primary_owner" or "" for a member).
func (s *standin) setUser(id, role string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[id] = role
}

func (s *standin) usersInfo(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	id := r.Form.Get("user")
	s.mu.Lock()
	s.userCalls = append(s.userCalls, id)
	role, ok := s.users[id]
	s.mu.Unlock()
	s.signal()
	w.Header().Set("Content-Type", "application/json")
	if !ok {
		io.WriteString(w, `{"ok":false,"error":"user_not_found"}`)
		return
	}
	u := map[string]any{"id": id, "name": "someone", "is_admin": role == "admin", "is_owner": role == "owner", "is_primary_owner": role == "primary_owner"}
	json.NewEncoder(w).Encode(map[string]any{"ok": true, "user": u})
}

func (s *standin) responseURL(w http.ResponseWriter, r *http.Request) {
	var m webMessage
	if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
		s.t.Errorf("response_url body: %v", err)
	}
	s.mu.Lock()
	s.responses = append(s.responses, m)
	s.mu.Unlock()
	s.signal()
	io.WriteString(w, "ok")
}

func (s *standin) appsOpen(w http.ResponseWriter, r *http.Request) {
	if got := r.Header.Get("Authorization"); got != "Bearer xapp-test" {
		s.t.Errorf("apps.connections.open with %q, want the app token", got)
	}
	s.mu.Lock()
	s.opens++
	n := s.opens
	reply := s.openReply
	s.mu.Unlock()
	s.signal()
	w.Header().Set("Content-Type", "application/json")
	if reply != nil {
		if body := reply(n); body != "" {
			io.WriteString(w, body)
			return
		}
	}
	json.NewEncoder(w).Encode(map[string]any{"ok": true, "url": "ws://" + r.Host + "/socket"})
}

// A wsConn is one Socket Mode connection, from the stand-in's side.
type wsConn struct {
	t    testing.TB
	c    *websocket.Conn
	acks chan map[string]any
	done chan struct{}
}

// The socketmode client dials with Slack's own origin.
var upgrader = websocket.Upgrader{CheckOrigin: func(r *http.Request) bool { return r.Header.Get("Origin") == "https://api.slack.com" }}

func (s *standin) socket(w http.ResponseWriter, r *http.Request) {
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		s.t.Errorf("upgrade: %v", err)
		return
	}
	wc := &wsConn{t: s.t, c: c, acks: make(chan map[string]any, 100), done: make(chan struct{})}
	go func() { // read acks (and pongs) until the connection ends
		defer close(wc.done)
		for {
			_, data, err := c.ReadMessage()
			if err != nil {
				return
			}
			var ack map[string]any
			if err := json.Unmarshal(data, &ack); err != nil {
				s.t.Errorf("ack is not JSON: %q", data)
				continue
			}
			wc.acks <- ack
		}
	}()
	s.mu.Lock()
	pings := !s.noPings
	s.mu.Unlock()
	if pings {
		go func() {
			tick := time.NewTicker(50 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-wc.done:
					return
				case <-tick.C:
					if c.WriteControl(websocket.PingMessage, []byte("p"), time.Now().Add(time.Second)) != nil {
						return
					}
				}
			}
		}()
	}
	s.conns <- wc
}

func (s *standin) nextConn() *wsConn {
	s.t.Helper()
	select {
	case c := <-s.conns:
		s.t.Cleanup(func() { c.c.Close() })
		return c
	case <-time.After(5 * time.Second):
		s.t.Fatal("the adapter did not connect to the Socket Mode stand-in")
		return nil
	}
}

func (c *wsConn) send(v any) {
	c.t.Helper()
	if err := c.c.WriteJSON(v); err != nil {
		c.t.Fatalf("send to the adapter: %v", err)
	}
}

func (c *wsConn) hello() {
	c.send(map[string]any{"type": "hello", "num_connections": 1, "connection_info": map[string]any{"app_id": "A1"}})
}

func (c *wsConn) slashCommand(envelope string, form url.Values) {
	payload := map[string]string{}
	for k := range form {
		payload[k] = form.Get(k)
	}
	c.send(map[string]any{"type": "slash_commands", "envelope_id": envelope, "payload": payload, "accepts_response_payload": true})
}

func (c *wsConn) ack() map[string]any {
	c.t.Helper()
	select {
	case a := <-c.acks:
		return a
	case <-time.After(5 * time.Second):
		c.t.Fatal("no ack from the adapter")
		return nil
	}
}

// A fakeHandler is the router's stand-in: it records requests and
// answers with reply(req), after waiting for release when it is set.
type fakeHandler struct {
	mu      sync.Mutex
	reqs    []router.Request
	reply   func(router.Request) reply.Reply
	release chan struct{}
}

func (h *fakeHandler) Handle(ctx context.Context, req router.Request) reply.Reply {
	h.mu.Lock()
	h.reqs = append(h.reqs, req)
	rel, rep := h.release, h.reply
	h.mu.Unlock()
	if rel != nil {
		select {
		case <-rel:
		case <-ctx.Done():
		}
	}
	if rep == nil {
		return reply.Reply{Kind: reply.Notice, Summary: "You said: " + req.Text}
	}
	return rep(req)
}

func (h *fakeHandler) requests() []router.Request {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]router.Request(nil), h.reqs...)
}

const (
	testSecret = "8f742231b10e8888abcd99yyyzzz85a5"
	testBot    = "xoxb-test"
	testApp    = "xapp-test"
)

var testNow = time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)

func newTestAdapter(t testing.TB, st *standin, h router.Handler, edit func(*Config)) *Adapter {
	t.Helper()
	cfg := Config{
		BotToken:      testBot,
		SigningSecret: testSecret,
		APIURL:        st.apiURL(),
		Admins:        []string{"UADMIN"},
		Handler:       h,
		Now:           func() time.Time { return testNow },
		HTTPClient:    &http.Client{Timeout: 5 * time.Second},
		AckBudget:     300 * time.Millisecond,
		PingInterval:  2 * time.Second,
		ReconnectMin:  20 * time.Millisecond,
		ReconnectMax:  100 * time.Millisecond,
	}
	if edit != nil {
		edit(&cfg)
	}
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		a.Shutdown(ctx)
	})
	return a
}

// sign signs body as Slack does.
func sign(secret string, ts int64, body string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%d:%s", ts, body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

func slashForm(text string) url.Values {
	return url.Values{
		"token":        {"deprecated"},
		"team_id":      {"T1"},
		"team_domain":  {"example"},
		"channel_id":   {"C123"},
		"channel_name": {"news"},
		"user_id":      {"U777"},
		"user_name":    {"ana"},
		"command":      {"/brief"},
		"text":         {text},
		"response_url": {"PLACEHOLDER"},
		"trigger_id":   {"1.2.3"},
		"api_app_id":   {"A1"},
	}
}

// httpFixture serves the adapter's routes on loopback, behind the same
// body cap as the service's server.
type httpFixture struct {
	st  *standin
	h   *fakeHandler
	a   *Adapter
	srv *httptest.Server
}

func newHTTPFixture(t testing.TB, edit func(*Config)) *httpFixture {
	t.Helper()
	st := newStandin(t)
	h := &fakeHandler{}
	a := newTestAdapter(t, st, h, edit)
	mux := http.NewServeMux()
	a.Routes(mux)
	srv := httptest.NewServer(http.MaxBytesHandler(mux, 1<<20))
	t.Cleanup(srv.Close)
	return &httpFixture{st: st, h: h, a: a, srv: srv}
}

func (f *httpFixture) request(t testing.TB, path, contentType, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, f.srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return req
}

func (f *httpFixture) do(t testing.TB, req *http.Request) (int, string) {
	t.Helper()
	resp, err := f.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// post sends body to path, signed with the given secret and timestamp
// (no signature when secret is empty).
func (f *httpFixture) post(t testing.TB, path, contentType, body, secret string, ts int64) (int, string) {
	t.Helper()
	req := f.request(t, path, contentType, body)
	if secret != "" {
		req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
		req.Header.Set("X-Slack-Signature", sign(secret, ts, body))
	}
	return f.do(t, req)
}

const formType = "application/x-www-form-urlencoded"

// command sends a signed slash command and returns the status and the
// decoded acknowledgement (zero when the body is empty).
func (f *httpFixture) command(t *testing.T, text, responseID string) (int, webMessage, string) {
	t.Helper()
	form := slashForm(text)
	form.Set("response_url", f.st.responseURLFor(responseID))
	code, body := f.post(t, "/slack/commands", formType, form.Encode(), testSecret, testNow.Unix())
	var m webMessage
	if strings.TrimSpace(body) != "" && code == 200 {
		if err := json.Unmarshal([]byte(body), &m); err != nil {
			t.Fatalf("ack is not JSON: %v: %q", err, body)
		}
	}
	return code, m, body
}

// texts gathers every text in a message's blocks (in no set order).
func texts(blocks []map[string]any) []string {
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if t, ok := x["text"].(string); ok {
				out = append(out, t)
			}
			for k, c := range x {
				if k != "text" || !isString(c) {
					walk(c)
				}
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
		}
	}
	for _, b := range blocks {
		walk(b)
	}
	return out
}

func isString(v any) bool { _, ok := v.(string); return ok }

var _ = slack.New // the package under test shares the name

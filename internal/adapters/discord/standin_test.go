package discord

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"brief/internal/reply"
	"brief/internal/router"
)

// restStandIn plays Discord's REST API on loopback: it records every
// request and answers the routes the adapter uses, or, first, whatever
// was queued for a path.
type restStandIn struct {
	t   testing.TB
	srv *httptest.Server

	mu       sync.Mutex
	reqs     []recorded
	queued   []queuedResponse
	commands json.RawMessage // what GET .../commands answers
	gateway  string          // what GET /api/v9/gateway answers
	hang     chan struct{}   // when set, requests block until it closes

	// The channels' messages, oldest first, as GET .../messages lists
	// them. A create with enforce_nonce and a nonce the channel has
	// already seen answers with that message and adds none, as Discord
	// does within its deduplication window.
	msgs  map[string][]standInMessage
	clock func() time.Time // message ids are snowflakes of it; default time.Now
	seq   uint64
}

// standInBotID is the bot's user id, as GET /users/@me answers.
const standInBotID = "900"

type standInMessage struct {
	ID     string           `json:"id"`
	Nonce  string           `json:"nonce,omitempty"`
	Author map[string]any   `json:"author"`
	Embeds []map[string]any `json:"embeds"`
}

// addMessage puts a message into the channel as if author had posted it.
func (s *restStandIn) addMessage(ch, author string, m standInMessage) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m.ID = s.nextID()
	m.Author = map[string]any{"id": author, "bot": author == standInBotID}
	if s.msgs == nil {
		s.msgs = map[string][]standInMessage{}
	}
	s.msgs[ch] = append(s.msgs[ch], m)
}

// channel returns the channel's messages, oldest first.
func (s *restStandIn) channel(ch string) []standInMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]standInMessage(nil), s.msgs[ch]...)
}

// nextID is a snowflake of the clock, always increasing; s.mu is held.
func (s *restStandIn) nextID() string {
	now := time.Now
	if s.clock != nil {
		now = s.clock
	}
	s.seq++
	return strconv.FormatUint(snowflakeAt(now())+s.seq, 10)
}

func (s *restStandIn) createMessage(w http.ResponseWriter, body []byte, ch string) {
	var in struct {
		Nonce        string           `json:"nonce"`
		EnforceNonce bool             `json:"enforce_nonce"`
		Embeds       []map[string]any `json:"embeds"`
	}
	_ = json.Unmarshal(body, &in)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.msgs == nil {
		s.msgs = map[string][]standInMessage{}
	}
	if in.EnforceNonce && in.Nonce != "" {
		for _, m := range s.msgs[ch] {
			if m.Nonce == in.Nonce {
				_ = json.NewEncoder(w).Encode(m)
				return
			}
		}
	}
	m := standInMessage{ID: s.nextID(), Nonce: in.Nonce, Author: map[string]any{"id": standInBotID, "bot": true}, Embeds: in.Embeds}
	s.msgs[ch] = append(s.msgs[ch], m)
	_ = json.NewEncoder(w).Encode(m)
}

// listMessages answers GET .../messages: with after, the oldest limit
// messages after that id; without, the latest limit; newest first.
func (s *restStandIn) listMessages(w http.ResponseWriter, r *http.Request, ch string) {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	if limit <= 0 || limit > 100 {
		limit = 50
	}
	s.mu.Lock()
	all := append([]standInMessage(nil), s.msgs[ch]...)
	s.mu.Unlock()
	var out []standInMessage
	if a := r.URL.Query().Get("after"); a != "" {
		after, _ := strconv.ParseUint(a, 10, 64)
		for _, m := range all {
			if id, _ := strconv.ParseUint(m.ID, 10, 64); id > after && len(out) < limit {
				out = append(out, m)
			}
		}
	} else {
		out = all[max(0, len(all)-limit):]
	}
	slices.Reverse(out)
	if out == nil {
		out = []standInMessage{}
	}
	_ = json.NewEncoder(w).Encode(out)
}

type recorded struct {
	Method, Path, Query string
	Header              http.Header
	Body                []byte
}

type queuedResponse struct {
	pathContains string
	status       int
	header       http.Header
	body         string
}

func newREST(t testing.TB) *restStandIn {
	t.Helper()
	s := &restStandIn{t: t, commands: json.RawMessage("[]")}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *restStandIn) URL() string { return s.srv.URL }

// queue makes the next request whose path contains p get this answer.
func (s *restStandIn) queue(p string, status int, header http.Header, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queued = append(s.queued, queuedResponse{p, status, header, body})
}

func (s *restStandIn) requests() []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recorded(nil), s.reqs...)
}

// matching are the recorded requests with this method whose path contains p.
func (s *restStandIn) matching(method, p string) []recorded {
	var out []recorded
	for _, r := range s.requests() {
		if r.Method == method && strings.Contains(r.Path, p) {
			out = append(out, r)
		}
	}
	return out
}

// waitFor waits until n requests match, and returns them.
func (s *restStandIn) waitFor(method, p string, n int) []recorded {
	s.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		got := s.matching(method, p)
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("waited for %d %s %s requests, got %d; all: %v", n, method, p, len(got), s.paths())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (s *restStandIn) paths() []string {
	var out []string
	for _, r := range s.requests() {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

func (s *restStandIn) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.reqs = append(s.reqs, recorded{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: body})
	hang := s.hang
	var q *queuedResponse
	for i, qr := range s.queued {
		if strings.Contains(r.URL.Path, qr.pathContains) {
			q = &qr
			s.queued = append(s.queued[:i:i], s.queued[i+1:]...)
			break
		}
	}
	s.mu.Unlock()
	if hang != nil {
		select {
		case <-hang:
		case <-r.Context().Done():
		}
		return
	}
	if q != nil {
		for k, vs := range q.header {
			for _, v := range vs {
				w.Header().Add(k, v)
			}
		}
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(q.status)
		_, _ = io.WriteString(w, q.body)
		return
	}
	p := r.URL.Path
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.Method == http.MethodGet && p == "/api/v9/gateway":
		s.mu.Lock()
		g := s.gateway
		s.mu.Unlock()
		_ = json.NewEncoder(w).Encode(map[string]string{"url": g})
	case strings.HasSuffix(p, "/commands") && r.Method == http.MethodGet:
		s.mu.Lock()
		c := s.commands
		s.mu.Unlock()
		_, _ = w.Write(c)
	case strings.HasSuffix(p, "/commands") && r.Method == http.MethodPut:
		// Discord answers with the commands as it stores them: ids added,
		// options that are false or empty left out.
		var cmds []map[string]any
		if err := json.Unmarshal(body, &cmds); err != nil {
			http.Error(w, `{"message":"bad json","code":50109}`, http.StatusBadRequest)
			return
		}
		for i, c := range cmds {
			c["id"] = fmt.Sprint(1000 + i)
			c["application_id"] = "app1"
			c["version"] = "1"
			c["default_member_permissions"] = nil
			c["nsfw"] = false
			c["integration_types"] = []int{0}
			pruneFalse(c)
		}
		out, _ := json.Marshal(cmds)
		s.mu.Lock()
		s.commands = out
		s.mu.Unlock()
		_, _ = w.Write(out)
	case r.Method == http.MethodGet && p == "/api/v9/users/@me/guilds":
		_, _ = io.WriteString(w, `[]`) // in no server
	case r.Method == http.MethodGet && p == "/api/v9/users/@me":
		fmt.Fprintf(w, `{"id":%q,"username":"brief","bot":true}`, standInBotID)
	case r.Method == http.MethodGet && strings.HasPrefix(p, "/api/v9/channels/") && strings.HasSuffix(p, "/messages"):
		s.listMessages(w, r, strings.Split(p, "/")[4])
	case strings.HasPrefix(p, "/api/v9/channels/") && strings.HasSuffix(p, "/messages"):
		s.createMessage(w, body, strings.Split(p, "/")[4])
	case strings.HasPrefix(p, "/api/v9/interactions/") && strings.HasSuffix(p, "/callback"):
		w.WriteHeader(http.StatusNoContent)
	case strings.HasPrefix(p, "/api/v9/webhooks/"):
		fmt.Fprintf(w, `{"id":"w%d"}`, len(s.requests()))
	default:
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, `{"message":"404: Not Found","code":0}`)
	}
}

// pruneFalse drops false, null and empty-list values, as Discord's
// answers leave out defaults.
func pruneFalse(m map[string]any) {
	for k, v := range m {
		switch v := v.(type) {
		case bool:
			if !v {
				delete(m, k)
			}
		case nil:
			if k != "default_member_permissions" {
				delete(m, k)
			}
		case []any:
			if len(v) == 0 {
				delete(m, k)
			}
			for _, e := range v {
				if em, ok := e.(map[string]any); ok {
					pruneFalse(em)
				}
			}
		}
	}
}

// handlerFunc adapts a function to Handler.
type handlerFunc func(ctx context.Context, req router.Request) reply.Reply

func (f handlerFunc) Handle(ctx context.Context, req router.Request) reply.Reply { return f(ctx, req) }

// recorder is a router.Handler that records requests and answers with a reply,
// after a delay.
type recorder struct {
	mu    sync.Mutex
	reqs  []router.Request
	delay time.Duration
	reply reply.Reply
}

func (h *recorder) Handle(ctx context.Context, req router.Request) reply.Reply {
	h.mu.Lock()
	h.reqs = append(h.reqs, req)
	d, r := h.delay, h.reply
	h.mu.Unlock()
	if d > 0 {
		select {
		case <-time.After(d):
		case <-ctx.Done():
		}
	}
	return r
}

func (h *recorder) requests() []router.Request {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]router.Request(nil), h.reqs...)
}

func newAdapter(t testing.TB, rest *restStandIn, h router.Handler, mod func(*Config)) *Adapter {
	t.Helper()
	cfg := Config{
		BotToken:  "test-token",
		AppID:     "app1",
		APIURL:    rest.URL(),
		Handler:   h,
		Timeout:   2 * time.Second,
		AckBudget: 300 * time.Millisecond,
	}
	if mod != nil {
		mod(&cfg)
	}
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.drain(2 * time.Second) })
	return a
}

type signer struct {
	pub  ed25519.PublicKey
	priv ed25519.PrivateKey
}

func newSigner(t testing.TB) signer {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return signer{pub, priv}
}

// request is a POST /discord/interactions signed as Discord signs it.
func (s signer) request(body string, at time.Time) *http.Request {
	ts := strconv.FormatInt(at.Unix(), 10)
	sig := ed25519.Sign(s.priv, []byte(ts+body))
	r := httptest.NewRequest(http.MethodPost, InteractionsPath, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-Signature-Ed25519", hex.EncodeToString(sig))
	r.Header.Set("X-Signature-Timestamp", ts)
	return r
}

// interaction is an application command interaction's JSON: /brief with
// the given options (JSON of data.options), from a member with perms.
func interaction(options string, perms int64) string {
	return fmt.Sprintf(`{"id":"i1","application_id":"app1","type":2,"token":"tok-secret","version":1,`+
		`"guild_id":"g1","channel_id":"c1","member":{"user":{"id":"u1","username":"ann"},"permissions":"%d"},`+
		`"data":{"id":"cmd1","name":"brief","type":1,"options":%s}}`, perms, options)
}

const todayOpts = `[{"name":"today","type":1}]`

// everFresh is a replay ledger that has seen nothing, ever: for tests
// that send one interaction id many times on purpose.
type everFresh struct{}

func (everFresh) RecordRequest(context.Context, string, time.Time, time.Time) (bool, error) {
	return true, nil
}

// withID gives an interaction's JSON another id: Discord never sends two
// interactions with one id, and the adapter refuses the second as a
// replay.
func withID(body, id string) string {
	i := strings.Index(body, `"id":"`)
	if i < 0 {
		return body
	}
	j := strings.IndexByte(body[i+6:], '"')
	if j < 0 {
		return body
	}
	return body[:i+6] + id + body[i+6+j:]
}

// Package standin plays Slack's Web API and Discord's REST API and
// gateway on loopback, for tests that run the bot as several replicas: one
// listener per replica, so a request names the replica that sent it, and
// one shared record of what each channel received.
package standin

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// A Message is what a stand-in received for a channel.
type Message struct {
	Replica int
	At      time.Time
	Body    string
	Nonce   string
	ID      string
}

// Platform plays Slack's Web API and Discord's REST API and
// gateway for several replicas, one listener each (so a request names the
// replica that sent it), with one shared record of the channels'
// messages. Discord deduplicates a message created with enforce_nonce and
// a nonce already used in the channel, as Discord does within its window.
type Platform struct {
	t     *testing.T
	srvs  []*httptest.Server
	mu    sync.Mutex
	msgs  map[string][]Message // by channel id: the bot's
	said  map[string][]string  // by channel id: people's messages, before the bot's
	gw    map[int]int          // open, identified gateway connections by replica
	delay time.Duration        // before answering a post
	// storeFirst: a delayed post is stored when it arrives (the platform
	// got it, the poster died before hearing so); otherwise only if the
	// poster is still there when the delay ends.
	storeFirst bool
	Posting    chan int // replicas whose post arrived, while delay > 0
	next       int
}

const (
	BotID = "1500000000000000001"
	AppID = "1100000000000000001"
)

func New(t *testing.T, replicas int) *Platform {
	t.Helper()
	p := &Platform{t: t, msgs: map[string][]Message{}, said: map[string][]string{}, gw: map[int]int{}, Posting: make(chan int, 16)}
	for i := range replicas {
		srv := httptest.NewServer(p.handler(i))
		t.Cleanup(srv.Close)
		p.srvs = append(p.srvs, srv)
	}
	return p
}

func (p *Platform) URL(i int) string { return p.srvs[i].URL }

func (p *Platform) SetDelay(d time.Duration, storeFirst bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.delay, p.storeFirst = d, storeFirst
}

// say records a message a person wrote in the channel: a channel's
// history is rarely empty, and the bot must tell its own messages apart.
func (p *Platform) Say(ch, text string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.said[ch] = append(p.said[ch], text)
}

func (p *Platform) people(ch string) []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.said[ch]...)
}

func (p *Platform) Messages(ch string) []Message {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Message(nil), p.msgs[ch]...)
}

func (p *Platform) Gateways() map[int]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := map[int]int{}
	for k, v := range p.gw {
		if v > 0 {
			out[k] = v
		}
	}
	return out
}

func (p *Platform) handler(replica int) http.Handler {
	mux := http.NewServeMux()
	up := websocket.Upgrader{}
	gw := func(w http.ResponseWriter, r *http.Request) {
		ws, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		p.gateway(replica, ws)
	}
	mux.HandleFunc("/gw", gw)
	mux.HandleFunc("/gw/", gw)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		path := r.URL.Path
		switch {
		// Slack
		case strings.HasSuffix(path, "/auth.test"):
			io.WriteString(w, `{"ok":true,"user_id":"UBOT","bot_id":"BBOT","team_id":"T1","user":"brief"}`)
		case strings.HasSuffix(path, "/chat.postMessage"):
			form, _ := url.ParseQuery(string(body))
			ch := form.Get("channel")
			m, ok := p.post(r, replica, ch, string(body), "")
			if !ok {
				return
			}
			fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":%q}`, ch, m.ID)
		case strings.HasSuffix(path, "/conversations.history"):
			form, _ := url.ParseQuery(string(body))
			if len(form) == 0 {
				form = r.URL.Query()
			}
			p.slackHistory(w, form)
		case strings.HasSuffix(path, "/users.info"):
			io.WriteString(w, `{"ok":true,"user":{"id":"U1","is_admin":false}}`)
		case strings.Contains(path, "/api/") && !strings.Contains(path, "/v"):
			io.WriteString(w, `{"ok":true}`)

		// Discord
		case strings.HasSuffix(path, "/gateway/bot"):
			fmt.Fprintf(w, `{"url":"ws://%s/gw/","shards":1,"session_start_limit":{"total":1000,"remaining":1000,"reset_after":0,"max_concurrency":1}}`, r.Host)
		case strings.HasSuffix(path, "/gateway"):
			fmt.Fprintf(w, `{"url":"ws://%s/gw/"}`, r.Host)
		case strings.HasSuffix(path, "/users/@me"):
			fmt.Fprintf(w, `{"id":%q,"username":"brief","bot":true}`, BotID)
		case strings.HasSuffix(path, "/commands") && r.Method == http.MethodGet:
			io.WriteString(w, `[]`)
		case strings.HasSuffix(path, "/commands") && r.Method == http.MethodPut:
			w.Write(body)
		case strings.HasSuffix(path, "/guilds") || strings.HasSuffix(path, "/users/@me/guilds"):
			io.WriteString(w, `[{"id":"1600000000000000001","name":"news"}]`)
		case strings.Contains(path, "/channels/") && strings.HasSuffix(path, "/messages"):
			ch := strings.Split(strings.TrimPrefix(path[strings.Index(path, "/channels/"):], "/channels/"), "/")[0]
			if r.Method == http.MethodGet {
				p.discordHistory(w, ch)
				return
			}
			var sent struct {
				Nonce        string `json:"nonce"`
				EnforceNonce bool   `json:"enforce_nonce"`
			}
			json.Unmarshal(body, &sent)
			m, ok := p.post(r, replica, ch, string(body), sent.Nonce)
			if !ok {
				return
			}
			fmt.Fprintf(w, `{"id":%q,"channel_id":%q,"nonce":%q,"author":{"id":%q,"bot":true}}`, m.ID, ch, m.Nonce, BotID)
		default:
			io.WriteString(w, `{}`)
		}
	})
	return mux
}

// post records a message, or finds the one its Discord nonce already
// made, after the configured delay. It reports false when the poster left
// before the answer.
func (p *Platform) post(r *http.Request, replica int, ch, body, nonce string) (Message, bool) {
	p.mu.Lock()
	delay, storeFirst := p.delay, p.storeFirst
	p.mu.Unlock()
	enforce := strings.Contains(body, `"enforce_nonce":true`)
	store := func() Message {
		p.mu.Lock()
		defer p.mu.Unlock()
		if nonce != "" && enforce {
			for _, m := range p.msgs[ch] {
				if m.Nonce == nonce {
					return m
				}
			}
		}
		p.next++
		m := Message{Replica: replica, At: time.Now(), Body: body, Nonce: nonce, ID: fmt.Sprintf("17%017d.%06d", p.next, p.next)}
		p.msgs[ch] = append(p.msgs[ch], m)
		return m
	}
	if delay <= 0 {
		return store(), true
	}
	var m Message
	if storeFirst {
		m = store()
	}
	select {
	case p.Posting <- replica:
	default:
	}
	select {
	case <-time.After(delay):
	case <-r.Context().Done():
		return m, false
	}
	if !storeFirst {
		m = store()
	}
	return m, true
}

// discordHistory is GET /channels/{id}/messages: newest first, as the
// bot's own messages (no nonce: Discord returns it only when creating).
func (p *Platform) discordHistory(w http.ResponseWriter, ch string) {
	msgs := p.Messages(ch)
	out := []map[string]any{}
	for i := len(msgs) - 1; i >= 0; i-- {
		var sent map[string]any
		json.Unmarshal([]byte(msgs[i].Body), &sent)
		delete(sent, "nonce")
		delete(sent, "enforce_nonce")
		delete(sent, "allowed_mentions")
		sent["id"] = msgs[i].ID
		sent["channel_id"] = ch
		sent["author"] = map[string]any{"id": BotID, "username": "brief", "bot": true}
		sent["timestamp"] = msgs[i].At.UTC().Format(time.RFC3339Nano)
		out = append(out, sent)
	}
	said := p.people(ch)
	for i := len(said) - 1; i >= 0; i-- {
		out = append(out, map[string]any{"id": fmt.Sprintf("1300000000000%06d", i), "channel_id": ch, "content": said[i],
			"author": map[string]any{"id": "1400000000000000001", "username": "ann"}, "timestamp": time.Now().Add(-time.Hour).UTC().Format(time.RFC3339Nano)})
	}
	json.NewEncoder(w).Encode(out)
}

// slackHistory is conversations.history: the bot's messages, newest first,
// with their metadata when include_all_metadata is asked for.
func (p *Platform) slackHistory(w http.ResponseWriter, form url.Values) {
	msgs := p.Messages(form.Get("channel"))
	out := []map[string]any{}
	for i := len(msgs) - 1; i >= 0; i-- {
		sent, _ := url.ParseQuery(msgs[i].Body)
		m := map[string]any{"type": "message", "user": "UBOT", "bot_id": "BBOT", "text": sent.Get("text"), "ts": msgs[i].ID}
		if md := sent.Get("metadata"); md != "" && (form.Get("include_all_metadata") == "1" || form.Get("include_all_metadata") == "true") {
			m["metadata"] = json.RawMessage(md)
		}
		out = append(out, m)
	}
	said := p.people(form.Get("channel"))
	for i := len(said) - 1; i >= 0; i-- {
		out = append(out, map[string]any{"type": "message", "user": "U1", "text": said[i], "ts": fmt.Sprintf("1600000000.%06d", i)})
	}
	json.NewEncoder(w).Encode(map[string]any{"ok": true, "messages": out, "has_more": false})
}

// gateway plays Discord's gateway for one connection: Hello, READY after
// Identify, heartbeats acknowledged. It counts the connection open from
// Identify until it closes.
func (p *Platform) gateway(replica int, ws *websocket.Conn) {
	defer ws.Close()
	var wmu sync.Mutex
	send := func(v any) {
		wmu.Lock()
		defer wmu.Unlock()
		ws.WriteJSON(v)
	}
	send(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 1000}})
	identified := false
	defer func() {
		if identified {
			p.mu.Lock()
			p.gw[replica]--
			p.mu.Unlock()
		}
	}()
	for {
		var f struct {
			Op int `json:"op"`
		}
		if err := ws.ReadJSON(&f); err != nil {
			return
		}
		switch f.Op {
		case 1:
			send(map[string]any{"op": 11})
		case 2, 6:
			if !identified {
				identified = true
				p.mu.Lock()
				p.gw[replica]++
				p.mu.Unlock()
			}
			send(map[string]any{"op": 0, "t": "READY", "s": 1, "d": map[string]any{
				"v": 10, "session_id": fmt.Sprintf("session-%d", replica),
				"user":               map[string]any{"id": BotID, "username": "brief", "bot": true},
				"guilds":             []any{map[string]any{"id": "1600000000000000001", "unavailable": true}},
				"resume_gateway_url": "ws://" + strings.TrimPrefix(p.srvs[replica].URL, "http://") + "/gw",
				"application":        map[string]any{"id": AppID},
			}})
		}
	}
}

// Buffer is a bytes.Buffer safe for a process's output and a test reading it.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *Buffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *Buffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// SlackSign is Slack's request signature of body at timestamp ts.
func SlackSign(secret, ts, body string) string {
	m := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(m, "v0:%s:%s", ts, body)
	return "v0=" + hex.EncodeToString(m.Sum(nil))
}

// PostSigned posts body to url with headers (a platform's signature), and
// returns the status, the answer and how long it took.
func PostSigned(t *testing.T, url string, headers map[string]string, body string) (int, string, time.Duration) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out), time.Since(start)
}

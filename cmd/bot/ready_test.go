package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// slackSocketStandIn is Slack's Web API and Socket Mode on loopback: while
// down, apps.connections.open answers 503; once up, it hands out a
// websocket that says hello and pings.
type slackSocketStandIn struct {
	*httptest.Server
	up atomic.Bool
}

func newSlackSocketStandIn(t *testing.T) *slackSocketStandIn {
	t.Helper()
	s := &slackSocketStandIn{}
	upgrader := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/apps.connections.open"):
			if !s.up.Load() {
				http.Error(w, "unavailable", http.StatusServiceUnavailable)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"ok":true,"url":"ws://%s/socket"}`, r.Host)
		case r.URL.Path == "/socket":
			c, err := upgrader.Upgrade(w, r, nil)
			if err != nil {
				return
			}
			defer c.Close()
			c.WriteJSON(map[string]any{"type": "hello", "num_connections": 1, "connection_info": map[string]any{"app_id": "A1"}})
			go func() {
				for {
					if _, _, err := c.ReadMessage(); err != nil {
						return
					}
				}
			}()
			for {
				time.Sleep(100 * time.Millisecond)
				if c.WriteControl(websocket.PingMessage, []byte("p"), time.Now().Add(time.Second)) != nil {
					return
				}
			}
		default:
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"ok":true}`)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

// discordStandIn is Discord's REST API and gateway on loopback: while
// down, every REST call answers 503; once up, it registers commands and
// its gateway answers Identify with READY.
type discordStandIn struct {
	*httptest.Server
	up       atomic.Bool
	mu       sync.Mutex
	commands string
}

func newDiscordStandIn(t *testing.T) *discordStandIn {
	t.Helper()
	s := &discordStandIn{commands: "[]"}
	upgrader := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if strings.HasPrefix(r.URL.Path, "/gateway") { // discordgo asks for /gateway/?v=9
			s.gateway(w, r, &upgrader)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		if !s.up.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, `{"message":"unavailable","code":0}`)
			return
		}
		switch p := r.URL.Path; {
		case p == "/api/v9/gateway" || p == "/api/v9/gateway/bot":
			fmt.Fprintf(w, `{"url":"ws://%s/gateway"}`, r.Host)
		case strings.HasSuffix(p, "/commands") && r.Method == http.MethodGet:
			s.mu.Lock()
			io.WriteString(w, s.commands)
			s.mu.Unlock()
		case strings.HasSuffix(p, "/commands") && r.Method == http.MethodPut:
			s.mu.Lock()
			s.commands = string(body)
			s.mu.Unlock()
			w.Write(body)
		default:
			io.WriteString(w, `{}`)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *discordStandIn) gateway(w http.ResponseWriter, r *http.Request, up *websocket.Upgrader) {
	c, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer c.Close()
	c.WriteJSON(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 1000}})
	for {
		_, msg, err := c.ReadMessage()
		if err != nil {
			return
		}
		var f struct {
			Op int `json:"op"`
		}
		json.Unmarshal(msg, &f)
		switch f.Op {
		case 1:
			c.WriteJSON(map[string]any{"op": 11})
		case 2:
			c.WriteJSON(map[string]any{"op": 0, "s": 1, "t": "READY", "d": map[string]any{
				"v": 9, "session_id": "s1", "resume_gateway_url": "ws://" + r.Host + "/gateway",
				"user": map[string]any{"id": "1500000000000000001", "username": "brief"}, "guilds": []any{},
				"application": map[string]any{"id": "1100000000000000001"},
			}})
		}
	}
}

// /readyz tells the truth: 503 with the reason while Slack's Socket Mode
// and Discord are unreachable, and "ready" is not logged; 200 once both
// are connected and /brief is registered, and "ready" is logged then.
func TestReadyzWaitsForThePlatforms(t *testing.T) {
	slack := newSlackSocketStandIn(t)
	dc := newDiscordStandIn(t)
	env := serviceEnv(t)
	env["SLACK_BOT_TOKEN"] = "xoxb-test-token"
	env["SLACK_APP_TOKEN"] = "xapp-test-token"
	env["SLACK_API_URL"] = slack.URL + "/api/"
	env["DISCORD_BOT_TOKEN"] = "test.discord.token"
	env["DISCORD_APP_ID"] = "1100000000000000001"
	env["DISCORD_API_URL"] = dc.URL

	s := startServiceUntil(t, env, "msg=listening")
	base := s.httpAddr()
	readyz := func() (int, string) {
		resp, err := http.Get(base + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	time.Sleep(1500 * time.Millisecond) // a few failed attempts on each side
	code, body := readyz()
	if code != http.StatusServiceUnavailable || !strings.HasPrefix(body, "not ready: ") ||
		!strings.Contains(body, "slack: Socket Mode is not connected") || !strings.Contains(body, "discord: ") {
		t.Errorf("/readyz with both platforms down: %d %q", code, body)
	}
	if resp, err := http.Get(base + "/healthz"); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("/healthz while not ready: %v %v", resp, err)
	}
	if strings.Contains(s.errb.String(), "msg=ready") {
		t.Errorf("ready logged before the platforms connected:\n%s", s.errb.String())
	}

	slack.up.Store(true)
	dc.up.Store(true)
	s.waitFor(s.errb, "msg=ready")
	deadline := time.Now().Add(5 * time.Second)
	for code, body = readyz(); code != http.StatusOK && time.Now().Before(deadline); code, body = readyz() {
		time.Sleep(100 * time.Millisecond)
	}
	if code != http.StatusOK || body != "ready\n" {
		t.Errorf("/readyz with both platforms connected: %d %q\n%s", code, body, s.errb.String())
	}
	if logs := s.errb.String(); !strings.Contains(logs, `platforms="[discord slack]"`) {
		t.Errorf("the ready line does not name both platforms:\n%s", logs)
	}
	// In no server: the log says how to add the bot.
	if logs := s.errb.String(); !strings.Contains(logs, "the bot is in no Discord server yet") || !strings.Contains(logs, "client_id=1100000000000000001&permissions=274877991936&scope=bot+applications.commands") {
		t.Errorf("no invite link in the log:\n%s", logs)
	}
}

package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"brief/internal/channel"
	"brief/internal/standin"
	"brief/internal/store"
)

// standIn is a platform's API on loopback: it records every request and
// answers with what answer returns.
type standIn struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []recorded
}

type recorded struct {
	method, path, body string
}

func newStandIn(t *testing.T, answer func(w http.ResponseWriter, r *http.Request, body string)) *standIn {
	t.Helper()
	s := &standIn{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.reqs = append(s.reqs, recorded{r.Method, r.URL.Path, string(body)})
		s.mu.Unlock()
		answer(w, r, string(body))
	}))
	t.Cleanup(s.Close)
	return s
}

// matching returns the recorded requests whose path contains part.
func (s *standIn) matching(part string) []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []recorded
	for _, r := range s.reqs {
		if strings.Contains(r.path, part) {
			out = append(out, r)
		}
	}
	return out
}

func (s *standIn) waitFor(t *testing.T, part string, n int) []recorded {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if got := s.matching(part); len(got) >= n {
			return got
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the stand-in got %d requests to %s, want %d: %+v", len(s.matching(part)), part, n, s.reqs)
	return nil
}

// presetMissedSlot records, before the service starts, a schedule for the
// channel set two hours ago for ten minutes ago: under an hour late, so
// the service posts it once at start.
func presetMissedSlot(t *testing.T, env map[string]string, platform, channelID string) {
	t.Helper()
	now := time.Now().UTC()
	ctx := context.Background()
	if err := os.MkdirAll(filepath.Dir(env["BRIEF_DB"]), 0o755); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, env["BRIEF_DB"], store.WithClock(func() time.Time { return now.Add(-2 * time.Hour) }))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ch, err := st.EnsureChannel(ctx, platform, channelID, "news")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetSchedule(ctx, ch, channel.Schedule{At: now.Add(-10 * time.Minute).Format("15:04"), Zone: "UTC", Days: channel.Daily}); err != nil {
		t.Fatal(err)
	}
}

// slackSign and postSigned are the stand-ins' signing helpers.
var (
	slackSign  = standin.SlackSign
	postSigned = standin.PostSigned
)

func TestRunSlackOverHTTP(t *testing.T) {
	api := newStandIn(t, func(w http.ResponseWriter, r *http.Request, body string) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.HasSuffix(r.URL.Path, "/chat.postMessage"):
			io.WriteString(w, `{"ok":true,"channel":"C1","ts":"1700000000.000100"}`)
		case strings.HasSuffix(r.URL.Path, "/users.info"):
			io.WriteString(w, `{"ok":true,"user":{"id":"U1","is_admin":false}}`)
		default:
			io.WriteString(w, `{"ok":true}`)
		}
	})
	env := serviceEnv(t)
	const secret = "8f742231b10e8888abcd99yyyzzz85a5"
	env["SLACK_BOT_TOKEN"] = "xoxb-test-token"
	env["SLACK_SIGNING_SECRET"] = secret
	env["SLACK_API_URL"] = api.URL + "/api/"
	presetMissedSlot(t, env, "slack", "C1")

	s := startService(t, env)
	// The log says where Slack's request URLs go.
	if logs := s.errb.String(); !strings.Contains(logs, "slash_command=/slack/commands") || !strings.Contains(logs, "interactivity=/slack/interactions") {
		t.Errorf("the start-up log does not name the request URLs' paths:\n%s", logs)
	}
	endpoint := s.httpAddr() + "/slack/commands"
	form := url.Values{
		"command": {"/brief"}, "text": {"kim train russia"}, "channel_id": {"C1"}, "channel_name": {"news"},
		"user_id": {"U1"}, "team_id": {"T1"}, "response_url": {api.URL + "/respond/1"}, "trigger_id": {"1.2.3"},
	}.Encode()
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	headers := map[string]string{
		"Content-Type":              "application/x-www-form-urlencoded",
		"X-Slack-Request-Timestamp": ts,
		"X-Slack-Signature":         slackSign(secret, ts, form),
	}
	code, body, took := postSigned(t, endpoint, headers, form)
	if code != 200 || took > 3*time.Second {
		t.Fatalf("signed /brief: %d after %s: %s", code, took, body)
	}
	if !strings.Contains(body, "Kim Jong Un") || !strings.Contains(body, `"blocks"`) {
		// A slow answer would come through response_url instead.
		got := api.waitFor(t, "/respond/1", 1)
		if !strings.Contains(got[len(got)-1].body, "Kim Jong Un") {
			t.Fatalf("no briefing in the ack (%s) or through response_url (%s)", body, got[len(got)-1].body)
		}
	}

	// The same request again is a replay.
	if code, _, _ := postSigned(t, endpoint, headers, form); code != 401 {
		t.Errorf("replay: %d, want 401", code)
	}
	bad := map[string]string{"Content-Type": headers["Content-Type"], "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": slackSign("wrong", ts, form)}
	if code, body, _ := postSigned(t, endpoint, bad, form); code != 401 || body != "" {
		t.Errorf("bad signature: %d %q, want 401 and nothing else", code, body)
	}
	old := strconv.FormatInt(time.Now().Add(-6*time.Minute).Unix(), 10)
	stale := map[string]string{"Content-Type": headers["Content-Type"], "X-Slack-Request-Timestamp": old, "X-Slack-Signature": slackSign(secret, old, form)}
	if code, _, _ := postSigned(t, endpoint, stale, form); code != 401 {
		t.Errorf("6-minute-old timestamp: %d, want 401", code)
	}

	// The missed slot is posted once, to the channel.
	posts := api.waitFor(t, "/chat.postMessage", 1)
	time.Sleep(500 * time.Millisecond)
	posts = api.matching("/chat.postMessage")
	if len(posts) != 1 {
		t.Fatalf("%d scheduled posts, want 1: %+v", len(posts), posts)
	}
	sent, err := url.ParseQuery(posts[0].body)
	if err != nil || sent.Get("channel") != "C1" || !strings.Contains(sent.Get("blocks"), "Kim Jong Un") {
		t.Errorf("scheduled post: %v %v", sent, err)
	}
}

func TestRunDiscordOverHTTP(t *testing.T) {
	const appID = "1100000000000000001"
	api := newStandIn(t, func(w http.ResponseWriter, r *http.Request, body string) {
		w.Header().Set("Content-Type", "application/json")
		p := r.URL.Path
		switch {
		case strings.HasSuffix(p, "/commands") && r.Method == http.MethodGet:
			io.WriteString(w, `[]`)
		case strings.HasSuffix(p, "/commands") && r.Method == http.MethodPut:
			io.WriteString(w, body)
		case strings.HasSuffix(p, "/messages"):
			fmt.Fprintf(w, `{"id":"900","channel_id":"1200000000000000001"}`)
		default:
			io.WriteString(w, `{"id":"901"}`)
		}
	})
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	env := serviceEnv(t)
	env["DISCORD_BOT_TOKEN"] = "test.discord.token"
	env["DISCORD_APP_ID"] = appID
	env["DISCORD_PUBLIC_KEY"] = hex.EncodeToString(pub)
	env["DISCORD_API_URL"] = api.URL
	presetMissedSlot(t, env, "discord", "1200000000000000001")

	s := startService(t, env)
	if logs := s.errb.String(); !strings.Contains(logs, "interactions_endpoint=/discord/interactions") {
		t.Errorf("the start-up log does not name the interactions endpoint's path:\n%s", logs)
	}
	endpoint := s.httpAddr() + "/discord/interactions"
	sign := func(key ed25519.PrivateKey, ts, body string) map[string]string {
		return map[string]string{
			"Content-Type":          "application/json",
			"X-Signature-Timestamp": ts,
			"X-Signature-Ed25519":   hex.EncodeToString(ed25519.Sign(key, []byte(ts+body))),
		}
	}
	now := func() string { return strconv.FormatInt(time.Now().Unix(), 10) }

	ping := `{"type":1,"id":"1","application_id":"` + appID + `","token":"t"}`
	if code, body, _ := postSigned(t, endpoint, sign(priv, now(), ping), ping); code != 200 || strings.TrimSpace(body) != `{"type":1}` {
		t.Errorf("PING: %d %q", code, body)
	}
	_, other, _ := ed25519.GenerateKey(rand.Reader)
	if code, _, _ := postSigned(t, endpoint, sign(other, now(), ping), ping); code != 401 {
		t.Errorf("bad signature: %d, want 401", code)
	}

	today := `{"type":2,"id":"2","application_id":"` + appID + `","token":"tok2","channel_id":"1200000000000000001",` +
		`"member":{"user":{"id":"1300000000000000001","username":"ann"},"permissions":"0"},` +
		`"data":{"id":"1000","name":"brief","type":1,"options":[{"type":1,"name":"today"}]}}`
	code, body, took := postSigned(t, endpoint, sign(priv, now(), today), today)
	if code != 200 || took > 3*time.Second {
		t.Fatalf("/brief today: %d after %s: %s", code, took, body)
	}
	if strings.Contains(body, `"type":5`) {
		// Deferred: the answer follows as an edit of @original.
		got := api.waitFor(t, "/messages/@original", 1)
		body = got[0].body
	}
	if !strings.Contains(body, `"embeds"`) || !strings.Contains(body, "Kim Jong Un") || !strings.Contains(body, `"parse":[]`) {
		t.Errorf("/brief today answered without embeds or allowed_mentions: %s", body)
	}

	// The missed slot reaches the channel once; every message sent says parse:[].
	api.waitFor(t, "/channels/1200000000000000001/messages", 1)
	time.Sleep(500 * time.Millisecond)
	posts := api.matching("/channels/1200000000000000001/messages")
	if len(posts) != 1 || !strings.Contains(posts[0].body, "Kim Jong Un") {
		t.Errorf("scheduled posts: %+v", posts)
	}
	for _, r := range api.matching("/") {
		if (strings.Contains(r.path, "/messages") || strings.Contains(r.path, "/webhooks/")) && !strings.Contains(r.body, `"parse":[]`) {
			t.Errorf("%s %s without allowed_mentions parse:[]: %s", r.method, r.path, r.body)
		}
	}
	if n := len(api.matching("/applications/" + appID + "/commands")); n < 1 {
		t.Errorf("the /brief command was not registered (%d requests)", n)
	}
}

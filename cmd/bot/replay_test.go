package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"brief/internal/channel"
	"brief/internal/store"
)

// A signed request kept to be sent again, as an attacker who saw it would.
type savedRequest struct {
	path    string
	headers map[string]string
	body    string
}

func slackRequest(secret, path, body string) savedRequest {
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	return savedRequest{path: path, body: body, headers: map[string]string{
		"Content-Type":              "application/x-www-form-urlencoded",
		"X-Slack-Request-Timestamp": ts,
		"X-Slack-Signature":         slackSign(secret, ts, body),
	}}
}

func (r savedRequest) send(t *testing.T, s *service) (int, string) {
	t.Helper()
	code, body, _ := postSigned(t, s.httpAddr()+r.path, r.headers, r.body)
	return code, body
}

// The store's schedule of a channel, read with the service stopped.
func storedSchedule(t *testing.T, env map[string]string, platform, channelID string) (channel.Schedule, error) {
	t.Helper()
	st, err := store.Open(context.Background(), env["BRIEF_DB"])
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	return st.Schedule(context.Background(), channel.Key{Platform: platform, ID: channelID})
}

func TestRunSlackReplayIsRefusedAfterARestart(t *testing.T) {
	api := newStandIn(t, func(w http.ResponseWriter, r *http.Request, body string) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"ok":true}`)
	})
	const secret = "8f742231b10e8888abcd99yyyzzz85a5"
	env := serviceEnv(t)
	env["SLACK_BOT_TOKEN"] = "xoxb-test-token"
	env["SLACK_SIGNING_SECRET"] = secret
	env["SLACK_API_URL"] = api.URL + "/api/"
	env["BRIEF_ADMINS"] = "U0123ABCD"
	command := func(text, responseID string) string {
		return url.Values{
			"command": {"/brief"}, "text": {text}, "channel_id": {"C1"}, "channel_name": {"news"},
			"user_id": {"U0123ABCD"}, "team_id": {"T1"}, "response_url": {api.URL + "/respond/" + responseID},
		}.Encode()
	}
	click, _ := json.Marshal(map[string]any{
		"type": "block_actions", "user": map[string]any{"id": "U0123ABCD"}, "channel": map[string]any{"id": "C1", "name": "news"},
		"team": map[string]any{"id": "T1"}, "response_url": api.URL + "/respond/share", "trigger_id": "1.2.3",
		"actions": []any{map[string]any{"type": "button", "action_id": "brief_share", "block_id": "brief_actions", "value": "share"}},
	})

	s := startService(t, env)
	setFirst := slackRequest(secret, "/slack/commands", command("schedule 07:30 UTC", "a"))
	if code, body := setFirst.send(t, s); code != 200 {
		t.Fatalf("schedule 07:30: %d %s", code, body)
	}
	off := slackRequest(secret, "/slack/commands", command("schedule off", "b"))
	if code, body := off.send(t, s); code != 200 || !strings.Contains(body, "off") {
		t.Fatalf("schedule off: %d %s", code, body)
	}
	fresh := slackRequest(secret, "/slack/commands", command("schedule 09:15 UTC", "c"))
	if code, body := fresh.send(t, s); code != 200 || !strings.Contains(body, "09:15") {
		t.Fatalf("schedule 09:15: %d %s", code, body)
	}
	share := slackRequest(secret, "/slack/interactions", url.Values{"payload": {string(click)}}.Encode())
	if code, _ := share.send(t, s); code != 200 {
		t.Fatalf("share click: %d", code)
	}
	api.waitFor(t, "/respond/share", 1)
	if code, _ := off.send(t, s); code != 401 {
		t.Errorf("schedule off again, same process: %d, want 401", code)
	}
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}

	s = startService(t, env)
	for name, r := range map[string]savedRequest{"schedule off": off, "share": share, "schedule 07:30": setFirst} {
		if code, body := r.send(t, s); code != 401 || body != "" {
			t.Errorf("%s replayed after a restart: %d %q, want 401 and nothing else", name, code, body)
		}
	}
	time.Sleep(300 * time.Millisecond) // a replay that ran would post by now
	if n := len(api.matching("/respond/share")); n != 1 {
		t.Errorf("the shared digest was posted %d times, want once", n)
	}
	if !strings.Contains(s.errb.String(), `msg="request refused" component=adapter platform=slack`) {
		t.Errorf("the refusals are not logged:\n%s", s.errb.String())
	}
	s.stop()
	sc, err := storedSchedule(t, env, "slack", "C1")
	if err != nil || sc.At != "09:15" {
		t.Errorf("after the replays the schedule is %+v, %v; want 09:15", sc, err)
	}
}

func TestRunDiscordReplayIsRefusedAfterARestart(t *testing.T) {
	const appID = "1100000000000000001"
	api := newStandIn(t, func(w http.ResponseWriter, r *http.Request, body string) {
		w.Header().Set("Content-Type", "application/json")
		if strings.HasSuffix(r.URL.Path, "/commands") {
			io.WriteString(w, `[]`)
			return
		}
		io.WriteString(w, `{"id":"901"}`)
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
	signed := func(body string) savedRequest {
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		return savedRequest{path: "/discord/interactions", body: body, headers: map[string]string{
			"Content-Type":          "application/json",
			"X-Signature-Timestamp": ts,
			"X-Signature-Ed25519":   hex.EncodeToString(ed25519.Sign(priv, []byte(ts+body))),
		}}
	}
	ping := signed(`{"type":1,"id":"1400000000000000001","application_id":"` + appID + `","token":"t"}`)
	help := signed(`{"type":2,"id":"1400000000000000002","application_id":"` + appID + `","token":"tok2","channel_id":"1200000000000000001",` +
		`"member":{"user":{"id":"1300000000000000001"},"permissions":"0"},"data":{"id":"1000","name":"brief","type":1,"options":[{"type":1,"name":"help"}]}}`)

	s := startService(t, env)
	for name, r := range map[string]savedRequest{"PING": ping, "help": help} {
		if code, body := r.send(t, s); code != 200 {
			t.Fatalf("%s: %d %s", name, code, body)
		}
		if code, _ := r.send(t, s); code != 401 {
			t.Errorf("%s replayed: %d, want 401", name, code)
		}
	}
	s.stop()
	s = startService(t, env)
	for name, r := range map[string]savedRequest{"PING": ping, "help": help} {
		if code, _ := r.send(t, s); code != 401 {
			t.Errorf("%s replayed after a restart: %d, want 401", name, code)
		}
	}
	if !strings.Contains(s.errb.String(), `msg="request refused" component=adapter platform=discord`) {
		t.Errorf("the refusals are not logged:\n%s", s.errb.String())
	}
}

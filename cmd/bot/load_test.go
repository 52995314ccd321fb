package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// A webhook request of the load test and what must become of it.
type loadRequest struct {
	kind string // "slack good", "discord forged", ...
	path string
	head map[string]string
	body string
	good bool
}

func (r loadRequest) send(client *http.Client, base string) (int, string, error) {
	req, err := http.NewRequest(http.MethodPost, base+r.path, strings.NewReader(r.body))
	if err != nil {
		return 0, "", err
	}
	for k, v := range r.head {
		req.Header.Set(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), nil
}

// answered tells a served command's answer: the reply itself, or a
// "working on it" that promises it.
func answered(r loadRequest, code int, body string) bool {
	if code != 200 {
		return false
	}
	if strings.HasPrefix(r.kind, "slack") {
		return strings.Contains(body, "Vladivostok") || strings.Contains(body, "Working on it")
	}
	return strings.Contains(body, `"type":4`) && strings.Contains(body, "Vladivostok") || strings.Contains(body, `"type":5`)
}

// Slack and Discord over HTTP at once, under load on loopback: good
// requests, forged ones (another secret or key), stale ones (10 minutes
// old) and replays of the good ones, sent 16 at a time. Every good one is
// answered, every other one refused with 401.
func TestRunMixedWebhookLoad(t *testing.T) {
	const appID = "1100000000000000001"
	const secret = "8f742231b10e8888abcd99yyyzzz85a5"
	const perKind = 25
	slackAPI := newStandIn(t, func(w http.ResponseWriter, r *http.Request, body string) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"ok":true}`)
	})
	discordAPI := newStandIn(t, func(w http.ResponseWriter, r *http.Request, body string) {
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
	_, otherKey, _ := ed25519.GenerateKey(rand.Reader)
	env := serviceEnv(t)
	env["SLACK_BOT_TOKEN"] = "xoxb-test-token"
	env["SLACK_SIGNING_SECRET"] = secret
	env["SLACK_API_URL"] = slackAPI.URL + "/api/"
	env["DISCORD_BOT_TOKEN"] = "test.discord.token"
	env["DISCORD_APP_ID"] = appID
	env["DISCORD_PUBLIC_KEY"] = hex.EncodeToString(pub)
	env["DISCORD_API_URL"] = discordAPI.URL
	s := startService(t, env)
	base := s.httpAddr()

	now := time.Now()
	slack := func(kind string, i int, key string, at time.Time, good bool) loadRequest {
		body := url.Values{
			"command": {"/brief"}, "text": {"ask where could Kim and Putin meet?"}, "channel_id": {"C1"}, "user_id": {"U0123ABCD"},
			"team_id": {"T1"}, "response_url": {slackAPI.URL + "/respond/" + kind + strconv.Itoa(i)},
		}.Encode()
		ts := strconv.FormatInt(at.Unix(), 10)
		return loadRequest{kind: kind, path: "/slack/commands", body: body, good: good, head: map[string]string{
			"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": slackSign(key, ts, body),
		}}
	}
	discord := func(kind string, i int, key ed25519.PrivateKey, at time.Time, good bool) loadRequest {
		id := fmt.Sprintf("15%017d", len(kind)*1000+i)
		body := `{"type":2,"id":"` + id + `","application_id":"` + appID + `","token":"tok` + id + `","channel_id":"1200000000000000001",` +
			`"member":{"user":{"id":"1300000000000000001"},"permissions":"0"},"data":{"id":"1000","name":"brief","type":1,` +
			`"options":[{"type":1,"name":"ask","options":[{"type":3,"name":"question","value":"where could Kim and Putin meet?"}]}]}}`
		ts := strconv.FormatInt(at.Unix(), 10)
		return loadRequest{kind: kind, path: "/discord/interactions", body: body, good: good, head: map[string]string{
			"Content-Type": "application/json", "X-Signature-Timestamp": ts, "X-Signature-Ed25519": hex.EncodeToString(ed25519.Sign(key, []byte(ts+body))),
		}}
	}
	var first, replays []loadRequest
	for i := range perKind {
		sg, dg := slack("slack good", i, secret, now, true), discord("discord good", i, priv, now, true)
		first = append(first, sg, dg,
			slack("slack forged", i, "not-the-secret", now, false), discord("discord forged", i, otherKey, now, false),
			slack("slack stale", i, secret, now.Add(-10*time.Minute), false), discord("discord stale", i, priv, now.Add(-10*time.Minute), false))
		sg.kind, dg.kind, sg.good, dg.good = "slack replay", "discord replay", false, false
		replays = append(replays, sg, dg)
	}
	client := &http.Client{Timeout: 20 * time.Second}
	deadline := time.Now().Add(60 * time.Second)
	run := func(reqs []loadRequest) {
		t.Helper()
		work := make(chan loadRequest)
		var wg sync.WaitGroup
		for range 16 {
			wg.Go(func() {
				for r := range work {
					if time.Now().After(deadline) {
						t.Errorf("%s: not sent: the load test ran out of time", r.kind)
						continue
					}
					code, body, err := r.send(client, base)
					switch {
					case err != nil:
						t.Errorf("%s: %v", r.kind, err)
					case r.good && !answered(r, code, body):
						t.Errorf("%s: %d %.200s; want it answered", r.kind, code, body)
					case !r.good && code != http.StatusUnauthorized:
						t.Errorf("%s: %d %.200s; want 401", r.kind, code, body)
					}
				}
			})
		}
		for _, r := range reqs {
			work <- r
		}
		close(work)
		wg.Wait()
	}
	run(first)
	// The replays, mixed with more forgeries, once their originals were served.
	for i := range perKind {
		replays = append(replays, slack("slack forged", perKind+i, "other", now, false), discord("discord forged", perKind+i, otherKey, now, false))
	}
	run(replays)
}

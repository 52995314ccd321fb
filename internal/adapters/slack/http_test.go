package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"brief/internal/httpserver"
	"brief/internal/reply"
	"brief/internal/router"
	"brief/internal/store"
)

func TestVerification(t *testing.T) {
	f := newHTTPFixture(t, nil)
	form := slashForm("help")
	form.Set("response_url", f.st.responseURLFor("v"))
	body := form.Encode()
	now := testNow.Unix()
	tests := []struct {
		name    string
		secret  string
		ts      int64
		headers map[string]string // override after signing
		want    int
	}{
		{name: "signed", secret: testSecret, ts: now, want: 200},
		{name: "4 minutes old", secret: testSecret, ts: now - 240, want: 200},
		{name: "wrong secret", secret: "not-the-secret", ts: now, want: 401},
		{name: "6 minutes old", secret: testSecret, ts: now - 360, want: 401},
		{name: "6 minutes ahead", secret: testSecret, ts: now + 360, want: 401},
		{name: "no headers", secret: "", want: 401},
		{name: "no signature", secret: testSecret, ts: now, headers: map[string]string{"X-Slack-Signature": ""}, want: 401},
		{name: "no timestamp", secret: testSecret, ts: now, headers: map[string]string{"X-Slack-Request-Timestamp": ""}, want: 401},
		{name: "timestamp not a number", secret: testSecret, ts: now, headers: map[string]string{"X-Slack-Request-Timestamp": "soon"}, want: 401},
		{name: "no v0 prefix", secret: testSecret, ts: now, headers: map[string]string{"X-Slack-Signature": strings.TrimPrefix(sign(testSecret, now, body), "v0=")}, want: 401},
		{name: "signature not hex", secret: testSecret, ts: now, headers: map[string]string{"X-Slack-Signature": "v0=zz"}, want: 401},
		{name: "signature of another body", secret: testSecret, ts: now, headers: map[string]string{"X-Slack-Signature": sign(testSecret, now, body+"x")}, want: 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := f.request(t, "/slack/commands", formType, body)
			if tt.secret != "" {
				req.Header.Set("X-Slack-Request-Timestamp", fmt.Sprint(tt.ts))
				req.Header.Set("X-Slack-Signature", sign(tt.secret, tt.ts, body))
			}
			for k, v := range tt.headers {
				req.Header.Set(k, v)
			}
			code, got := f.do(t, req)
			if code != tt.want {
				t.Fatalf("status %d, want %d (body %q)", code, tt.want, got)
			}
			if code == 401 && got != "" {
				t.Errorf("a refusal says %q; want nothing", got)
			}
		})
		// Every accepted request is remembered: make the next one differ.
		body += "&n=" + tt.name[:1]
		form, _ = url.ParseQuery(body)
		body = form.Encode()
	}
	if n := len(f.h.requests()); n != 2 {
		t.Errorf("the handler ran %d times; want 2 (only for the signed requests)", n)
	}
}

func TestReplayRefused(t *testing.T) {
	f := newHTTPFixture(t, nil)
	form := slashForm("help")
	form.Set("response_url", f.st.responseURLFor("r"))
	body := form.Encode()
	if code, _ := f.post(t, "/slack/commands", formType, body, testSecret, testNow.Unix()); code != 200 {
		t.Fatalf("first request: %d", code)
	}
	code, got := f.post(t, "/slack/commands", formType, body, testSecret, testNow.Unix())
	if code != 401 || got != "" {
		t.Fatalf("replay: %d %q; want 401 and nothing else", code, got)
	}
	// The same command a second later is a new request, not a replay.
	if code, _ := f.post(t, "/slack/commands", formType, body, testSecret, testNow.Unix()+1); code != 200 {
		t.Fatalf("a new request with the same body: %d", code)
	}
	if n := len(f.h.requests()); n != 2 {
		t.Errorf("the handler ran %d times; want 2", n)
	}
}

func TestCommandAnsweredInAck(t *testing.T) {
	f := newHTTPFixture(t, nil)
	f.h.reply = func(req router.Request) reply.Reply {
		if req.Text == "share" {
			return reply.Reply{Kind: reply.Digest, Title: "Today", Summary: "2 new articles.", Visibility: reply.Channel}
		}
		return reply.Reply{Kind: reply.Answer, Title: "Where?", Summary: "In Vladivostok <!channel>."}
	}
	code, ack, _ := f.command(t, "ask where?", "a1")
	if code != 200 {
		t.Fatalf("status %d", code)
	}
	if ack.ResponseType != "ephemeral" || !strings.Contains(ack.Text, "In Vladivostok &lt;!channel&gt;.") {
		t.Errorf("ack = %+v; want the ephemeral answer, escaped", ack)
	}
	reqs := f.h.requests()
	want := router.Request{Platform: "slack", ChannelID: "C123", ChannelName: "news", UserID: "U777", Text: "ask where?"}
	got := reqs[0]
	if got.Auth == nil {
		t.Error("the request has no authorizer")
	}
	got.Auth = nil
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("request = %+v, want %+v", got, want)
	}
	code, ack, _ = f.command(t, "share", "a2")
	if code != 200 || ack.ResponseType != "in_channel" {
		t.Errorf("share: %d %+v; want in_channel", code, ack)
	}
	f.st.mu.Lock()
	defer f.st.mu.Unlock()
	if len(f.st.responses) != 0 {
		t.Errorf("response_url got %d messages; the ack carried the reply", len(f.st.responses))
	}
}

func TestCommandPanicIsAnError(t *testing.T) {
	// A router with no library panics on /brief list; the service stays up
	// and the person reads that something went wrong.
	f := newHTTPFixture(t, func(c *Config) { c.Handler = router.New(router.Config{}) })
	code, ack, _ := f.command(t, "list", "p1")
	if code != 200 || !strings.Contains(ack.Text, "Something went wrong") {
		t.Errorf("ack %d %+v", code, ack)
	}
}

func TestSlackLinksAreUnwrapped(t *testing.T) {
	f := newHTTPFixture(t, nil)
	f.h.reply = func(router.Request) reply.Reply { return reply.Reply{Summary: "ok"} }
	f.command(t, "add <https://example.com/a|example.com/a>", "l1")
	f.command(t, "feed add  <https://example.com/rss.xml>", "l2")
	reqs := f.h.requests()
	if len(reqs) != 2 || reqs[0].Text != "add https://example.com/a" || reqs[1].Text != "feed add https://example.com/rss.xml" {
		t.Fatalf("requests %+v", reqs)
	}
	cmd, err := router.Parse(reqs[0].Text)
	if err != nil || cmd.URL != "https://example.com/a" {
		t.Errorf("Parse(%q) = %+v, %v", reqs[0].Text, cmd, err)
	}
}

func TestSlowCommandFollowsThroughResponseURL(t *testing.T) {
	f := newHTTPFixture(t, nil)
	f.h.release = make(chan struct{})
	f.h.reply = func(router.Request) reply.Reply {
		return reply.Reply{Kind: reply.Briefing, Title: "Kim heads to Russia", Summary: "Kim travels by train."}
	}
	start := time.Now()
	code, ack, _ := f.command(t, "kim train", "slow")
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("the ack took %s; Slack waits 3 s", took)
	}
	if code != 200 || ack.ResponseType != "ephemeral" || ack.Text != WorkingText {
		t.Fatalf("ack = %d %+v; want an ephemeral %q", code, ack, WorkingText)
	}
	close(f.h.release)
	f.st.waitFor("the reply at response_url", func() bool { return len(f.st.responses) == 1 })
	f.st.mu.Lock()
	defer f.st.mu.Unlock()
	got := f.st.responses[0]
	if got.ResponseType != "ephemeral" || !strings.Contains(strings.Join(texts(got.Blocks), "\n"), "Kim heads to Russia") {
		t.Errorf("response = %+v", got)
	}
}

func TestLongDigestFollowsInOrder(t *testing.T) {
	f := newHTTPFixture(t, nil)
	long := digestReply(40, reply.Caller, strings.Repeat("More detail followed. ", 25))
	f.h.reply = func(router.Request) reply.Reply { return long }
	code, _, body := f.command(t, "", "long")
	if code != 200 || body != "" {
		t.Fatalf("ack = %d %q; want an empty 200 (the parts follow)", code, body)
	}
	msgs := Render(long)
	if len(msgs) <= MaxResponses {
		t.Fatalf("the test digest renders to %d messages; want more than %d", len(msgs), MaxResponses)
	}
	f.st.waitFor("every part", func() bool { return len(f.st.responses)+len(f.st.ephemerals) == len(msgs) })
	f.st.mu.Lock()
	defer f.st.mu.Unlock()
	if len(f.st.responses) != MaxResponses-1 {
		t.Errorf("response_url got %d messages; want %d, the rest through chat.postEphemeral", len(f.st.responses), MaxResponses-1)
	}
	var order []string
	for _, r := range f.st.responses {
		order = append(order, r.Text)
	}
	for _, e := range f.st.ephemerals {
		if e.Channel != "C123" || e.User != "U777" {
			t.Errorf("ephemeral to %s/%s", e.Channel, e.User)
		}
		order = append(order, e.Text)
	}
	for i, m := range msgs {
		if order[i] != m.Text {
			t.Errorf("part %d is %q, want %q", i+1, order[i], m.Text)
		}
	}
	last := f.st.ephemerals[len(f.st.ephemerals)-1]
	if !strings.Contains(fmt.Sprint(last.Blocks), ShareActionID) {
		t.Error("the last part has no Share button")
	}
}

func TestURLVerification(t *testing.T) {
	f := newHTTPFixture(t, nil)
	body := `{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`
	code, got := f.post(t, "/slack/events", "application/json", body, testSecret, testNow.Unix())
	var resp map[string]string
	if code != 200 || json.Unmarshal([]byte(got), &resp) != nil || resp["challenge"] != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Fatalf("url_verification: %d %q", code, got)
	}
	if code, _ := f.post(t, "/slack/events", "application/json", body, "wrong", testNow.Unix()); code != 401 {
		t.Errorf("unsigned url_verification: %d, want 401", code)
	}
	if code, _ := f.post(t, "/slack/events", "application/json", `{"type":"event_callback","event":{"type":"app_mention"}}`, testSecret, testNow.Unix()); code != 200 {
		t.Errorf("event_callback: %d, want 200", code)
	}
}

func TestShareButton(t *testing.T) {
	f := newHTTPFixture(t, nil)
	f.h.reply = func(req router.Request) reply.Reply {
		vis := reply.Caller
		if req.Text == "share" {
			vis = reply.Channel
		}
		return digestReply(2, vis, "")
	}
	// The digest shown to the caller carries the button.
	_, ack, _ := f.command(t, "", "d")
	var button map[string]any
	for _, b := range ack.Blocks {
		if b["type"] == "actions" {
			button = b["elements"].([]any)[0].(map[string]any)
		}
	}
	if button == nil || button["action_id"] != ShareActionID {
		t.Fatalf("no Share button in %v", ack.Blocks)
	}
	// A click on it.
	payload := map[string]any{
		"type":         "block_actions",
		"user":         map[string]any{"id": "U777", "name": "ana"},
		"channel":      map[string]any{"id": "C123", "name": "news"},
		"team":         map[string]any{"id": "T1"},
		"response_url": f.st.responseURLFor("click"),
		"trigger_id":   "1.2.3",
		"actions":      []any{map[string]any{"type": "button", "action_id": ShareActionID, "block_id": "brief_actions", "value": "share", "action_ts": "1700000000.1"}},
	}
	raw, _ := json.Marshal(payload)
	body := url.Values{"payload": {string(raw)}}.Encode()
	code, got := f.post(t, "/slack/interactions", formType, body, testSecret, testNow.Unix())
	if code != 200 || got != "" {
		t.Fatalf("interaction: %d %q; want an empty 200", code, got)
	}
	f.st.waitFor("the shared digest", func() bool { return len(f.st.responses) == 1 })
	f.st.mu.Lock()
	r := f.st.responses[0]
	f.st.mu.Unlock()
	if r.ResponseType != "in_channel" {
		t.Errorf("shared with response_type %q, want in_channel", r.ResponseType)
	}
	if strings.Contains(fmt.Sprint(r.Blocks), ShareActionID) {
		t.Error("the shared digest still has a Share button")
	}
	reqs := f.h.requests()
	if last := reqs[len(reqs)-1]; last.Text != "share" || last.ChannelID != "C123" || last.UserID != "U777" {
		t.Errorf("the click ran %+v; want share in C123 by U777", last)
	}
	// Unsigned clicks do nothing.
	if code, _ := f.post(t, "/slack/interactions", formType, body, "", 0); code != 401 {
		t.Errorf("unsigned click: %d", code)
	}
}

func TestBadInput(t *testing.T) {
	f := newHTTPFixture(t, nil)
	big := "text=" + strings.Repeat("a", 1<<20)
	tests := []struct {
		name, path, ctype, body string
		want                    int
	}{
		{"empty body", "/slack/commands", formType, "", 400},
		{"not form-encoded", "/slack/commands", "application/json", `{"text":"help"}`, 400},
		{"no content type", "/slack/commands", "", "text=help&channel_id=C1&user_id=U1", 400},
		{"form without a channel", "/slack/commands", formType, "text=help", 400},
		{"bad percent-encoding", "/slack/commands", formType, "text=%zz&channel_id=C1&user_id=U1", 400},
		{"1 MB body", "/slack/commands", formType, big, 413},
		{"event not JSON", "/slack/events", "application/json", "challenge", 400},
		{"interaction without payload", "/slack/interactions", formType, "x=1", 400},
		{"interaction payload not JSON", "/slack/interactions", formType, "payload=%7B", 400},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, got := f.post(t, tt.path, tt.ctype, tt.body, testSecret, testNow.Unix()-int64(i))
			if code != tt.want {
				t.Errorf("status %d, want %d (%q)", code, tt.want, got)
			}
		})
	}
	// An unknown command is the router's to explain; the adapter passes it on.
	f.h.reply = func(req router.Request) reply.Reply {
		_, err := router.Parse(req.Text)
		if err != nil {
			return reply.Reply{Kind: reply.Error, Summary: err.Error()}
		}
		return reply.Reply{Kind: reply.Notice, Summary: "ok"}
	}
	code, ack, _ := f.command(t, "show zzzz", "unknown")
	if code != 200 || ack.ResponseType != "ephemeral" || !strings.Contains(ack.Text, "is not an article id") {
		t.Errorf("unknown command: %d %+v", code, ack)
	}
}

func TestRoutesNeedSecret(t *testing.T) {
	st := newStandin(t)
	a := newTestAdapter(t, st, &fakeHandler{}, func(c *Config) { c.SigningSecret = "" })
	var m recMux
	a.Routes(&m)
	if len(m) != 0 {
		t.Errorf("without a signing secret, Routes mounted %v", m)
	}
	b := newTestAdapter(t, st, &fakeHandler{}, nil)
	b.Routes(&m)
	if fmt.Sprint(m) != "[POST /slack/commands POST /slack/events POST /slack/interactions]" {
		t.Errorf("Routes mounted %v", m)
	}
}

// The service's server is a mux Routes can mount on.
var _ interface{ Handle(string, http.Handler) } = (*httpserver.Server)(nil)

type recMux []string

func (m *recMux) Handle(p string, _ http.Handler) { *m = append(*m, p) }

func TestReplayRefusedOnEveryReplica(t *testing.T) {
	// Two replicas of the service share one database.
	path := filepath.Join(t.TempDir(), "brief.db")
	openStore := func() *store.Store {
		s, err := store.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	one := newHTTPFixture(t, func(c *Config) { c.Replays = openStore() })
	two := newHTTPFixture(t, func(c *Config) { c.Replays = openStore() })
	form := slashForm("schedule off")
	form.Set("response_url", one.st.responseURLFor("r"))
	body := form.Encode()
	if code, _ := one.post(t, "/slack/commands", formType, body, testSecret, testNow.Unix()); code != 200 {
		t.Fatalf("first request: %d", code)
	}
	for name, f := range map[string]*httpFixture{"the same replica": one, "another replica": two} {
		if code, got := f.post(t, "/slack/commands", formType, body, testSecret, testNow.Unix()); code != 401 || got != "" {
			t.Errorf("replay on %s: %d %q; want 401 and nothing else", name, code, got)
		}
	}
	if n := len(one.h.requests()) + len(two.h.requests()); n != 1 {
		t.Errorf("the handler ran %d times; want once", n)
	}
}

// failingLedger is a store that can't be written.
type failingLedger struct{}

func (failingLedger) RecordRequest(context.Context, string, time.Time, time.Time) (bool, error) {
	return false, errors.New("database is locked")
}

func TestLedgerFailureIsNotServed(t *testing.T) {
	f := newHTTPFixture(t, func(c *Config) { c.Replays = failingLedger{} })
	code, _ := f.post(t, "/slack/commands", formType, slashForm("help").Encode(), testSecret, testNow.Unix())
	if code != http.StatusServiceUnavailable || len(f.h.requests()) != 0 {
		t.Errorf("with the ledger down: %d, handler ran %d times; want 503 and nothing run", code, len(f.h.requests()))
	}
}

func TestSSLCheck(t *testing.T) {
	f := newHTTPFixture(t, nil)
	withCommand := slashForm("schedule off")
	withCommand.Set("ssl_check", "1")
	withCommand.Set("token", "gIkuvaNzQIHg97ATvDxqgjtO")
	tests := []struct {
		name, body string
		signed     bool
	}{
		{"as Slack sends it, unsigned", "ssl_check=1&token=gIkuvaNzQIHg97ATvDxqgjtO", false},
		{"signed", "ssl_check=1&token=gIkuvaNzQIHg97ATvDxqgjtO", true},
		{"with command fields, signed", withCommand.Encode(), true},
		{"with command fields, unsigned", withCommand.Encode(), false},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			secret := ""
			if tt.signed {
				secret = testSecret
			}
			code, got := f.post(t, "/slack/commands", formType, tt.body, secret, testNow.Unix()-int64(i))
			if code != 200 || got != "" {
				t.Errorf("ssl_check: %d %q; want an empty 200", code, got)
			}
		})
	}
	if n := len(f.h.requests()); n != 0 {
		t.Errorf("an ssl_check ran %d commands", n)
	}
	// ssl_check=0 is not a check: an unsigned one is refused.
	if code, _ := f.post(t, "/slack/commands", formType, "ssl_check=0&"+slashForm("help").Encode(), "", 0); code != 401 {
		t.Errorf("ssl_check=0 unsigned: %d, want 401", code)
	}
	// Only the command URL takes it.
	if code, _ := f.post(t, "/slack/interactions", formType, "ssl_check=1", "", 0); code != 401 {
		t.Errorf("ssl_check on /slack/interactions: %d, want 401", code)
	}
}

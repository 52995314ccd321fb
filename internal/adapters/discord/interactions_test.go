package discord

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"brief/internal/reply"
	"brief/internal/router"
)

var testNow = time.Date(2026, 3, 4, 8, 0, 0, 0, time.UTC)

// httpAdapter is an adapter in HTTP mode with a fixed clock.
func httpAdapter(t *testing.T, h router.Handler) (*Adapter, *restStandIn, signer) {
	t.Helper()
	rest := newREST(t)
	sg := newSigner(t)
	a := newAdapter(t, rest, h, func(c *Config) {
		c.PublicKey = sg.pub
		c.Now = func() time.Time { return testNow }
	})
	return a, rest, sg
}

func serve(a *Adapter, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	mux := http.NewServeMux()
	a.Routes(mux)
	mux.ServeHTTP(w, r)
	return w
}

// response decodes an interaction response body.
func response(t *testing.T, w *httptest.ResponseRecorder) discordgo.InteractionResponse {
	t.Helper()
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	var resp discordgo.InteractionResponse
	if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
		t.Fatalf("response %s: %v", w.Body, err)
	}
	return resp
}

func TestHTTPSignatures(t *testing.T) {
	a, _, sg := httpAdapter(t, &recorder{})
	other := newSigner(t)
	ping := `{"id":"p1","application_id":"app1","type":1,"token":"t","version":1}`
	tests := []struct {
		name   string
		req    func() *http.Request
		status int
		body   string
	}{
		{"ping", func() *http.Request { return sg.request(ping, testNow) }, 200, `{"type":1}`},
		{"ping 4 minutes old", func() *http.Request { return sg.request(withID(ping, "p2"), testNow.Add(-4*time.Minute)) }, 200, `{"type":1}`},
		{"wrong key", func() *http.Request { return other.request(ping, testNow) }, 401, ""},
		{"stale timestamp", func() *http.Request { return sg.request(ping, testNow.Add(-6*time.Minute)) }, 401, ""},
		{"future timestamp", func() *http.Request { return sg.request(ping, testNow.Add(6*time.Minute)) }, 401, ""},
		{"tampered body", func() *http.Request {
			r := sg.request(ping, testNow)
			r.Body = http.NoBody
			return r
		}, 401, ""},
		{"timestamp changed after signing", func() *http.Request {
			r := sg.request(ping, testNow)
			r.Header.Set("X-Signature-Timestamp", strconv.FormatInt(testNow.Unix()+1, 10))
			return r
		}, 401, ""},
		{"no signature", func() *http.Request {
			r := sg.request(ping, testNow)
			r.Header.Del("X-Signature-Ed25519")
			return r
		}, 401, ""},
		{"no timestamp", func() *http.Request {
			r := sg.request(ping, testNow)
			r.Header.Del("X-Signature-Timestamp")
			return r
		}, 401, ""},
		{"signature not hex", func() *http.Request {
			r := sg.request(ping, testNow)
			r.Header.Set("X-Signature-Ed25519", "zz")
			return r
		}, 401, ""},
		{"malformed json, signed", func() *http.Request { return sg.request(`{"type":`, testNow) }, 400, ""},
		{"unknown type, signed", func() *http.Request { return sg.request(`{"id":"x1","type":99,"token":"t"}`, testNow) }, 400, ""},
		{"command without token", func() *http.Request { return sg.request(`{"id":"x2","type":2,"data":{"name":"brief"}}`, testNow) }, 400, ""},
		{"oversized body", func() *http.Request {
			return sg.request(`{"type":1,"pad":"`+strings.Repeat("x", MaxInteractionBytes)+`"}`, testNow)
		}, 413, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := serve(a, tt.req())
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, w.Body)
			}
			if tt.body != "" && strings.TrimSpace(w.Body.String()) != tt.body {
				t.Errorf("body %s, want %s", w.Body, tt.body)
			}
		})
	}
}

func TestHTTPRoutesOnlyWithAPublicKey(t *testing.T) {
	rest := newREST(t)
	a := newAdapter(t, rest, &recorder{}, nil)
	mux := http.NewServeMux()
	a.Routes(mux)
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, httptest.NewRequest(http.MethodPost, InteractionsPath, strings.NewReader("{}")))
	if w.Code != http.StatusNotFound {
		t.Errorf("gateway mode mounted %s: status %d", InteractionsPath, w.Code)
	}
	a2, _, sg := httpAdapter(t, &recorder{})
	w = serve(a2, httptest.NewRequest(http.MethodGet, InteractionsPath, nil))
	if w.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET %s: status %d, want 405", InteractionsPath, w.Code)
	}
	_ = sg
}

func TestHTTPFastCommandIsAnsweredInTheResponse(t *testing.T) {
	h := &recorder{reply: briefingReply()}
	a, rest, sg := httpAdapter(t, h)
	w := serve(a, sg.request(interaction(todayOpts, 0), testNow))
	resp := response(t, w)
	if resp.Type != discordgo.InteractionResponseChannelMessageWithSource {
		t.Fatalf("type %d, want 4", resp.Type)
	}
	if resp.Data == nil || len(resp.Data.Embeds) != 1 || !strings.HasPrefix(resp.Data.Embeds[0].Title, "Kim Jong Un") {
		t.Fatalf("data %s", w.Body)
	}
	if resp.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Error("a reply for the caller must be ephemeral")
	}
	if !strings.Contains(w.Body.String(), `"allowed_mentions":{"parse":[]`) {
		t.Errorf("no empty parse list: %s", w.Body)
	}
	reqs := h.requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests reached the handler", len(reqs))
	}
	got := reqs[0]
	if got.Platform != "discord" || got.ChannelID != "c1" || got.UserID != "u1" || got.Command == nil || got.Command.Name != router.CmdDigest {
		t.Errorf("request %+v", got)
	}
	time.Sleep(50 * time.Millisecond)
	if n := len(rest.requests()); n != 0 {
		t.Errorf("a one-message reply needs no REST call, got %v", rest.paths())
	}
}

func TestHTTPChannelReplyIsNotEphemeral(t *testing.T) {
	r := briefingReply()
	r.Visibility = reply.Channel
	a, _, sg := httpAdapter(t, &recorder{reply: r})
	resp := response(t, serve(a, sg.request(interaction(todayOpts, 0), testNow)))
	if resp.Data.Flags&discordgo.MessageFlagsEphemeral != 0 {
		t.Error("a reply for the channel must not be ephemeral")
	}
}

func TestHTTPLongReplySendsFollowUpsInOrder(t *testing.T) {
	a, rest, sg := httpAdapter(t, &recorder{reply: digestReply(60)})
	n := len(Render(digestReply(60)))
	resp := response(t, serve(a, sg.request(interaction(todayOpts, 0), testNow)))
	if resp.Type != discordgo.InteractionResponseChannelMessageWithSource || !strings.HasSuffix(resp.Data.Embeds[0].Title, "(1/"+strconv.Itoa(n)+")") {
		t.Fatalf("first answer: type %d, title %q", resp.Type, resp.Data.Embeds[0].Title)
	}
	got := rest.waitFor(http.MethodPost, "/webhooks/app1/tok-secret", n-1)
	for i, r := range got {
		body := string(r.Body)
		if !strings.Contains(body, "("+strconv.Itoa(i+2)+"/"+strconv.Itoa(n)+")") {
			t.Errorf("follow-up %d out of order: %.120s", i, body)
		}
		// A digest for the channel: follow-ups are public like the first.
		if !strings.Contains(body, `"allowed_mentions":{"parse":[]`) || strings.Contains(body, `"flags":64`) {
			t.Errorf("follow-up %d: %.300s", i, body)
		}
		if r.Query != "wait=true" {
			t.Errorf("follow-up query %q", r.Query)
		}
	}
}

func TestHTTPSlowCommandIsDeferredThenEdited(t *testing.T) {
	slow := digestReply(30)
	slow.Visibility = reply.Caller
	h := &recorder{reply: slow, delay: 600 * time.Millisecond}
	a, rest, sg := httpAdapter(t, h)
	start := time.Now()
	w := serve(a, sg.request(interaction(todayOpts, 0), testNow))
	took := time.Since(start)
	resp := response(t, w)
	if resp.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Fatalf("type %d, want 5 (deferred): %s", resp.Type, w.Body)
	}
	if resp.Data == nil || resp.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Errorf("the deferral must carry the ephemeral flag decided up front: %s", w.Body)
	}
	if took > a.cfg.AckBudget+500*time.Millisecond || took > 3*time.Second {
		t.Errorf("deferral took %v (budget %v)", took, a.cfg.AckBudget)
	}
	edit := rest.waitFor(http.MethodPatch, "/webhooks/app1/tok-secret/messages/@original", 1)
	if !strings.Contains(string(edit[0].Body), "Your news briefing (1/") || !strings.Contains(string(edit[0].Body), `"allowed_mentions":{"parse":[]`) {
		t.Errorf("edit of @original: %.300s", edit[0].Body)
	}
	n := len(Render(digestReply(30)))
	follow := rest.waitFor(http.MethodPost, "/webhooks/app1/tok-secret", n-1)
	for _, f := range follow {
		if !strings.Contains(string(f.Body), `"flags":64`) {
			t.Errorf("a follow-up of an ephemeral reply must be ephemeral: %.200s", f.Body)
		}
	}
	// The edit comes before the follow-ups.
	var order []string
	for _, r := range rest.requests() {
		order = append(order, r.Method)
	}
	if order[0] != http.MethodPatch {
		t.Errorf("requests in order %v: the edit of @original comes first", order)
	}
}

func TestHTTPBadCommandsGetAClearEphemeralReply(t *testing.T) {
	h := &recorder{reply: briefingReply()}
	a, _, sg := httpAdapter(t, h)
	tests := []struct {
		name, body, want string
	}{
		{"missing question", interaction(`[{"name":"ask","type":1}]`, 0), "Ask what?"},
		{"unknown subcommand", interaction(`[{"name":"launch","type":1}]`, 0), "There is no /brief launch"},
		{"other command", strings.Replace(interaction(todayOpts, 0), `"name":"brief"`, `"name":"news"`, 1), "only knows /brief"},
		{"component click", `{"id":"i2","application_id":"app1","type":3,"token":"t2","data":{"custom_id":"x","component_type":2}}`, "nothing to click"},
	}
	for n, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := serve(a, sg.request(withID(tt.body, fmt.Sprint("bad", n)), testNow))
			resp := response(t, w)
			if resp.Type != discordgo.InteractionResponseChannelMessageWithSource || resp.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
				t.Errorf("want an ephemeral type-4 answer: %s", w.Body)
			}
			if !strings.Contains(w.Body.String(), tt.want) {
				t.Errorf("answer %s lacks %q", w.Body, tt.want)
			}
		})
	}
	if n := len(h.requests()); n != 0 {
		t.Errorf("%d bad commands reached the handler", n)
	}
	w := serve(a, sg.request(`{"id":"i3","application_id":"app1","type":4,"token":"t3","data":{"name":"brief","type":1,"options":[]}}`, testNow))
	if resp := response(t, w); resp.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
		t.Errorf("autocomplete: %s", w.Body)
	}
}

func TestHTTPSettingsNeedManageChannels(t *testing.T) {
	h := &recorder{reply: reply.Reply{Kind: reply.Notice, Summary: "ok"}}
	a, _, sg := httpAdapter(t, h)
	sched := `[{"name":"schedule","type":1,"options":[{"name":"time","type":3,"value":"08:00"}]}]`
	for _, tc := range []struct {
		perms int64
		want  bool
	}{
		{0, false},
		{discordgo.PermissionSendMessages, false},
		{discordgo.PermissionManageChannels, true},
		{discordgo.PermissionAdministrator, true},
	} {
		response(t, serve(a, sg.request(withID(interaction(sched, tc.perms), fmt.Sprint("perms", tc.perms)), testNow)))
		reqs := h.requests()
		req := reqs[len(reqs)-1]
		if !req.Command.Settings() {
			t.Fatalf("schedule 08:00 is a settings command: %+v", req.Command)
		}
		ok, err := req.Auth.CanManage(context.Background())
		if err != nil || ok != tc.want {
			t.Errorf("permissions %d: CanManage %v, %v; want %v", tc.perms, ok, err, tc.want)
		}
	}
}

func TestHTTPHandlerPanicIsAnError(t *testing.T) {
	// A router with no library panics on the digest; it answers anyway.
	a, _, sg := httpAdapter(t, router.New(router.Config{}))
	w := serve(a, sg.request(interaction(todayOpts, 0), testNow))
	if !strings.Contains(w.Body.String(), "Something went wrong") {
		t.Errorf("answer %s", w.Body)
	}
}

func FuzzInteractionBody(f *testing.F) {
	f.Add(`{"id":"p","type":1,"token":"t"}`)
	f.Add(interaction(todayOpts, 16))
	f.Add(interaction(`[{"name":"feed","type":2,"options":[{"name":"add","type":1,"options":[{"name":"url","type":3,"value":"https://x.y/rss"}]}]}]`, 16))
	f.Add(interaction(`[{"name":"schedule","type":1,"options":[{"name":"time","type":3,"value":7}]}]`, 0))
	f.Add(`{"type":2,"id":"x","token":"t","data":{"name":"brief","options":[{"type":2,"name":"feed","options":[null]}]}}`)
	f.Add(`{"type":3,"id":"x","token":"t","data":null}`)
	f.Add(`[]`)
	rest := newREST(f)
	sg := newSigner(f)
	h := handlerFunc(func(context.Context, router.Request) reply.Reply { return hostileReply() })
	a := newAdapter(f, rest, h, func(c *Config) {
		c.PublicKey = sg.pub
		c.Now = func() time.Time { return testNow }
		c.Replays = everFresh{} // the same id comes back in many inputs: the body is under test here
	})
	f.Fuzz(func(t *testing.T, body string) {
		w := serve(a, sg.request(body, testNow))
		switch w.Code {
		case http.StatusOK:
			var resp discordgo.InteractionResponse
			if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
				t.Fatalf("200 with a body that isn't a response: %s", w.Body)
			}
			if strings.Contains(w.Body.String(), `"embeds"`) && !strings.Contains(w.Body.String(), `"allowed_mentions":{"parse":[]`) {
				t.Fatalf("a message without an empty parse list: %s", w.Body)
			}
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
		default:
			t.Fatalf("status %d for %q", w.Code, body)
		}
	})
}

// FuzzInteractionRequest fuzzes POST /discord/interactions with whole
// requests, arbitrary headers and bodies, signed or not, replays
// included: the answer is 200, 400, 401 or 413; nothing unsigned is
// served; and every message answered says allowed_mentions parse [].
func FuzzInteractionRequest(f *testing.F) {
	f.Add("Content-Type: application/json", `{"id":"p","type":1,"token":"t"}`, true, int64(0))
	f.Add("Content-Type: application/json", interaction(todayOpts, 16), true, int64(-200))
	f.Add("Content-Type: application/json", fmt.Sprintf(docChannelObjectOnly, briefSched), true, int64(0))
	f.Add("Content-Type: application/json", fmt.Sprintf(docOddFields, briefAsk), true, int64(299))
	f.Add("Content-Type: application/json\nX-Signature-Ed25519: 00\nX-Signature-Timestamp: 1", interaction(todayOpts, 0), false, int64(0))
	f.Add("Transfer-Encoding: chunked", "5\r\n{\"id\"\r\n0\r\n\r\n", true, int64(0))
	f.Add("Content-Length: 2", `[]`, true, int64(1<<40))
	rest := newREST(f)
	sg := newSigner(f)
	h := handlerFunc(func(context.Context, router.Request) reply.Reply { return hostileReply() })
	a := newAdapter(f, rest, h, func(c *Config) {
		c.PublicKey = sg.pub
		c.Now = func() time.Time { return testNow }
	})
	mux := http.NewServeMux()
	a.Routes(mux)
	f.Fuzz(func(t *testing.T, head, body string, signed bool, skew int64) {
		head = strings.ReplaceAll(strings.ReplaceAll(head, "\r\n", "\n"), "\n", "\r\n")
		if head != "" && !strings.HasSuffix(head, "\r\n") {
			head += "\r\n"
		}
		req, err := http.ReadRequest(bufio.NewReader(strings.NewReader("POST " + InteractionsPath + " HTTP/1.1\r\nHost: brief.example\r\n" + head + "\r\n" + body)))
		if err != nil {
			return
		}
		raw, err := io.ReadAll(io.LimitReader(req.Body, 1<<20))
		if err != nil {
			return
		}
		req.Body = io.NopCloser(bytes.NewReader(raw))
		req.RequestURI = ""
		if signed {
			ts := strconv.FormatInt(testNow.Unix()+skew%600, 10)
			req.Header.Set("X-Signature-Timestamp", ts)
			req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(sg.priv, append([]byte(ts), raw...))))
		}
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, req)
		switch w.Code {
		case http.StatusOK:
			if !signed {
				t.Fatalf("an unsigned request was served: %s", w.Body)
			}
			var resp map[string]any
			if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
				t.Fatalf("200 with a body that isn't a response: %s", w.Body)
			}
			if strings.Contains(w.Body.String(), `"embeds"`) && !strings.Contains(w.Body.String(), `"allowed_mentions":{"parse":[]`) {
				t.Fatalf("a message without an empty parse list: %s", w.Body)
			}
		case http.StatusBadRequest, http.StatusUnauthorized, http.StatusRequestEntityTooLarge:
		default:
			t.Fatalf("status %d for %q %q", w.Code, head, body)
		}
	})
}

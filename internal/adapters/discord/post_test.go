package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"brief/internal/channel"
	"brief/internal/post"
	"brief/internal/reply"
)

var chanC1 = channel.Key{Platform: Platform, ID: "c1"}

func TestPostSendsMessagesInOrderThroughTheRewritingTransport(t *testing.T) {
	rest := newREST(t)
	a := newAdapter(t, rest, &recorder{}, nil)
	msgs := reply.Split(digestReply(40))
	if len(msgs) < 2 {
		t.Fatalf("want a multi-message digest, got %d", len(msgs))
	}
	if sent, err := a.Post(context.Background(), chanC1, digestReply(40), 0); err != nil || sent != len(msgs) {
		t.Fatalf("Post: %d sent, %v", sent, err)
	}
	got := rest.matching(http.MethodPost, "/messages")
	if len(got) != len(msgs) {
		t.Fatalf("%d messages posted, want %d: %v", len(got), len(msgs), rest.paths())
	}
	for i, r := range got {
		if r.Path != "/api/v9/channels/c1/messages" {
			t.Errorf("path %q: the transport must keep discordgo's path", r.Path)
		}
		if auth := r.Header.Get("Authorization"); auth != "Bot test-token" {
			t.Errorf("authorization %q", auth)
		}
		body := string(r.Body)
		if !strings.Contains(body, `"allowed_mentions":{"parse":[]`) {
			t.Errorf("message %d without an empty parse list: %s", i, body)
		}
		if !strings.Contains(body, fmt.Sprintf("(%d/%d)", i+1, len(msgs))) {
			t.Errorf("message %d out of order: %.200s", i, body)
		}
	}
}

func TestPostErrors(t *testing.T) {
	html := http.Header{"Content-Type": {"text/html"}}
	tests := []struct {
		name      string
		status    int
		header    http.Header
		body      string
		retry     time.Duration // want *post.RetryAfter with this wait
		permanent string        // want *post.Permanent whose reason has this
	}{
		{name: "429 json", status: 429, body: `{"message":"You are being rate limited.","retry_after":1.5,"global":false}`, retry: 1500 * time.Millisecond},
		{name: "429 json with header", status: 429, header: http.Header{"Retry-After": {"3"}}, body: `{"message":"slow down","retry_after":0.25}`, retry: 250 * time.Millisecond},
		{name: "429 html with Retry-After", status: 429, header: http.Header{"Content-Type": {"text/html"}, "Retry-After": {"7"}}, body: "<html><body>Too Many Requests</body></html>", retry: 7 * time.Second},
		{name: "429 html without header", status: 429, header: html, body: "<html>slow down</html>", retry: DefaultRetryAfter},
		{name: "429 empty body", status: 429, retry: DefaultRetryAfter},
		{name: "500", status: 500, header: html, body: "<html>oops</html>"},
		{name: "502", status: 502, body: `{"message":"bad gateway"}`},
		{name: "missing access", status: 403, body: `{"message":"Missing Access","code":50001}`, permanent: "Missing Access"},
		{name: "missing permissions", status: 403, body: `{"message":"Missing Permissions","code":50013}`, permanent: "Missing Permissions"},
		{name: "unknown channel", status: 404, body: `{"message":"Unknown Channel","code":10003}`, permanent: "Unknown Channel"},
		{name: "bad token", status: 401, body: `{"message":"401: Unauthorized","code":0}`, permanent: "DISCORD_BOT_TOKEN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rest := newREST(t)
			a := newAdapter(t, rest, &recorder{}, nil)
			rest.queue("/messages", tt.status, tt.header, tt.body)
			_, err := a.Post(context.Background(), chanC1, briefingReply(), 0)
			if err == nil {
				t.Fatal("no error")
			}
			after, isRetry := post.RetryAfterOf(err)
			perm, isPerm := post.IsPermanent(err)
			switch {
			case tt.retry > 0:
				if !isRetry || after != tt.retry {
					t.Errorf("err %v: want RetryAfter %v, got %v (%v)", err, tt.retry, after, isRetry)
				}
			case tt.permanent != "":
				if !isPerm || !strings.Contains(perm.Reason, tt.permanent) {
					t.Errorf("err %v: want Permanent about %q", err, tt.permanent)
				}
			default:
				if isRetry || isPerm {
					t.Errorf("err %v: want a plain (temporary) error", err)
				}
			}
			if len(err.Error()) > 600 {
				t.Errorf("error message too long: %d bytes", len(err.Error()))
			}
			if strings.Contains(err.Error(), "test-token") {
				t.Errorf("error shows the token: %v", err)
			}
		})
	}
}

func TestPostStopsAtTheFirstFailureAndSaysHowFarItGot(t *testing.T) {
	rest := newREST(t)
	a := newAdapter(t, rest, &recorder{}, nil)
	digest := digestReply(40)
	msgs := reply.Split(digest)
	if len(msgs) < 3 {
		t.Fatalf("want 3+ messages, got %d", len(msgs))
	}
	// The first message goes out, the second is rate limited.
	rest.queue("/messages", 200, nil, `{"id":"m0"}`)
	rest.queue("/messages", 429, nil, `{"retry_after":0.1}`)
	sent, err := a.Post(context.Background(), chanC1, digest, 0)
	if _, ok := post.RetryAfterOf(err); !ok || sent != 1 {
		t.Fatalf("want RetryAfter after 1 message, got %d, %v", sent, err)
	}
	if n := len(rest.matching(http.MethodPost, "/messages")); n != 2 {
		t.Fatalf("%d requests after the failure, want 2 (stop at the first failure)", n)
	}
	// The scheduler resumes from the message that failed.
	if sent, err := a.Post(context.Background(), chanC1, digest, 1); err != nil || sent != len(msgs)-1 {
		t.Fatalf("resumed: %d sent, %v", sent, err)
	}
	got := rest.matching(http.MethodPost, "/messages")
	if len(got) != 2+len(msgs)-1 {
		t.Fatalf("%d requests in all, want %d", len(got), 2+len(msgs)-1)
	}
	if !strings.Contains(string(got[2].Body), "(2/") {
		t.Errorf("the retry should start at message 2: %.200s", got[2].Body)
	}
}

func TestPostTimesOut(t *testing.T) {
	rest := newREST(t)
	rest.hang = make(chan struct{})
	t.Cleanup(func() { close(rest.hang) })
	a := newAdapter(t, rest, &recorder{}, func(c *Config) { c.Timeout = 200 * time.Millisecond })
	start := time.Now()
	_, err := a.Post(context.Background(), chanC1, briefingReply(), 0)
	if err == nil {
		t.Fatal("no error from a REST API that never answers")
	}
	if _, ok := post.IsPermanent(err); ok {
		t.Errorf("a timeout is temporary: %v", err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("took %v with a 200ms timeout", took)
	}
}

func TestPostRefusesOtherPlatforms(t *testing.T) {
	rest := newREST(t)
	a := newAdapter(t, rest, &recorder{}, nil)
	_, err := a.Post(context.Background(), channel.Key{Platform: "slack", ID: "C1"}, briefingReply(), 0)
	if _, ok := post.IsPermanent(err); !ok {
		t.Errorf("want Permanent, got %v", err)
	}
	if len(rest.requests()) != 0 {
		t.Error("nothing should be sent")
	}
}

func TestRetryAfterHeader(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"":     0,
		"2":    2 * time.Second,
		"0.5":  500 * time.Millisecond,
		"-1":   0,
		"soon": 0,
		now.Add(9 * time.Second).Format(http.TimeFormat): 9 * time.Second,
	} {
		if got := retryAfterHeader(v, now); got != want {
			t.Errorf("retryAfterHeader(%q) = %v, want %v", v, got, want)
		}
	}
}

func TestPostHostileArticlePingsNobody(t *testing.T) {
	rest := newREST(t)
	a := newAdapter(t, rest, &recorder{}, nil)
	if _, err := a.Post(context.Background(), chanC1, hostileReply(), 0); err != nil {
		t.Fatal(err)
	}
	got := rest.matching(http.MethodPost, "/messages")
	if len(got) != 1 {
		t.Fatalf("%d messages", len(got))
	}
	var sent struct {
		AllowedMentions *struct {
			Parse []string `json:"parse"`
		} `json:"allowed_mentions"`
	}
	if err := json.Unmarshal(got[0].Body, &sent); err != nil {
		t.Fatal(err)
	}
	if sent.AllowedMentions == nil || sent.AllowedMentions.Parse == nil || len(sent.AllowedMentions.Parse) != 0 {
		t.Errorf("allowed_mentions.parse must be an empty list, not null or missing: %s", got[0].Body)
	}
}

package slack

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"brief/internal/channel"
	"brief/internal/library"
	"brief/internal/post"
	"brief/internal/reply"
	"brief/internal/router"
	"brief/internal/store"
)

var slackChannel = channel.Key{Platform: "slack", ID: "C123"}

func TestPost(t *testing.T) {
	st := newStandin(t)
	a := newTestAdapter(t, st, &fakeHandler{}, nil)
	msgs := reply.Split(digestReply(40, reply.Channel, ""))
	if len(msgs) < 2 {
		t.Fatalf("the test digest splits into %d message(s)", len(msgs))
	}
	if sent, err := a.Post(context.Background(), slackChannel, digestReply(40, reply.Channel, ""), 0); err != nil || sent != len(msgs) {
		t.Fatalf("Post: %d sent, %v", sent, err)
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if len(st.posts) != len(msgs) {
		t.Fatalf("chat.postMessage got %d messages, want %d", len(st.posts), len(msgs))
	}
	for i, p := range st.posts {
		if p.Channel != "C123" {
			t.Errorf("message %d to %q", i+1, p.Channel)
		}
		if !strings.Contains(p.Text, msgs[i].Title) {
			t.Errorf("message %d is %q; want %q first (in order)", i+1, p.Text, msgs[i].Title)
		}
		if len(p.Blocks) == 0 || strings.Contains(strings.Join(texts(p.Blocks), " "), "Share in channel") {
			t.Errorf("message %d: %d blocks, or a Share button in a scheduled post", i+1, len(p.Blocks))
		}
	}
}

func TestPostErrors(t *testing.T) {
	slackErr := func(code string) func(int) (int, http.Header, string) {
		return func(int) (int, http.Header, string) { return 200, nil, `{"ok":false,"error":"` + code + `"}` }
	}
	tests := []struct {
		name      string
		reply     func(n int) (int, http.Header, string)
		retry     time.Duration // want a *post.RetryAfter of this
		permanent string        // want a *post.Permanent whose reason says this
		posted    int           // messages that went through before the failure
	}{
		{name: "rate limited", reply: func(int) (int, http.Header, string) {
			return 429, http.Header{"Retry-After": {"7"}}, `{"ok":false,"error":"ratelimited"}`
		}, retry: 7 * time.Second},
		{name: "server error", reply: func(int) (int, http.Header, string) { return 500, nil, "<html>oops</html>" }},
		{name: "bad gateway on the second", reply: func(n int) (int, http.Header, string) {
			if n == 2 {
				return 502, nil, ""
			}
			return 0, nil, ""
		}, posted: 1},
		{name: "internal_error", reply: slackErr("internal_error")},
		{name: "channel_not_found", reply: slackErr("channel_not_found"), permanent: "doesn't exist"},
		{name: "not_in_channel", reply: slackErr("not_in_channel"), permanent: "/invite"},
		{name: "is_archived", reply: slackErr("is_archived"), permanent: "archived"},
		{name: "invalid_auth", reply: slackErr("invalid_auth"), permanent: "SLACK_BOT_TOKEN"},
		{name: "account_inactive", reply: slackErr("account_inactive"), permanent: "deactivated"},
		{name: "token_revoked", reply: slackErr("token_revoked"), permanent: "revoked"},
		{name: "missing_scope", reply: slackErr("missing_scope"), permanent: "chat:write"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newStandin(t)
			st.postReply = tt.reply
			a := newTestAdapter(t, st, &fakeHandler{}, nil)
			sent, err := a.Post(context.Background(), slackChannel, digestReply(40, reply.Channel, ""), 0)
			if err == nil {
				t.Fatal("Post succeeded")
			}
			if sent != tt.posted {
				t.Errorf("Post says %d sent; want %d", sent, tt.posted)
			}
			after, isRetry := post.RetryAfterOf(err)
			perm, isPerm := post.IsPermanent(err)
			switch {
			case tt.retry > 0:
				if !isRetry || after != tt.retry {
					t.Errorf("err = %v; want retry after %s", err, tt.retry)
				}
			case tt.permanent != "":
				if !isPerm || !strings.Contains(perm.Reason, tt.permanent) {
					t.Errorf("err = %v; want permanent, saying %q", err, tt.permanent)
				}
			default:
				if isRetry || isPerm {
					t.Errorf("err = %v; want a temporary error", err)
				}
			}
			st.mu.Lock()
			defer st.mu.Unlock()
			if len(st.posts) != tt.posted {
				t.Errorf("%d messages posted; want %d (stop at the first failure)", len(st.posts), tt.posted)
			}
		})
	}
}

func TestPostWrongPlatform(t *testing.T) {
	st := newStandin(t)
	a := newTestAdapter(t, st, &fakeHandler{}, nil)
	_, err := a.Post(context.Background(), channel.Key{Platform: "discord", ID: "1"}, reply.Reply{Summary: "x"}, 0)
	if _, ok := post.IsPermanent(err); !ok {
		t.Errorf("err = %v; want permanent", err)
	}
}

func TestAdminCheck(t *testing.T) {
	st := newStandin(t)
	st.setUser("UOWNER", "owner")
	st.setUser("UWSADMIN", "admin")
	st.setUser("UPRIMARY", "primary_owner")
	st.setUser("UMEMBER", "")
	now := testNow
	a := newTestAdapter(t, st, &fakeHandler{}, func(c *Config) { c.Now = func() time.Time { return now } })
	tests := []struct {
		user  string
		want  bool
		calls int // users.info calls for this user
	}{
		{"UADMIN", true, 0}, // BRIEF_ADMINS: no need to ask Slack
		{"UOWNER", true, 1},
		{"UWSADMIN", true, 1},
		{"UPRIMARY", true, 1},
		{"UMEMBER", false, 1},
		{"", false, 0},
	}
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.user, func(t *testing.T) {
			auth := a.admins.authorizer(tt.user)
			for range 3 { // asked again, the answer comes from the cache
				ok, err := auth.CanManage(ctx)
				if err != nil || ok != tt.want {
					t.Fatalf("CanManage = %v, %v; want %v", ok, err, tt.want)
				}
			}
			st.mu.Lock()
			defer st.mu.Unlock()
			calls := 0
			for _, u := range st.userCalls {
				if u == tt.user {
					calls++
				}
			}
			if calls != tt.calls {
				t.Errorf("users.info asked %d times; want %d", calls, tt.calls)
			}
		})
	}
	// The cache is brief: a demoted admin loses the right after the TTL.
	st.setUser("UOWNER", "")
	now = now.Add(2 * time.Minute)
	if ok, _ := a.admins.authorizer("UOWNER").CanManage(ctx); ok {
		t.Error("a demoted owner still may manage after the cache expired")
	}
	// users.info failing is an error, not a yes.
	if ok, err := a.admins.authorizer("UNOBODY").CanManage(ctx); ok || err == nil {
		t.Errorf("unknown user: %v, %v; want an error", ok, err)
	}
}

// TestAdminThroughRouter runs settings commands through the real router:
// a member is refused politely, an admin schedules.
func TestAdminThroughRouter(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "brief.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	lib, err := library.Open(ctx, s, func() time.Time { return testNow })
	if err != nil {
		t.Fatal(err)
	}
	r := router.New(router.Config{Library: lib, Store: s, Now: func() time.Time { return testNow }})
	f := newHTTPFixture(t, func(c *Config) { c.Handler = r })
	f.st.setUser("UWSADMIN", "admin")
	f.st.setUser("U777", "")

	_, ack, _ := f.command(t, "schedule 08:00 Europe/Berlin", "m")
	if ack.ResponseType != "ephemeral" || !strings.Contains(ack.Text, "only a channel manager can change this channel") {
		t.Errorf("member: %+v; want the router's polite refusal, to the caller", ack)
	}
	form := slashForm("schedule 08:00 Europe/Berlin")
	form.Set("user_id", "UWSADMIN")
	form.Set("response_url", f.st.responseURLFor("adm"))
	code, body := f.post(t, "/slack/commands", formType, form.Encode(), testSecret, testNow.Unix())
	if code != 200 || !strings.Contains(body, "Scheduled") {
		t.Errorf("workspace admin: %d %s", code, body)
	}
	if _, err := s.Schedule(ctx, slackChannel); err != nil {
		t.Errorf("the schedule was not stored: %v", err)
	}
	// Listing needs no rights and no users.info call.
	f.st.mu.Lock()
	before := len(f.st.userCalls)
	f.st.mu.Unlock()
	if _, ack, _ := f.command(t, "list", "l"); ack.Text == "" {
		t.Error("list: empty ack")
	}
	f.st.mu.Lock()
	defer f.st.mu.Unlock()
	if len(f.st.userCalls) != before {
		t.Error("a command that changes nothing asked users.info")
	}
}

func TestClassify(t *testing.T) {
	if err := classify(errors.New("dial tcp: refused")); err.Error() != "dial tcp: refused" {
		t.Errorf("a network error became %v", err)
	}
}

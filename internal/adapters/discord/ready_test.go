package discord

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// logBuffer collects what the adapter logs.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitReady polls a.Ready until ok says its error is the one wanted.
func waitReady(t *testing.T, a *Adapter, what string, ok func(error) bool) error {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		err := a.Ready()
		if ok(err) {
			return err
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: Ready() = %v", what, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestInviteURL(t *testing.T) {
	if Permissions != 274877991936 {
		t.Errorf("Permissions = %d, want View Channels, Send Messages, Send Messages in Threads, Embed Links and Read Message History (274877991936)", Permissions)
	}
	u, err := url.Parse(InviteURL("123456789012345678", ""))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if u.Scheme != "https" || u.Host != "discord.com" || u.Path != "/oauth2/authorize" ||
		q.Get("client_id") != "123456789012345678" || q.Get("scope") != "bot applications.commands" || q.Get("permissions") != "274877991936" || q.Has("guild_id") {
		t.Errorf("InviteURL = %s", u)
	}
	if q := mustQuery(t, InviteURL("1", "987654321098765432")); q.Get("guild_id") != "987654321098765432" {
		t.Errorf("with a guild: %v", q)
	}
}

func mustQuery(t *testing.T, s string) url.Values {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}

// Registration is tried again, with backoff, until Discord takes it;
// Ready says /brief is not registered until then.
func TestKeepRegisteringRetriesUntilItSucceeds(t *testing.T) {
	rest := newREST(t)
	rest.queue("/commands", http.StatusInternalServerError, nil, `{"message":"500: Internal Server Error","code":0}`)
	rest.queue("/commands", http.StatusBadGateway, nil, `<html>bad gateway</html>`)
	logs := &logBuffer{}
	a := newAdapter(t, rest, &recorder{}, func(c *Config) {
		c.PublicKey = make([]byte, 32) // HTTP mode: no gateway to wait for
		c.RegisterMin, c.RegisterMax = 10*time.Millisecond, 40*time.Millisecond
		c.Logger = slog.New(slog.NewTextHandler(logs, nil))
	})
	if err := a.Ready(); err == nil || !strings.Contains(err.Error(), "/brief is not registered") {
		t.Errorf("before registering: Ready() = %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- a.KeepRegistering(context.Background()) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("KeepRegistering did not succeed; log:\n%s", logs)
	}
	if err := a.Ready(); err != nil {
		t.Errorf("after registering: Ready() = %v", err)
	}
	if n := len(rest.matching(http.MethodPut, "/commands")); n != 1 {
		t.Errorf("%d bulk overwrites, want 1", n)
	}
	if n := strings.Count(logs.String(), "registering /brief failed; trying again"); n != 2 {
		t.Errorf("%d failures logged, want 2:\n%s", n, logs)
	}
	// The bot is in no server (the stand-in lists none): the log says how to add it.
	if !strings.Contains(logs.String(), "the bot is in no Discord server yet") || !strings.Contains(logs.String(), "permissions=274877991936") {
		t.Errorf("no invite link in the log:\n%s", logs)
	}
}

// A refusal in the guild says how to add the bot there; a stop ends the tries.
func TestKeepRegisteringInAGuildTheBotIsNotIn(t *testing.T) {
	rest := newREST(t)
	for range 50 {
		rest.queue("/commands", http.StatusForbidden, nil, `{"message":"Missing Access","code":50001}`)
	}
	a := newAdapter(t, rest, &recorder{}, func(c *Config) {
		c.GuildID = "987654321098765432"
		c.RegisterMin, c.RegisterMax = 10*time.Millisecond, 20*time.Millisecond
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.KeepRegistering(ctx) }()
	err := waitReady(t, a, "a refused registration", func(err error) bool { return err != nil && strings.Contains(err.Error(), "403") })
	if !strings.Contains(err.Error(), "is the bot in server 987654321098765432? add it with https://discord.com/oauth2/authorize?") {
		t.Errorf("Ready() = %v", err)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("KeepRegistering did not stop with its context")
	}
}

// Over the gateway, ready needs READY (or RESUMED) on a live connection.
func TestGatewayReadiness(t *testing.T) {
	gw := newGateway(t)
	rest := newREST(t)
	rest.gateway = gw.URL()
	logs := &logBuffer{}
	a := newAdapter(t, rest, &recorder{}, func(c *Config) { c.Logger = slog.New(slog.NewTextHandler(logs, nil)) })
	if err := a.KeepRegistering(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := a.Ready(); err == nil || !strings.Contains(err.Error(), "the gateway is not ready: not connected yet") {
		t.Errorf("before Run: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	c1 := gw.next()
	c1.expect(2)
	if err := a.Ready(); err == nil {
		t.Error("ready before READY")
	}
	c1.dispatch("READY", fmt.Sprintf(`{"v":9,"session_id":"sess-1","resume_gateway_url":%q,"user":{"id":"bot1","username":"brief"},"guilds":[],"application":{"id":"app1"}}`, gw.URL()), 1)
	waitReady(t, a, "after READY", func(err error) bool { return err == nil })
	if !strings.Contains(logs.String(), "the bot is in no Discord server yet") {
		t.Errorf("READY with no servers logs no invite link:\n%s", logs)
	}
	c1.drop()
	waitReady(t, a, "after the connection dropped", func(err error) bool { return err != nil && strings.Contains(err.Error(), "gateway is not ready") })
	c2 := gw.next()
	c2.expect(6)
	c2.dispatch("RESUMED", `{}`, 2)
	waitReady(t, a, "after RESUMED", func(err error) bool { return err == nil })
	cancel()
	<-done
}

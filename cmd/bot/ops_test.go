package main

import (
	"net/url"
	"strings"
	"testing"
)

func TestDiscordInvite(t *testing.T) {
	out, _, err := runBot(t, map[string]string{"DISCORD_APP_ID": "1100000000000000001"}, "discord", "invite")
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(strings.TrimSpace(out))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if u.Host != "discord.com" || q.Get("client_id") != "1100000000000000001" || q.Get("scope") != "bot applications.commands" || q.Get("permissions") != "274877926400" {
		t.Errorf("bot discord invite = %s", out)
	}
	out, _, err = runBot(t, map[string]string{"DISCORD_APP_ID": "1100000000000000001", "DISCORD_GUILD_ID": "987654321098765432"}, "discord", "invite")
	if err != nil || !strings.Contains(out, "guild_id=987654321098765432") {
		t.Errorf("with a guild: %v %s", err, out)
	}
	for name, env := range map[string]map[string]string{
		"no app id":    nil,
		"not an id":    {"DISCORD_APP_ID": "brief-bot"},
		"bad guild id": {"DISCORD_APP_ID": "1", "DISCORD_GUILD_ID": "my server"},
	} {
		if _, _, err := runBot(t, env, "discord", "invite"); err == nil || !strings.Contains(err.Error(), "DISCORD_") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, _, err := runBot(t, nil, "discord", "kick"); err == nil {
		t.Error("bot discord kick succeeded")
	}
}

// bot health asks the running service: 0 when it answers, 1 with the
// reason when nothing listens.
func TestHealth(t *testing.T) {
	s := startService(t, serviceEnv(t))
	addr := strings.TrimPrefix(s.httpAddr(), "http://")
	if out, _, err := runBot(t, map[string]string{"BRIEF_HTTP_ADDR": addr}, "health"); err != nil || out != "ok\n" {
		t.Errorf("bot health: %v %q", err, out)
	}
	if out, _, err := runBot(t, map[string]string{"BRIEF_HTTP_ADDR": addr}, "health", "--ready"); err != nil || out != "ready\n" {
		t.Errorf("bot health --ready: %v %q", err, out)
	}
	// An address for every interface is asked on loopback.
	_, port, _ := strings.Cut(addr, ":")
	if out, _, err := runBot(t, map[string]string{"BRIEF_HTTP_ADDR": ":" + port}, "health"); err != nil || out != "ok\n" {
		t.Errorf("bot health on :%s: %v %q", port, err, out)
	}
	s.stop()
	if _, _, err := runBot(t, map[string]string{"BRIEF_HTTP_ADDR": addr}, "health"); err == nil || !strings.Contains(err.Error(), "is bot run running?") {
		t.Errorf("bot health with the service stopped: %v", err)
	}
}

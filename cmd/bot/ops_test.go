package main

import (
	"net/url"
	"os"
	"path/filepath"
	"strconv"
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
	if u.Host != "discord.com" || q.Get("client_id") != "1100000000000000001" || q.Get("scope") != "bot applications.commands" || q.Get("permissions") != "274877991936" {
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

// bot backup copies the database while bot run uses it; the copy is a
// database the service opens.
func TestBackupWhileRunning(t *testing.T) {
	env := serviceEnv(t)
	s := startService(t, env)
	s.send("/brief schedule 08:00 Europe/Berlin")
	s.waitFor(s.out, "Scheduled:")
	dst := filepath.Join(t.TempDir(), "brief-backup.db")
	out, stderr, err := runBot(t, env, "backup", dst)
	if err != nil {
		t.Fatalf("bot backup: %v\n%s", err, stderr)
	}
	if !strings.HasPrefix(out, "Backed up "+env["BRIEF_DB"]+" to "+dst+": 1 article, schema version ") {
		t.Errorf("bot backup said %q", out)
	}
	if _, _, err := runBot(t, env, "backup", dst); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("a second backup into the same file: %v", err)
	}
	s.stop()

	// Restored in BRIEF_DB's place, the copy is the service's state.
	restored := serviceEnv(t)
	restored["BRIEF_DB"] = dst
	s2 := startService(t, restored)
	s2.send("/brief schedule")
	s2.waitFor(s2.out, "every day at 08:00 Europe/Berlin")

	if _, _, err := runBot(t, map[string]string{"BRIEF_DB": "postgres://u:p@db/brief"}, "backup", "x.db"); err == nil || !strings.Contains(err.Error(), "pg_dump") {
		t.Errorf("backup of Postgres: %v", err)
	}
	if _, _, err := runBot(t, env, "backup"); err == nil {
		t.Error("bot backup without a file succeeded")
	}
}

// A second bot run on the same SQLite file starts, with a warning that
// names the first.
func TestSecondRunOnOneDatabaseWarns(t *testing.T) {
	env := serviceEnv(t)
	first := startService(t, env)
	if strings.Contains(first.errb.String(), "another bot run") {
		t.Fatalf("the first service warns:\n%s", first.errb.String())
	}
	second := startService(t, env)
	logs := second.errb.String()
	if !strings.Contains(logs, "level=WARN msg=\"another bot run is using this database") || !strings.Contains(logs, "other=\"pid "+strconv.Itoa(os.Getpid())+" on ") {
		t.Errorf("the second service does not name the first:\n%s", logs)
	}
	second.stop()
	first.stop()
	// Both gone: a new one starts without a word.
	third := startService(t, env)
	if strings.Contains(third.errb.String(), "another bot run") {
		t.Errorf("a warning with no other service running:\n%s", third.errb.String())
	}
}

package main

import (
	"path/filepath"
	"strings"
	"testing"

	"brief/internal/pgtest"
)

// bot migrate-db copies an install that bot run made into Postgres, and
// the service then briefs from it; a second run is refused.
func TestMigrateDB(t *testing.T) {
	env := serviceEnv(t)
	s := startService(t, env)
	s.send("/brief schedule 08:00 Europe/Berlin")
	s.waitFor(s.out, "Scheduled")
	s.stop()

	to := filepath.Join(t.TempDir(), "copy.db")
	if pgtest.Available() {
		to = pgtest.URL(t)
	}
	out, errs, err := runBot(t, nil, "migrate-db", "--from", env["BRIEF_DB"], "--to", to)
	if err != nil || !strings.Contains(out, "1 articles") && !strings.Contains(out, "1 article") {
		t.Fatalf("migrate-db: %v\n%s%s", err, out, errs)
	}
	if !strings.Contains(out, "1 schedules") {
		t.Errorf("the schedule was not copied: %s", out)
	}
	if strings.Contains(out+errs, "brief:brief@") {
		t.Errorf("the password is printed: %s%s", out, errs)
	}
	_, _, err = runBot(t, nil, "migrate-db", "--from", env["BRIEF_DB"], "--to", to)
	if err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("a second copy into the same database: %v, want a refusal saying it is not empty", err)
	}

	env["BRIEF_DB"] = to
	s = startService(t, env)
	s.send("/brief schedule")
	s.waitFor(s.out, "08:00 Europe/Berlin")
	s.send("/brief list")
	s.waitFor(s.out, "Kim Jong Un")
}

func TestMigrateDBRefusesAMissingSource(t *testing.T) {
	dir := t.TempDir()
	_, _, err := runBot(t, nil, "migrate-db", "--from", filepath.Join(dir, "nope.db"), "--to", filepath.Join(dir, "to.db"))
	if err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("a missing --from: %v", err)
	}
	if _, _, err := runBot(t, nil, "migrate-db", "--to", filepath.Join(dir, "to.db")); err == nil || !strings.Contains(err.Error(), "--from") {
		t.Errorf("no --from: %v", err)
	}
}

package slack

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"brief/internal/store"
)

// downLedger is a replay ledger whose database can't be reached.
type downLedger struct{}

func (downLedger) RecordRequest(context.Context, string, time.Time, time.Time) (bool, error) {
	return false, fmt.Errorf("store: record request: %w: cannot reach the Postgres server at 127.0.0.1:5432 (BRIEF_DB): connection refused", store.ErrUnavailable)
}

func TestDatabaseUnavailableCommandGetsAReplyAndRunsNothing(t *testing.T) {
	f := newHTTPFixture(t, func(c *Config) { c.Replays = downLedger{} })
	code, body := f.post(t, "/slack/commands", formType, slashForm("schedule 08:00").Encode(), testSecret, testNow.Unix())
	if code != http.StatusOK || !strings.Contains(body, "database is unavailable") || !strings.Contains(body, "try again") || !strings.Contains(body, `"response_type":"ephemeral"`) {
		t.Errorf("slash command with the database down: %d %s, want 200 with an ephemeral reply saying the database is unavailable and to try again", code, body)
	}
	if strings.Contains(body, "BRIEF_DB") || strings.Contains(body, "127.0.0.1") {
		t.Errorf("the reply shows the cause: %s", body)
	}
	if n := len(f.h.requests()); n != 0 {
		t.Errorf("the command ran %d times without its replay check, want 0", n)
	}
	// A click has no reply to carry the sentence: Slack is told to retry.
	code, _ = f.post(t, "/slack/interactions", formType, "payload=%7B%7D", testSecret, testNow.Unix())
	if code != http.StatusServiceUnavailable {
		t.Errorf("interaction with the database down: %d, want 503", code)
	}
}

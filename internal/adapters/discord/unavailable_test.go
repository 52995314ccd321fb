package discord

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"brief/internal/store"
)

// downLedger is a replay ledger whose database can't be reached.
type downLedger struct{}

func (downLedger) RecordRequest(context.Context, string, time.Time, time.Time) (bool, error) {
	return false, fmt.Errorf("store: record request: %w: cannot reach the Postgres server at 127.0.0.1:5432 (BRIEF_DB): connection refused", store.ErrUnavailable)
}

func TestHTTPDatabaseUnavailableGetsAnEphemeralReplyAndRunsNothing(t *testing.T) {
	h := &recorder{reply: briefingReply()}
	rest := newREST(t)
	sg := newSigner(t)
	a := newAdapter(t, rest, h, func(c *Config) {
		c.PublicKey = sg.pub
		c.Now = func() time.Time { return testNow }
		c.Replays = downLedger{}
	})
	resp := response(t, serve(a, sg.request(interaction(todayOpts, 0), testNow)))
	if resp.Type != discordgo.InteractionResponseChannelMessageWithSource || resp.Data == nil || len(resp.Data.Embeds) != 1 {
		t.Fatalf("response %+v, want a message", resp)
	}
	if text := resp.Data.Embeds[0].Description; !strings.Contains(text, "database is unavailable") || !strings.Contains(text, "try again") || strings.Contains(text, "BRIEF_DB") {
		t.Errorf("the reply reads %q, want that the database is unavailable and to try again", text)
	}
	if resp.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Error("the reply is not ephemeral")
	}
	if n := len(h.requests()); n != 0 {
		t.Errorf("the command ran %d times without its replay check, want 0", n)
	}
}

func TestHTTPOtherLedgerFailureIsNotServed(t *testing.T) {
	h := &recorder{reply: briefingReply()}
	rest := newREST(t)
	sg := newSigner(t)
	a := newAdapter(t, rest, h, func(c *Config) {
		c.PublicKey = sg.pub
		c.Now = func() time.Time { return testNow }
		c.Replays = lockedLedger{}
	})
	w := serve(a, sg.request(interaction(todayOpts, 0), testNow))
	if w.Code != http.StatusServiceUnavailable || len(h.requests()) != 0 {
		t.Errorf("%d, ran %d times; want 503 and nothing run", w.Code, len(h.requests()))
	}
}

type lockedLedger struct{}

func (lockedLedger) RecordRequest(context.Context, string, time.Time, time.Time) (bool, error) {
	return false, fmt.Errorf("store: record request: database is locked")
}

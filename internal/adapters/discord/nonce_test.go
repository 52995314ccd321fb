package discord

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"brief/internal/channel"
	"brief/internal/post"
	"brief/internal/reply"
)

func TestNonceIsDeterministicPerChannelSlotAndPart(t *testing.T) {
	slot := time.Date(2026, 3, 30, 6, 0, 0, 0, time.UTC)
	a := Nonce(chanC1, slot, 0)
	if len(a) != 25 {
		t.Errorf("nonce %q is %d characters; Discord takes at most 25", a, len(a))
	}
	if b := Nonce(chanC1, slot.In(time.FixedZone("CEST", 2*3600)), 0); b != a {
		t.Errorf("the same slot in another zone gives %q, not %q", b, a)
	}
	seen := map[string]string{a: "channel c1, slot, part 0"}
	for name, n := range map[string]string{
		"part 1":           Nonce(chanC1, slot, 1),
		"part 9":           Nonce(chanC1, slot, 9),
		"another channel":  Nonce(channel.Key{Platform: Platform, ID: "c2"}, slot, 0),
		"the next day":     Nonce(chanC1, slot.Add(24*time.Hour), 0),
		"a minute later":   Nonce(chanC1, slot.Add(time.Minute), 0),
		"another platform": Nonce(channel.Key{Platform: "slack", ID: "c1"}, slot, 0),
	} {
		if len(n) > 25 {
			t.Errorf("%s: nonce %q longer than 25", name, n)
		}
		if other, dup := seen[n]; dup {
			t.Errorf("%s has the nonce of %s: %q", name, other, n)
		}
		seen[n] = name
	}
}

func TestPostSlotSendsNonceAndMarks(t *testing.T) {
	rest := newREST(t)
	a := newAdapter(t, rest, &recorder{}, nil)
	slot := time.Now().UTC().Truncate(time.Minute)
	s := post.Slot{Channel: chanC1, At: slot}
	msgs := reply.Split(digestReply(40))
	if len(msgs) < 2 {
		t.Fatalf("want a multi-message digest, got %d", len(msgs))
	}
	if sent, err := a.PostSlot(context.Background(), s, digestReply(40), 0); err != nil || sent != len(msgs) {
		t.Fatalf("PostSlot: %d sent, %v", sent, err)
	}
	got := rest.matching(http.MethodPost, "/messages")
	if len(got) != len(msgs) {
		t.Fatalf("%d creates, want %d", len(got), len(msgs))
	}
	for i, r := range got {
		var body struct {
			Nonce           string `json:"nonce"`
			EnforceNonce    bool   `json:"enforce_nonce"`
			AllowedMentions struct {
				Parse *[]string `json:"parse"`
			} `json:"allowed_mentions"`
			Embeds []struct {
				Title     string `json:"title"`
				Timestamp string `json:"timestamp"`
			} `json:"embeds"`
		}
		if err := json.Unmarshal(r.Body, &body); err != nil {
			t.Fatalf("message %d: %v: %s", i, err, r.Body)
		}
		if body.Nonce != Nonce(chanC1, slot, i) || !body.EnforceNonce {
			t.Errorf("message %d: nonce %q enforce %v; want %q enforced", i, body.Nonce, body.EnforceNonce, Nonce(chanC1, slot, i))
		}
		if p := body.AllowedMentions.Parse; p == nil || len(*p) != 0 {
			t.Errorf("message %d: allowed_mentions without an empty parse list: %s", i, r.Body)
		}
		if len(body.Embeds) != 1 || body.Embeds[0].Timestamp != slot.Add(time.Duration(i)*time.Second).Format(time.RFC3339) {
			t.Errorf("message %d: embeds %+v; want the slot's timestamp plus %d s", i, body.Embeds, i)
		}
	}
	// The same post again, as a retry after a crash would: Discord keeps
	// one copy of each message.
	if _, err := a.PostSlot(context.Background(), s, digestReply(40), 0); err != nil {
		t.Fatal(err)
	}
	if n := len(rest.channel("c1")); n != len(msgs) {
		t.Errorf("the channel has %d messages after a repeated post; want %d", n, len(msgs))
	}
}

func TestFindSlot(t *testing.T) {
	slot := time.Now().UTC().Truncate(time.Minute).Add(-10 * time.Minute)
	s := post.Slot{Channel: chanC1, At: slot}
	stamp := func(part int) []map[string]any {
		return []map[string]any{{"type": "rich", "title": "Digest", "timestamp": slotTimestamp(slot, part)}}
	}
	all := make([]int, len(reply.Split(digestReply(40))))
	for i := range all {
		all[i] = i
	}
	tests := []struct {
		name  string
		setup func(rest *restStandIn, a *Adapter)
		want  []int
		err   error
	}{
		{"posted by PostSlot", func(rest *restStandIn, a *Adapter) {
			rest.addMessage("c1", "u7", standInMessage{})
			if _, err := a.PostSlot(context.Background(), s, digestReply(40), 0); err != nil {
				t.Fatal(err)
			}
		}, all, nil},
		{"marked by timestamp, nonce no longer echoed", func(rest *restStandIn, a *Adapter) {
			rest.addMessage("c1", standInBotID, standInMessage{Embeds: stamp(0)})
			rest.addMessage("c1", standInBotID, standInMessage{Embeds: stamp(1)})
		}, []int{0, 1}, nil},
		{"only the first of two parts went out", func(rest *restStandIn, a *Adapter) {
			rest.addMessage("c1", standInBotID, standInMessage{Nonce: Nonce(chanC1, slot, 0)})
			rest.addMessage("c1", "u7", standInMessage{})
		}, []int{0}, nil},
		{"another bot's message with the mark, another slot's", func(rest *restStandIn, a *Adapter) {
			rest.addMessage("c1", "other-bot", standInMessage{Nonce: Nonce(chanC1, slot, 0), Embeds: stamp(0)})
			rest.addMessage("c1", standInBotID, standInMessage{Nonce: Nonce(chanC1, slot.Add(time.Minute), 0), Embeds: []map[string]any{{"timestamp": slotTimestamp(slot.Add(time.Minute), 0)}}})
			rest.addMessage("c1", standInBotID, standInMessage{Embeds: []map[string]any{{"timestamp": slot.Add(1500 * time.Millisecond).Format(time.RFC3339Nano)}}})
		}, []int{}, nil},
		{"after more than a page of chatter", func(rest *restStandIn, a *Adapter) {
			for range 150 {
				rest.addMessage("c1", "u7", standInMessage{})
			}
			rest.addMessage("c1", standInBotID, standInMessage{Nonce: Nonce(chanC1, slot, 0)})
		}, []int{0}, nil},
		{"the channel reads empty", func(rest *restStandIn, a *Adapter) {}, nil, post.ErrCannotLook},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rest := newREST(t)
			a := newAdapter(t, rest, &recorder{}, nil)
			tt.setup(rest, a)
			got, err := a.FindSlot(context.Background(), s)
			if !errors.Is(err, tt.err) {
				t.Fatalf("FindSlot: %v; want %v", err, tt.err)
			}
			if tt.err == nil && !slices.Equal(got, tt.want) {
				t.Errorf("found parts %v; want %v", got, tt.want)
			}
		})
	}
}

func TestFindSlotErrors(t *testing.T) {
	rest := newREST(t)
	a := newAdapter(t, rest, &recorder{}, nil)
	rest.queue("/users/@me", 500, nil, `{"message":"oops"}`)
	s := post.Slot{Channel: chanC1, At: time.Now()}
	if _, err := a.FindSlot(context.Background(), s); err == nil {
		t.Error("a 500 from /users/@me: no error")
	}
	rest.queue("/messages", 403, nil, `{"message":"Missing Access","code":50001}`)
	_, err := a.FindSlot(context.Background(), s)
	if _, ok := post.IsPermanent(err); !ok {
		t.Errorf("Missing Access: %v; want a permanent error", err)
	}
	// The bot's id is asked once.
	if _, err := a.FindSlot(context.Background(), s); !errors.Is(err, post.ErrCannotLook) {
		t.Errorf("empty channel: %v", err)
	}
	if n := len(rest.matching(http.MethodGet, "/users/@me")); n != 2 {
		t.Errorf("GET /users/@me %d times; want 2 (one failed, then remembered)", n)
	}
}

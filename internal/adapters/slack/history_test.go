package slack

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"brief/internal/post"
	"brief/internal/reply"
)

func TestPostSlotSendsMetadata(t *testing.T) {
	st := newStandin(t)
	a := newTestAdapter(t, st, &fakeHandler{}, nil)
	slot := time.Date(2026, 3, 30, 6, 0, 0, 0, time.UTC)
	msgs := reply.Split(digestReply(40, reply.Channel, ""))
	s := post.Slot{Channel: slackChannel, At: slot.In(time.FixedZone("CEST", 2*3600))}
	if sent, err := a.PostSlot(context.Background(), s, digestReply(40, reply.Channel, ""), 1); err != nil || sent != len(msgs)-1 {
		t.Fatalf("PostSlot from 1: %d sent, %v", sent, err)
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if len(st.posts) != len(msgs)-1 {
		t.Fatalf("%d posts; want %d", len(st.posts), len(msgs)-1)
	}
	for i, p := range st.posts {
		md := p.Metadata
		if md == nil || md.EventType != "brief_digest" {
			t.Fatalf("message %d: metadata %+v; want a brief_digest event", i, md)
		}
		want := map[string]any{"channel": "C123", "slot": "2026-03-30T06:00:00Z", "part": float64(i + 1)}
		if fmt.Sprint(md.EventPayload) != fmt.Sprint(want) {
			t.Errorf("message %d: payload %v; want %v", i, md.EventPayload, want)
		}
	}
}

func TestFindSlotByMetadata(t *testing.T) {
	slot := time.Now().UTC().Truncate(time.Minute).Add(-10 * time.Minute)
	s := post.Slot{Channel: slackChannel, At: slot}
	n := len(reply.Split(digestReply(40, reply.Channel, "")))
	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	mine := func(part int, at time.Time) webPost {
		md := slotMetadata(s, part)
		return webPost{Channel: "C123", TS: fmt.Sprintf("%d.000100", at.Unix()), BotID: standinBotID, Metadata: &md}
	}
	tests := []struct {
		name  string
		setup func(st *standin, a *Adapter)
		want  []int
	}{
		{"posted by PostSlot", func(st *standin, a *Adapter) {
			if _, err := a.PostSlot(context.Background(), s, digestReply(40, reply.Channel, ""), 0); err != nil {
				t.Fatal(err)
			}
		}, all},
		{"nothing posted", func(st *standin, a *Adapter) {
			st.addOther(webPost{Channel: "C123", TS: fmt.Sprintf("%d.000001", slot.Unix()+5), User: "U7", Text: "morning"})
		}, []int{}},
		{"the first part only", func(st *standin, a *Adapter) {
			st.addOther(mine(0, slot.Add(time.Second)))
		}, []int{0}},
		{"another app's, another channel's, another slot's, an earlier day's", func(st *standin, a *Adapter) {
			other := mine(0, slot.Add(time.Second))
			other.BotID = "B0OTHER"
			st.addOther(other)
			elsewhere := mine(0, slot.Add(time.Second))
			elsewhere.Metadata.EventPayload = map[string]any{"channel": "C999", "slot": slot.Format(time.RFC3339), "part": 0}
			st.addOther(elsewhere)
			later := mine(0, slot.Add(time.Second))
			later.Metadata.EventPayload = map[string]any{"channel": "C123", "slot": slot.Add(time.Hour).Format(time.RFC3339), "part": 0}
			st.addOther(later)
			st.addOther(mine(0, slot.Add(-24*time.Hour))) // before the slot: not read
		}, []int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newStandin(t)
			a := newTestAdapter(t, st, &fakeHandler{}, nil)
			tt.setup(st, a)
			got, err := a.FindSlot(context.Background(), s)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("found parts %v; want %v", got, tt.want)
			}
		})
	}
}

// Without the history scope the bot can't look: FindSlot says so, and the
// scheduler keeps to at most once.
func TestFindSlotWithoutHistoryScope(t *testing.T) {
	for _, code := range []string{"missing_scope", "not_allowed_token_type"} {
		t.Run(code, func(t *testing.T) {
			st := newStandin(t)
			a := newTestAdapter(t, st, &fakeHandler{}, nil)
			st.historyReply = func() string {
				return `{"ok":false,"error":"` + code + `","needed":"channels:history","provided":"commands,chat:write,users:read"}`
			}
			_, err := a.FindSlot(context.Background(), post.Slot{Channel: slackChannel, At: time.Now()})
			if !errors.Is(err, post.ErrCannotLook) {
				t.Fatalf("FindSlot: %v; want ErrCannotLook", err)
			}
			if _, ok := post.IsPermanent(err); ok {
				t.Errorf("a missing history scope must not pause the schedule: %v", err)
			}
		})
	}
	t.Run("channel gone", func(t *testing.T) {
		st := newStandin(t)
		a := newTestAdapter(t, st, &fakeHandler{}, nil)
		st.historyReply = func() string { return `{"ok":false,"error":"channel_not_found"}` }
		_, err := a.FindSlot(context.Background(), post.Slot{Channel: slackChannel, At: time.Now()})
		if _, ok := post.IsPermanent(err); !ok {
			t.Errorf("channel_not_found: %v; want a permanent error", err)
		}
	})
}

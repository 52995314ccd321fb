package store

import (
	"brief/internal/channel"
	"context"
	"errors"
	"reflect"
	"testing"
	"time"
)

func TestLedger(t *testing.T) {
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		s := tdb.open(t)
		ch, _ := s.EnsureChannel(ctx, "slack", "C1", "general")
		slot := time.Date(2026, 3, 30, 6, 0, 0, 0, time.UTC) // 08:00 Berlin (CEST)

		if _, ok, err := s.LastPosted(ctx, ch); ok || err != nil {
			t.Fatalf("LastPosted before any post = %v, %v; want false", ok, err)
		}
		if err := s.MarkPosted(ctx, nil, ch, slot, nil, t0); !errors.Is(err, ErrNotFound) {
			t.Fatalf("MarkPosted on an unclaimed slot: %v; want ErrNotFound", err)
		}

		d, claimed, err := s.ClaimSlot(ctx, nil, ch, slot)
		if err != nil || !claimed || d.Status != StatusPending || d.Attempts != 1 || !d.Slot.Equal(slot) {
			t.Fatalf("first claim = %+v, %v, %v", d, claimed, err)
		}
		// The same slot in another zone's clothing is the same instant.
		berlin, _ := time.LoadLocation("Europe/Berlin")
		d, claimed, err = s.ClaimSlot(ctx, nil, ch, slot.In(berlin))
		if err != nil || claimed || d.Status != StatusPending {
			t.Fatalf("second claim = %+v, %v, %v; want not claimed, pending", d, claimed, err)
		}

		// A failure may be retried; the retry is a new attempt.
		if err := s.MarkFailed(ctx, nil, ch, slot, "slack: rate_limited"); err != nil {
			t.Fatal(err)
		}
		d, claimed, err = s.ClaimSlot(ctx, nil, ch, slot)
		if err != nil || !claimed || d.Attempts != 2 || d.Error != "slack: rate_limited" {
			t.Fatalf("retry claim = %+v, %v, %v; want claimed, attempt 2, last error kept", d, claimed, err)
		}

		posted := slot.Add(2 * time.Second)
		if err := s.MarkPosted(ctx, nil, ch, slot, []string{"aaaa1111", "bbbb2222"}, posted); err != nil {
			t.Fatal(err)
		}
		d, err = s.Delivery(ctx, nil, ch, slot)
		if err != nil || d.Status != StatusPosted || !d.PostedAt.Equal(posted) || !reflect.DeepEqual(d.ArticleIDs, []string{"aaaa1111", "bbbb2222"}) || d.Error != "" {
			t.Fatalf("Delivery after posting = %+v, %v", d, err)
		}
		if _, claimed, _ := s.ClaimSlot(ctx, nil, ch, slot); claimed {
			t.Fatal("a posted slot was claimed again")
		}
		if err := s.MarkPosted(ctx, nil, ch, slot, nil, posted); !errors.Is(err, ErrAlreadyDone) {
			t.Errorf("posting twice: %v; want ErrAlreadyDone", err)
		}
		if err := s.MarkFailed(ctx, nil, ch, slot, "late error"); !errors.Is(err, ErrAlreadyDone) {
			t.Errorf("failing a posted slot: %v; want ErrAlreadyDone", err)
		}
		if at, ok, err := s.LastPosted(ctx, ch); err != nil || !ok || !at.Equal(posted) {
			t.Errorf("LastPosted = %v, %v, %v; want %v", at, ok, err, posted)
		}

		// A skipped slot is settled but is not a post.
		next := slot.Add(24 * time.Hour)
		if _, claimed, _ := s.ClaimSlot(ctx, nil, ch, next); !claimed {
			t.Fatal("next slot not claimed")
		}
		if err := s.MarkSkipped(ctx, nil, ch, next, "empty digest"); err != nil {
			t.Fatal(err)
		}
		if _, claimed, _ := s.ClaimSlot(ctx, nil, ch, next); claimed {
			t.Error("a skipped slot was claimed again")
		}
		if at, _, _ := s.LastPosted(ctx, ch); !at.Equal(posted) {
			t.Errorf("LastPosted after a skip = %v; want still %v", at, posted)
		}

		// Slots are per channel.
		other, _ := s.EnsureChannel(ctx, "discord", "C1", "")
		if _, claimed, err := s.ClaimSlot(ctx, nil, other, slot); err != nil || !claimed {
			t.Errorf("same slot on another channel = %v, %v; want claimed", claimed, err)
		}
		if _, ok, _ := s.LastPosted(ctx, other); ok {
			t.Error("LastPosted leaks across channels")
		}
		if _, _, err := s.ClaimSlot(ctx, nil, channel.Key{Platform: "slack", ID: "nope"}, slot); !errors.Is(err, ErrNotFound) {
			t.Errorf("claim for an unknown channel: %v; want ErrNotFound", err)
		}
	})
}

package scheduler

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"brief/internal/post"
	"brief/internal/reply"
	"brief/internal/store"
)

// The process dies after the platform accepted the post and before the
// ledger recorded it. With a poster that can look in the channel, the
// restarted scheduler finds the post there and marks the slot posted:
// exactly once.
func TestCrashAfterPostIsReconciled(t *testing.T) {
	dialects(t, func(t *testing.T, dialect string) {
		crashAfterPostIsReconciled(t, dialect)
	})
}

func crashAfterPostIsReconciled(t *testing.T, dialect string) {
	for _, dedupe := range []bool{false, true} {
		t.Run(fmt.Sprintf("dedupe=%v", dedupe), func(t *testing.T) {
			t.Parallel()
			h := newHarnessOn(t, dialect, monday.Add(-24*time.Hour), berlin("08:00"))
			h.clock.Set(monday.Add(time.Minute))
			mp := &markingPoster{fakePoster: h.poster, dedupe: dedupe}
			h.poster.accepted = func(call int) {
				if call == 1 {
					panic("process killed after posting")
				}
			}
			s1 := h.scheduler(h.st, map[string]post.Poster{"slack": mp})
			h.start(s1)
			waitFor(t, 10*time.Second, func() bool { _, posts := h.poster.count(); return posts == 1 },
				func() string { return "no post\n" + h.logs.String() })
			waitFor(t, 10*time.Second, func() bool {
				states := jobsFor(t, s1, h.ch, monday)
				return strings.Contains(h.logs.String(), "process killed after posting") && len(states) == 1 && states[0] == rivertype.JobStateScheduled
			}, func() string {
				return fmt.Sprintf("the retry did not wait: %v\n%s", jobsFor(t, s1, h.ch, monday), h.logs)
			})
			if err := s1.Stop(context.Background()); err != nil {
				t.Fatal(err)
			}
			h.st.Close()

			h.st = h.open()
			h.poster.accepted = nil
			h.clock.Advance(10 * time.Minute)
			s2 := h.scheduler(h.st, map[string]post.Poster{"slack": mp})
			h.start(s2)
			d := h.waitStatus(monday, store.StatusPosted)
			settleJobs(t, s2)
			if calls, posts := h.poster.count(); posts != 1 {
				t.Errorf("platform saw %d calls, %d posts; want one post", calls, posts)
			}
			if mp.finds.Load() == 0 {
				t.Error("the channel was never looked at")
			}
			if d.Attempts != 2 {
				t.Errorf("ledger attempts %d; want 2 (the dead one, the takeover)", d.Attempts)
			}
			if !strings.Contains(h.logs.String(), "interrupted slot taken over") {
				t.Errorf("the takeover was not logged:\n%s", h.logs)
			}
			if got := h.seen.get("slack posted"); got != 1 {
				t.Errorf("Observe posted %d times; want 1", got)
			}
		})
	}
}

// What one worker does with a stale claim, by what the channel has.
func TestReconcileStaleClaim(t *testing.T) {
	ctx := context.Background()
	args := DigestArgs{Platform: "slack", ChannelID: "C1", Slot: monday}
	tests := []struct {
		name    string
		parts   int // the digest's messages
		already int // how many of them the dead attempt posted
		lookErr error
		status  string
		posts   int // messages in the channel afterwards
		log     string
	}{
		{"message in the channel", 1, 1, nil, store.StatusPosted, 1, "interrupted slot taken over"},
		{"message absent", 1, 0, nil, store.StatusPosted, 1, "interrupted slot taken over"},
		{"two of three parts went out", 3, 2, nil, store.StatusPosted, 3, "interrupted slot taken over"},
		{"can't look (no history scope)", 1, 0, fmt.Errorf("slack: read C1: missing_scope: %w", post.ErrCannotLook), store.StatusSkipped, 0, "can't look in the channel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, monday.Add(-24*time.Hour), berlin("08:00"))
			h.dig.parts = tt.parts
			mp := &markingPoster{fakePoster: h.poster, lookErr: tt.lookErr}
			s := h.scheduler(h.st, map[string]post.Poster{"slack": mp})
			// The dead attempt: claimed, composed, posted some, died.
			h.clock.Set(monday.Add(time.Second))
			d, claimed, err := h.st.ClaimSlot(ctx, nil, h.ch, monday)
			if err != nil || !claimed {
				t.Fatal(claimed, err)
			}
			msg, _, _ := h.dig.Digest(ctx, h.ch, monday.Add(-24*time.Hour), d.ClaimedAt)
			if tt.already > 0 {
				h.poster.fail = func(call int) error {
					if call > tt.already {
						return errors.New("killed")
					}
					return nil
				}
				mp.PostSlot(ctx, post.Slot{Channel: h.ch, At: monday}, msg, 0)
				h.poster.fail = nil
			}
			h.clock.Advance(staleClaim + time.Minute)
			if err := s.deliver(ctx, args, false); err != nil {
				t.Fatal(err)
			}
			got := h.delivery(monday)
			if got.Status != tt.status {
				t.Errorf("ledger = %q %q; want %s", got.Status, got.Error, tt.status)
			}
			if tt.status == store.StatusSkipped && got.Error != reasonInterrupted {
				t.Errorf("skipped because %q; want %q", got.Error, reasonInterrupted)
			}
			titles := h.poster.titles()
			if len(titles) != tt.posts {
				t.Errorf("the channel has %d messages; want %d: %q", len(titles), tt.posts, titles)
			}
			if tt.parts > 1 {
				for i, title := range titles {
					if !strings.Contains(title, fmt.Sprintf("(%d/%d)", i+1, tt.parts)) {
						t.Errorf("message %d is %q: out of order or repeated", i, title)
					}
				}
			}
			if !strings.Contains(h.logs.String(), tt.log) {
				t.Errorf("log lacks %q:\n%s", tt.log, h.logs)
			}
			// The recomposed digest covers the dead attempt's window.
			if w := h.dig.windows(); len(w) < 2 || !w[len(w)-1][1].Equal(d.ClaimedAt) {
				t.Errorf("digest windows %v; want the last to end at the dead claim %s", w, d.ClaimedAt)
			}
		})
	}
}

// Workers of two replicas find the same stale claim at once: one takes it
// over and posts; the channel gets the digest once (no nonce to save it).
func TestReplicasRacingForStaleClaimPostOnce(t *testing.T) {
	t.Parallel()
	dialects(t, func(t *testing.T, dialect string) {
		t.Parallel()
		ctx := context.Background()
		h := newHarnessOn(t, dialect, monday.Add(-24*time.Hour), berlin("08:00"))
		mp := &markingPoster{fakePoster: h.poster}
		posters := map[string]post.Poster{"slack": mp}
		ss := []*Scheduler{h.scheduler(h.st, posters), h.scheduler(h.open(), posters)}
		h.clock.Set(monday.Add(time.Second))
		if _, claimed, err := h.st.ClaimSlot(ctx, nil, h.ch, monday); err != nil || !claimed {
			t.Fatal(claimed, err)
		}
		h.clock.Advance(staleClaim + time.Minute)
		args := DigestArgs{Platform: "slack", ChannelID: "C1", Slot: monday}
		var ready, wg sync.WaitGroup
		ready.Add(1)
		errs := make(chan error, 8)
		for _, s := range ss {
			for range 4 {
				wg.Go(func() {
					ready.Wait()
					errs <- s.deliver(ctx, args, false)
				})
			}
		}
		ready.Done()
		wg.Wait()
		close(errs)
		for err := range errs {
			// A loser finds the slot taken, or the winner's fresh claim, which
			// it waits out (a snooze).
			var snooze *river.JobSnoozeError
			if err != nil && !errors.As(err, &snooze) {
				t.Errorf("deliver: %v", err)
			}
		}
		if calls, posts := h.poster.count(); calls != 1 || posts != 1 {
			t.Errorf("8 racing workers: %d calls, %d posts; want 1", calls, posts)
		}
		if d := h.delivery(monday); d.Status != store.StatusPosted || d.Attempts != 2 {
			t.Errorf("ledger = %q after %d attempts; want posted after 2", d.Status, d.Attempts)
		}
	})
}

// An attempt whose context ends while posting leaves the claim pending
// when the poster can look: the retry, once the claim is stale, finds
// what went out and does not post it again.
func TestInterruptedPostIsReconciledNotSkipped(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t, monday.Add(-24*time.Hour), berlin("08:00"))
	mp := &markingPoster{fakePoster: h.poster}
	cut := &cutPoster{markingPoster: mp}
	s := h.scheduler(h.st, map[string]post.Poster{"slack": cut})
	h.clock.Set(monday.Add(time.Second))
	args := DigestArgs{Platform: "slack", ChannelID: "C1", Slot: monday}
	tctx, cancel := context.WithCancel(ctx)
	cut.cancel = cancel
	if err := s.deliver(tctx, args, false); err == nil {
		t.Fatal("an attempt cut short returned no error: River would not retry it")
	}
	if d := h.delivery(monday); d.Status != store.StatusPending {
		t.Fatalf("ledger after the cut = %q %q; want pending", d.Status, d.Error)
	}
	h.clock.Advance(time.Minute)
	if err := s.deliver(ctx, args, false); err == nil {
		t.Error("the retry of a fresh claim did not wait")
	}
	h.clock.Advance(staleClaim)
	if err := s.deliver(ctx, args, false); err != nil {
		t.Fatal(err)
	}
	if d := h.delivery(monday); d.Status != store.StatusPosted {
		t.Errorf("ledger = %q %q; want posted", d.Status, d.Error)
	}
	if _, posts := h.poster.count(); posts != 1 {
		t.Errorf("%d posts; want 1", posts)
	}
}

// cutPoster posts once through its markingPoster and then, as if the
// process were being stopped, ends the attempt's context before the answer
// arrives. Later posts go through.
type cutPoster struct {
	*markingPoster
	cancel context.CancelFunc
	once   sync.Once
}

func (p *cutPoster) PostSlot(ctx context.Context, s post.Slot, r reply.Reply, from int) (int, error) {
	cutNow := false
	p.once.Do(func() { cutNow = true })
	if !cutNow {
		return p.markingPoster.PostSlot(ctx, s, r, from)
	}
	p.markingPoster.PostSlot(ctx, s, r, from)
	p.cancel()
	<-ctx.Done()
	return 0, ctx.Err()
}

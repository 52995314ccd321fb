package scheduler

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"brief/internal/channel"
	"brief/internal/post"
	"brief/internal/reply"
	"brief/internal/store"
)

// monday is 08:00 in Berlin (summer time) on Monday 2026-03-30.
var monday = utc("2026-03-30T06:00:00Z")

// jobsFor lists the states of the slot's digest jobs.
func jobsFor(t *testing.T, s *Scheduler, ch channel.Key, slot time.Time) []rivertype.JobState {
	t.Helper()
	res, err := s.jobs.JobList(context.Background(), river.NewJobListParams().
		Kinds(DigestArgs{}.Kind()).States(rivertype.JobStates()...).First(1000))
	if err != nil {
		t.Fatal(err)
	}
	var states []rivertype.JobState
	for _, j := range res.Jobs {
		var a DigestArgs
		if err := json.Unmarshal(j.EncodedArgs, &a); err != nil {
			t.Fatal(err)
		}
		if a.Platform == ch.Platform && a.ChannelID == ch.ID && a.Slot.Equal(slot) {
			states = append(states, j.State)
		}
	}
	return states
}

func TestCatchUp(t *testing.T) {
	fridayBerlin := utc("2026-03-27T07:00:00Z") // 08:00 CET
	tests := []struct {
		name  string
		sc    channel.Schedule
		setAt time.Time // when the schedule was set
		slot  time.Time // the latest slot when the scheduler starts
		late  time.Duration
		want  string // the slot's ledger status afterwards; "" for no row
	}{
		{"on time", berlin("08:00"), monday.Add(-24 * time.Hour), monday, time.Second, store.StatusPosted},
		{"30 minutes late", berlin("08:00"), monday.Add(-24 * time.Hour), monday, 30 * time.Minute, store.StatusPosted},
		{"59 minutes late", berlin("08:00"), monday.Add(-24 * time.Hour), monday, 59 * time.Minute, store.StatusPosted},
		{"61 minutes late", berlin("08:00"), monday.Add(-24 * time.Hour), monday, 61 * time.Minute, store.StatusSkipped},
		{"five hours late", berlin("08:00"), monday.Add(-24 * time.Hour), monday, 5 * time.Hour, store.StatusSkipped},
		{"schedule set after the slot", berlin("08:00"), monday.Add(5 * time.Minute), monday, 10 * time.Minute, ""},
		{"weekdays: monday", weekdays("08:00", "Europe/Berlin"), fridayBerlin, monday, 2 * time.Minute, store.StatusPosted},
		{"weekdays: saturday finds friday's slot long past", weekdays("08:00", "Europe/Berlin"), fridayBerlin.Add(-time.Hour), fridayBerlin, 26 * time.Hour, store.StatusSkipped},
		// 08:00 local on the days the clocks change.
		{"berlin spring forward", berlin("08:00"), utc("2026-03-28T12:00:00Z"), utc("2026-03-29T06:00:00Z"), 5 * time.Minute, store.StatusPosted},
		{"berlin fall back", berlin("08:00"), utc("2026-10-24T12:00:00Z"), utc("2026-10-25T07:00:00Z"), 5 * time.Minute, store.StatusPosted},
		{"new york spring forward", newYork("09:00"), utc("2026-03-07T20:00:00Z"), utc("2026-03-08T13:00:00Z"), 5 * time.Minute, store.StatusPosted},
		{"new york fall back", newYork("09:00"), utc("2026-10-31T20:00:00Z"), utc("2026-11-01T14:00:00Z"), 5 * time.Minute, store.StatusPosted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, tt.setAt, tt.sc)
			h.clock.Set(tt.slot.Add(tt.late))
			s := h.scheduler(h.st, nil)
			h.start(s)

			switch tt.want {
			case store.StatusPosted:
				h.waitStatus(tt.slot, store.StatusPosted)
				if w := h.dig.windows(); len(w) != 1 || !w[0][0].Equal(tt.slot.Add(-24*time.Hour)) {
					t.Errorf("digest windows = %v; want one, from %s (a first digest covers the last day)", w, tt.slot.Add(-24*time.Hour))
				}
			case store.StatusSkipped:
				// The leader's first plan records it.
				d := h.waitStatus(tt.slot, store.StatusSkipped)
				if d.Status != store.StatusSkipped || !strings.Contains(d.Error, "missed") {
					t.Errorf("ledger = %q %q; want skipped as missed", d.Status, d.Error)
				}
				if !strings.Contains(h.logs.String(), "missed slot skipped") {
					t.Errorf("the skip was not logged:\n%s", h.logs)
				}
				if got := h.seen.get("slack skipped"); got != 1 {
					t.Errorf("Observe skipped %d times; want 1", got)
				}
			case "":
				if d := h.delivery(tt.slot); d.Status != "" {
					t.Errorf("ledger = %q; want no row for a slot before the schedule existed", d.Status)
				}
			}
			settleJobs(t, s)
			want := 0
			if tt.want == store.StatusPosted {
				want = 1
			}
			if _, posts := h.poster.count(); posts != want {
				t.Errorf("%d posts; want %d", posts, want)
			}
			if got := h.seen.get("slack posted"); got != want {
				t.Errorf("Observe posted %d times; want %d", got, want)
			}
			// The next slot is queued for its time.
			next, _ := channel.Next(tt.sc, h.clock.Now())
			if states := jobsFor(t, s, h.ch, next); len(states) != 1 || states[0] != rivertype.JobStateScheduled {
				t.Errorf("next slot %s jobs = %v; want one scheduled", next, states)
			}
		})
	}
}

// A slot reached while the scheduler runs is posted on time, once.
func TestNextSlotFiresOnTime(t *testing.T) {
	t.Parallel()
	slot := utc("2026-11-30T08:00:00Z")
	h := newHarness(t, slot.Add(-time.Hour), utcDaily("08:00"))
	h.clock.Set(slot.Add(-1500 * time.Millisecond))
	s := h.scheduler(h.st, nil)
	h.start(s)
	// Queued for its time (River makes it available a few seconds early,
	// still not to be fetched before the slot).
	if states := jobsFor(t, s, h.ch, slot); len(states) != 1 || states[0] != rivertype.JobStateScheduled && states[0] != rivertype.JobStateAvailable {
		t.Fatalf("slot jobs = %v; want one waiting", states)
	}
	if d := h.delivery(slot); d.Status != "" {
		t.Fatalf("slot already %s before its time", d.Status)
	}
	d := h.waitStatus(slot, store.StatusPosted)
	if late := d.PostedAt.Sub(slot); late < 0 || late > 10*time.Second {
		t.Errorf("posted at %s: %s after the slot", d.PostedAt, late)
	}
	if err := s.Plan(context.Background()); err != nil {
		t.Fatal(err)
	}
	settleJobs(t, s)
	if _, posts := h.poster.count(); posts != 1 {
		t.Errorf("%d posts; want 1", posts)
	}
	tomorrow := slot.Add(24 * time.Hour)
	if states := jobsFor(t, s, h.ch, tomorrow); len(states) != 1 || states[0] != rivertype.JobStateScheduled {
		t.Errorf("tomorrow's jobs = %v; want one scheduled", states)
	}
}

// A restart after a post does not post the slot again.
func TestRestartDoesNotRepost(t *testing.T) {
	t.Parallel()
	h := newHarness(t, monday.Add(-24*time.Hour), berlin("08:00"))
	h.clock.Set(monday.Add(time.Minute))
	s1 := h.scheduler(h.st, nil)
	h.start(s1)
	h.waitStatus(monday, store.StatusPosted)
	settleJobs(t, s1)
	if err := s1.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	h.st.Close()

	h.clock.Advance(5 * time.Minute) // still within the catch-up hour
	h.st = h.open()
	s2 := h.scheduler(h.st, nil)
	h.start(s2)
	if err := s2.Plan(context.Background()); err != nil {
		t.Fatal(err)
	}
	settleJobs(t, s2)
	if _, posts := h.poster.count(); posts != 1 {
		t.Errorf("%d posts after a restart; want 1", posts)
	}
	if states := jobsFor(t, s2, h.ch, monday); len(states) != 1 || states[0] != rivertype.JobStateCompleted {
		t.Errorf("slot jobs after restart = %v; want the one completed job", states)
	}
}

// The process dies after the platform accepted the post and before the
// ledger recorded it. The restarted scheduler must not post it again.
func TestCrashAfterPostIsNotReposted(t *testing.T) {
	t.Parallel()
	h := newHarness(t, monday.Add(-24*time.Hour), berlin("08:00"))
	h.clock.Set(monday.Add(time.Minute))
	// The first process dies right after the platform accepted the post
	// (River recovers the panic, but nothing after Post runs: no mark).
	h.poster.accepted = func(call int) {
		if call == 1 {
			panic("process killed after posting")
		}
	}
	s1 := h.scheduler(h.st, nil)
	h.start(s1)
	waitFor(t, 10*time.Second, func() bool { _, posts := h.poster.count(); return posts == 1 },
		func() string { return "no post" })
	// River retries the job; the retry finds the claim pending and waits.
	waitFor(t, 10*time.Second, func() bool {
		return strings.Contains(h.logs.String(), "process killed after posting") && len(jobsFor(t, s1, h.ch, monday)) == 1 &&
			jobsFor(t, s1, h.ch, monday)[0] == rivertype.JobStateScheduled
	}, func() string {
		return fmt.Sprintf("the retry did not wait: jobs %v\n%s", jobsFor(t, s1, h.ch, monday), h.logs)
	})
	if err := s1.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	h.st.Close()

	h.st = h.open()
	if d := h.delivery(monday); d.Status != store.StatusPending {
		t.Fatalf("ledger after the crash = %q; want pending", d.Status)
	}
	h.poster.accepted = nil
	h.clock.Advance(10 * time.Minute) // restarted, still within the catch-up hour
	s2 := h.scheduler(h.st, nil)
	h.start(s2)
	d := h.delivery(monday)
	if d.Status != store.StatusSkipped || d.Error != reasonInterrupted {
		t.Errorf("ledger after restart = %q %q; want skipped, %q", d.Status, d.Error, reasonInterrupted)
	}
	if !strings.Contains(h.logs.String(), "interrupted while posting") {
		t.Errorf("the interrupted slot was not logged:\n%s", h.logs)
	}
	// Let the first process's leftover job run to its end.
	waitFor(t, 15*time.Second, func() bool {
		states := jobsFor(t, s2, h.ch, monday)
		return len(states) == 1 && states[0] == rivertype.JobStateCompleted
	}, func() string { return fmt.Sprintf("leftover job: %v", jobsFor(t, s2, h.ch, monday)) })
	if calls, posts := h.poster.count(); posts != 1 || calls != 1 {
		t.Errorf("platform saw %d calls, %d posts; want exactly one post", calls, posts)
	}
}

// Two processes on one new database file migrate River's tables, plan and
// work the same slot at the same time: one post.
func TestTwoSchedulersOneDatabase(t *testing.T) {
	t.Parallel()
	dialects(t, func(t *testing.T, dialect string) {
		t.Parallel()
		h := newHarnessOn(t, dialect, monday.Add(-24*time.Hour), berlin("08:00"))
		h.clock.Set(monday.Add(time.Minute))
		st2 := h.open()
		ss := []*Scheduler{h.scheduler(h.st, nil), h.scheduler(st2, nil)}
		var wg sync.WaitGroup
		for _, s := range ss {
			wg.Go(func() { h.start(s) }) // migrating River's tables at the same time
		}
		wg.Wait()
		h.waitStatus(monday, store.StatusPosted)
		for _, s := range ss {
			settleJobs(t, s)
		}
		if _, posts := h.poster.count(); posts != 1 {
			t.Errorf("%d posts from two schedulers; want 1", posts)
		}

	})
}

// Even with River's uniqueness out of the way, workers of two processes
// racing for one slot post it once: the ledger's claim decides.
func TestRacingWorkersPostOnce(t *testing.T) {
	t.Parallel()
	dialects(t, func(t *testing.T, dialect string) {
		t.Parallel()
		h := newHarnessOn(t, dialect, monday.Add(-24*time.Hour), berlin("08:00"))
		h.clock.Set(monday.Add(time.Minute))
		ss := []*Scheduler{h.scheduler(h.st, nil), h.scheduler(h.open(), nil)}
		args := DigestArgs{Platform: "slack", ChannelID: "C1", Slot: monday}
		var ready, wg sync.WaitGroup
		ready.Add(1)
		for _, s := range ss {
			for range 4 {
				wg.Go(func() {
					ready.Wait()
					s.deliver(context.Background(), args, false)
				})
			}
		}
		ready.Done()
		wg.Wait()
		if calls, posts := h.poster.count(); calls != 1 || posts != 1 {
			t.Errorf("8 racing workers: %d calls, %d posts; want 1", calls, posts)
		}
		if d := h.delivery(monday); d.Status != store.StatusPosted || d.Attempts != 1 {
			t.Errorf("ledger = %q after %d attempts; want posted after 1", d.Status, d.Attempts)
		}
	})
}

func TestPermanentFailurePausesSchedule(t *testing.T) {
	tests := []struct {
		name    string
		posters func(p *fakePoster) map[string]post.Poster
		reason  string
		calls   int
	}{
		{"channel gone", func(p *fakePoster) map[string]post.Poster {
			p.fail = func(int) error {
				return &post.Permanent{Reason: "the bot is not in this channel", Err: errors.New("slack: not_in_channel")}
			}
			return map[string]post.Poster{"slack": p}
		}, "the bot is not in this channel", 1},
		{"no adapter for the platform", func(p *fakePoster) map[string]post.Poster {
			return map[string]post.Poster{"discord": p}
		}, "no slack adapter is running", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, monday.Add(-24*time.Hour), berlin("08:00"))
			h.clock.Set(monday.Add(time.Minute))
			s := h.scheduler(h.st, tt.posters(h.poster))
			h.start(s)
			var sc channel.Schedule
			waitFor(t, 10*time.Second, func() bool {
				var err error
				sc, err = h.st.Schedule(context.Background(), h.ch)
				return err == nil && sc.PausedReason != ""
			}, func() string { return "schedule not paused\n" + h.logs.String() })
			if sc.PausedReason != tt.reason {
				t.Errorf("paused because %q; want %q", sc.PausedReason, tt.reason)
			}
			settleJobs(t, s)
			if d := h.delivery(monday); d.Status != store.StatusFailed || !strings.Contains(d.Error, tt.reason) {
				t.Errorf("ledger = %q %q; want failed with the reason", d.Status, d.Error)
			}
			if calls, posts := h.poster.count(); calls != tt.calls || posts != 0 {
				t.Errorf("poster calls %d, posts %d; want %d, 0 (no retry)", calls, posts, tt.calls)
			}
			if states := jobsFor(t, s, h.ch, monday); len(states) != 1 || states[0] != rivertype.JobStateCancelled {
				t.Errorf("slot jobs = %v; want cancelled\n%s", states, h.logs)
			}
			if h.seen.get("slack paused") != 1 {
				t.Errorf("Observe not told of the pause")
			}
			if logs := h.logs.String(); !strings.Contains(logs, "schedule paused") || !strings.Contains(logs, "slack/C1") {
				t.Errorf("the pause was not logged with the channel:\n%s", logs)
			}
			// A paused schedule is not planned.
			if err := s.Plan(context.Background()); err != nil {
				t.Fatal(err)
			}
			if list, _ := h.st.Schedules(context.Background()); len(list) != 0 {
				t.Errorf("active schedules after the pause: %v", list)
			}
		})
	}
}

func TestRetriesThenPostsOnce(t *testing.T) {
	tests := []struct {
		name string
		err  error
	}{
		{"rate limited", &post.RetryAfter{After: 30 * time.Millisecond, Err: errors.New("slack: ratelimited")}},
		{"server error", errors.New("slack: 502 Bad Gateway")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, monday.Add(-24*time.Hour), berlin("08:00"))
			h.clock.Set(monday.Add(time.Minute))
			h.poster.fail = func(call int) error {
				if call <= 2 {
					return tt.err
				}
				return nil
			}
			s := h.scheduler(h.st, nil)
			h.start(s)
			d := h.waitStatus(monday, store.StatusPosted)
			settleJobs(t, s)
			if calls, posts := h.poster.count(); calls != 3 || posts != 1 {
				t.Errorf("poster calls %d, posts %d; want 3, 1", calls, posts)
			}
			if d.Attempts != 3 {
				t.Errorf("ledger attempts = %d; want 3", d.Attempts)
			}
			if r, p := h.seen.get("slack retry"), h.seen.get("slack posted"); r != 2 || p != 1 {
				t.Errorf("Observe: %d retries, %d posted; want 2, 1", r, p)
			}
		})
	}
}

// A digest of several messages that fails after the first went out is
// resumed from the message that failed: the channel sees every message
// once, all from the same composition.
func TestPartlyPostedDigestResumes(t *testing.T) {
	h := newHarness(t, monday.Add(-24*time.Hour), berlin("08:00"))
	h.clock.Set(monday.Add(time.Minute))
	h.dig.parts = 3
	h.poster.fail = func(call int) error {
		if call == 2 || call == 3 {
			return errors.New("slack: 502 Bad Gateway")
		}
		return nil
	}
	s := h.scheduler(h.st, nil)
	h.start(s)
	h.waitStatus(monday, store.StatusPosted)
	settleJobs(t, s)
	h.poster.mu.Lock()
	defer h.poster.mu.Unlock()
	var titles []string
	for _, p := range h.poster.posts {
		for _, m := range p.msgs {
			titles = append(titles, m.Title)
		}
	}
	if len(titles) != 3 {
		t.Fatalf("the channel saw %d messages, want 3: %q", len(titles), titles)
	}
	for i, title := range titles {
		if !strings.Contains(title, fmt.Sprintf("(%d/3)", i+1)) {
			t.Errorf("message %d is %q: out of order or repeated", i, title)
		}
		if composed := title[strings.Index(title, "composed"):]; composed != titles[0][strings.Index(titles[0], "composed"):] {
			t.Errorf("message %d comes from another composition: %q", i, title)
		}
	}
	if n := len(h.dig.windows()); n != 1 {
		t.Errorf("digest composed %d times, want once", n)
	}
}

func TestEmptyDigestIsNotPosted(t *testing.T) {
	t.Parallel()
	h := newHarness(t, monday.Add(-24*time.Hour), berlin("08:00"))
	h.clock.Set(monday.Add(time.Minute))
	h.dig.empty = true
	s := h.scheduler(h.st, nil)
	h.start(s)
	d := h.waitStatus(monday, store.StatusSkipped)
	if d.Error != "empty digest" {
		t.Errorf("skipped because %q; want empty digest", d.Error)
	}
	settleJobs(t, s)
	if calls, _ := h.poster.count(); calls != 0 {
		t.Errorf("an empty digest was posted (%d calls)", calls)
	}
}

// The worker's steps, without River: what one attempt does in each state
// of the ledger.
func TestDeliver(t *testing.T) {
	ctx := context.Background()
	args := DigestArgs{Platform: "slack", ChannelID: "C1", Slot: monday}
	snoozed := func(err error) time.Duration {
		var se *river.JobSnoozeError
		if !errors.As(err, &se) {
			return -1
		}
		return se.Duration
	}

	t.Run("second digest starts where the first ended", func(t *testing.T) {
		h := newHarness(t, monday.Add(-24*time.Hour), berlin("08:00"))
		s := h.scheduler(h.st, nil)
		h.clock.Set(monday.Add(time.Second))
		if err := s.deliver(ctx, args, false); err != nil {
			t.Fatal(err)
		}
		tuesday := monday.Add(24 * time.Hour)
		h.clock.Set(tuesday.Add(time.Second))
		if err := s.deliver(ctx, DigestArgs{Platform: "slack", ChannelID: "C1", Slot: tuesday}, false); err != nil {
			t.Fatal(err)
		}
		w := h.dig.windows()
		if len(w) != 2 || !w[0][0].Equal(monday.Add(-24*time.Hour)) || !w[1][0].Equal(w[0][1]) {
			t.Errorf("digest windows = %v; want the second to start where the first ended", w)
		}
		if _, posts := h.poster.count(); posts != 2 {
			t.Errorf("%d posts; want 2", posts)
		}
	})

	t.Run("pending claim waits, then is skipped, never reposted", func(t *testing.T) {
		h := newHarness(t, monday.Add(-24*time.Hour), berlin("08:00"))
		s := h.scheduler(h.st, nil)
		h.clock.Set(monday.Add(time.Second))
		if _, claimed, err := h.st.ClaimSlot(ctx, nil, h.ch, monday); err != nil || !claimed {
			t.Fatal(claimed, err)
		}
		h.clock.Advance(time.Minute)
		if d := snoozed(s.deliver(ctx, args, false)); d <= 0 || d > staleClaim {
			t.Errorf("a fresh claim: snooze %s; want a wait until it is stale", d)
		}
		h.clock.Advance(staleClaim)
		if err := s.deliver(ctx, args, false); err != nil {
			t.Fatal(err)
		}
		if d := h.delivery(monday); d.Status != store.StatusSkipped || d.Error != reasonInterrupted {
			t.Errorf("ledger = %q %q; want skipped as interrupted", d.Status, d.Error)
		}
		if calls, _ := h.poster.count(); calls != 0 {
			t.Errorf("posted %d times", calls)
		}
	})

	t.Run("interrupted while posting", func(t *testing.T) {
		h := newHarness(t, monday.Add(-24*time.Hour), berlin("08:00"))
		h.poster.fail = func(int) error { return nil }
		blocking := post.Poster(posterFunc(func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }))
		s := h.scheduler(h.st, map[string]post.Poster{"slack": blocking})
		h.clock.Set(monday.Add(time.Second))
		tctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
		defer cancel()
		if err := s.deliver(tctx, args, false); err != nil {
			t.Fatal(err)
		}
		if d := h.delivery(monday); d.Status != store.StatusSkipped || d.Error != reasonInterrupted {
			t.Errorf("ledger = %q %q; want skipped as interrupted", d.Status, d.Error)
		}
	})

	t.Run("too late after failures", func(t *testing.T) {
		h := newHarness(t, monday.Add(-24*time.Hour), berlin("08:00"))
		s := h.scheduler(h.st, nil)
		h.clock.Set(monday.Add(time.Minute))
		h.st.ClaimSlot(ctx, nil, h.ch, monday)
		h.st.MarkFailed(ctx, nil, h.ch, monday, "slack: 503")
		h.clock.Set(monday.Add(giveUpAfter + time.Minute))
		if err := s.deliver(ctx, args, false); err != nil {
			t.Fatal(err)
		}
		if d := h.delivery(monday); d.Status != store.StatusSkipped || !strings.Contains(d.Error, "gave up") {
			t.Errorf("ledger = %q %q; want skipped, gave up", d.Status, d.Error)
		}
		if h.seen.get("slack failed") != 1 {
			t.Error("giving up after errors was not observed as failed")
		}
		if calls, _ := h.poster.count(); calls != 0 {
			t.Errorf("posted %d times", calls)
		}
	})

	t.Run("slot no longer in the schedule", func(t *testing.T) {
		h := newHarness(t, monday.Add(-24*time.Hour), berlin("08:00"))
		s := h.scheduler(h.st, nil)
		if err := h.st.SetSchedule(ctx, h.ch, berlin("09:00")); err != nil {
			t.Fatal(err)
		}
		h.clock.Set(monday.Add(time.Second))
		if err := s.deliver(ctx, args, false); err != nil {
			t.Fatal(err)
		}
		if d := h.delivery(monday); d.Status != "" {
			t.Errorf("ledger = %q; want no row", d.Status)
		}
		if calls, _ := h.poster.count(); calls != 0 {
			t.Errorf("posted %d times", calls)
		}
	})

	t.Run("early job waits for its slot", func(t *testing.T) {
		h := newHarness(t, monday.Add(-24*time.Hour), berlin("08:00"))
		s := h.scheduler(h.st, nil)
		h.clock.Set(monday.Add(-10 * time.Second))
		if d := snoozed(s.deliver(ctx, args, false)); d <= 9*time.Second || d > 10*time.Second {
			t.Errorf("snooze %s; want about 10s", d)
		}
		if d := h.delivery(monday); d.Status != "" {
			t.Errorf("ledger = %q; want no claim before the slot", d.Status)
		}
	})
}

type posterFunc func(ctx context.Context) error

func (f posterFunc) Post(ctx context.Context, _ channel.Key, _ reply.Reply, _ int) (int, error) {
	return 0, f(ctx)
}

func TestStop(t *testing.T) {
	t.Parallel()
	h := newHarness(t, monday.Add(-24*time.Hour), berlin("08:00"))
	h.clock.Set(monday.Add(-time.Hour))
	ctx := context.Background()

	early := h.scheduler(h.st, nil)
	if err := early.Stop(ctx); err != nil {
		t.Errorf("Stop before Start: %v", err)
	}
	if err := early.Start(ctx); err == nil {
		t.Error("Start after Stop: no error")
	}

	s := h.scheduler(h.st, nil)
	h.start(s)
	if err := s.Start(ctx); err == nil {
		t.Error("second Start: no error")
	}
	for i := range 3 {
		began := time.Now()
		if err := s.Stop(ctx); err != nil {
			t.Errorf("Stop #%d: %v", i+1, err)
		}
		if took := time.Since(began); took > 3*time.Second {
			t.Errorf("Stop #%d took %s", i+1, took)
		} else {
			t.Logf("Stop #%d took %s", i+1, took)
		}
	}
	if err := s.Plan(ctx); err != nil {
		t.Errorf("Plan after Stop: %v", err)
	}
}

// Stop bounded by a deadline cuts a post that hangs short, records the slot
// as interrupted (never to be reposted) and returns.
func TestStopCutsHangingPostShort(t *testing.T) {
	t.Parallel()
	h := newHarness(t, monday.Add(-24*time.Hour), berlin("08:00"))
	h.clock.Set(monday.Add(time.Minute))
	posting := make(chan struct{})
	hanging := posterFunc(func(ctx context.Context) error {
		close(posting)
		<-ctx.Done()
		return ctx.Err()
	})
	s := h.scheduler(h.st, map[string]post.Poster{"slack": hanging})
	h.start(s)
	select {
	case <-posting:
	case <-time.After(10 * time.Second):
		t.Fatal("no post began")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	began := time.Now()
	if err := s.Stop(ctx); err != nil {
		t.Errorf("Stop: %v", err)
	}
	if took := time.Since(began); took > 3*time.Second {
		t.Errorf("Stop took %s", took)
	} else {
		t.Logf("Stop took %s", took)
	}
	if d := h.delivery(monday); d.Status != store.StatusSkipped || d.Error != reasonInterrupted {
		t.Errorf("ledger = %q %q; want skipped as interrupted", d.Status, d.Error)
	}
	if err := s.Stop(context.Background()); err != nil {
		t.Errorf("second Stop: %v", err)
	}
}

// River's leader plans again every PlanEvery: a schedule set without
// calling Plan is queued by the next run, and plan jobs keep coming while
// the scheduler runs, from one leader among two schedulers.
func TestLeaderPlansPeriodically(t *testing.T) {
	t.Parallel()
	dialects(t, func(t *testing.T, dialect string) {
		t.Parallel()
		ctx := context.Background()
		h := newHarnessOn(t, dialect, monday.Add(-24*time.Hour), berlin("08:00"))
		h.clock.Set(monday.Add(-time.Hour))
		h.planEvery = 300 * time.Millisecond
		ss := []*Scheduler{h.scheduler(h.st, nil), h.scheduler(h.open(), nil)}
		for _, s := range ss {
			h.start(s)
		}
		c2, err := h.st.EnsureChannel(ctx, "slack", "C2", "random")
		if err != nil {
			t.Fatal(err)
		}
		if err := h.st.SetSchedule(ctx, c2, berlin("09:00")); err != nil {
			t.Fatal(err)
		}
		next := monday.Add(time.Hour)
		waitFor(t, 15*time.Second, func() bool { return len(jobsFor(t, ss[0], c2, next)) == 1 },
			func() string { return "the new schedule was never planned\n" + h.logs.String() })
		leaders := 0
		for _, s := range ss {
			if ok, err := s.jobs.Leader(ctx); err != nil {
				t.Fatal(err)
			} else if ok {
				leaders++
			}
		}
		if leaders != 1 {
			t.Errorf("%d of two schedulers lead; want 1", leaders)
		}
	})
}

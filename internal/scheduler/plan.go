package scheduler

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"brief/internal/channel"
	"brief/internal/store"
)

// Plan derives the due slots from the schedules and the ledger, now. For
// every active schedule:
//
//   - the latest slot at or before now, unless it came before the schedule
//     was last set: if the ledger has not settled it and it is less than
//     CatchUp late, its job is queued to run now; never attempted and
//     older, it is recorded as skipped and logged; left pending by an
//     attempt that died (older than s.staleClaim()), a job is queued that
//     looks for it in the channel and settles it (reconcile), or, when
//     the platform's poster can't look, it is recorded as skipped so that
//     it is not posted twice;
//   - the next slot: its job is queued for that instant.
//
// Jobs are unique by their arguments, so planning again, in this process or
// another, queues nothing twice. Plan runs as River's periodic plan job
// (on the leader's schedule, every PlanEvery) and is called by whoever
// changes a schedule. It must not be called inside a store
// transaction (the database has one connection).
func (s *Scheduler) Plan(ctx context.Context) error {
	s.planMu.Lock()
	defer s.planMu.Unlock()
	list, err := s.st.Schedules(ctx)
	if err != nil {
		return fmt.Errorf("scheduler: plan: %w", err)
	}
	now := s.now()
	var errs []error
	for _, cs := range list {
		if err := s.planOne(ctx, cs, now); err != nil {
			errs = append(errs, fmt.Errorf("scheduler: plan %s: %w", cs.Channel, err))
		}
	}
	for k := range s.planned {
		if now.Sub(time.UnixMilli(k.slot)) > 48*time.Hour {
			delete(s.planned, k)
		}
	}
	return errors.Join(errs...)
}

func (s *Scheduler) planOne(ctx context.Context, cs store.ChannelSchedule, now time.Time) error {
	ch, sc := cs.Channel, cs.Schedule
	latest, ok, err := channel.Latest(sc, now)
	if err != nil {
		return err
	}
	if ok && !latest.Before(sc.UpdatedAt) {
		if err := s.planDue(ctx, ch, latest, now); err != nil {
			return err
		}
	}
	next, err := channel.Next(sc, now)
	if err != nil {
		return err
	}
	return s.enqueue(ctx, ch, next, next, false)
}

// planDue looks at a slot that has come.
func (s *Scheduler) planDue(ctx context.Context, ch channel.Key, slot, now time.Time) error {
	d, err := s.st.Delivery(ctx, nil, ch, slot)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	late := now.Sub(slot)
	switch d.Status {
	case store.StatusPosted, store.StatusSkipped:
		return nil
	case store.StatusPending:
		if now.Sub(d.ClaimedAt) >= s.staleClaim() {
			if p, ok := s.cfg.Posters.Get(ch.Platform); ok {
				if _, ok := finderOf(p); ok {
					// A job looks in the channel and settles it, whether
					// or not the slot's own job is still alive.
					return s.enqueue(ctx, ch, slot, time.Time{}, true)
				}
			}
			return s.skipInterrupted(ctx, ch, slot, d.ClaimedAt)
		}
		return nil // an attempt is under way
	case store.StatusFailed:
		// The job's retries decide; re-queue it only if it vanished.
		if late < s.cfg.CatchUp {
			return s.enqueue(ctx, ch, slot, time.Time{}, false)
		}
		return nil
	}
	if late < s.cfg.CatchUp {
		// Never claimed. Long past its time, the slot's own job may be
		// stuck "running" in a process that died before claiming it
		// (River rescues such a job only minutes later, and the slot's
		// job is unique): a second job works it now. Should the first
		// be alive after all, the ledger lets one of them post.
		return s.enqueue(ctx, ch, slot, time.Time{}, late >= s.staleClaim())
	}
	return s.skipMissed(ctx, ch, slot, late)
}

// skipMissed records a slot that no scheduler ran in time. The claim and
// the skip share a transaction, so a concurrent planner records it once.
func (s *Scheduler) skipMissed(ctx context.Context, ch channel.Key, slot time.Time, late time.Duration) error {
	reason := fmt.Sprintf("missed: %s late when the scheduler ran (posts up to %s late are caught up)",
		late.Round(time.Minute), s.cfg.CatchUp)
	var claimed bool
	err := s.st.WithTx(ctx, func(tx *sql.Tx) error {
		var err error
		if _, claimed, err = s.st.ClaimSlot(ctx, tx, ch, slot); err != nil || !claimed {
			return err
		}
		return s.st.MarkSkipped(ctx, tx, ch, slot, reason)
	})
	if err != nil || !claimed {
		return err
	}
	s.log.Warn("missed slot skipped",
		slog.String("channel", ch.String()), slog.Time("slot", slot),
		slog.Duration("late", late), slog.String("reason", reason))
	s.observe(ch.Platform, OutcomeSkipped)
	return nil
}

// skipInterrupted settles a slot whose attempt died while posting, when
// its poster can't look in the channel: the platform may have the post, so
// it is not posted again.
func (s *Scheduler) skipInterrupted(ctx context.Context, ch channel.Key, slot, claimedAt time.Time) error {
	if s.holdsPartial(ch, slot) {
		return nil // this process is part-way through it: the claim is live
	}
	mctx, cancel := detached(ctx)
	defer cancel()
	err := s.st.MarkSkipped(mctx, nil, ch, slot, reasonInterrupted)
	if errors.Is(err, store.ErrAlreadyDone) {
		return nil // the attempt lived after all, and recorded its post
	}
	if err != nil {
		return err
	}
	s.log.Warn("slot interrupted while posting; not reposted to avoid a double post",
		slog.String("channel", ch.String()), slog.Time("slot", slot), slog.Time("claimed_at", claimedAt))
	s.observe(ch.Platform, OutcomeSkipped)
	return nil
}

const reasonInterrupted = "interrupted while posting: not reposted to avoid a double post"

// A planKey names a job this process queued.
type planKey struct {
	platform, channel string
	slot              int64 // Unix ms
	reconcile         bool
}

// enqueue queues the digest job for the slot, to run at runAt (zero:
// now); reconcile queues the job that settles a stale claim instead.
func (s *Scheduler) enqueue(ctx context.Context, ch channel.Key, slot, runAt time.Time, reconcile bool) error {
	slot = slot.UTC()
	k := planKey{ch.Platform, ch.ID, slot.UnixMilli(), reconcile}
	if s.planned[k] {
		return nil
	}
	args := DigestArgs{Platform: ch.Platform, ChannelID: ch.ID, Slot: slot, Reconcile: reconcile}
	opts := args.InsertOpts()
	opts.ScheduledAt = runAt
	res, err := s.jobs.Insert(ctx, args, &opts)
	if err != nil {
		return fmt.Errorf("queue digest for %s: %w", slot.Format(time.RFC3339), err)
	}
	s.planned[k] = true
	s.log.Debug("digest queued",
		slog.String("channel", ch.String()), slog.Time("slot", slot),
		slog.Bool("already_queued", res.UniqueSkippedAsDuplicate))
	return nil
}

// insertOpts makes a slot's job unique in every state, including completed,
// cancelled and discarded ones: a slot runs once, and a slot given up on
// is not queued again (until River deletes the old job, by which time the
// slot is long past CatchUp).
func insertOpts() river.InsertOpts {
	return river.InsertOpts{
		Queue:       Queue,
		MaxAttempts: maxAttempts,
		UniqueOpts: river.UniqueOpts{
			ByArgs:  true,
			ByState: rivertype.JobStates(),
		},
	}
}

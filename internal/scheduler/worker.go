package scheduler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"brief/internal/channel"
	"brief/internal/digest"
	"brief/internal/post"
	"brief/internal/reply"
	"brief/internal/store"
)

// DigestArgs is the job that posts one channel's digest for one slot.
type DigestArgs struct {
	Platform  string    `json:"platform"`
	ChannelID string    `json:"channel_id"`
	Slot      time.Time `json:"slot"` // UTC
	// Reconcile marks the job the planner queues for a slot left pending
	// by a dead attempt, apart from the slot's own job (which may have
	// ended): it works the same way.
	Reconcile bool `json:"reconcile,omitempty"`
}

// Kind is the River job kind.
func (DigestArgs) Kind() string { return "digest" }

// InsertOpts makes the job unique by its arguments in every state.
func (DigestArgs) InsertOpts() river.InsertOpts { return insertOpts() }

type digestWorker struct {
	river.WorkerDefaults[DigestArgs]
	s *Scheduler
}

var _ river.Worker[DigestArgs] = (*digestWorker)(nil)

func (w *digestWorker) Timeout(*river.Job[DigestArgs]) time.Duration { return w.s.cfg.PostTimeout }

// NextRetry backs off from the first retry's delay, doubling, up to
// maxRetry.
func (w *digestWorker) NextRetry(job *river.Job[DigestArgs]) time.Time {
	return w.s.now().Add(backoff(w.s.retry, job.Attempt))
}

func backoff(first time.Duration, attempt int) time.Duration {
	d := first
	for i := 1; i < attempt && d < maxRetry; i++ {
		d *= 2
	}
	return min(d, maxRetry)
}

func (w *digestWorker) Work(ctx context.Context, job *river.Job[DigestArgs]) error {
	return w.s.deliver(ctx, job.Args, job.Attempt >= job.MaxAttempts)
}

// deliver runs one attempt at a slot: claim it in the ledger, compose the
// digest, post it, mark it posted (see the package documentation for why a
// slot is posted at most once). lastAttempt says River will not retry.
func (s *Scheduler) deliver(ctx context.Context, a DigestArgs, lastAttempt bool) error {
	ch := channel.Key{Platform: a.Platform, ID: a.ChannelID}
	slot := a.Slot.UTC()
	log := s.log.With(slog.String("channel", ch.String()), slog.Time("slot", slot))

	// Is the slot still owed? The schedule may have changed, been paused or
	// removed since the job was queued.
	sc, err := s.st.Schedule(ctx, ch)
	if errors.Is(err, store.ErrNotFound) {
		log.Info("schedule removed; slot dropped")
		return nil
	}
	if err != nil {
		return err
	}
	if sc.PausedReason != "" || !channel.IsSlot(sc, slot) || slot.Before(sc.UpdatedAt) {
		log.Info("schedule changed or paused; slot dropped", slog.String("paused", sc.PausedReason))
		return nil
	}
	now := s.now()
	if slot.After(now) {
		return river.JobSnooze(slot.Sub(now)) // early: another clock, or a hurried queue
	}

	poster, ok := s.cfg.Posters.Get(ch.Platform)
	if p := s.partialOf(a); p != nil && ok {
		// This process posted part of the digest and holds the claim: post
		// the rest of the same messages, never the first ones again. The
		// claim is renewed first, unless another worker has taken it over
		// (it was stale, and that worker looked in the channel).
		d, renewed, err := s.takeOver(ctx, ch, slot, p.attempts, "partly posted: the rest follows")
		if err != nil {
			return err
		}
		if !renewed {
			s.dropPartial(a)
			log.Warn("partly posted slot was settled or taken over elsewhere; the rest is not posted here")
			return nil
		}
		p.attempts = d.Attempts
		return s.send(ctx, log, poster, a, p, lastAttempt)
	}

	d, claimed, err := s.st.ClaimSlot(ctx, nil, ch, slot)
	if err != nil {
		return err
	}
	if !claimed {
		if d.Status != store.StatusPending {
			return nil // posted or skipped already
		}
		if age := now.Sub(d.ClaimedAt); age < s.staleClaim() {
			// Another attempt holds it, or died while posting: look again
			// when that attempt would have timed out.
			return river.JobSnooze(s.staleClaim() - age)
		}
		if f, ok := finderOf(poster); ok {
			return s.reconcile(ctx, log, poster, f, a, d, lastAttempt)
		}
		return s.skipInterrupted(ctx, ch, slot, d.ClaimedAt)
	}

	if late := now.Sub(slot); late > giveUpAfter {
		s.settle(ctx, log, ch, slot, store.StatusSkipped,
			fmt.Sprintf("gave up: %s late (retries stop after %s)", late.Round(time.Minute), giveUpAfter))
		log.Warn("slot given up", slog.Duration("late", late),
			slog.Int("attempts", d.Attempts-1), slog.String("last_error", d.Error))
		if d.Error != "" {
			s.observe(ch.Platform, OutcomeFailed) // given up after errors
		} else {
			s.observe(ch.Platform, OutcomeSkipped)
		}
		return nil
	}
	if !ok {
		return s.permanent(ctx, log, ch, slot, &post.Permanent{Reason: "no " + ch.Platform + " adapter is running"})
	}

	since, err := digest.Since(ctx, s.st, ch, slot)
	if err != nil {
		return s.retryable(ctx, log, ch, slot, err, lastAttempt)
	}
	until := s.now().UTC().Truncate(time.Millisecond) // as the ledger keeps it
	msg, ids, err := s.cfg.Digester.Digest(ctx, ch, since, until)
	if err != nil {
		return s.retryable(ctx, log, ch, slot, fmt.Errorf("compose digest: %w", err), lastAttempt)
	}
	if len(ids) == 0 {
		s.settle(ctx, log, ch, slot, store.StatusSkipped, "empty digest")
		log.Info("nothing new since the last digest; not posted", slog.Time("since", since))
		s.observe(ch.Platform, OutcomeSkipped)
		return nil
	}

	return s.send(ctx, log, poster, a, &partial{msg: msg, ids: ids, until: until, attempts: d.Attempts}, lastAttempt)
}

// A partial is a digest being posted: what was composed and how many of
// the messages its poster renders it to the platform has accepted.
type partial struct {
	msg      reply.Reply
	ids      []string
	until    time.Time
	sent     int
	attempts int // the ledger's attempts when this worker last claimed the slot
}

func (s *Scheduler) partialOf(a DigestArgs) *partial {
	s.partialMu.Lock()
	defer s.partialMu.Unlock()
	return s.partials[a.key()]
}

func (s *Scheduler) keepPartial(a DigestArgs, p *partial) {
	s.partialMu.Lock()
	defer s.partialMu.Unlock()
	s.partials[a.key()] = p
}

func (s *Scheduler) dropPartial(a DigestArgs) {
	s.partialMu.Lock()
	defer s.partialMu.Unlock()
	delete(s.partials, a.key())
}

// holdsPartial reports whether this process is part-way through posting
// the slot (its claim is live however old it is).
func (s *Scheduler) holdsPartial(ch channel.Key, slot time.Time) bool {
	return s.partialOf(DigestArgs{Platform: ch.Platform, ChannelID: ch.ID, Slot: slot}) != nil
}

func (a DigestArgs) key() DigestArgs {
	a.Slot = a.Slot.UTC()
	a.Reconcile = false
	return a
}

// send posts the digest's messages, from the first the platform has not
// accepted yet, and records the outcome. A temporary
// failure after some messages went out keeps the claim and the composed
// messages in memory, so the retry posts only the rest: no message is
// posted twice. (If the process dies meanwhile, the claim goes stale and
// the rest of that digest is skipped, as any interrupted post is.)
func (s *Scheduler) send(ctx context.Context, log *slog.Logger, poster post.Poster, a DigestArgs, p *partial, lastAttempt bool) error {
	ch := channel.Key{Platform: a.Platform, ID: a.ChannelID}
	slot := a.Slot.UTC()
	var n int
	var err error
	if sp, ok := poster.(post.SlotPoster); ok {
		n, err = sp.PostSlot(ctx, post.Slot{Channel: ch, At: slot}, p.msg, p.sent)
	} else {
		n, err = poster.Post(ctx, ch, p.msg, p.sent)
	}
	p.sent += n
	if err == nil {
		s.dropPartial(a)
		if err := s.markPosted(ctx, ch, slot, p); err != nil {
			// The row stays pending and is never posted again.
			log.Error("digest posted but not recorded", slog.Any("err", err))
		}
		log.Info("digest posted", slog.Int("articles", len(p.ids)), slog.Int("messages", p.sent))
		s.observe(ch.Platform, OutcomePosted)
		return nil
	}
	if perm, ok := post.IsPermanent(err); ok {
		s.dropPartial(a)
		return s.permanent(ctx, log, ch, slot, perm)
	}
	if ctx.Err() != nil {
		// The attempt ran out of time, or the service is stopping hard,
		// while the post was under way: the platform may have it.
		s.dropPartial(a)
		if _, ok := finderOf(poster); ok {
			// The claim stays pending: once it is stale, the job's retry
			// (or the planner's) looks in the channel and posts what is
			// missing.
			log.Warn("interrupted while posting; the channel is looked at once the claim is stale", slog.Any("err", err))
			s.observe(ch.Platform, OutcomeRetry)
			return err
		}
		s.settle(ctx, log, ch, slot, store.StatusSkipped, reasonInterrupted)
		log.Warn("interrupted while posting; not reposted to avoid a double post", slog.Any("err", err))
		s.observe(ch.Platform, OutcomeSkipped)
		return nil
	}
	if p.sent > 0 {
		if lastAttempt {
			s.dropPartial(a)
			s.settle(ctx, log, ch, slot, store.StatusSkipped, fmt.Sprintf("partly posted (%d messages went out), then: %v", p.sent, err))
			log.Error("digest partly posted; giving up", slog.Int("sent", p.sent), slog.Any("err", err))
			s.observe(ch.Platform, OutcomeFailed)
			return nil
		}
		// Keep the claim (the row stays pending) and the messages.
		s.keepPartial(a, p)
		log.Warn("digest partly posted; the rest follows", slog.Int("sent", p.sent), slog.Any("err", err))
		s.observe(ch.Platform, OutcomeRetry)
		if after, ok := post.RetryAfterOf(err); ok {
			return river.JobSnooze(max(after, 0))
		}
		return err
	}
	if after, ok := post.RetryAfterOf(err); ok {
		s.settle(ctx, log, ch, slot, store.StatusFailed, err.Error())
		log.Warn("rate limited; retrying", slog.Duration("after", after), slog.Any("err", err))
		s.observe(ch.Platform, OutcomeRetry)
		return river.JobSnooze(max(after, 0))
	}
	return s.retryable(ctx, log, ch, slot, err, lastAttempt)
}

// retryable records a failed attempt and hands the error to River, which
// retries with backoff.
func (s *Scheduler) retryable(ctx context.Context, log *slog.Logger, ch channel.Key, slot time.Time, err error, lastAttempt bool) error {
	s.settle(ctx, log, ch, slot, store.StatusFailed, err.Error())
	if lastAttempt {
		log.Error("digest failed; giving up", slog.Any("err", err))
		s.observe(ch.Platform, OutcomeFailed)
		return err
	}
	log.Warn("digest failed; retrying", slog.Any("err", err))
	s.observe(ch.Platform, OutcomeRetry)
	return err
}

// permanent records that the channel can't be posted to, pauses its
// schedule with the reason and cancels the job.
func (s *Scheduler) permanent(ctx context.Context, log *slog.Logger, ch channel.Key, slot time.Time, p *post.Permanent) error {
	s.settle(ctx, log, ch, slot, store.StatusFailed, p.Error())
	mctx, cancel := detached(ctx)
	defer cancel()
	if err := s.st.PauseSchedule(mctx, ch, p.Reason); err != nil && !errors.Is(err, store.ErrNotFound) {
		log.Error("pause schedule", slog.Any("err", err))
	}
	log.Error("channel can't be posted to; schedule paused",
		slog.String("reason", p.Reason), slog.Any("err", p))
	s.observe(ch.Platform, OutcomePaused)
	return river.JobCancel(p)
}

// settle writes an attempt's outcome to the ledger, even when the attempt's
// context has ended. A failure to write is logged: a row left pending is
// settled later as interrupted, and never posted twice.
func (s *Scheduler) settle(ctx context.Context, log *slog.Logger, ch channel.Key, slot time.Time, status, reason string) {
	mctx, cancel := detached(ctx)
	defer cancel()
	var err error
	switch status {
	case store.StatusSkipped:
		err = s.st.MarkSkipped(mctx, nil, ch, slot, reason)
	default:
		err = s.st.MarkFailed(mctx, nil, ch, slot, reason)
	}
	if err != nil {
		log.Error("record outcome", slog.String("status", status), slog.Any("err", err))
	}
}

func (s *Scheduler) observe(platform, outcome string) {
	if s.cfg.Observe != nil {
		s.cfg.Observe(platform, outcome)
	}
}

// detached is a context for a ledger write that must happen even though
// the attempt's context has ended.
func detached(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), markTimeout)
}

// markPosted records a posted digest. While the database is unavailable
// (Postgres restarting) it tries again, until the attempt's context ends
// or markRetryFor has passed: a posted digest left unrecorded would be
// skipped as interrupted, and the next digest would repeat its articles.
// Marking posted is always true, whatever the row says by then.
func (s *Scheduler) markPosted(ctx context.Context, ch channel.Key, slot time.Time, p *partial) error {
	deadline := time.Now().Add(markRetryFor)
	wait := 250 * time.Millisecond
	for {
		mctx, cancel := detached(ctx)
		err := s.st.MarkPosted(mctx, nil, ch, slot, p.ids, p.until)
		cancel()
		if err == nil || !errors.Is(err, store.ErrUnavailable) || time.Now().Add(wait).After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
		wait = min(2*wait, 5*time.Second)
	}
}

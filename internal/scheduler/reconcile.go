package scheduler

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"brief/internal/channel"
	"brief/internal/digest"
	"brief/internal/post"
	"brief/internal/store"
)

// finderOf returns the poster's Finder when it can reconcile: it marks
// the slot's messages (SlotPoster) and can look for them (Finder).
func finderOf(p post.Poster) (post.Finder, bool) {
	if p == nil {
		return nil, false
	}
	if _, ok := p.(post.SlotPoster); !ok {
		return nil, false
	}
	f, ok := p.(post.Finder)
	return f, ok
}

// reconcile settles a slot whose claim d an attempt left pending and stale
// (it died, or its context ended, while posting): it looks in the channel
// for the slot's messages, takes the claim over, and posts what is
// missing, or, when everything is there, only marks the slot posted.
//
// The digest is composed again over the dead attempt's window, up to its
// claim (it composed right after claiming), so that the parts it did not
// post come from the same articles as those it did.
//
// The lookup comes before the takeover, and the takeover is conditional on
// the claim being the one looked at (store attempts unchanged): of several
// workers reconciling at once, one takes it over and posts; the others
// find it taken and leave it. When the platform does not let the bot look
// (post.ErrCannotLook), the slot is skipped as interrupted, as for a
// poster that can't reconcile.
func (s *Scheduler) reconcile(ctx context.Context, log *slog.Logger, poster post.Poster, f post.Finder, a DigestArgs, d store.Delivery, lastAttempt bool) error {
	ch := channel.Key{Platform: a.Platform, ID: a.ChannelID}
	slot := a.Slot.UTC()
	log = log.With(slog.Time("claimed_at", d.ClaimedAt))

	since, err := digest.Since(ctx, s.st, ch, slot)
	if err != nil {
		return err // the claim is untouched: the retry reconciles again
	}
	until := d.ClaimedAt.UTC().Truncate(time.Millisecond)
	msg, ids, err := s.cfg.Digester.Digest(ctx, ch, since, until)
	if err != nil {
		return fmt.Errorf("compose digest: %w", err)
	}
	parts, err := f.FindSlot(ctx, post.Slot{Channel: ch, At: slot})
	if err != nil {
		if errors.Is(err, post.ErrCannotLook) {
			log.Warn("can't look in the channel for a post interrupted there; not reposted", slog.Any("err", err))
			return s.skipInterrupted(ctx, ch, slot, d.ClaimedAt)
		}
		if perm, ok := post.IsPermanent(err); ok {
			return s.permanent(ctx, log, ch, slot, perm)
		}
		if lastAttempt {
			log.Error("can't look in the channel for a post interrupted there; giving up", slog.Any("err", err))
			return s.skipInterrupted(ctx, ch, slot, d.ClaimedAt)
		}
		log.Warn("looking for an interrupted post failed; retrying", slog.Any("err", err))
		s.observe(ch.Platform, OutcomeRetry)
		if after, ok := post.RetryAfterOf(err); ok {
			return river.JobSnooze(max(after, 0))
		}
		return err
	}
	from := 0 // the first part missing from the channel
	for _, p := range parts {
		if p == from {
			from++
		}
	}

	nd, taken, err := s.takeOver(ctx, ch, slot, d.Attempts, "interrupted while posting: taken over after looking in the channel")
	if err != nil {
		return err
	}
	if !taken {
		log.Info("interrupted slot taken over by another worker")
		return nil
	}
	log.Info("interrupted slot taken over", slog.Any("parts_found", parts), slog.Int("from", from))
	if from == 0 {
		if late := s.now().Sub(slot); late > giveUpAfter {
			s.settle(ctx, log, ch, slot, store.StatusSkipped,
				fmt.Sprintf("gave up: interrupted while posting, not in the channel, and %s late (retries stop after %s)", late.Round(time.Minute), giveUpAfter))
			s.observe(ch.Platform, OutcomeFailed)
			return nil
		}
		if len(ids) == 0 {
			s.settle(ctx, log, ch, slot, store.StatusSkipped, "empty digest")
			s.observe(ch.Platform, OutcomeSkipped)
			return nil
		}
	}
	return s.send(ctx, log, poster, a, &partial{msg: msg, ids: ids, until: until, sent: from, attempts: nd.Attempts}, lastAttempt)
}

// takeOver renews the claim on the slot if it is still the one with these
// attempts (pending, and nobody claimed it since): it marks the row failed
// with the reason and claims it again, in one transaction, so that of
// several workers holding the same view one wins. taken is false when the
// claim changed (settled, or taken by another).
func (s *Scheduler) takeOver(ctx context.Context, ch channel.Key, slot time.Time, attempts int, reason string) (d store.Delivery, taken bool, err error) {
	err = s.st.WithTx(ctx, func(tx *sql.Tx) error {
		cur, err := s.st.Delivery(ctx, tx, ch, slot)
		if err != nil {
			return err
		}
		if cur.Status != store.StatusPending || cur.Attempts != attempts {
			return nil
		}
		if err := s.st.MarkFailed(ctx, tx, ch, slot, reason); err != nil {
			return err
		}
		d, taken, err = s.st.ClaimSlot(ctx, tx, ch, slot)
		return err
	})
	if err != nil {
		return store.Delivery{}, false, fmt.Errorf("scheduler: take over slot: %w", err)
	}
	return d, taken, nil
}

package store

import (
	"brief/internal/channel"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Delivery statuses in the ledger.
const (
	StatusPending = "pending" // claimed: a worker is posting it, or died while posting
	StatusPosted  = "posted"  // the platform accepted the post
	StatusFailed  = "failed"  // the last attempt failed; ClaimSlot may claim it again
	StatusSkipped = "skipped" // deliberately not posted (empty digest, too late)
)

// A Delivery is the ledger's row for one channel and scheduled slot.
type Delivery struct {
	Channel    channel.Key
	Slot       time.Time // the scheduled instant, UTC
	Status     string
	Attempts   int       // how many times the slot was claimed
	ArticleIDs []string  // what was posted
	ClaimedAt  time.Time // the last claim
	PostedAt   time.Time // zero unless posted
	Error      string    // why the last attempt failed or the slot was skipped
	UpdatedAt  time.Time
}

// ClaimSlot records the intent to post the channel's slot. It claims the
// slot (claimed is true, status pending) when the ledger has no row for it
// yet, or when its last attempt failed. Otherwise (pending: another worker
// holds it or died mid-post; posted; skipped) claimed is false and the
// returned Delivery says why. One caller wins however many workers,
// processes or replicas race.
//
// tx may be nil; given, the claim commits or rolls back with the caller's
// transaction.
func (s *Store) ClaimSlot(ctx context.Context, tx *sql.Tx, ch channel.Key, slot time.Time) (d Delivery, claimed bool, err error) {
	err = s.inTx(ctx, tx, func(tx *sql.Tx) error {
		now := millis(s.now())
		at := millis(slot)
		res, err := tx.ExecContext(ctx, qClaimNew, ch.Platform, ch.ID, at, now, now)
		if err != nil {
			return explain(err)
		}
		if claimed, err = affected(res); err != nil {
			return err
		}
		if !claimed {
			res, err := tx.ExecContext(ctx, qClaimFailed, now, now, ch.Platform, ch.ID, at)
			if err != nil {
				return explain(err)
			}
			if claimed, err = affected(res); err != nil {
				return err
			}
		}
		d, err = delivery(ctx, tx, ch, slot)
		return err
	})
	if err != nil {
		return Delivery{}, false, fmt.Errorf("store: claim slot %s for %s: %w", slotString(slot), ch, err)
	}
	return d, claimed, nil
}

// Delivery returns the ledger's row for the channel's slot, or ErrNotFound.
// tx may be nil.
func (s *Store) Delivery(ctx context.Context, tx *sql.Tx, ch channel.Key, slot time.Time) (Delivery, error) {
	var q querier = s.db
	if tx != nil {
		q = tx
	}
	d, err := delivery(ctx, q, ch, slot)
	if err != nil {
		return Delivery{}, fmt.Errorf("store: load delivery %s for %s: %w", slotString(slot), ch, err)
	}
	return d, nil
}

func delivery(ctx context.Context, q querier, ch channel.Key, slot time.Time) (Delivery, error) {
	d := Delivery{Channel: ch, Slot: fromMillis(millis(slot))}
	var ids string
	var claimed, updated int64
	var posted sql.NullInt64
	err := q.QueryRowContext(ctx, qDelivery, ch.Platform, ch.ID, millis(slot)).
		Scan(&d.Status, &d.Attempts, &ids, &claimed, &posted, &d.Error, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return Delivery{}, ErrNotFound
	}
	if err != nil {
		return Delivery{}, explain(err)
	}
	if err := json.Unmarshal([]byte(ids), &d.ArticleIDs); err != nil {
		return Delivery{}, fmt.Errorf("%w: article ids: %v", ErrCorrupt, err)
	}
	d.ClaimedAt = fromMillis(claimed)
	d.UpdatedAt = fromMillis(updated)
	if posted.Valid {
		d.PostedAt = fromMillis(posted.Int64)
	}
	return d, nil
}

// MarkPosted records that the slot's digest was posted with these articles.
// postedAt should be the instant the digest's articles were read (the clock
// just before the library was read): LastPosted returns it, and the next digest
// starts from there. It returns ErrNotFound for a slot never claimed and
// ErrAlreadyDone for one already posted. tx may be nil.
func (s *Store) MarkPosted(ctx context.Context, tx *sql.Tx, ch channel.Key, slot time.Time, articleIDs []string, postedAt time.Time) error {
	if articleIDs == nil {
		articleIDs = []string{}
	}
	ids, err := json.Marshal(articleIDs)
	if err != nil {
		return fmt.Errorf("store: mark slot %s posted for %s: %w", slotString(slot), ch, err)
	}
	return s.mark(ctx, tx, "posted", ch, slot, qMarkPosted, string(ids), len(articleIDs), millis(postedAt), millis(s.now()))
}

// MarkFailed records that posting the slot failed, and why; ClaimSlot may
// then claim it again (a retry). tx may be nil.
func (s *Store) MarkFailed(ctx context.Context, tx *sql.Tx, ch channel.Key, slot time.Time, reason string) error {
	return s.mark(ctx, tx, "failed", ch, slot, qMarkFailed, reason, millis(s.now()))
}

// MarkSkipped records that the slot will not be posted, and why (an empty
// digest, a slot found more than an hour late). tx may be nil.
func (s *Store) MarkSkipped(ctx context.Context, tx *sql.Tx, ch channel.Key, slot time.Time, reason string) error {
	return s.mark(ctx, tx, "skipped", ch, slot, qMarkSkipped, reason, millis(s.now()))
}

func (s *Store) mark(ctx context.Context, tx *sql.Tx, verb string, ch channel.Key, slot time.Time, query string, args ...any) error {
	err := s.inTx(ctx, tx, func(tx *sql.Tx) error {
		args = append(args, ch.Platform, ch.ID, millis(slot))
		res, err := tx.ExecContext(ctx, query, args...)
		if err != nil {
			return explain(err)
		}
		ok, err := affected(res)
		if err != nil || ok {
			return err
		}
		// Nothing changed: say why.
		d, err := delivery(ctx, tx, ch, slot)
		if err != nil {
			return err
		}
		if d.Status == StatusPosted {
			return ErrAlreadyDone
		}
		return fmt.Errorf("ledger row is %s", d.Status)
	})
	if err != nil {
		return fmt.Errorf("store: mark slot %s %s for %s: %w", slotString(slot), verb, ch, err)
	}
	return nil
}

// LastPosted returns when the channel's latest digest was posted (its
// MarkPosted postedAt), and false when none ever was.
func (s *Store) LastPosted(ctx context.Context, ch channel.Key) (time.Time, bool, error) {
	var at sql.NullInt64
	if err := s.db.QueryRowContext(ctx, qLastPosted, ch.Platform, ch.ID).Scan(&at); err != nil {
		return time.Time{}, false, fmt.Errorf("store: load last post for %s: %w", ch, explain(err))
	}
	if !at.Valid {
		return time.Time{}, false, nil
	}
	return fromMillis(at.Int64), true, nil
}

func affected(res sql.Result) (bool, error) {
	n, err := res.RowsAffected()
	if err != nil {
		return false, err
	}
	return n > 0, nil
}

func slotString(slot time.Time) string { return slot.UTC().Format(time.RFC3339) }

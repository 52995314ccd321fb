package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"brief/internal/replay"
)

// The store is the replay ledger of every adapter that verifies webhooks:
// a request recorded here is refused on every replica and after a restart.
var _ replay.Ledger = (*Store)(nil)

// pruneEvery is how often RecordRequest deletes the requests whose
// window has passed.
const pruneEvery = time.Minute

const (
	qRecordRequest = `INSERT INTO seen_requests (request_key, seen_at, expires_at) VALUES ($1, $2, $3)
ON CONFLICT (request_key) DO UPDATE SET seen_at = excluded.seen_at, expires_at = excluded.expires_at
WHERE seen_requests.expires_at < excluded.seen_at`
	qPruneRequests = `DELETE FROM seen_requests WHERE expires_at < $1`
	qCountRequests = `SELECT COUNT(*) FROM seen_requests`
)

// RecordRequest records that the webhook request named key was accepted
// at seen, to be remembered until expires (when its timestamp falls out
// of the platform's window and it would be refused anyway), and reports
// whether it is new: false means it was recorded before and has not
// expired, so it is a replay. Every replica sharing the database shares
// the record, and it survives a restart. Expired records are pruned as
// new ones arrive.
func (s *Store) RecordRequest(ctx context.Context, key string, seen, expires time.Time) (fresh bool, err error) {
	if key == "" {
		return false, fmt.Errorf("store: record request: %w: empty key", ErrInvalid)
	}
	now := millis(seen)
	prune := s.pruneDue(seen)
	err = s.WithTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, qRecordRequest, key, now, millis(expires))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		fresh = n > 0
		if prune {
			_, err = tx.ExecContext(ctx, qPruneRequests, now)
		}
		return err
	})
	if err != nil {
		return false, fmt.Errorf("store: record request: %w", explain(err))
	}
	return fresh, nil
}

// pruneDue reports whether it is time to prune, and if so notes that it
// is being done.
func (s *Store) pruneDue(now time.Time) bool {
	s.pruneMu.Lock()
	defer s.pruneMu.Unlock()
	if !s.lastPrune.IsZero() && now.Sub(s.lastPrune) < pruneEvery && now.After(s.lastPrune) {
		return false
	}
	s.lastPrune = now
	return true
}

// SeenRequests counts the requests remembered, expired or not.
func (s *Store) SeenRequests(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, qCountRequests).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count seen requests: %w", explain(err))
	}
	return n, nil
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// A lease makes one replica at a time the one that does something (hold
// the Discord gateway). A holder takes it for a time to live and renews it
// well before that ends; when it stops renewing (it died), another takes
// it over once it has expired. Times come from the store's clock
// (WithClock), so replicas must keep their clocks roughly in step: a ttl
// of tens of seconds absorbs ordinary drift.

const (
	qTakeLease = `INSERT INTO leases (name, holder, expires_at, updated_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at, updated_at = excluded.updated_at
WHERE leases.holder = excluded.holder OR leases.expires_at <= excluded.updated_at`
	qReleaseLease = `DELETE FROM leases WHERE name = $1 AND holder = $2`
	qLease        = `SELECT holder, expires_at FROM leases WHERE name = $1`
)

func checkLease(name, holder string) error {
	switch {
	case name == "":
		return fmt.Errorf("%w: a lease needs a name", ErrInvalid)
	case holder == "":
		return fmt.Errorf("%w: lease %s needs a holder", ErrInvalid, name)
	}
	return nil
}

// TakeLease takes the lease called name for holder until ttl from now, when
// nobody holds it or its holder let it expire, or renews it when holder
// holds it already. held reports whether holder holds it now; false means
// another holder's lease is still running. One of several replicas racing
// for a free lease gets it.
func (s *Store) TakeLease(ctx context.Context, name, holder string, ttl time.Duration) (held bool, err error) {
	if err := checkLease(name, holder); err != nil {
		return false, fmt.Errorf("store: take lease: %w", err)
	}
	if ttl <= 0 {
		return false, fmt.Errorf("store: take lease %s: %w: its time to live must be positive", name, ErrInvalid)
	}
	now := s.now()
	res, err := s.db.ExecContext(ctx, qTakeLease, name, holder, millis(now.Add(ttl)), millis(now))
	if err != nil {
		return false, fmt.Errorf("store: take lease %s: %w", name, explain(err))
	}
	if held, err = affected(res); err != nil {
		return false, fmt.Errorf("store: take lease %s: %w", name, err)
	}
	return held, nil
}

// ReleaseLease gives the lease up, when holder holds it, so that another
// may take it at once rather than when it expires. Releasing a lease held
// by another, or by nobody, does nothing.
func (s *Store) ReleaseLease(ctx context.Context, name, holder string) error {
	if err := checkLease(name, holder); err != nil {
		return fmt.Errorf("store: release lease: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, qReleaseLease, name, holder); err != nil {
		return fmt.Errorf("store: release lease %s: %w", name, explain(err))
	}
	return nil
}

// Lease returns who last took the lease and when it expires (it may have
// expired already: compare with the clock), or ErrNotFound when nobody
// holds it or it was released.
func (s *Store) Lease(ctx context.Context, name string) (holder string, expiresAt time.Time, err error) {
	var exp int64
	err = s.db.QueryRowContext(ctx, qLease, name).Scan(&holder, &exp)
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, fmt.Errorf("store: lease %s: %w", name, ErrNotFound)
	}
	if err != nil {
		return "", time.Time{}, fmt.Errorf("store: lease %s: %w", name, explain(err))
	}
	return holder, fromMillis(exp), nil
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"brief/internal/channel"
)

// checkKey refuses a key without a platform or an id.
func checkKey(k channel.Key) error {
	if k.Platform == "" || k.ID == "" {
		return fmt.Errorf("%w: channel needs a platform and an id (got %q)", ErrInvalid, k.String())
	}
	return nil
}

// A ChannelSchedule is a schedule with the channel it belongs to.
type ChannelSchedule struct {
	Channel channel.Key
	channel.Schedule
}

// EnsureChannel records a channel, or updates its name when a non-empty
// name differs from the stored one. It returns the channel's key.
func (s *Store) EnsureChannel(ctx context.Context, platform, id, name string) (channel.Key, error) {
	k := channel.Key{Platform: platform, ID: id}
	if err := checkKey(k); err != nil {
		return k, fmt.Errorf("store: save channel: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, qEnsureChannel, platform, id, name, millis(s.now())); err != nil {
		return k, fmt.Errorf("store: save channel %s: %w", k, explain(err))
	}
	return k, nil
}

// ChannelName returns the channel's recorded name, or ErrNotFound.
func (s *Store) ChannelName(ctx context.Context, ch channel.Key) (string, error) {
	var name string
	var created int64
	err := s.db.QueryRowContext(ctx, qChannel, ch.Platform, ch.ID).Scan(&name, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("store: load channel %s: %w", ch, ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("store: load channel %s: %w", ch, explain(err))
	}
	return name, nil
}

// SetSchedule sets (or replaces) the channel's schedule and resumes it if it
// was paused. The channel must have been recorded with EnsureChannel.
func (s *Store) SetSchedule(ctx context.Context, ch channel.Key, sc channel.Schedule) error {
	fail := func(err error) error { return fmt.Errorf("store: save schedule for %s: %w", ch, err) }
	if err := checkKey(ch); err != nil {
		return fail(err)
	}
	if err := sc.Validate(); err != nil {
		return fail(err)
	}
	return s.WithTx(ctx, func(tx *sql.Tx) error {
		var name string
		var created int64
		err := tx.QueryRowContext(ctx, qChannel, ch.Platform, ch.ID).Scan(&name, &created)
		if errors.Is(err, sql.ErrNoRows) {
			return fail(fmt.Errorf("channel %w (record it with EnsureChannel first)", ErrNotFound))
		}
		if err != nil {
			return fail(explain(err))
		}
		now := millis(s.now())
		if _, err := tx.ExecContext(ctx, qSetSchedule, ch.Platform, ch.ID, sc.At, sc.Zone, sc.Days, now, now); err != nil {
			return fail(explain(err))
		}
		return nil
	})
}

// Schedule returns the channel's schedule, paused or not, or ErrNotFound.
func (s *Store) Schedule(ctx context.Context, ch channel.Key) (channel.Schedule, error) {
	sc, err := scanSchedule(s.db.QueryRowContext(ctx, qSchedule, ch.Platform, ch.ID).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return channel.Schedule{}, fmt.Errorf("store: load schedule for %s: %w", ch, ErrNotFound)
	}
	if err != nil {
		return channel.Schedule{}, fmt.Errorf("store: load schedule for %s: %w", ch, explain(err))
	}
	return sc, nil
}

func scanSchedule(scan func(...any) error, head ...any) (channel.Schedule, error) {
	var sc channel.Schedule
	var paused sql.NullString
	var updated int64
	if err := scan(append(head, &sc.At, &sc.Zone, &sc.Days, &paused, &updated)...); err != nil {
		return channel.Schedule{}, err
	}
	sc.PausedReason = paused.String
	sc.UpdatedAt = fromMillis(updated)
	return sc, nil
}

// DeleteSchedule removes the channel's schedule. It reports whether there
// was one.
func (s *Store) DeleteSchedule(ctx context.Context, ch channel.Key) (bool, error) {
	res, err := s.db.ExecContext(ctx, qDeleteSchedule, ch.Platform, ch.ID)
	if err != nil {
		return false, fmt.Errorf("store: delete schedule for %s: %w", ch, explain(err))
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: delete schedule for %s: %w", ch, err)
	}
	return n > 0, nil
}

// PauseSchedule stops a channel's schedule from posting, keeping it and the
// reason (for example "channel not found" from the platform) until
// SetSchedule sets it again. It returns ErrNotFound when the channel has no
// schedule.
func (s *Store) PauseSchedule(ctx context.Context, ch channel.Key, reason string) error {
	if reason == "" {
		reason = "paused"
	}
	res, err := s.db.ExecContext(ctx, qPauseSchedule, reason, millis(s.now()), ch.Platform, ch.ID)
	if err != nil {
		return fmt.Errorf("store: pause schedule for %s: %w", ch, explain(err))
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if err == nil {
			err = ErrNotFound
		}
		return fmt.Errorf("store: pause schedule for %s: %w", ch, err)
	}
	return nil
}

// Schedules returns every active (not paused) schedule.
func (s *Store) Schedules(ctx context.Context) ([]ChannelSchedule, error) {
	rows, err := s.db.QueryContext(ctx, qSchedules)
	if err != nil {
		return nil, fmt.Errorf("store: list schedules: %w", explain(err))
	}
	defer rows.Close()
	var list []ChannelSchedule
	for rows.Next() {
		var cs ChannelSchedule
		sc, err := scanSchedule(rows.Scan, &cs.Channel.Platform, &cs.Channel.ID)
		if err != nil {
			return nil, fmt.Errorf("store: list schedules: %w", explain(err))
		}
		cs.Schedule = sc
		list = append(list, cs)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list schedules: %w", explain(err))
	}
	return list, nil
}

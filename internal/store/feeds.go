package store

import (
	"brief/internal/channel"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"brief/internal/textsafe"
)

// ErrAlreadySubscribed means the channel already follows the feed.
var ErrAlreadySubscribed = errors.New("channel already follows this feed")

// maxFeedURL bounds a feed address: longer is not an address anyone types.
const maxFeedURL = 2048

// A Feed is a channel's subscription with what is known of the feed.
type Feed struct {
	URL, Title   string
	SubscribedAt time.Time // when the channel subscribed
	LastPolledAt time.Time // last successful fetch (200 or 304); zero: never
	NextPollAt   time.Time
	Failures     int    // consecutive failed polls; 0 while it works
	LastError    string // why the last poll failed, while Failures > 0
}

// FeedState is a feed's polling state, shared by every channel that
// follows it.
type FeedState struct {
	URL             string
	Title           string
	ETag            string // validators for the next conditional GET
	LastModified    string
	Interval        time.Duration // poll interval while it works
	NextPollAt      time.Time
	LastPolledAt    time.Time // last successful fetch; zero: never, so its items are back catalogue
	Failures        int
	LastError       string
	FailureReported bool      // the channels were told it is failing (read only: see SaveFeedState)
	CreatedAt       time.Time // set by the store
}

// shownURL is a feed address as error messages show it: a feed's address
// may carry a token that lets brief read it.
func shownURL(url string) string { return textsafe.RedactURL(url) }

func checkFeedURL(url string) error {
	switch {
	case url == "":
		return fmt.Errorf("%w: no feed address", ErrInvalid)
	case len(url) > maxFeedURL:
		return fmt.Errorf("%w: feed address is longer than %d characters", ErrInvalid, maxFeedURL)
	}
	return nil
}

// Subscribe makes the channel follow the feed at url, recording the channel
// when it is new and the feed's state when no channel followed it yet (due
// at once). It reports whether the subscription is new.
func (s *Store) Subscribe(ctx context.Context, ch channel.Key, url string) (created bool, err error) {
	fail := func(err error) (bool, error) {
		return false, fmt.Errorf("store: subscribe %s to %s: %w", ch, shownURL(url), err)
	}
	if err := checkKey(ch); err != nil {
		return fail(err)
	}
	if err := checkFeedURL(url); err != nil {
		return fail(err)
	}
	now := millis(s.now())
	err = s.WithTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, qEnsureChannelRow, ch.Platform, ch.ID, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, qEnsureFeedState, url, now, now); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, qSubscribe, ch.Platform, ch.ID, url, now)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		created = n > 0
		return err
	})
	if err != nil {
		return fail(explain(err))
	}
	return created, nil
}

// Unsubscribe stops the channel following the feed. It reports whether it
// did. The feed's state and the items it delivered are kept: a feed nobody
// follows is not polled, and should a channel follow it again, the items
// already taken in are not taken in twice.
func (s *Store) Unsubscribe(ctx context.Context, ch channel.Key, url string) (removed bool, err error) {
	res, err := s.db.ExecContext(ctx, qUnsubscribe, ch.Platform, ch.ID, url)
	if err != nil {
		return false, fmt.Errorf("store: unsubscribe %s from %s: %w", ch, shownURL(url), explain(err))
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: unsubscribe %s from %s: %w", ch, shownURL(url), err)
	}
	return n > 0, nil
}

// ChannelFeeds returns the feeds the channel follows, in the order it
// subscribed to them.
func (s *Store) ChannelFeeds(ctx context.Context, ch channel.Key) ([]Feed, error) {
	rows, err := s.db.QueryContext(ctx, qChannelFeeds, ch.Platform, ch.ID)
	if err != nil {
		return nil, fmt.Errorf("store: list feeds of %s: %w", ch, explain(err))
	}
	defer rows.Close()
	var list []Feed
	for rows.Next() {
		f, err := scanFeed(rows.Scan)
		if err != nil {
			return nil, fmt.Errorf("store: list feeds of %s: %w", ch, explain(err))
		}
		list = append(list, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list feeds of %s: %w", ch, explain(err))
	}
	return list, nil
}

// ChannelFeed returns one of the channel's feeds, or ErrNotFound when the
// channel does not follow url.
func (s *Store) ChannelFeed(ctx context.Context, ch channel.Key, url string) (Feed, error) {
	f, err := scanFeed(s.db.QueryRowContext(ctx, qChannelFeed, ch.Platform, ch.ID, url).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return Feed{}, fmt.Errorf("store: feed %s of %s: %w", shownURL(url), ch, ErrNotFound)
	}
	if err != nil {
		return Feed{}, fmt.Errorf("store: feed %s of %s: %w", shownURL(url), ch, explain(err))
	}
	return f, nil
}

func scanFeed(scan func(...any) error) (Feed, error) {
	var (
		f                Feed
		subscribed, next int64
		polled           sql.NullInt64
		failures         int64
	)
	if err := scan(&f.URL, &f.Title, &subscribed, &polled, &next, &failures, &f.LastError); err != nil {
		return Feed{}, err
	}
	f.SubscribedAt = fromMillis(subscribed)
	if polled.Valid {
		f.LastPolledAt = fromMillis(polled.Int64)
	}
	f.NextPollAt = fromMillis(next)
	f.Failures = int(failures)
	return f, nil
}

// FeedChannels returns the channels that follow the feed at url.
func (s *Store) FeedChannels(ctx context.Context, url string) ([]channel.Key, error) {
	rows, err := s.db.QueryContext(ctx, qFeedChannels, url)
	if err != nil {
		return nil, fmt.Errorf("store: channels following %s: %w", shownURL(url), explain(err))
	}
	defer rows.Close()
	var list []channel.Key
	for rows.Next() {
		var k channel.Key
		if err := rows.Scan(&k.Platform, &k.ID); err != nil {
			return nil, fmt.Errorf("store: channels following %s: %w", shownURL(url), explain(err))
		}
		list = append(list, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: channels following %s: %w", shownURL(url), explain(err))
	}
	return list, nil
}

// FeedFollowed reports whether any channel follows the feed at url.
func (s *Store) FeedFollowed(ctx context.Context, url string) (bool, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, qFeedFollowed, url).Scan(&n); err != nil {
		return false, fmt.Errorf("store: is %s followed: %w", shownURL(url), explain(err))
	}
	return n > 0, nil
}

// FeedState returns the feed's polling state, or ErrNotFound.
func (s *Store) FeedState(ctx context.Context, url string) (FeedState, error) {
	st, err := scanFeedState(s.db.QueryRowContext(ctx, qFeedState, url).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return FeedState{}, fmt.Errorf("store: feed state of %s: %w", shownURL(url), ErrNotFound)
	}
	if err != nil {
		return FeedState{}, fmt.Errorf("store: feed state of %s: %w", shownURL(url), explain(err))
	}
	return st, nil
}

func scanFeedState(scan func(...any) error) (FeedState, error) {
	var (
		st                                FeedState
		interval, next, failures, created int64
		polled                            sql.NullInt64
	)
	err := scan(&st.URL, &st.Title, &st.ETag, &st.LastModified, &interval, &next, &polled,
		&failures, &st.LastError, &st.FailureReported, &created)
	if err != nil {
		return FeedState{}, err
	}
	st.Interval = time.Duration(interval) * time.Millisecond
	st.NextPollAt = fromMillis(next)
	if polled.Valid {
		st.LastPolledAt = fromMillis(polled.Int64)
	}
	st.Failures = int(failures)
	st.CreatedAt = fromMillis(created)
	return st, nil
}

// SaveFeedState records a poll's outcome: it writes every field of st but
// FailureReported and CreatedAt, creating the row when missing. Saving a
// state with no failures (the feed recovered) clears FailureReported, so
// that a later run of failures is reported again.
func (s *Store) SaveFeedState(ctx context.Context, st FeedState) error {
	if err := checkFeedURL(st.URL); err != nil {
		return fmt.Errorf("store: save feed state: %w", err)
	}
	if st.Failures < 0 || st.Interval < 0 {
		return fmt.Errorf("store: save feed state of %s: %w: negative failures or interval", st.URL, ErrInvalid)
	}
	var polled sql.NullInt64
	if !st.LastPolledAt.IsZero() {
		polled = sql.NullInt64{Int64: millis(st.LastPolledAt), Valid: true}
	}
	_, err := s.db.ExecContext(ctx, qSaveFeedState,
		st.URL, st.Title, st.ETag, st.LastModified, st.Interval.Milliseconds(),
		millis(st.NextPollAt), polled, int64(st.Failures), st.LastError, millis(s.now()))
	if err != nil {
		return fmt.Errorf("store: save feed state of %s: %w", st.URL, explain(err))
	}
	return nil
}

// DueFeeds returns up to limit feeds that some channel follows and whose
// next poll is at or before now, the most overdue first. A limit of 0 or
// less means no limit.
func (s *Store) DueFeeds(ctx context.Context, now time.Time, limit int) ([]FeedState, error) {
	rows, err := s.db.QueryContext(ctx, qDueFeeds, millis(now), sqlLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("store: due feeds: %w", explain(err))
	}
	defer rows.Close()
	var list []FeedState
	for rows.Next() {
		st, err := scanFeedState(rows.Scan)
		if err != nil {
			return nil, fmt.Errorf("store: due feeds: %w", explain(err))
		}
		list = append(list, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: due feeds: %w", explain(err))
	}
	return list, nil
}

// ClaimFailureReport marks a failing feed as reported to its channels. It
// returns true for the one caller that should report it: the feed is
// failing and nobody reported it since it last worked. Claim first, then
// post: a report is sent at most once per run of failures.
func (s *Store) ClaimFailureReport(ctx context.Context, url string) (bool, error) {
	res, err := s.db.ExecContext(ctx, qClaimFailureReport, url)
	if err != nil {
		return false, fmt.Errorf("store: claim failure report of %s: %w", shownURL(url), explain(err))
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: claim failure report of %s: %w", shownURL(url), err)
	}
	return n > 0, nil
}

// ItemSeen reports whether the feed's item with this key was taken in.
func (s *Store) ItemSeen(ctx context.Context, feedURL, key string) (bool, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, qItemSeen, feedURL, key).Scan(&n); err != nil {
		return false, fmt.Errorf("store: feed item of %s: %w", feedURL, explain(err))
	}
	return n > 0, nil
}

// MarkItemSeen records that the feed's item with this key was taken in. It
// reports whether this call recorded it (false: it was already).
func (s *Store) MarkItemSeen(ctx context.Context, feedURL, key string) (created bool, err error) {
	if err := checkFeedURL(feedURL); err != nil {
		return false, fmt.Errorf("store: mark feed item: %w", err)
	}
	if key == "" {
		return false, fmt.Errorf("store: mark feed item of %s: %w: empty key", feedURL, ErrInvalid)
	}
	res, err := s.db.ExecContext(ctx, qMarkItemSeen, feedURL, key, millis(s.now()))
	if err != nil {
		return false, fmt.Errorf("store: mark feed item of %s: %w", feedURL, explain(err))
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: mark feed item of %s: %w", feedURL, err)
	}
	return n > 0, nil
}

// IDChurnReportAfter is how many polls in a row must give every item a
// new id, for content already taken in, before the feed's channels are
// told.
const IDChurnReportAfter = 2

// RecordIDChurn records how a poll of the feed at url went for its item
// ids: churned when every item came with an id never seen before although
// its content had been taken in before. tell reports whether the feed's
// channels should be told now: when IDChurnReportAfter polls in a row
// churned, once for the feed (the claim is recorded first: at most once).
// flagged reports whether the feed is known to rename its items (told
// now or before). A poll that did not churn starts the count again.
func (s *Store) RecordIDChurn(ctx context.Context, url string, churned bool) (tell, flagged bool, err error) {
	err = s.WithTx(ctx, func(tx *sql.Tx) error {
		if !churned {
			if _, err := tx.ExecContext(ctx, qResetIDChurn, url); err != nil {
				return err
			}
		} else {
			if _, err := tx.ExecContext(ctx, qCountIDChurn, url); err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, qClaimIDChurnReport, url, IDChurnReportAfter)
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			tell = n > 0
		}
		return tx.QueryRowContext(ctx, qIDChurnReported, url).Scan(&flagged)
	})
	if err != nil {
		return false, false, fmt.Errorf("store: record id churn of %s: %w", shownURL(url), explain(err))
	}
	return tell, flagged, nil
}

package store

// The feed statements (schema 2), in the same portable SQL as queries.go.

const feedStateCols = `url, title, etag, last_modified, interval_ms, next_poll_at, last_polled_at,
    failures, last_error, failure_reported, created_at`

const (
	qEnsureChannelRow = `INSERT INTO channels (platform, channel_id, name, created_at) VALUES (?, ?, '', ?)
ON CONFLICT (platform, channel_id) DO NOTHING`
	qEnsureFeedState = `INSERT INTO feed_state (url, next_poll_at, created_at) VALUES (?, ?, ?)
ON CONFLICT (url) DO NOTHING`
	qSubscribe = `INSERT INTO feeds (platform, channel_id, url, created_at) VALUES (?, ?, ?, ?)
ON CONFLICT (platform, channel_id, url) DO NOTHING`
	qUnsubscribe = `DELETE FROM feeds WHERE platform = ? AND channel_id = ? AND url = ?`

	feedCols      = `f.url, COALESCE(s.title, ''), f.created_at, s.last_polled_at, COALESCE(s.next_poll_at, 0), COALESCE(s.failures, 0), COALESCE(s.last_error, '')`
	qChannelFeeds = `SELECT ` + feedCols + `
FROM feeds f LEFT JOIN feed_state s ON s.url = f.url
WHERE f.platform = ? AND f.channel_id = ?
ORDER BY f.created_at, f.url`
	qChannelFeed = `SELECT ` + feedCols + `
FROM feeds f LEFT JOIN feed_state s ON s.url = f.url
WHERE f.platform = ? AND f.channel_id = ? AND f.url = ?`
	qFeedChannels = `SELECT platform, channel_id FROM feeds WHERE url = ? ORDER BY platform, channel_id`
	qFeedFollowed = `SELECT COUNT(*) FROM feeds WHERE url = ?`

	qFeedState     = `SELECT ` + feedStateCols + ` FROM feed_state WHERE url = ?`
	qSaveFeedState = `INSERT INTO feed_state (` + feedStateCols + `)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?)
ON CONFLICT (url) DO UPDATE SET
    title = excluded.title, etag = excluded.etag, last_modified = excluded.last_modified,
    interval_ms = excluded.interval_ms, next_poll_at = excluded.next_poll_at,
    last_polled_at = excluded.last_polled_at, failures = excluded.failures,
    last_error = excluded.last_error,
    failure_reported = CASE WHEN excluded.failures = 0 THEN FALSE ELSE feed_state.failure_reported END`
	qDueFeeds = `SELECT ` + feedStateCols + ` FROM feed_state
WHERE next_poll_at <= ? AND EXISTS (SELECT 1 FROM feeds WHERE feeds.url = feed_state.url)
ORDER BY next_poll_at, url LIMIT ?`
	qClaimFailureReport = `UPDATE feed_state SET failure_reported = TRUE
WHERE url = ? AND failure_reported = FALSE AND failures > 0`

	qItemSeen     = `SELECT COUNT(*) FROM feed_items WHERE feed_url = ? AND item_key = ?`
	qMarkItemSeen = `INSERT INTO feed_items (feed_url, item_key, seen_at) VALUES (?, ?, ?)
ON CONFLICT (feed_url, item_key) DO NOTHING`
)

// Schema 3: feeds that change their items' ids.
const (
	qResetIDChurn       = `UPDATE feed_state SET id_churn = 0 WHERE url = ?`
	qCountIDChurn       = `UPDATE feed_state SET id_churn = id_churn + 1 WHERE url = ?`
	qClaimIDChurnReport = `UPDATE feed_state SET id_churn_reported = TRUE
WHERE url = ? AND id_churn >= ? AND id_churn_reported = FALSE`
	qIDChurnReported = `SELECT COALESCE(MAX(CASE WHEN id_churn_reported THEN 1 ELSE 0 END), 0) = 1 FROM feed_state WHERE url = ?`
)

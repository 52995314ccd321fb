package store

// The feed statements (schema 2), in the same portable SQL as queries.go.

const feedStateCols = `url, title, etag, last_modified, interval_ms, next_poll_at, last_polled_at,
    failures, last_error, failure_reported, created_at`

const (
	qEnsureChannelRow = `INSERT INTO channels (platform, channel_id, name, created_at) VALUES ($1, $2, '', $3)
ON CONFLICT (platform, channel_id) DO NOTHING`
	qEnsureFeedState = `INSERT INTO feed_state (url, next_poll_at, created_at) VALUES ($1, $2, $3)
ON CONFLICT (url) DO NOTHING`
	qSubscribe = `INSERT INTO feeds (platform, channel_id, url, created_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (platform, channel_id, url) DO NOTHING`
	qUnsubscribe = `DELETE FROM feeds WHERE platform = $1 AND channel_id = $2 AND url = $3`

	feedCols      = `f.url, COALESCE(s.title, ''), f.created_at, s.last_polled_at, COALESCE(s.next_poll_at, 0), COALESCE(s.failures, 0), COALESCE(s.last_error, '')`
	qChannelFeeds = `SELECT ` + feedCols + `
FROM feeds f LEFT JOIN feed_state s ON s.url = f.url
WHERE f.platform = $1 AND f.channel_id = $2
ORDER BY f.created_at, f.url`
	qChannelFeed = `SELECT ` + feedCols + `
FROM feeds f LEFT JOIN feed_state s ON s.url = f.url
WHERE f.platform = $1 AND f.channel_id = $2 AND f.url = $3`
	qFeedChannels = `SELECT platform, channel_id FROM feeds WHERE url = $1 ORDER BY platform, channel_id`
	qFeedFollowed = `SELECT COUNT(*) FROM feeds WHERE url = $1`

	qFeedState     = `SELECT ` + feedStateCols + ` FROM feed_state WHERE url = $1`
	qSaveFeedState = `INSERT INTO feed_state (` + feedStateCols + `)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, FALSE, $10)
ON CONFLICT (url) DO UPDATE SET
    title = excluded.title, etag = excluded.etag, last_modified = excluded.last_modified,
    interval_ms = excluded.interval_ms, next_poll_at = excluded.next_poll_at,
    last_polled_at = excluded.last_polled_at, failures = excluded.failures,
    last_error = excluded.last_error,
    failure_reported = CASE WHEN excluded.failures = 0 THEN FALSE ELSE feed_state.failure_reported END`
	qDueFeeds = `SELECT ` + feedStateCols + ` FROM feed_state
WHERE next_poll_at <= $1 AND EXISTS (SELECT 1 FROM feeds WHERE feeds.url = feed_state.url)
ORDER BY next_poll_at, url LIMIT $2`
	qClaimFailureReport = `UPDATE feed_state SET failure_reported = TRUE
WHERE url = $1 AND failure_reported = FALSE AND failures > 0`

	qItemSeen     = `SELECT COUNT(*) FROM feed_items WHERE feed_url = $1 AND item_key = $2`
	qMarkItemSeen = `INSERT INTO feed_items (feed_url, item_key, seen_at) VALUES ($1, $2, $3)
ON CONFLICT (feed_url, item_key) DO NOTHING`
)

// Schema 3: feeds that change their items' ids.
const (
	qResetIDChurn       = `UPDATE feed_state SET id_churn = 0 WHERE url = $1`
	qCountIDChurn       = `UPDATE feed_state SET id_churn = id_churn + 1 WHERE url = $1`
	qClaimIDChurnReport = `UPDATE feed_state SET id_churn_reported = TRUE
WHERE url = $1 AND id_churn >= $2 AND id_churn_reported = FALSE`
	qIDChurnReported = `SELECT COALESCE(MAX(CASE WHEN id_churn_reported THEN 1 ELSE 0 END), 0) = 1 FROM feed_state WHERE url = $1`
)

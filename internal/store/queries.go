package store

// The store's SQL for migrations, articles, channels, schedules and the
// ledger lives in this file; the feeds' statements are in feeds_queries.go
// and the seen requests' in replays.go. All of it is written with ?
// placeholders in SQL that SQLite and Postgres both accept, so that a
// Postgres backend needs only a rebind of ? to $n.

const (
	qCreateMigrations = `CREATE TABLE IF NOT EXISTS schema_migrations (
    version    BIGINT NOT NULL PRIMARY KEY,
    applied_at BIGINT NOT NULL
)`
	qSchemaVersion   = `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`
	qRecordMigration = `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`

	// SQLite only: is there a schema_migrations table, and are there tables
	// of some other application?
	qHasMigrationsTable = `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`
	qCountTables        = `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'`
)

const articleCols = `id, hash, seq, path, url, title, source, date, sentences, paras, arrived_at, back_catalogue`

const (
	qArticleIDByHash = `SELECT id FROM articles WHERE hash = ?`
	qArticleIDTaken  = `SELECT COUNT(*) FROM articles WHERE id = ?`
	qInsertArticle   = `INSERT INTO articles
    (id, hash, seq, path, url, title, source, date, body, sentences, paras, arrived_at, back_catalogue)
VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM articles), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

	qArticleByID      = `SELECT ` + articleCols + ` FROM articles WHERE id = ?`
	qArticleByPrefix  = `SELECT ` + articleCols + ` FROM articles WHERE hash LIKE ? ORDER BY seq LIMIT 2`
	qAllArticles      = `SELECT ` + articleCols + ` FROM articles ORDER BY seq`
	qArticlesAfterSeq = `SELECT ` + articleCols + ` FROM articles WHERE seq > ? ORDER BY seq`
	qCountArticle     = `SELECT COUNT(*) FROM articles`
)

const (
	qEnsureChannel = `INSERT INTO channels (platform, channel_id, name, created_at) VALUES (?, ?, ?, ?)
ON CONFLICT (platform, channel_id) DO UPDATE SET name = excluded.name
WHERE excluded.name <> '' AND excluded.name <> channels.name`
	qChannel = `SELECT name, created_at FROM channels WHERE platform = ? AND channel_id = ?`

	qSetSchedule = `INSERT INTO schedules (platform, channel_id, hh_mm, zone, days, paused_reason, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, NULL, ?, ?)
ON CONFLICT (platform, channel_id) DO UPDATE SET
    hh_mm = excluded.hh_mm, zone = excluded.zone, days = excluded.days,
    paused_reason = NULL, updated_at = excluded.updated_at`
	qSchedule = `SELECT hh_mm, zone, days, paused_reason, updated_at FROM schedules
WHERE platform = ? AND channel_id = ?`
	qDeleteSchedule = `DELETE FROM schedules WHERE platform = ? AND channel_id = ?`
	qPauseSchedule  = `UPDATE schedules SET paused_reason = ?, updated_at = ? WHERE platform = ? AND channel_id = ?`
	qSchedules      = `SELECT platform, channel_id, hh_mm, zone, days, paused_reason, updated_at FROM schedules
WHERE paused_reason IS NULL ORDER BY platform, channel_id`
)

const (
	qClaimNew = `INSERT INTO deliveries (platform, channel_id, slot, status, attempts, claimed_at, updated_at)
VALUES (?, ?, ?, 'pending', 1, ?, ?)
ON CONFLICT (platform, channel_id, slot) DO NOTHING`
	qClaimFailed = `UPDATE deliveries SET status = 'pending', attempts = attempts + 1, claimed_at = ?, updated_at = ?
WHERE platform = ? AND channel_id = ? AND slot = ? AND status = 'failed'`
	qDelivery = `SELECT status, attempts, article_ids, claimed_at, posted_at, error, updated_at FROM deliveries
WHERE platform = ? AND channel_id = ? AND slot = ?`
	qMarkPosted = `UPDATE deliveries SET status = 'posted', article_ids = ?, article_count = ?, posted_at = ?, error = '', updated_at = ?
WHERE platform = ? AND channel_id = ? AND slot = ? AND status <> 'posted'`
	qMarkFailed = `UPDATE deliveries SET status = 'failed', error = ?, updated_at = ?
WHERE platform = ? AND channel_id = ? AND slot = ? AND status <> 'posted'`
	qMarkSkipped = `UPDATE deliveries SET status = 'skipped', error = ?, updated_at = ?
WHERE platform = ? AND channel_id = ? AND slot = ? AND status <> 'posted'`
	qLastPosted = `SELECT MAX(posted_at) FROM deliveries
WHERE platform = ? AND channel_id = ? AND status = 'posted'`
)

package store

// The store's SQL for migrations, articles, channels, schedules and the
// ledger lives in this file; the feeds' statements are in feeds_queries.go
// and the seen requests' in replays.go. All of it is written with $1, $2,
// ... placeholders (modernc's SQLite binds $N to the N-th argument, as
// Postgres does) in SQL that SQLite and Postgres both accept.

const (
	qCreateMigrations = `CREATE TABLE IF NOT EXISTS schema_migrations (
    version    BIGINT NOT NULL PRIMARY KEY,
    applied_at BIGINT NOT NULL
)`
	qSchemaVersion   = `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`
	qRecordMigration = `INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)`

	// Is there a schema_migrations table, and are there tables of some
	// other application? River's tables (river_job, ...) are brief's own
	// job queue's, which may have been migrated first. On Postgres only
	// the current schema counts: another schema of the database is
	// another brief's or application's.
	qHasMigrationsTable   = `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`
	qCountTables          = `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' AND name NOT LIKE 'river\_%' ESCAPE '\'`
	qPgHasMigrationsTable = `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_migrations'`
	qPgCountTables        = `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name NOT LIKE 'river\_%' ESCAPE '\'`
)

const articleCols = `id, hash, seq, path, url, title, source, date, sentences, paras, arrived_at, back_catalogue`

const (
	qArticleIDByHash = `SELECT id FROM articles WHERE hash = $1`
	qArticleIDTaken  = `SELECT COUNT(*) FROM articles WHERE id = $1`
	qInsertArticle   = `INSERT INTO articles
    (id, hash, seq, path, url, title, source, date, body, sentences, paras, arrived_at, back_catalogue)
VALUES ($1, $2, (SELECT COALESCE(MAX(seq), 0) + 1 FROM articles), $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`

	qArticleByID      = `SELECT ` + articleCols + ` FROM articles WHERE id = $1`
	qArticleByPrefix  = `SELECT ` + articleCols + ` FROM articles WHERE hash LIKE $1 ORDER BY seq LIMIT 2`
	qAllArticles      = `SELECT ` + articleCols + ` FROM articles ORDER BY seq`
	qArticlesAfterSeq = `SELECT ` + articleCols + ` FROM articles WHERE seq > $1 ORDER BY seq`
	qArticlesSince    = `SELECT ` + articleCols + ` FROM articles WHERE arrived_at >= $1 ORDER BY seq`
	qMaxSeq           = `SELECT COALESCE(MAX(seq), 0) FROM articles`
	qCountArticle     = `SELECT COUNT(*) FROM articles`
)

const (
	qEnsureChannel = `INSERT INTO channels (platform, channel_id, name, created_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (platform, channel_id) DO UPDATE SET name = excluded.name
WHERE excluded.name <> '' AND excluded.name <> channels.name`
	qChannel = `SELECT name, created_at FROM channels WHERE platform = $1 AND channel_id = $2`

	qSetSchedule = `INSERT INTO schedules (platform, channel_id, hh_mm, zone, days, paused_reason, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, NULL, $6, $7)
ON CONFLICT (platform, channel_id) DO UPDATE SET
    hh_mm = excluded.hh_mm, zone = excluded.zone, days = excluded.days,
    paused_reason = NULL, updated_at = excluded.updated_at`
	qSchedule = `SELECT hh_mm, zone, days, paused_reason, updated_at FROM schedules
WHERE platform = $1 AND channel_id = $2`
	qDeleteSchedule = `DELETE FROM schedules WHERE platform = $1 AND channel_id = $2`
	qPauseSchedule  = `UPDATE schedules SET paused_reason = $1, updated_at = $2 WHERE platform = $3 AND channel_id = $4`
	qSchedules      = `SELECT platform, channel_id, hh_mm, zone, days, paused_reason, updated_at FROM schedules
WHERE paused_reason IS NULL ORDER BY platform, channel_id`
)

const (
	qClaimNew = `INSERT INTO deliveries (platform, channel_id, slot, status, attempts, claimed_at, updated_at)
VALUES ($1, $2, $3, 'pending', 1, $4, $5)
ON CONFLICT (platform, channel_id, slot) DO NOTHING`
	qClaimFailed = `UPDATE deliveries SET status = 'pending', attempts = attempts + 1, claimed_at = $1, updated_at = $2
WHERE platform = $3 AND channel_id = $4 AND slot = $5 AND status = 'failed'`
	qDelivery = `SELECT status, attempts, article_ids, claimed_at, posted_at, error, updated_at FROM deliveries
WHERE platform = $1 AND channel_id = $2 AND slot = $3`
	qMarkPosted = `UPDATE deliveries SET status = 'posted', article_ids = $1, article_count = $2, posted_at = $3, error = '', updated_at = $4
WHERE platform = $5 AND channel_id = $6 AND slot = $7 AND status <> 'posted'`
	qMarkFailed = `UPDATE deliveries SET status = 'failed', error = $1, updated_at = $2
WHERE platform = $3 AND channel_id = $4 AND slot = $5 AND status <> 'posted'`
	qMarkSkipped = `UPDATE deliveries SET status = 'skipped', error = $1, updated_at = $2
WHERE platform = $3 AND channel_id = $4 AND slot = $5 AND status <> 'posted'`
	qLastPosted = `SELECT MAX(posted_at) FROM deliveries
WHERE platform = $1 AND channel_id = $2 AND status = 'posted'`
)

-- Schema 1: articles, channels, schedules, the delivery ledger and feeds.
--
-- Written to run unchanged on SQLite and on Postgres:
--   * timestamps are BIGINT Unix milliseconds, UTC (never TEXT, never the
--     database's own clock: the store passes every time in);
--   * no auto-increment: keys are natural (an article's content hash, a
--     channel's platform and id), and articles.seq is assigned by the store
--     as MAX(seq)+1 inside the inserting transaction;
--   * booleans are BOOLEAN with TRUE/FALSE; lists are JSON in TEXT columns.

CREATE TABLE articles (
    id             TEXT    NOT NULL PRIMARY KEY, -- short id: the first 8 hex digits of hash, longer only if that collides
    hash           TEXT    NOT NULL UNIQUE,      -- hex SHA-256 of the cleaned text: the same story is stored once
    seq            BIGINT  NOT NULL UNIQUE,      -- arrival order, breaks ties between equal arrived_at
    path           TEXT    NOT NULL DEFAULT '',
    url            TEXT    NOT NULL DEFAULT '',
    title          TEXT    NOT NULL DEFAULT '',
    source         TEXT    NOT NULL DEFAULT '',
    date           TEXT    NOT NULL DEFAULT '',  -- YYYY-MM-DD when known
    body           TEXT    NOT NULL,             -- the cleaned text, paragraphs separated by blank lines
    sentences      TEXT    NOT NULL,             -- JSON array of the cleaned sentences
    paras          TEXT    NOT NULL,             -- JSON array: paragraph index of each sentence
    arrived_at     BIGINT  NOT NULL,             -- when the library first received the story
    back_catalogue BOOLEAN NOT NULL DEFAULT FALSE -- feed items present when a channel subscribed: never in a digest
);
CREATE INDEX articles_arrived ON articles (arrived_at, seq);

CREATE TABLE channels (
    platform   TEXT   NOT NULL, -- 'slack', 'discord', 'console'
    channel_id TEXT   NOT NULL, -- the platform's id for the channel
    name       TEXT   NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    PRIMARY KEY (platform, channel_id)
);

CREATE TABLE schedules (
    platform      TEXT   NOT NULL,
    channel_id    TEXT   NOT NULL,
    hh_mm         TEXT   NOT NULL, -- local wall-clock time, "08:00"
    zone          TEXT   NOT NULL, -- IANA zone, "Europe/Berlin"
    days          TEXT   NOT NULL CHECK (days IN ('daily', 'weekdays')),
    paused_reason TEXT,            -- NULL while active
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (platform, channel_id),
    FOREIGN KEY (platform, channel_id) REFERENCES channels (platform, channel_id) ON DELETE CASCADE
);

-- The delivery ledger: one row per channel and scheduled slot, so a slot is
-- posted at most once whatever the number of workers, restarts or replicas.
CREATE TABLE deliveries (
    platform      TEXT   NOT NULL,
    channel_id    TEXT   NOT NULL,
    slot          BIGINT NOT NULL, -- the scheduled instant, Unix ms UTC
    status        TEXT   NOT NULL CHECK (status IN ('pending', 'posted', 'failed', 'skipped')),
    attempts      BIGINT NOT NULL DEFAULT 0,
    article_ids   TEXT   NOT NULL DEFAULT '[]', -- JSON array of the posted articles' ids
    article_count BIGINT NOT NULL DEFAULT 0,
    claimed_at    BIGINT NOT NULL,
    posted_at     BIGINT,                       -- set with status 'posted'
    error         TEXT   NOT NULL DEFAULT '',   -- why it failed or was skipped
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (platform, channel_id, slot),
    FOREIGN KEY (platform, channel_id) REFERENCES channels (platform, channel_id) ON DELETE CASCADE
);
CREATE INDEX deliveries_posted ON deliveries (platform, channel_id, status, posted_at);

CREATE TABLE feeds (
    platform   TEXT   NOT NULL,
    channel_id TEXT   NOT NULL,
    url        TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (platform, channel_id, url),
    FOREIGN KEY (platform, channel_id) REFERENCES channels (platform, channel_id) ON DELETE CASCADE
);

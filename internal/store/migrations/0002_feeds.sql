-- Schema 2: feed polling state and the items already taken in.
--
-- The existing feeds table keeps its name and meaning: one row per channel
-- subscription (platform, channel_id, url). What belongs to a feed itself,
-- whoever follows it, lives in feed_state, keyed by its URL; the items a feed
-- has delivered are remembered in feed_items so that each is taken in once.
-- Same rules as schema 1: BIGINT Unix milliseconds, no auto-increment,
-- SQL that SQLite and Postgres both run.

CREATE TABLE feed_state (
    url              TEXT    NOT NULL PRIMARY KEY,
    title            TEXT    NOT NULL DEFAULT '',
    etag             TEXT    NOT NULL DEFAULT '',      -- validators for a conditional GET
    last_modified    TEXT    NOT NULL DEFAULT '',
    interval_ms      BIGINT  NOT NULL DEFAULT 1800000, -- how often to poll when it works (TTL / cache headers)
    next_poll_at     BIGINT  NOT NULL,
    last_polled_at   BIGINT,                           -- last successful fetch (200 or 304); NULL: never
    failures         BIGINT  NOT NULL DEFAULT 0,       -- consecutive failed polls
    last_error       TEXT    NOT NULL DEFAULT '',
    failure_reported BOOLEAN NOT NULL DEFAULT FALSE,   -- the channels were told it is failing
    created_at       BIGINT  NOT NULL
);
CREATE INDEX feed_state_due ON feed_state (next_poll_at);

-- Subscriptions made under schema 1 get a state row, due at once. Never
-- polled (last_polled_at NULL), their first poll takes the current items in
-- as back catalogue, as a new subscription's fetch does.
INSERT INTO feed_state (url, next_poll_at, created_at)
SELECT url, 0, MIN(created_at) FROM feeds GROUP BY url;

CREATE INDEX feeds_url ON feeds (url);

CREATE TABLE feed_items (
    feed_url TEXT   NOT NULL,
    item_key TEXT   NOT NULL, -- "guid:...", "link:..." or "hash:..." (see internal/feeds)
    seen_at  BIGINT NOT NULL,
    PRIMARY KEY (feed_url, item_key)
);

-- Schema 3: the webhook requests already served, so that a replayed one is
-- refused before and after a restart and on every replica; and feeds that
-- give their items new ids on every poll.
-- Same rules as schemas 1 and 2: BIGINT Unix milliseconds, no
-- auto-increment, SQL that SQLite and Postgres both run.

CREATE TABLE seen_requests (
    request_key TEXT   NOT NULL PRIMARY KEY, -- "slack:<signature>", "discord:<interaction id>"
    seen_at     BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL              -- past this the request is too old to be accepted anyway: pruned
);
CREATE INDEX seen_requests_expiry ON seen_requests (expires_at);

-- Consecutive polls in which every item had an id never seen before while
-- its content had been seen, and whether the channels were told.
ALTER TABLE feed_state ADD COLUMN id_churn BIGINT NOT NULL DEFAULT 0;
ALTER TABLE feed_state ADD COLUMN id_churn_reported BOOLEAN NOT NULL DEFAULT FALSE;

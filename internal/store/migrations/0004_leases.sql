-- Schema 4: leases, so that one replica at a time does what must run once
-- (the Discord gateway): a replica takes a lease by name for a while and
-- renews it; another takes it over when it expires.
-- Same rules as schemas 1 to 3: BIGINT Unix milliseconds, no
-- auto-increment, SQL that SQLite and Postgres both run.

CREATE TABLE leases (
    name       TEXT   NOT NULL PRIMARY KEY, -- what the lease is for, "discord-gateway"
    holder     TEXT   NOT NULL,             -- who holds it: a replica's id
    expires_at BIGINT NOT NULL,             -- free for the taking from then on
    updated_at BIGINT NOT NULL              -- taken or last renewed
);

-- Schema 5 (Postgres): full-text search over the articles, for the
-- articles older than the library's window in memory (internal/library):
-- /brief <words>, /brief show and /brief ask reach them through it.
--
-- A tsvector of each article's title (weight A) and body (weight D),
-- English-stemmed, kept in step with the row as a stored generated column
-- (filled for the rows already there when it is added), with a GIN index.
-- Of the body only the first 200,000 characters (some 30,000 words) are
-- indexed: a tsvector holds at most 1 MB, and an article may hold 2 MB.
-- Copying articles between databases names their columns, never this one.

ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', left(body, 200000)), 'D')
) STORED;

CREATE INDEX articles_search ON articles USING GIN (search);

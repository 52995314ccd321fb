-- Schema 5 (SQLite): full-text search over the articles, for the articles
-- older than the library's window in memory (internal/library): /brief
-- <words>, /brief show and /brief ask reach them through it.
--
-- An FTS5 index of each article's title and body, its content read from
-- the articles table itself (no second copy of the text), keyed by the
-- article's seq: unlike the implicit rowid, seq never changes, not even
-- when VACUUM (or bot backup's VACUUM INTO) renumbers rows. Words are
-- Porter-stemmed English, accents folded. Triggers keep it in step with
-- the articles table; the articles stored before this schema are indexed
-- here.

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, body,
    content = 'articles', content_rowid = 'seq',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, body) VALUES (new.seq, new.title, new.body);
END;

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', old.seq, old.title, old.body);
END;

CREATE TRIGGER articles_fts_update AFTER UPDATE OF seq, title, body ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', old.seq, old.title, old.body);
    INSERT INTO articles_fts (rowid, title, body) VALUES (new.seq, new.title, new.body);
END;

INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');

-- A search keeps the matches that arrived before a time: this index tells
-- a match's arrival from its seq without reading the article's row (whose
-- text comes first), three times faster on 100,000 articles.
CREATE INDEX articles_seq_arrived ON articles (seq, arrived_at);

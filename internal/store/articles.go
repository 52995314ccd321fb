package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"brief/internal/brief"
	"brief/internal/textsafe"
)

// ArticleMeta is what the store knows about an article beyond its content.
type ArticleMeta struct {
	ID            string    // short id: the hash's first 8 hex digits, longer only if another article has those
	Hash          string    // hex SHA-256 of the cleaned text
	Seq           int64     // arrival order, 1 for the first article stored
	ArrivedAt     time.Time // when the library first received the story (UTC, millisecond precision)
	BackCatalogue bool      // a feed's item from before the subscription: listed, never in a digest
}

// A StoredArticle is an article with its metadata.
type StoredArticle struct {
	Article *brief.Article
	Meta    ArticleMeta
}

// minPrefix is the shortest id prefix Article looks up by prefix.
const minPrefix = 4

// SaveArticle stores a, received at arrivedAt, unless an article with the
// same content hash is already stored. It returns the stored article's id
// and whether this call created it.
func (s *Store) SaveArticle(ctx context.Context, a *brief.Article, arrivedAt time.Time) (id string, created bool, err error) {
	return s.saveArticle(ctx, a, arrivedAt, false)
}

// SaveBackCatalogue stores a like SaveArticle but marks it as back
// catalogue: it is listed, but a digest (library.Arrived) never holds it. An article already stored keeps its mark.
func (s *Store) SaveBackCatalogue(ctx context.Context, a *brief.Article, arrivedAt time.Time) (id string, created bool, err error) {
	return s.saveArticle(ctx, a, arrivedAt, true)
}

func (s *Store) saveArticle(ctx context.Context, a *brief.Article, arrivedAt time.Time, back bool) (id string, created bool, err error) {
	if err := checkArticle(a); err != nil {
		return "", false, fmt.Errorf("store: save article: %w", err)
	}
	hash := a.Hash()
	sentences, err := json.Marshal(a.Sentences)
	if err != nil {
		return "", false, fmt.Errorf("store: save article: %w", err)
	}
	paras, err := json.Marshal(a.Paras)
	if err != nil {
		return "", false, fmt.Errorf("store: save article: %w", err)
	}
	err = s.WithTx(ctx, func(tx *sql.Tx) error {
		switch err := tx.QueryRowContext(ctx, qArticleIDByHash, hash).Scan(&id); {
		case err == nil:
			return nil // the same story, already stored
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		id, err = freeID(ctx, tx, hash)
		if err != nil {
			return err
		}
		// The last line of defence for what is shown later: no address
		// with a password or token, no invisible or direction-changing
		// characters in the title or publisher (textsafe).
		_, err = tx.ExecContext(ctx, qInsertArticle,
			id, hash, a.Path, textsafe.RedactURL(a.URL), textsafe.Clean(a.Title), textsafe.Clean(a.Source), a.Date, a.Text(),
			string(sentences), string(paras), millis(arrivedAt), back)
		created = err == nil
		return err
	})
	if err != nil {
		return "", false, fmt.Errorf("store: save article: %w", explain(err))
	}
	return id, created, nil
}

// freeID returns the shortest prefix of hash, from 8 hex digits up, that no
// stored article uses as its id.
func freeID(ctx context.Context, tx *sql.Tx, hash string) (string, error) {
	for n := 8; n <= len(hash); n += 2 {
		var taken int
		if err := tx.QueryRowContext(ctx, qArticleIDTaken, hash[:n]).Scan(&taken); err != nil {
			return "", err
		}
		if taken == 0 {
			return hash[:n], nil
		}
	}
	return "", fmt.Errorf("no free id for hash %s", hash)
}

func checkArticle(a *brief.Article) error {
	switch {
	case a == nil:
		return fmt.Errorf("%w: no article", ErrInvalid)
	case len(a.Sentences) == 0:
		return fmt.Errorf("%w: article has no sentences", ErrInvalid)
	case len(a.Paras) != len(a.Sentences):
		return fmt.Errorf("%w: article has %d sentences but %d paragraph indices", ErrInvalid, len(a.Sentences), len(a.Paras))
	}
	size := 0
	for _, s := range a.Sentences {
		size += len(s) + 1
	}
	if size > brief.MaxArticleBytes {
		return fmt.Errorf("%w: article text is larger than %d MB", ErrInvalid, brief.MaxArticleBytes>>20)
	}
	return nil
}

// Article returns the article whose id is idOrPrefix or, failing that, the
// one article whose hash starts with it (at least 4 hex digits). It returns
// ErrNotFound when none matches and ErrAmbiguous when several do.
func (s *Store) Article(ctx context.Context, idOrPrefix string) (*brief.Article, ArticleMeta, error) {
	fail := func(err error) (*brief.Article, ArticleMeta, error) {
		return nil, ArticleMeta{}, fmt.Errorf("store: load article %q: %w", idOrPrefix, err)
	}
	key := strings.ToLower(strings.TrimSpace(idOrPrefix))
	if !isHex(key) || len(key) > 64 {
		return fail(ErrNotFound)
	}
	list, err := s.queryArticles(ctx, qArticleByID, key)
	if err != nil {
		return fail(err)
	}
	if len(list) == 0 && len(key) >= minPrefix {
		// key is hex only, so it holds no LIKE wildcards.
		if list, err = s.queryArticles(ctx, qArticleByPrefix, key+"%"); err != nil {
			return fail(err)
		}
	}
	switch len(list) {
	case 0:
		return fail(ErrNotFound)
	case 1:
		return list[0].Article, list[0].Meta, nil
	}
	return fail(ErrAmbiguous)
}

func isHex(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// AllArticles returns every stored article in arrival order, oldest first.
func (s *Store) AllArticles(ctx context.Context) ([]StoredArticle, error) {
	list, err := s.queryArticles(ctx, qAllArticles)
	if err != nil {
		return nil, fmt.Errorf("store: list articles: %w", err)
	}
	return list, nil
}

// ArticlesAfter returns the articles stored after the one with sequence
// number seq (Meta.Seq), oldest first: what another process added since a
// reader last looked.
func (s *Store) ArticlesAfter(ctx context.Context, seq int64) ([]StoredArticle, error) {
	list, err := s.queryArticles(ctx, qArticlesAfterSeq, seq)
	if err != nil {
		return nil, fmt.Errorf("store: list articles after %d: %w", seq, err)
	}
	return list, nil
}

// ArticlesArrivedSince returns the articles that arrived at or after since
// (ArrivedAt, back catalogue included), in the order they were stored: a
// library's recent window.
func (s *Store) ArticlesArrivedSince(ctx context.Context, since time.Time) ([]StoredArticle, error) {
	list, err := s.queryArticles(ctx, qArticlesSince, millis(since))
	if err != nil {
		return nil, fmt.Errorf("store: list articles arrived since %s: %w", since.UTC().Format(time.RFC3339), err)
	}
	return list, nil
}

// MaxSeq returns the sequence number of the last article stored, 0 when
// none is: where a reader starts polling ArticlesAfter.
func (s *Store) MaxSeq(ctx context.Context) (int64, error) {
	var seq int64
	if err := s.db.QueryRowContext(ctx, qMaxSeq).Scan(&seq); err != nil {
		return 0, fmt.Errorf("store: last article number: %w", explain(err))
	}
	return seq, nil
}

// CountArticles returns how many articles are stored.
func (s *Store) CountArticles(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, qCountArticle).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count articles: %w", explain(err))
	}
	return n, nil
}

func sqlLimit(limit int) int64 {
	if limit <= 0 {
		return math.MaxInt64
	}
	return int64(limit)
}

func (s *Store) queryArticles(ctx context.Context, query string, args ...any) ([]StoredArticle, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, explain(err)
	}
	defer rows.Close()
	var list []StoredArticle
	for rows.Next() {
		var (
			a                brief.Article
			m                ArticleMeta
			sentences, paras string
			arrived          int64
		)
		err := rows.Scan(&m.ID, &m.Hash, &m.Seq, &a.Path, &a.URL, &a.Title, &a.Source, &a.Date,
			&sentences, &paras, &arrived, &m.BackCatalogue)
		if err != nil {
			return nil, explain(err)
		}
		if err := json.Unmarshal([]byte(sentences), &a.Sentences); err != nil {
			return nil, fmt.Errorf("%w: article %s: sentences: %v", ErrCorrupt, m.ID, err)
		}
		if err := json.Unmarshal([]byte(paras), &a.Paras); err != nil {
			return nil, fmt.Errorf("%w: article %s: paragraphs: %v", ErrCorrupt, m.ID, err)
		}
		if len(a.Paras) != len(a.Sentences) {
			return nil, fmt.Errorf("%w: article %s: %d sentences but %d paragraph indices", ErrCorrupt, m.ID, len(a.Sentences), len(a.Paras))
		}
		m.ArrivedAt = fromMillis(arrived)
		list = append(list, StoredArticle{Article: &a, Meta: m})
	}
	if err := rows.Err(); err != nil {
		return nil, explain(err)
	}
	return list, nil
}

package store

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"

	"brief/internal/brief"
)

// Limits on what SearchArticles reads of a query: the bytes, the words
// and the bytes of one word. Longer queries are cut, never refused.
const (
	maxSearchBytes    = 4096
	maxSearchTerms    = 32
	maxSearchTermSize = 64
)

// SearchArticles finds the stored articles that hold any of the query's
// words (in the title or the text, in any form English stemming joins:
// "floods" finds "flooded"), best match first: ranked by the database's
// full-text search (BM25 on SQLite's FTS5, ts_rank on Postgres), title
// words weighing more, ties going to the newest. It returns at most limit
// articles (all when limit <= 0), none when the query has no word to look
// for. The query is words, never search syntax: quotes, operators (OR,
// NEAR, -, *, :) and parentheses are read as the spaces between words.
func (s *Store) SearchArticles(ctx context.Context, query string, limit int) ([]StoredArticle, error) {
	return s.SearchArticlesBefore(ctx, query, time.Time{}, limit)
}

// SearchArticlesBefore is SearchArticles among the articles that arrived
// before the given time (all of them when it is zero): the ones a library
// holding a recent window in memory does not have.
func (s *Store) SearchArticlesBefore(ctx context.Context, query string, before time.Time, limit int) ([]StoredArticle, error) {
	terms := SearchTerms(query)
	if len(terms) == 0 {
		return nil, nil
	}
	bound := int64(math.MaxInt64)
	if !before.IsZero() {
		bound = millis(before)
	}
	var (
		q    string
		expr string
	)
	if s.dialect == DialectPostgres {
		// Only letters and digits joined by |: nothing to_tsquery reads
		// as an operator, a weight or a prefix.
		q, expr = qSearchPostgres, strings.Join(terms, " | ")
	} else {
		// Every word a quoted string: FTS5 reads nothing in it as syntax.
		quoted := make([]string, len(terms))
		for i, t := range terms {
			quoted[i] = `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
		}
		q, expr = qSearchSQLite, strings.Join(quoted, " OR ")
	}
	list, err := s.queryArticles(ctx, q, expr, bound, sqlLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("store: search articles: %w", err)
	}
	return list, nil
}

// SearchTerms are the words SearchArticles looks for in a query: runs of
// letters and digits, lower-case, each once, English function words left
// out ("the", "what"), at most 32 of them.
func SearchTerms(query string) []string {
	if len(query) > maxSearchBytes {
		query = query[:maxSearchBytes]
	}
	var terms []string
	for _, w := range strings.FieldsFunc(strings.ToLower(query), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if len(w) > maxSearchTermSize {
			w = strings.ToValidUTF8(w[:maxSearchTermSize], "")
		}
		if brief.IsStopWord(w) || slices.Contains(terms, w) {
			continue
		}
		terms = append(terms, w)
		if len(terms) == maxSearchTerms {
			break
		}
	}
	return terms
}

// The search statements. On SQLite articles_fts is the FTS5 index of
// migration 5, keyed by seq; bm25's weights make a title word count three
// body words. On Postgres, search is the generated tsvector column, title
// words weighted A; ts_rank's normalisation 1 divides by the log of the
// article's length, so that long articles don't win by size.
var (
	qSearchSQLite = `SELECT ` + qualified("articles", articleCols) + `
FROM articles_fts JOIN articles ON articles.seq = articles_fts.rowid
WHERE articles_fts MATCH $1 AND articles.arrived_at < $2
ORDER BY bm25(articles_fts, 3.0, 1.0), articles.seq DESC
LIMIT $3`
	qSearchPostgres = `SELECT ` + articleCols + `
FROM articles, to_tsquery('english', $1) AS query
WHERE search @@ query AND arrived_at < $2
ORDER BY ts_rank(search, query, 1) DESC, seq DESC
LIMIT $3`
)

// qualified prefixes every column of a list with table.
func qualified(table, cols string) string {
	list := strings.Split(cols, ", ")
	for i, c := range list {
		list[i] = table + "." + c
	}
	return strings.Join(list, ", ")
}

// NewestArticlesBefore returns up to limit of the articles that arrived
// before the given time, newest first: the newest of those a library's
// window in memory lacks.
func (s *Store) NewestArticlesBefore(ctx context.Context, before time.Time, limit int) ([]StoredArticle, error) {
	list, err := s.queryArticles(ctx, qNewestBefore, millis(before), sqlLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("store: list articles before %s: %w", before.UTC().Format(time.RFC3339), err)
	}
	return list, nil
}

const qNewestBefore = `SELECT ` + articleCols + ` FROM articles WHERE arrived_at < $1 ORDER BY arrived_at DESC, seq DESC LIMIT $2`

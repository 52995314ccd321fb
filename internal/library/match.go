package library

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"brief/internal/brief"
	"brief/internal/store"
)

// searchCandidates is how many of the store's best full-text matches
// before the window Search and Ask weigh against the window's.
const searchCandidates = 5

// searchQueryLocked is the query to put to the store's full-text search
// for the words: the words that are not common in the window (held by
// fewer than a tenth of its articles, once it has 100), which are most of
// the search's cost and little of its ranking; all of them when every
// word is common.
func (l *Library) searchQueryLocked(query string) string {
	words := store.SearchTerms(query)
	n := len(l.order)
	if n < 100 {
		return strings.Join(words, " ")
	}
	var rare []string
	for _, w := range words {
		if ts := brief.Terms(w); len(ts) == 0 || l.vocab.df(ts[0])*10 < n {
			rare = append(rare, w)
		}
	}
	if len(rare) == 0 {
		rare = words
	}
	return strings.Join(rare, " ")
}

// A vocabulary numbers the stems of the window's articles for Match, with
// the number of articles holding each (its df). A stem no article holds
// any more is forgotten and its number used again, so the vocabulary
// stays the size of the window's.
type vocabulary struct {
	ids   map[string]int32
	names []string
	dfs   []int32
	free  []int32
}

// add counts an article's terms in and returns their ids, ascending, with
// the weight of each.
func (v *vocabulary) add(terms map[string]float64) ([]int32, []float32) {
	ids := make([]int32, 0, len(terms))
	for t := range terms {
		id := v.intern(t)
		v.dfs[id]++
		ids = append(ids, id)
	}
	slices.Sort(ids)
	weights := make([]float32, len(ids))
	for i, id := range ids {
		weights[i] = float32(terms[v.names[id]])
	}
	return ids, weights
}

func (v *vocabulary) intern(t string) int32 {
	if id, ok := v.ids[t]; ok {
		return id
	}
	if v.ids == nil {
		v.ids = map[string]int32{}
	}
	var id int32
	if n := len(v.free); n > 0 {
		id, v.free = v.free[n-1], v.free[:n-1]
		v.names[id], v.dfs[id] = t, 0
	} else {
		id = int32(len(v.names))
		v.names = append(v.names, t)
		v.dfs = append(v.dfs, 0)
	}
	v.ids[t] = id
	return id
}

// remove counts an article's terms out.
func (v *vocabulary) remove(ids []int32) {
	for _, id := range ids {
		if v.dfs[id]--; v.dfs[id] == 0 {
			delete(v.ids, v.names[id])
			v.names[id] = ""
			v.free = append(v.free, id)
		}
	}
}

// df is the number of the window's articles that hold term.
func (v *vocabulary) df(term string) int {
	if id, ok := v.ids[term]; ok {
		return int(v.dfs[id])
	}
	return 0
}

// A qterm is a word of a query: its id in the vocabulary (-1 when no
// article of the window holds it) and its rarity.
type qterm struct {
	term string
	id   int32
	idf  float64
}

// queryLocked weighs the query's stemmed content words by their rarity in
// the window.
func (l *Library) queryLocked(query string) []qterm {
	var q []qterm
	n := float64(len(l.order))
	for _, t := range brief.Terms(query) {
		id, ok := l.vocab.ids[t]
		if !ok {
			id = -1
		}
		df := float64(l.vocab.df(t))
		q = append(q, qterm{term: t, id: id, idf: math.Log(1 + (n-df+0.5)/(df+0.5))})
	}
	return q
}

// bm25 is a BM25-style score of one term's weight in an article.
func bm25(idf, tf float64) float64 { return idf * tf * 2.2 / (tf + 1.2) }

// scoreLocked is the score of a window entry for the query.
func scoreLocked(e *Entry, q []qterm) float64 {
	score := 0.0
	for _, t := range q {
		if t.id < 0 {
			continue
		}
		if i, ok := slices.BinarySearch(e.terms, t.id); ok {
			score += bm25(t.idf, float64(e.weights[i]))
		}
	}
	return score
}

// Match finds the article of the window that best matches the words: a
// BM25-style score over stemmed content words, title words counting
// triple, rare words counting more. ok is false when no article of the
// window shares a content word with the query.
func (l *Library) Match(query string) (best *Entry, ok bool) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	best, _ = l.matchLocked(l.queryLocked(query))
	return best, best != nil
}

func (l *Library) matchLocked(q []qterm) (best *Entry, bestScore float64) {
	if len(q) == 0 {
		return nil, 0
	}
	for _, e := range l.order {
		score := scoreLocked(e, q)
		// Newer articles win ties.
		if score > 0 && (score > bestScore || (score == bestScore && best != nil && e.Meta.Seq > best.Meta.Seq)) {
			best, bestScore = e, score
		}
	}
	return best, bestScore
}

// Search finds the article of the whole library that best matches the
// words: Match's best of the window, unless one of the store's best
// full-text matches among the older articles scores higher by Match's
// measure. ok is false when no article shares a content word with the
// query. When the store fails, err says so and the window's best is
// still returned.
func (l *Library) Search(ctx context.Context, query string) (best *Entry, ok bool, err error) {
	l.mu.RLock()
	q := l.queryLocked(query)
	best, bestScore := l.matchLocked(q)
	cutoff, words := l.cutoff, l.searchQueryLocked(query)
	l.mu.RUnlock()
	if len(q) == 0 {
		return nil, false, nil
	}
	list, err := l.st.SearchArticlesBefore(ctx, words, cutoff, searchCandidates)
	if err != nil {
		return best, best != nil, fmt.Errorf("library: search the older articles: %w", err)
	}
	for _, sa := range list {
		terms := docTerms(sa.Article)
		score := 0.0
		for _, t := range q {
			if tf := terms[t.term]; tf > 0 {
				score += bm25(t.idf, tf)
			}
		}
		// The window's articles are newer: they win ties.
		if score > bestScore {
			best, bestScore = l.entry(sa.Article, sa.Meta), score
		}
	}
	return best, best != nil, nil
}

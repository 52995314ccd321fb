// Package library is the service's catalogue of articles, in memory: every
// stored article with its briefing (computed once), the question index that
// answers /brief ask, and the lookups commands make (Recent, Arrived,
// Match, Get). The store holds the articles; the library keeps them at
// hand so that commands answer without reading the database. Reading
// article files is articlefile's business.
package library

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"brief/internal/answer"
	"brief/internal/brief"
	"brief/internal/store"
)

// An Entry is an article of the library with what the store knows of it.
type Entry struct {
	Article *brief.Article
	Meta    store.ArticleMeta

	once     sync.Once
	briefing brief.Briefing
	terms    map[string]float64 // stem → weight (title words count triple)

	memoMu sync.Mutex
	memo   map[any]any // by MemoKey[T], each holding a T
}

// A MemoKey names a value of type T that another package derives from an
// entry's article (a digest's term vectors). Keys are equal when their
// names and types are: name them for the package that derives the value.
type MemoKey[T any] struct{ Name string }

// Memo returns what compute returns for key, computing it once per entry:
// a cache for what other packages derive from an article, which never
// changes since the article doesn't.
func Memo[T any](e *Entry, key MemoKey[T], compute func() T) T {
	e.memoMu.Lock()
	defer e.memoMu.Unlock()
	if v, ok := e.memo[key]; ok {
		return v.(T) // the key's type says what its value is
	}
	if e.memo == nil {
		e.memo = map[any]any{}
	}
	v := compute()
	e.memo[key] = v
	return v
}

// Briefing returns the article's briefing, computed once.
func (e *Entry) Briefing() brief.Briefing {
	e.once.Do(func() { e.briefing = brief.Brief(e.Article) })
	return e.briefing
}

// Headline is the article's title, or its briefing's headline.
func (e *Entry) Headline() string {
	if t := strings.TrimSpace(e.Article.Title); t != "" {
		return t
	}
	return e.Briefing().Headline
}

// A Library is the service's view of the articles: the store holds them,
// the library keeps them in memory with the question index and their
// briefings so commands answer without reading the database.
type Library struct {
	st  *store.Store
	now func() time.Time

	mu    sync.RWMutex
	ix    *answer.Index
	byID  map[string]*Entry
	byArt map[*brief.Article]*Entry
	order []*Entry // arrival order
	df    map[string]int
}

// Open loads every stored article into memory and indexes it.
func Open(ctx context.Context, st *store.Store, now func() time.Time) (*Library, error) {
	if now == nil {
		now = time.Now
	}
	l := &Library{
		st: st, now: now, ix: answer.NewIndex(),
		byID: map[string]*Entry{}, byArt: map[*brief.Article]*Entry{},
		df: map[string]int{},
	}
	all, err := st.AllArticles(ctx)
	if err != nil {
		return nil, fmt.Errorf("library: load stored articles: %w", err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, sa := range all {
		l.addLocked(sa.Article, sa.Meta)
	}
	return l, nil
}

func (l *Library) addLocked(a *brief.Article, m store.ArticleMeta) *Entry {
	if e, ok := l.byID[m.ID]; ok {
		return e
	}
	e := &Entry{Article: a, Meta: m, terms: docTerms(a)}
	l.byID[m.ID] = e
	l.byArt[a] = e
	l.order = append(l.order, e)
	for t := range e.terms {
		l.df[t]++
	}
	l.ix.Add(a)
	return e
}

// docTerms weighs an article's stemmed content words for Match: how often
// each occurs, title words three times over.
func docTerms(a *brief.Article) map[string]float64 {
	terms := map[string]float64{}
	for _, t := range brief.Terms(a.Title) {
		terms[t] += 3
	}
	for _, s := range a.Sentences {
		for _, t := range brief.Terms(s) {
			terms[t]++
		}
	}
	return terms
}

// Add stores an article that arrived now and adds it to the library. An
// article already stored (same cleaned text) is not stored twice: created
// is false and the existing entry is returned.
func (l *Library) Add(ctx context.Context, a *brief.Article) (e *Entry, created bool, err error) {
	return l.add(ctx, a, false)
}

// AddBackCatalogue is Add for a feed's items that were there when a
// channel subscribed: listed and searchable, never in a digest.
func (l *Library) AddBackCatalogue(ctx context.Context, a *brief.Article) (e *Entry, created bool, err error) {
	return l.add(ctx, a, true)
}

func (l *Library) add(ctx context.Context, a *brief.Article, back bool) (e *Entry, created bool, err error) {
	save := l.st.SaveArticle
	if back {
		save = l.st.SaveBackCatalogue
	}
	id, created, err := save(ctx, a, l.now())
	if err != nil {
		return nil, false, err
	}
	l.mu.RLock()
	e, ok := l.byID[id]
	l.mu.RUnlock()
	if ok {
		return e, created, nil
	}
	stored, meta, err := l.st.Article(ctx, id)
	if err != nil {
		return nil, false, fmt.Errorf("library: read back %s: %w", id, err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.addLocked(stored, meta), created, nil
}

// Sync loads the articles another process stored (`bot add`, a second
// replica) since the library last looked, and returns how many.
func (l *Library) Sync(ctx context.Context) (int, error) {
	l.mu.RLock()
	var last int64
	for _, e := range l.order {
		last = max(last, e.Meta.Seq)
	}
	l.mu.RUnlock()
	list, err := l.st.ArticlesAfter(ctx, last)
	if err != nil {
		return 0, fmt.Errorf("library: sync: %w", err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, sa := range list {
		if _, ok := l.byID[sa.Meta.ID]; !ok {
			l.addLocked(sa.Article, sa.Meta)
			n++
		}
	}
	return n, nil
}

// Len is the number of articles.
func (l *Library) Len() int {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return len(l.order)
}

// Ask answers a question from the library, with the entries it quotes:
// the answer's article, or, when the answer is hedged, the article of each
// of the closest passages, in order.
func (l *Library) Ask(q string) (answer.Answer, []*Entry) {
	a := l.ix.Ask(q)
	l.mu.RLock()
	defer l.mu.RUnlock()
	var from []*Entry
	switch {
	case a.Answered:
		from = append(from, l.byArt[a.Article])
	case a.Hedged():
		for _, p := range a.Closest {
			from = append(from, l.byArt[p.Article])
		}
	}
	if slices.Contains(from, nil) {
		// An article removed from the library while it was asked.
		return answer.Answer{Question: q, Sentence: -1, Reason: answer.ReasonNotFound}, nil
	}
	return a, from
}

// Get finds an article by its id or a prefix of it (at least 4 characters).
func (l *Library) Get(ctx context.Context, idOrPrefix string) (*Entry, error) {
	id := strings.ToLower(strings.TrimSpace(idOrPrefix))
	l.mu.RLock()
	e, ok := l.byID[id]
	l.mu.RUnlock()
	if ok {
		return e, nil
	}
	_, meta, err := l.st.Article(ctx, id)
	if err != nil {
		return nil, err
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	if e, ok := l.byID[meta.ID]; ok {
		return e, nil
	}
	return nil, fmt.Errorf("library: %s is stored but not loaded: %w", meta.ID, store.ErrNotFound)
}

// Recent returns up to n articles, newest arrival first.
func (l *Library) Recent(n int) []*Entry {
	l.mu.RLock()
	defer l.mu.RUnlock()
	var out []*Entry
	for i := len(l.order) - 1; i >= 0 && len(out) < n; i-- {
		out = append(out, l.order[i])
	}
	return out
}

// Arrived returns the articles that arrived in [since, until) and may go in
// a digest (not a feed's back catalogue), in arrival order.
func (l *Library) Arrived(since, until time.Time) []*Entry {
	l.mu.RLock()
	defer l.mu.RUnlock()
	var out []*Entry
	for _, e := range l.order {
		at := e.Meta.ArrivedAt
		if e.Meta.BackCatalogue || at.Before(since) || !at.Before(until) {
			continue
		}
		out = append(out, e)
	}
	return out
}

// Match finds the article that best matches the words: a BM25-style score
// over stemmed content words, title words counting triple, rare words
// counting more. ok is false when no article shares a content word with
// the query.
func (l *Library) Match(query string) (best *Entry, ok bool) {
	qterms := brief.Terms(query)
	if len(qterms) == 0 {
		return nil, false
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	n := float64(len(l.order))
	bestScore := 0.0
	for _, e := range l.order {
		score := 0.0
		for _, t := range qterms {
			tf := e.terms[t]
			if tf == 0 {
				continue
			}
			idf := math.Log(1 + (n-float64(l.df[t])+0.5)/(float64(l.df[t])+0.5))
			score += idf * tf * 2.2 / (tf + 1.2)
		}
		// Newer articles win ties.
		if score > 0 && (score > bestScore || (score == bestScore && best != nil && e.Meta.Seq > best.Meta.Seq)) {
			best, bestScore = e, score
		}
	}
	return best, best != nil
}

// Warm computes the briefings not computed yet, newest first, until ctx
// ends, so the first digest after a large import is quick.
func (l *Library) Warm(ctx context.Context) {
	for _, e := range l.Recent(l.Len()) {
		if ctx.Err() != nil {
			return
		}
		e.Briefing()
	}
}

// IDF is the rarity of a stemmed term across the library, smoothed as if
// the library held priorDocs more articles that lack it, so that a small
// library does not make every shared word look rare or common:
// log((N + priorDocs + 1) / (df + 1)).
func (l *Library) IDF(term string) float64 {
	const priorDocs = 50
	l.mu.RLock()
	defer l.mu.RUnlock()
	return math.Log(float64(len(l.order)+priorDocs+1) / float64(l.df[term]+1))
}

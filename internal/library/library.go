// Package library is the service's catalogue of articles. It keeps a
// recent window in memory, fully indexed: the articles that arrived within
// the last days (BRIEF_LIBRARY_DAYS, WithWindow), each with its briefing
// (computed once, on first use), the terms Match scores and the question
// index that answers /brief ask. Older articles stay in the store, and the
// lookups reach them through its full-text search: Search and Ask look
// there when the window has nothing good, Get reads any article by id.
// The window moves: Sync drops the articles that aged out of it and takes
// in what other processes stored. Reading article files is articlefile's
// business.
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

// DefaultWindow is how far back the articles held in memory arrived,
// unless WithWindow says otherwise: config.DefaultLibraryDays.
const DefaultWindow = 30 * 24 * time.Hour

// An Entry is an article of the library with what the store knows of it.
type Entry struct {
	Article *brief.Article
	Meta    store.ArticleMeta

	once     sync.Once
	briefing brief.Briefing

	// Match's terms of an article in the window: ids in the library's
	// vocabulary, ascending, and the weight of each (how often the stem
	// occurs, title words three times over). Read and written under the
	// library's lock; nil for an article read from the store.
	terms   []int32
	weights []float32

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

// A Library is the service's view of the articles: the store holds them
// all, the library keeps the recent ones in memory with their question
// index and briefings so that commands answer without reading the
// database, and searches the store for the others.
type Library struct {
	st     *store.Store
	now    func() time.Time
	window time.Duration

	syncMu sync.Mutex // one Sync at a time: it moves the window and rebuilds the index

	mu sync.RWMutex
	// ix indexes the window's articles for questions, and also those that
	// aged out since it was built (stale of them), until Sync builds it
	// again; byArt finds the entry of each article it holds.
	ix    *answer.Index
	byArt map[*brief.Article]*Entry
	stale int
	// The window, in arrival order, and by id: the articles that arrived
	// at or after cutoff.
	order  []*Entry
	byID   map[string]*Entry
	cutoff time.Time
	// lastSeq is the highest seq Sync (or Open) has read up to. Only they
	// move it: an article this process adds may have a higher seq than
	// one another process stored and Sync has not read yet.
	lastSeq int64
	vocab   vocabulary

	older recentCache // entries of articles before the window, read lately
}

// An Option changes how Open makes a library.
type Option func(*Library)

// WithWindow sets how far back the articles held in memory arrived:
// BRIEF_LIBRARY_DAYS days. Zero or less means DefaultWindow.
func WithWindow(d time.Duration) Option {
	return func(l *Library) {
		if d > 0 {
			l.window = d
		}
	}
}

// Open loads the articles that arrived within the window into memory and
// indexes them. Briefings are computed when first asked for (Warm computes
// them ahead).
func Open(ctx context.Context, st *store.Store, now func() time.Time, opts ...Option) (*Library, error) {
	if now == nil {
		now = time.Now
	}
	l := &Library{
		st: st, now: now, window: DefaultWindow, ix: answer.NewIndex(),
		byID: map[string]*Entry{}, byArt: map[*brief.Article]*Entry{},
	}
	for _, o := range opts {
		o(l)
	}
	// The highest seq first: an article stored meanwhile is then read
	// again by the first Sync, never missed.
	last, err := st.MaxSeq(ctx)
	if err != nil {
		return nil, fmt.Errorf("library: %w", err)
	}
	l.cutoff = now().Add(-l.window)
	list, err := st.ArticlesArrivedSince(ctx, l.cutoff)
	if err != nil {
		return nil, fmt.Errorf("library: load the articles of the last %s: %w", days(l.window), err)
	}
	// Match's terms are found beside the question index being built: the
	// two take most of the time start-up spends here. No one else sees
	// the library yet, so the vocabulary is the terms' alone meanwhile.
	type termList struct {
		ids     []int32
		weights []float32
	}
	terms := make([]termList, len(list))
	var wg sync.WaitGroup
	wg.Go(func() {
		for i, sa := range list {
			terms[i].ids, terms[i].weights = l.vocab.add(docTerms(sa.Article))
		}
	})
	for _, sa := range list {
		l.ix.Add(sa.Article)
	}
	wg.Wait()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lastSeq = last
	for i, sa := range list {
		e := &Entry{Article: sa.Article, Meta: sa.Meta, terms: terms[i].ids, weights: terms[i].weights}
		l.byID[e.Meta.ID], l.byArt[e.Article] = e, e
		l.order = append(l.order, e)
	}
	return l, nil
}

func days(d time.Duration) string {
	n := int(math.Round(d.Hours() / 24))
	if n == 1 {
		return "day"
	}
	return fmt.Sprintf("%d days", n)
}

// addLocked adds an article to the window and its index.
func (l *Library) addLocked(a *brief.Article, m store.ArticleMeta) *Entry {
	if e, ok := l.byID[m.ID]; ok {
		return e
	}
	l.ix.Add(a)
	e := &Entry{Article: a, Meta: m}
	e.terms, e.weights = l.vocab.add(docTerms(a))
	l.byID[m.ID] = e
	l.byArt[a] = e
	l.order = append(l.order, e)
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
	if meta.ArrivedAt.Before(l.cutoff) {
		// Stored long ago, before the window: found where older articles are.
		return l.older.entry(stored, meta), created, nil
	}
	return l.addLocked(stored, meta), created, nil
}

// Sync moves the window to now: it drops the articles that arrived before
// it and loads the articles another process stored (`bot add`, a second
// replica) since the library last looked. It returns how many it loaded.
// When the articles dropped since the question index was built come to
// an eighth of it, it builds the index again, without them, while
// questions go on being answered from the old one.
func (l *Library) Sync(ctx context.Context) (int, error) {
	l.syncMu.Lock()
	defer l.syncMu.Unlock()
	l.mu.RLock()
	last := l.lastSeq
	l.mu.RUnlock()
	list, err := l.st.ArticlesAfter(ctx, last)
	if err != nil {
		return 0, fmt.Errorf("library: sync: %w", err)
	}
	cutoff := l.now().Add(-l.window)
	l.mu.Lock()
	if cutoff.After(l.cutoff) {
		l.cutoff = cutoff
	}
	n := 0
	for _, sa := range list {
		l.lastSeq = max(l.lastSeq, sa.Meta.Seq)
		if _, ok := l.byID[sa.Meta.ID]; !ok && !sa.Meta.ArrivedAt.Before(l.cutoff) {
			l.addLocked(sa.Article, sa.Meta)
			n++
		}
	}
	l.expireLocked()
	rebuild := l.stale > 0 && l.stale*8 >= len(l.byArt)
	l.mu.Unlock()
	if rebuild {
		l.rebuild()
	}
	return n, nil
}

// expireLocked drops the entries that arrived before the cutoff from the
// window. The question index keeps their articles until it is rebuilt.
func (l *Library) expireLocked() {
	kept := l.order[:0]
	for _, e := range l.order {
		if !e.Meta.ArrivedAt.Before(l.cutoff) {
			kept = append(kept, e)
			continue
		}
		delete(l.byID, e.Meta.ID)
		l.vocab.remove(e.terms)
		e.terms, e.weights = nil, nil
		l.stale++
	}
	clear(l.order[len(kept):])
	l.order = kept
}

// rebuild builds the question index again from the window's articles and
// puts it in the old one's place. Called with syncMu held, so the window
// loses no article meanwhile; articles added meanwhile are added to it
// before it takes over.
func (l *Library) rebuild() {
	l.mu.RLock()
	entries := slices.Clone(l.order)
	l.mu.RUnlock()
	ix := answer.NewIndex()
	in := make(map[*Entry]bool, len(entries))
	for _, e := range entries {
		ix.Add(e.Article)
		in[e] = true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	byArt := make(map[*brief.Article]*Entry, len(l.order))
	for _, e := range l.order {
		if !in[e] {
			ix.Add(e.Article)
		}
		byArt[e.Article] = e
	}
	l.ix, l.byArt, l.stale = ix, byArt, 0
}

// Len is the number of articles in the window, held in memory.
func (l *Library) Len() int {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return len(l.order)
}

// Count is the number of articles stored, in the window and before it.
func (l *Library) Count(ctx context.Context) (int, error) {
	n, err := l.st.CountArticles(ctx)
	if err != nil {
		return 0, fmt.Errorf("library: %w", err)
	}
	return n, nil
}

// Window is how far back the articles held in memory arrived.
func (l *Library) Window() time.Duration { return l.window }

// Get finds an article by its id or a prefix of it (at least 4
// characters), in the window or before it.
func (l *Library) Get(ctx context.Context, idOrPrefix string) (*Entry, error) {
	id := strings.ToLower(strings.TrimSpace(idOrPrefix))
	l.mu.RLock()
	e, ok := l.byID[id]
	l.mu.RUnlock()
	if ok {
		return e, nil
	}
	if e := l.older.get(id); e != nil {
		return e, nil
	}
	a, meta, err := l.st.Article(ctx, id)
	if err != nil {
		return nil, err
	}
	return l.entry(a, meta), nil
}

// entry is the window's entry of a stored article, or an entry of its own
// when it is not in the window.
func (l *Library) entry(a *brief.Article, m store.ArticleMeta) *Entry {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if e, ok := l.byID[m.ID]; ok {
		return e
	}
	return l.older.entry(a, m)
}

// Recent returns up to n articles of the window, newest arrival first.
func (l *Library) Recent(n int) []*Entry {
	l.mu.RLock()
	defer l.mu.RUnlock()
	var out []*Entry
	for i := len(l.order) - 1; i >= 0 && len(out) < n; i-- {
		out = append(out, l.order[i])
	}
	return out
}

// Newest returns up to n articles, newest arrival first: the window's,
// then, when it holds fewer, the newest stored before it.
func (l *Library) Newest(ctx context.Context, n int) ([]*Entry, error) {
	out := l.Recent(n)
	if len(out) >= n {
		return out, nil
	}
	l.mu.RLock()
	cutoff := l.cutoff
	l.mu.RUnlock()
	list, err := l.st.NewestArticlesBefore(ctx, cutoff, n-len(out))
	if err != nil {
		return out, fmt.Errorf("library: %w", err)
	}
	for _, sa := range list {
		out = append(out, l.entry(sa.Article, sa.Meta))
	}
	return out, nil
}

// Arrived returns the window's articles that arrived in [since, until)
// and may go in a digest (not a feed's back catalogue), in arrival order.
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

// Warm computes the briefings of the window not computed yet, newest
// first, until ctx ends, so the first digest after a large import is
// quick.
func (l *Library) Warm(ctx context.Context) {
	for _, e := range l.Recent(l.Len()) {
		if ctx.Err() != nil {
			return
		}
		e.Briefing()
	}
}

// IDF is the rarity of a stemmed term across the window, smoothed as if
// the library held priorDocs more articles that lack it, so that a small
// library does not make every shared word look rare or common:
// log((N + priorDocs + 1) / (df + 1)).
func (l *Library) IDF(term string) float64 {
	const priorDocs = 50
	l.mu.RLock()
	defer l.mu.RUnlock()
	return math.Log(float64(len(l.order)+priorDocs+1) / float64(l.vocab.df(term)+1))
}

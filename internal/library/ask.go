package library

import (
	"context"
	"fmt"
	"slices"
	"time"

	"brief/internal/answer"
	"brief/internal/brief"
)

// Ask answers a question from the whole library, with the entries it
// quotes: the answer's article, or, when the answer is hedged, the article
// of each of the closest passages, in order. It asks the window's index,
// then again the store's best full-text matches among the older articles
// together with the articles the window's answer quotes, indexed for the
// question so that their answers compete on equal terms; an older
// article's answer is taken when it is surer than the window's. When the
// store fails, err says so and the window's answer is still returned.
func (l *Library) Ask(ctx context.Context, q string) (answer.Answer, []*Entry, error) {
	l.mu.RLock()
	ix, cutoff := l.ix, l.cutoff
	l.mu.RUnlock()
	a, from, _ := l.quoted(ix.Ask(q))
	if a.AboutQuestion() && a.Reason != answer.ReasonNoLib {
		return a, from, nil
	}
	b, entries, err := l.askOlder(ctx, q, cutoff, from)
	if err != nil {
		return a, from, err
	}
	if entries == nil {
		if a.Reason == answer.ReasonNoLib {
			// Articles older than the window are articles to search.
			if n, err := l.st.CountArticles(ctx); err == nil && n > 0 {
				a.Reason = answer.ReasonNotFound
			}
		}
		return a, from, nil
	}
	older := func(art *brief.Article) bool { e := entries[art]; return e != nil && !slices.Contains(from, e) }
	if !surer(b, a, older) {
		return a, from, nil
	}
	return quotedFrom(b, func(art *brief.Article) *Entry { return entries[art] })
}

// askOlder asks the question of the store's best full-text matches among
// the articles that arrived before cutoff, with the articles of the given
// entries of the window, in an index of their own: their answers compete
// there on equal terms. entries holds the entry of each article indexed;
// it is nil when no older article matches.
func (l *Library) askOlder(ctx context.Context, q string, cutoff time.Time, with []*Entry) (answer.Answer, map[*brief.Article]*Entry, error) {
	l.mu.RLock()
	words := l.searchQueryLocked(q)
	l.mu.RUnlock()
	list, err := l.st.SearchArticlesBefore(ctx, words, cutoff, searchCandidates)
	if err != nil || len(list) == 0 {
		if err != nil {
			err = fmt.Errorf("library: search the older articles: %w", err)
		}
		return answer.Answer{}, nil, err
	}
	var arts []*brief.Article
	entries := make(map[*brief.Article]*Entry, len(list)+len(with))
	for _, sa := range list {
		// The entry kept of an article read before holds its own copy.
		e := l.entry(sa.Article, sa.Meta)
		arts, entries[e.Article] = append(arts, e.Article), e
	}
	for _, e := range with {
		if entries[e.Article] == nil {
			arts, entries[e.Article] = append(arts, e.Article), e
		}
	}
	return answer.NewIndex(arts...).Ask(q), entries, nil
}

// surer reports whether b, the answer of the older articles asked with
// the window's, beats a, the window's: b must come from an older article;
// then an answer given with confidence beats passages, passages beat
// nothing, and of two sets of passages the more confident wins. The
// window's answer given with confidence yields only to one given with
// confidence in the index where its article competed too.
func surer(b, a answer.Answer, older func(*brief.Article) bool) bool {
	switch {
	case a.Answered:
		return b.Answered && older(b.Article)
	case b.Answered:
		return older(b.Article)
	case !b.Hedged() || !older(b.Closest[0].Article):
		return false
	case !a.Hedged():
		return true
	}
	return b.Confidence > a.Confidence
}

// quoted is a window's answer with the entries of the articles it quotes.
func (l *Library) quoted(a answer.Answer) (answer.Answer, []*Entry, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return quotedFrom(a, func(art *brief.Article) *Entry { return l.byArt[art] })
}

func quotedFrom(a answer.Answer, entry func(*brief.Article) *Entry) (answer.Answer, []*Entry, error) {
	var from []*Entry
	switch {
	case a.Answered:
		from = append(from, entry(a.Article))
	case a.Hedged():
		for _, p := range a.Closest {
			from = append(from, entry(p.Article))
		}
	}
	if slices.Contains(from, nil) {
		// An article dropped from the window while it was asked.
		return answer.Answer{Question: a.Question, Sentence: -1, Reason: answer.ReasonNotFound}, nil, nil
	}
	return a, from, nil
}

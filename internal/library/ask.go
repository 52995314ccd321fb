package library

import (
	"context"
	"fmt"
	"slices"

	"brief/internal/answer"
	"brief/internal/brief"
)

// Ask answers a question from the whole library, with the entries it
// quotes: the answer's article, or, when the answer is hedged, the article
// of each of the closest passages, in order. It asks the window's index
// first; when that gives no answer with confidence, it also asks the
// store's best full-text matches among the older articles, indexed for
// the question, and takes their answer when it is surer. When the store
// fails, err says so and the window's answer is still returned.
func (l *Library) Ask(ctx context.Context, q string) (answer.Answer, []*Entry, error) {
	l.mu.RLock()
	ix, cutoff := l.ix, l.cutoff
	l.mu.RUnlock()
	a := ix.Ask(q)
	if a.Answered || a.AboutQuestion() && a.Reason != answer.ReasonNoLib {
		return l.quoted(a)
	}
	list, err := l.st.SearchArticlesBefore(ctx, q, cutoff, searchCandidates)
	if err != nil {
		a, from, _ := l.quoted(a)
		return a, from, fmt.Errorf("library: search the older articles: %w", err)
	}
	if len(list) == 0 {
		if a.Reason == answer.ReasonNoLib {
			// Articles older than the window are articles to search.
			if n, err := l.st.CountArticles(ctx); err == nil && n > 0 {
				a.Reason = answer.ReasonNotFound
			}
		}
		return l.quoted(a)
	}
	arts := make([]*brief.Article, len(list))
	entries := make(map[*brief.Article]*Entry, len(list))
	for i, sa := range list {
		// The entry kept of an article read before holds its own copy.
		e := l.entry(sa.Article, sa.Meta)
		arts[i], entries[e.Article] = e.Article, e
	}
	b := answer.NewIndex(arts...).Ask(q)
	if !surer(b, a) {
		return l.quoted(a)
	}
	return quotedFrom(b, func(a *brief.Article) *Entry { return entries[a] })
}

// surer reports whether b, the older articles' answer, beats a, the
// window's, which is not given with confidence: an answer beats passages,
// passages beat nothing, and of two sets of passages the more confident.
func surer(b, a answer.Answer) bool {
	switch {
	case b.Answered:
		return true
	case !b.Hedged():
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

// Package digest composes a channel's digest: the articles that arrived
// since its previous digest, most important first, as a neutral reply.
package digest

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"brief/internal/brief"
	"brief/internal/library"
	"brief/internal/reply"
)

// MaxItems bounds a digest: the most important articles make it, and the
// digest says how many more there were.
const MaxItems = 40

// HalfLife is how fast an article's recency fades: an article this old
// counts half as recent as one that just arrived.
const HalfLife = 12 * time.Hour

// An Item is an article in a digest with why it ranks where it does.
type Item struct {
	Entry      *library.Entry
	Centrality float64 // in [0, 1]: how much the day's other articles share its key content
	Recency    float64 // in (0, 1]: 1 for an article that arrived now, halving every HalfLife
	Score      float64
}

// Rank orders articles most important first. An article's score is the
// mean of two parts in [0, 1]:
//
//   - centrality: the mean cosine similarity between the article's key
//     content (tl;dr and key points, stemmed content words, weighted by
//     rarity within the set) and every other article's, divided by the
//     highest such mean in the set: the story most of the day's articles
//     are about ranks first. With one article it is 1.
//   - recency: 0.5^(age / HalfLife), age from the later of its arrival and
//     its publication date.
//
// Ties go to the later arrival.
func Rank(es []*library.Entry, now time.Time) []Item {
	items := make([]Item, len(es))
	// The mean cosine of unit vector u_i with the others is
	// u_i · (S − u_i) / (n−1), S the sum of all unit vectors: linear in
	// the number of articles, not quadratic.
	units := vectors(es)
	sum := vector{}
	for _, u := range units {
		for t, w := range u {
			sum[t] += w
		}
	}
	best := 0.0
	for i, u := range units {
		if len(es) > 1 {
			dot := 0.0
			for t, w := range u {
				dot += w * (sum[t] - w)
			}
			items[i].Centrality = math.Max(0, dot/float64(len(es)-1))
		}
		best = math.Max(best, items[i].Centrality)
	}
	for i, e := range es {
		it := &items[i]
		it.Entry = e
		if best > 0 {
			it.Centrality /= best
		} else {
			it.Centrality = 1
		}
		age := now.Sub(seen(e))
		if age < 0 {
			age = 0
		}
		it.Recency = math.Pow(0.5, float64(age)/float64(HalfLife))
		it.Score = (it.Centrality + it.Recency) / 2
	}
	slices.SortStableFunc(items, func(a, b Item) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(b.Entry.Meta.Seq, a.Entry.Meta.Seq)
	})
	return items
}

// seen is when the article became news: its arrival, or its publication
// date when that is later (a feed item stored ahead of its date).
func seen(e *library.Entry) time.Time {
	at := e.Meta.ArrivedAt
	if d, err := time.Parse("2006-01-02", e.Article.Date); err == nil && d.After(at) {
		return d
	}
	return at
}

type vector map[string]float64

// vectors are the articles' key content as tf-idf vectors of unit length,
// the idf from the set itself.
func vectors(es []*library.Entry) []vector {
	tfs := make([]vector, len(es))
	df := map[string]int{}
	for i, e := range es {
		b := e.Briefing()
		tf := vector{}
		add := func(s string) {
			for _, t := range brief.Terms(s) {
				tf[t]++
			}
		}
		add(e.Headline())
		add(b.TLDR)
		for _, p := range b.Points {
			add(p.Text)
		}
		for t := range tf {
			df[t]++
		}
		tfs[i] = tf
	}
	n := float64(len(es))
	for _, tf := range tfs {
		for t, f := range tf {
			tf[t] = f * math.Log(1+n/float64(df[t]))
		}
		if l := norm(tf); l > 0 {
			for t := range tf {
				tf[t] /= l
			}
		}
	}
	return tfs
}

func norm(v vector) float64 {
	s := 0.0
	for _, w := range v {
		s += w * w
	}
	return math.Sqrt(s)
}

// gist is what a digest says under an article's headline: the tl;dr, or,
// when the headline was made from the tl;dr (an article without a title),
// the first key point that says something else.
func gist(headline string, b brief.Briefing) string {
	if !strings.HasPrefix(b.TLDR, strings.TrimSuffix(headline, reply.Ellipsis)) {
		return b.TLDR
	}
	for _, p := range b.Points {
		if !strings.HasPrefix(p.Text, strings.TrimSuffix(headline, reply.Ellipsis)) {
			return p.Text
		}
	}
	return b.TLDR
}

// Reply renders a ranked digest: one section per article (headline, tl;dr,
// publisher, date and id), at most MaxItems, to be split by reply.Split.
func Reply(items []Item, title string, vis reply.Visibility) reply.Reply {
	r := reply.Reply{Kind: reply.Digest, Title: title, Visibility: vis}
	shown := items
	if len(shown) > MaxItems {
		shown = shown[:MaxItems]
	}
	for _, it := range shown {
		e := it.Entry
		b := e.Briefing()
		var meta []string
		if by := brief.Byline(e.Article); by != "" {
			meta = append(meta, by)
		}
		meta = append(meta, "id "+e.Meta.ID)
		r.Sections = append(r.Sections, reply.Section{
			Label: e.Headline(),
			Text:  gist(e.Headline(), b) + "\n" + strings.Join(meta, " · "),
			URL:   e.Article.URL,
		})
	}
	switch n := len(items); {
	case n == 1:
		r.Summary = "1 new article."
	default:
		r.Summary = fmt.Sprintf("%d new articles, most important first.", n)
	}
	if len(items) > len(shown) {
		r.Footer = fmt.Sprintf("%d more not shown: /brief list has them all.", len(items)-len(shown))
	} else {
		r.Footer = "/brief show <id> for an article's key points."
	}
	return r
}

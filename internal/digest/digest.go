// Package digest composes a channel's digest: the articles that arrived
// since its previous digest (Since, the one rule both /brief and the
// scheduled post follow), grouped into stories and ranked most important
// first (Rank, Group), as a neutral reply (Reply, Composer).
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

// An Item is a story in a digest, with why it ranks where it does.
type Item struct {
	Story
	Entry      *library.Entry // the story's lead
	Centrality float64        // in [0, 1]: how much the day's other stories share its key content
	Recency    float64        // in (0, 1]: 1 for a story that just broke, halving every HalfLife
	Sources    int            // distinct publishers carrying it
	Score      float64
}

// Weights of the parts of a story's score.
const (
	weightCentrality = 0.4
	weightRecency    = 0.35
	weightSources    = 0.25
)

// Rank groups articles into stories (Group: one event told by several
// outlets is one item) and orders them most important first. A story's
// score is a weighted mean of three parts in [0, 1]:
//
//   - centrality (0.4): the mean cosine similarity between the story
//     lead's key content (headline, tl;dr and key points, stemmed content
//     words weighted by rarity within the day's stories) and every other
//     lead's, divided by the highest such mean: the story most of the
//     day's news is about ranks first. With one story it is 1.
//   - recency (0.35): 0.5^(age / HalfLife), age from when its newest
//     article became news (arrival, or publication date when later).
//   - sources (0.25): 1 − 1/n for n distinct publishers: 0 for one, 0.5 for
//     two, 0.67 for three: a story many outlets carry matters more.
//
// Ties go to the later arrival.
func Rank(lib *library.Library, es []*library.Entry, now time.Time) []Item {
	stories := Group(lib, es)
	leads := make([]*library.Entry, len(stories))
	for i, st := range stories {
		leads[i] = st.Lead
	}
	items := make([]Item, len(stories))
	// The mean cosine of unit vector u_i with the others is
	// u_i · (S − u_i) / (n−1), S the sum of all unit vectors: linear in
	// the number of stories, not quadratic.
	units := vectors(leads)
	sum := vector{}
	for _, u := range units {
		for t, w := range u {
			sum[t] += w
		}
	}
	best := 0.0
	for i, u := range units {
		if len(units) > 1 {
			dot := 0.0
			for t, w := range u {
				dot += w * (sum[t] - w)
			}
			items[i].Centrality = math.Max(0, dot/float64(len(units)-1))
		}
		best = math.Max(best, items[i].Centrality)
	}
	for i, st := range stories {
		it := &items[i]
		it.Story = st
		it.Entry = st.Lead
		if best > 0 {
			it.Centrality /= best
		} else {
			it.Centrality = 1
		}
		newest := seen(st.Lead)
		for _, o := range st.Others {
			if t := seen(o); t.After(newest) {
				newest = t
			}
		}
		age := max(now.Sub(newest), 0)
		it.Recency = math.Pow(0.5, float64(age)/float64(HalfLife))
		it.Sources = st.Sources()
		it.Score = weightCentrality*it.Centrality + weightRecency*it.Recency + weightSources*(1-1/float64(it.Sources))
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
		counts := library.Memo(e, pointCountsKey, func() vector { return pointCounts(e) })
		tf := make(vector, len(counts))
		for t, f := range counts {
			tf[t] = f
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

// pointCountsKey names the memo of an article's key points' term counts.
var pointCountsKey = library.MemoKey[vector]{Name: "digest: key point counts"}

// pointCounts counts the stemmed content words of an article's headline,
// tl;dr and key points.
func pointCounts(e *library.Entry) vector {
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
	return tf
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
// alsoReported names the other outlets that carried a story, with links:
// "Also reported by Reuters (https://…), id 1a2b3c4d."
func alsoReported(others []*library.Entry) string {
	if len(others) == 0 {
		return ""
	}
	parts := make([]string, 0, len(others))
	for _, o := range others {
		name := o.Article.Source
		if name == "" {
			name = o.Headline()
		}
		if o.Article.URL != "" {
			name += " (" + o.Article.URL + ")"
		} else {
			name += " (id " + o.Meta.ID + ")"
		}
		parts = append(parts, name)
	}
	return "Also reported by " + strings.Join(parts, ", ") + "."
}

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

// Reply renders a ranked digest: one section per story (the lead's
// headline, tl;dr, publisher, date and id, and the other outlets that
// reported it, with their links), at most MaxItems, to be split by
// reply.Split.
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
		text := gist(e.Headline(), b) + "\n" + strings.Join(meta, " · ")
		if also := alsoReported(it.Others); also != "" {
			text += "\n" + also
		}
		r.Sections = append(r.Sections, reply.Section{Label: e.Headline(), Text: text, URL: e.Article.URL})
	}
	articles := 0
	for _, it := range items {
		articles += 1 + len(it.Others)
	}
	switch {
	case articles == 1:
		r.Summary = "1 new article."
	case len(items) == articles:
		r.Summary = fmt.Sprintf("%d new articles, most important first.", articles)
	default:
		r.Summary = fmt.Sprintf("%d new articles in %d stories, most important first.", articles, len(items))
	}
	if len(items) > len(shown) {
		r.Footer = fmt.Sprintf("%d more stories not shown: /brief list has the newest articles.", len(items)-len(shown))
	} else {
		r.Footer = "/brief show <id> for an article's key points."
	}
	return r
}

package brief

import (
	"math"
	"strings"
)

// The weights of salience and selection, set on the three development sets
// together (BBC extractive summaries, CNN/DailyMail highlights, XSum
// one-line summaries), preferring what holds on all three to what is best
// on one; see the README's Quality section for the figures.
const (
	positionDecay = 0.4 // salience falls as (position+1)^-positionDecay
	titleWeight   = 0.3 // share of the title's words a sentence holds, added to centrality
	redundancy    = 0.3 // MMR: salience less this times the greatest similarity to a point
	tldrOverlap   = 0.5 // similarity to the tl;dr counts this much
	quotedWeight  = 0.9 // salience of a sentence that quotes someone (0.7–0.9 tried; 0.9 gained on all three sets)
)

// selector picks an article's key points.
type selector struct {
	a      *Article
	d      *doc
	sal    []float64
	roles  []Role
	lead   int
	used   []bool
	maxSim []float64 // each sentence's greatest similarity to what is chosen
	chosen [][]int
	short  []string // each sentence as a point shows it, compressed on demand
	year   int      // the story's year
}

// text is sentence i compressed for a point.
func (s *selector) text(i int) string {
	if s.short[i] == "" {
		s.short[i] = compress(s.a.Sentences[i], compressOpts{keepSpeaker: s.roles[i] == RoleReaction})
	}
	return s.short[i]
}

// fits reports whether sentence i can make a point on its own: at most
// maxPointWords once compressed. Longer ones are passed over.
func (s *selector) fits(i int) bool { return words(s.text(i)) <= maxPointWords }

func newSelector(a *Article, d *doc) *selector {
	n := len(a.Sentences)
	s := &selector{a: a, d: d, sal: salience(a, d), roles: make([]Role, n), used: make([]bool, n), maxSim: make([]float64, n), short: make([]string, n)}
	year := storyYear(a, d)
	s.year = year
	for i, x := range a.Sentences {
		s.roles[i] = roleOf(x, d.words[i], year)
	}
	s.lead = leadSentence(a, d, s.sal)
	s.used[s.lead] = true
	for i := range n {
		s.maxSim[i] = cosine(d.vecs[i], d.vecs[s.lead]) * tldrOverlap
	}
	return s
}

// pick takes sentence i as a point; a sentence that leans on the previous
// one in its paragraph takes it along when the two still make a short
// point.
func (s *selector) pick(i int) {
	g := []int{i}
	if i > 0 && leansBack(s.a.Sentences[i]) && !s.used[i-1] && s.a.Paras[i-1] == s.a.Paras[i] && !IsCaption(s.a.Paras[i]) &&
		words(s.text(i-1))+words(s.text(i)) <= maxPointWords {
		g = []int{i - 1, i}
	}
	for _, j := range g {
		s.used[j] = true
	}
	s.chosen = append(s.chosen, g)
	for j := range s.maxSim {
		if !s.used[j] {
			s.maxSim[j] = math.Max(s.maxSim[j], cosine(s.d.vecs[j], s.d.vecs[i]))
		}
	}
}

// mainPoints picks the three most salient points by maximal marginal
// relevance, most salient first.
func (s *selector) mainPoints() {
	long := make([]bool, len(s.sal)) // too long once compressed
	for len(s.chosen) < minPoints {
		best, bestScore := -1, math.Inf(-1)
		for i := range s.sal {
			if s.used[i] || long[i] || len(s.d.terms[i]) == 0 {
				continue
			}
			if v := s.sal[i] - redundancy*s.maxSim[i]; v > bestScore {
				best, bestScore = i, v
			}
		}
		if best < 0 {
			return
		}
		if !s.fits(best) {
			long[best] = true
			continue
		}
		s.pick(best)
	}
}

// facetPoints adds up to two points for facets the main points miss: who
// reacted how, what is at stake, the background.
func (s *selector) facetPoints() {
	lead := entitySet(s.a.Sentences[s.lead])
	covered := map[Role]bool{RoleEvent: true}
	for _, g := range s.chosen {
		for _, i := range g {
			covered[s.roles[i]] = true
		}
	}
	for _, role := range []Role{RoleReaction, RoleStakes, RoleBackground} {
		if len(s.chosen) >= maxPoints || covered[role] {
			continue
		}
		best, bestScore := -1, math.Inf(-1)
		for i, x := range s.a.Sentences {
			if s.used[i] || s.roles[i] != role || len(s.d.terms[i]) < 3 || s.maxSim[i] > 0.5 || words(x) > 3*maxPointWords {
				continue
			}
			score := s.sal[i]
			if role == RoleReaction {
				score += thirdParty(x, lead)
				if hasQuote(x) {
					// Their own words say best how someone reacted.
					score += 0.15
				}
			}
			if score > bestScore {
				best, bestScore = i, score
			}
		}
		if best >= 0 && s.fits(best) {
			s.pick(best)
			covered[role] = true
		}
	}
}

// salience scores each sentence: centrality to the article and overlap
// with its title, discounted by position; less for fragments and
// questions, a little less for quotations. Facts kept from captions count
// where the caption stood.
func salience(a *Article, d *doc) []float64 {
	n := len(a.Sentences)
	title := make(map[string]bool)
	for _, t := range Terms(a.Title) {
		title[t] = true
	}
	out := make([]float64, n)
	for i := range n {
		p := float64(i)
		if IsCaption(a.Paras[i]) {
			p = float64(captionPlace(a.Paras[i]))
		}
		tov := 0.0
		if len(title) > 0 && len(d.terms[i]) > 0 {
			hit := 0
			for t := range title {
				if indexOf(d.terms[i], t) >= 0 {
					hit++
				}
			}
			tov = float64(hit) / float64(len(title))
		}
		s := (d.vecs[i].dot(d.centroid) + titleWeight*tov) * math.Pow(p+1, -positionDecay)
		if nw := len(d.words[i]); nw < 8 {
			s *= float64(nw) / 8
		}
		if hasQuote(a.Sentences[i]) {
			// The reporter's words say what happened more directly than a
			// quotation; quotations come back as reactions.
			s *= quotedWeight
		}
		if strings.HasSuffix(a.Sentences[i], "?") {
			s *= 0.7
		}
		out[i] = s
	}
	return out
}

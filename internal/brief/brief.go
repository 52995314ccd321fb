package brief

import (
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A Point is one key point of a briefing: a short label naming the facet it
// covers and the article sentences behind it.
type Point struct {
	Label     string `json:"label"`
	Text      string `json:"text"`
	Sentences []int  `json:"sentences"`
}

// A Briefing is the short, grounded summary of one article.
type Briefing struct {
	Headline string
	TLDR     string
	// TLDRSentence is the index of the sentence the tl;dr comes from.
	TLDRSentence int
	Points       []Point
}

// Role is the rhetorical role of a sentence in a news story.
type Role int

// The roles a key point can play.
const (
	RoleEvent      Role = iota // what happened
	RoleStakes                 // what is at stake: motives, consequences, what could come
	RoleReaction               // who reacted how: statements and quotes
	RoleBackground             // earlier events and context
)

const (
	minPoints = 3
	maxPoints = 5
)

// Brief summarises an article into a headline, a tl;dr and three to five
// labelled key points (fewer only when the article has too few sentences).
//
// Sentences are scored by salience: closeness to the article's centroid
// (tf-idf over its own sentences), overlap with the title, and position,
// since news puts what matters first. Key points are chosen greedily by
// salience less similarity to points already chosen (maximal marginal
// relevance), so no point repeats another; a sentence that leans on the one
// before it ("He said ...") brings that one along. The first three points
// are the most salient; further points add facets the first ones miss: who
// reacted how, what is at stake, the background. Labels come from each
// point's rhetorical role and its own words.
func Brief(a *Article) Briefing {
	n := len(a.Sentences)
	b := Briefing{}
	if n == 0 {
		b.Headline = a.Title
		return b
	}
	d := newDoc(a.Sentences)
	sal := salience(a, d)
	roles := make([]Role, n)
	for i, s := range a.Sentences {
		roles[i] = roleOf(s, d.words[i], a.Date)
	}

	b.TLDRSentence = leadSentence(a, d, sal)
	b.TLDR = a.Sentences[b.TLDRSentence]
	b.Headline = a.Title
	if b.Headline == "" {
		b.Headline = headlineFrom(b.TLDR)
	}

	used := make([]bool, n)
	used[b.TLDRSentence] = true
	var chosen [][]int
	pick := func(i int) []int {
		group := []int{i}
		// A sentence that leans on the previous one takes it along.
		if i > 0 && leansBack(a.Sentences[i]) && !used[i-1] && a.Paras[i-1] == a.Paras[i] {
			group = []int{i - 1, i}
		} else if i+1 < n && !used[i+1] && a.Paras[i+1] == a.Paras[i] && leansBack(a.Sentences[i+1]) {
			group = []int{i, i + 1}
		}
		for _, j := range group {
			used[j] = true
		}
		return group
	}
	// maxSim[i] is sentence i's greatest similarity to what is chosen so
	// far (the tl;dr counting half), kept up to date as points are added.
	maxSim := make([]float64, n)
	for i := range n {
		maxSim[i] = cosine(d.vecs[i], d.vecs[b.TLDRSentence]) * 0.5
	}
	similarity := func(i int) float64 { return maxSim[i] }
	addVec := func(v sparse) {
		for i := range n {
			if !used[i] {
				maxSim[i] = math.Max(maxSim[i], cosine(d.vecs[i], v))
			}
		}
	}
	want := min(minPoints, n-1)
	if n-1 < 1 {
		want = 0
	}
	for len(chosen) < want {
		best, bestScore := -1, math.Inf(-1)
		for i := range n {
			if used[i] || len(d.terms[i]) == 0 {
				continue
			}
			s := sal[i] - 0.7*similarity(i)
			if s > bestScore {
				best, bestScore = i, s
			}
		}
		if best < 0 {
			break
		}
		chosen = append(chosen, pick(best))
		addVec(d.vecs[best])
	}
	// Further points: facets the first ones miss.
	lead := entitySet(a.Sentences[b.TLDRSentence])
	covered := map[Role]bool{RoleEvent: true}
	for _, g := range chosen {
		for _, i := range g {
			covered[roles[i]] = true
		}
	}
	for _, role := range []Role{RoleReaction, RoleStakes, RoleBackground} {
		if len(chosen) >= maxPoints || covered[role] {
			continue
		}
		best, bestScore := -1, math.Inf(-1)
		for i := range n {
			if used[i] || roles[i] != role || len(d.terms[i]) < 3 {
				continue
			}
			if similarity(i) > 0.5 {
				continue
			}
			score := sal[i]
			if role == RoleReaction {
				score += thirdParty(a.Sentences[i], lead)
				if hasQuote(a.Sentences[i]) {
					// Their own words say best how someone reacted.
					score += 0.15
				}
			}
			if score > bestScore {
				best, bestScore = i, score
			}
		}
		if best < 0 {
			continue
		}
		chosen = append(chosen, pick(best))
		addVec(d.vecs[best])
		covered[role] = true
	}
	// The first points read in the article's order.
	head := chosen[:min(len(chosen), minPoints)]
	sort.SliceStable(head, func(x, y int) bool { return head[x][0] < head[y][0] })

	labels := newLabeler(a, d)
	for _, g := range chosen {
		texts := make([]string, len(g))
		for k, i := range g {
			texts[k] = a.Sentences[i]
		}
		role := roles[g[0]]
		if len(g) == 2 && roles[g[1]] != RoleEvent {
			role = roles[g[1]]
		}
		b.Points = append(b.Points, Point{
			Label:     labels.label(role, g),
			Text:      strings.Join(texts, " "),
			Sentences: g,
		})
	}
	return b
}

// salience scores each sentence: centrality to the article, overlap with
// the title and early position, less for fragments.
func salience(a *Article, d *doc) []float64 {
	n := len(a.Sentences)
	title := make(map[string]bool)
	for _, t := range Terms(a.Title) {
		title[t] = true
	}
	out := make([]float64, n)
	for i := range n {
		cent := d.vecs[i].dot(d.centroid)
		pos := 1 / math.Sqrt(float64(i)+1)
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
		s := cent + 0.5*pos + 0.3*tov
		if nw := len(d.words[i]); nw < 8 {
			s *= float64(nw) / 8
		}
		if strings.HasSuffix(a.Sentences[i], "?") {
			s *= 0.7
		}
		out[i] = s
	}
	return out
}

// leadSentence is the sentence that says what happened: the first one,
// unless it is a fragment or a question and a better one follows closely.
func leadSentence(a *Article, d *doc, sal []float64) int {
	best := 0
	for i := range min(3, len(a.Sentences)) {
		ok := len(d.words[i]) >= 8 && !strings.HasSuffix(a.Sentences[i], "?")
		if ok {
			return i
		}
		if sal[i] > sal[best] {
			best = i
		}
	}
	return best
}

// leansBack reports whether a sentence opens with a word that refers to
// the previous sentence, so that it cannot stand alone.
func leansBack(s string) bool {
	w := strings.ToLower(leadingWord(s))
	switch w {
	case "he", "she", "it", "they", "this", "that", "these", "those", "his", "her", "its", "their", "but", "however", "also", "such", "there", "then":
		return true
	}
	return false
}

// headlineFrom takes a headline from a lead sentence: its main clause, not
// the whole sentence.
func headlineFrom(lead string) string {
	s := strings.TrimRightFunc(lead, func(r rune) bool { return isTerminal(r) || isCloser(r) })
	cut := len(s)
	for _, sep := range []string{", according to", " according to", ", and ", "; ", " – ", " — ", ", which ", ", who ", ", while ", ", but ", ", as ", ", after "} {
		if i := strings.Index(s, sep); i > 0 && i < cut && len(strings.Fields(s[:i])) >= 4 {
			cut = i
		}
	}
	s = strings.TrimSpace(s[:cut])
	s = strings.TrimRight(s, ",;:")
	if ws := strings.Fields(s); len(ws) > 16 {
		s = strings.Join(ws[:14], " ") + "…"
	}
	return s
}

func isCapitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// thirdParty favours reactions from someone other than the story's
// protagonists (those named in its lead): a reaction is how others
// respond to what happened. A speaker known only by a pronoun counts less.
func thirdParty(s string, lead map[string]bool) float64 {
	speaker := speakerPhrase(s)
	names := entities(speaker)
	if len(names) == 0 {
		return -0.1
	}
	for _, e := range names {
		for _, w := range strings.Fields(e) {
			if lead[w] {
				return 0
			}
		}
	}
	return 0.3
}

// entitySet is the set of words of the capitalised names in s.
func entitySet(s string) map[string]bool {
	m := make(map[string]bool)
	for _, e := range entities(s) {
		for _, w := range strings.Fields(e) {
			m[w] = true
		}
	}
	return m
}

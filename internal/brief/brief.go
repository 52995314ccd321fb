package brief

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A Point is one key point of a briefing: a short label naming the facet it
// covers and the article sentences behind it.
type Point struct {
	Label string `json:"label"`
	// Text is the point as shown: the article's words in their order,
	// shortened by deletion only.
	Text string `json:"text"`
	// Quote is the full cleaned sentence or sentences behind the point.
	Quote     string `json:"quote"`
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
// The tl;dr is the lead: news says first what happened. Sentences are
// scored by salience: closeness to the article's centroid (tf-idf over its
// own sentences) and to its title, discounted by position, since news puts
// what matters first. Key points are chosen greedily by salience less
// similarity to what is already chosen (maximal marginal relevance), so no
// point repeats another, most salient first; a sentence that leans on the
// one before it ("He said ...") brings that one along. The first three are
// the most salient; up to two more add facets they miss: who reacted how,
// what is at stake, the background. Each point is shortened by deletion
// only, and labelled from its role and its own words.
func Brief(a *Article) Briefing {
	if len(a.Sentences) == 0 {
		return Briefing{Headline: a.Title}
	}
	d := newDoc(a.Sentences)
	sel := newSelector(a, d)
	b := Briefing{TLDRSentence: sel.lead, Headline: a.Title}
	b.TLDR = compress(a.Sentences[sel.lead], compressOpts{keepFrame: true})
	if b.Headline == "" {
		b.Headline = headlineFrom(a.Sentences[sel.lead])
	}
	sel.mainPoints()
	sel.facetPoints()
	labels := newLabeler(a, d, sel.lead)
	for _, g := range sel.chosen {
		role := sel.roles[g[0]]
		if len(g) == 2 && sel.roles[g[1]] != RoleEvent {
			role = sel.roles[g[1]]
		}
		texts := make([]string, len(g))
		short := make([]string, len(g))
		for k, i := range g {
			texts[k] = a.Sentences[i]
			short[k] = sel.text(i)
		}
		text := strings.Join(short, " ")
		b.Points = append(b.Points, Point{
			Label:     labels.label(role, g, text),
			Text:      text,
			Quote:     strings.Join(texts, " "),
			Sentences: g,
		})
	}
	return b
}

// leadSentence is the sentence that says what happened: of the first
// three, the most salient (salience already favours the first), passing
// over fragments, questions and sentences that lean on an earlier one. A
// scraped story often opens with a teaser ("You may have seen pictures of
// the sun before, but never like this.") and says what happened next.
func leadSentence(a *Article, d *doc, sal []float64) int {
	best := -1
	for i := range min(3, len(a.Sentences)) {
		if a.Paras[i] == CaptionPara {
			break
		}
		ok := len(d.words[i]) >= 8 && !strings.HasSuffix(a.Sentences[i], "?") && (i == 0 || !leansBack(a.Sentences[i]))
		if ok && (best < 0 || sal[i] > sal[best]) {
			best = i
		}
	}
	if best < 0 {
		best = 0
		for i := range min(3, len(a.Sentences)) {
			if sal[i] > sal[best] {
				best = i
			}
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

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
	// Link is the article's URL with a text fragment that highlights the
	// quote on the publisher's page; empty when the article has no URL.
	Link string `json:"link,omitempty"`
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
	d := articleDoc(a)
	sel := newSelector(a, d)
	b := Briefing{TLDRSentence: sel.lead, Headline: a.Title}
	b.TLDR = compress(a.Sentences[sel.lead], compressOpts{keepFrame: true})
	if b.Headline == "" {
		b.Headline = headlineFrom(a.Sentences[sel.lead])
	}
	sel.mainPoints()
	sel.facetPoints()
	labels := newLabeler(a, d, sel.lead, sel.year)
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
		text, quote := strings.Join(short, " "), strings.Join(texts, " ")
		b.Points = append(b.Points, Point{
			Label:     labels.label(role, g, text),
			Text:      text,
			Quote:     quote,
			Sentences: g,
			Link:      TextFragmentLink(a.URL, quote),
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
		if IsCaption(a.Paras[i]) {
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

// headlineWords is about the longest headline made from a lead.
const headlineWords = 14

// headlineBreaks are where a lead's main clause can end: before a
// subordinate clause or an aside (major), else before a trailing phrase
// (minor).
var (
	headlineMajor = []string{", according to", " according to", ", and ", "; ", " – ", " — ", " - ", ", which ", ", who ",
		", while ", ", but ", ", as ", ", after ", ", with ", ", when ", ", because ", ", despite ", ", amid ", ", following ", ", before ", ", saying "}
	headlineMinor = []string{" after ", " as ", " when ", " because ", " while ", " following ", " amid ", " despite ", " before ",
		" since ", " if ", " with ", " in a ", " on ", " in ", " at ", " for ", " from ", " over ", " by ", " during "}
)

// leadingAdverbial opens a sentence before its subject: "Earlier this
// week, ...", "On Monday, ...".
var leadingAdverbial = wordSet(setOf(`in on at earlier later last this after before during since yesterday today
	following despite for with meanwhile now`))

// headlineFrom takes a headline from a lead sentence: its main clause,
// shortened by deletion to at most about fourteen words and cut only
// between phrases; a lead with no such cut keeps its whole main clause.
func headlineFrom(lead string) string {
	s := cutAppositives(compress(lead, compressOpts{}))
	if i := strings.Index(s, ", "); i > 0 && words(s[:i]) <= 5 && leadingAdverbial.has(strings.ToLower(leadingWord(s))) && words(s[i+2:]) >= 4 {
		s = capitalizeFirst(s[i+2:])
	}
	s = strings.TrimRightFunc(s, func(r rune) bool { return isTerminal(r) || isCloser(r) || r == ',' })
	// The main clause ends at the first clause break.
	cut := -1
	for _, sep := range headlineMajor {
		if i := strings.Index(s, sep); i > 0 && words(s[:i]) >= 4 && (cut < 0 || i < cut) && !openQuote(s[:i]) {
			cut = i
		}
	}
	if cut > 0 && words(s[:cut]) > headlineWords+2 {
		cut = -1
	}
	if cut < 0 && words(s) <= headlineWords {
		return s
	}
	if cut < 0 {
		// A trailing phrase may go when what is left ends in a noun: "the
		// green light to make ..." ends well, "was greeted by ..." not.
		cut = latestBreak(s, append(headlineMinor, " to ", " that "), headlineWords)
	}
	if cut < 0 {
		return s
	}
	s = strings.TrimRight(strings.TrimSpace(s[:cut]), ",;:-–—")
	for {
		ws := strings.Fields(s)
		if len(ws) < 5 || !danglingWord(ws[len(ws)-1]) {
			return s
		}
		s = strings.TrimRight(strings.Join(ws[:len(ws)-1], " "), ",;:-–—")
	}
}

// latestBreak is the latest place in s where one of seps starts and at
// least six but at most limit words come before it; -1 if none.
func latestBreak(s string, seps []string, limit int) int {
	best := -1
	for _, sep := range seps {
		for from := 0; ; {
			i := strings.Index(s[from:], sep)
			if i < 0 {
				break
			}
			i += from
			if n := words(s[:i]); n >= 6 && n <= limit && i > best && !openQuote(s[:i]) && !verbish(trailingWord(s[:i])) {
				best = i
			}
			from = i + len(sep)
		}
	}
	return best
}

// verbish reports whether the lexicon knows w mostly as a verb.
func verbish(w string) bool {
	w = strings.ToLower(strings.Trim(w, ",;:"))
	c := partsOfSpeech(w)
	return (c[posVerb] > 0 && c[posVerb] >= c[posNoun]) || beForms.has(w) || IsStopWord(w) || strings.HasSuffix(w, "ed")
}

// danglingWord: a word a phrase cannot end with.
func danglingWord(w string) bool {
	switch strings.ToLower(strings.Trim(w, ",;:")) {
	case "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by", "from", "the", "a", "an", "as", "that", "which", "who", "its", "their", "his", "her":
		return true
	}
	return false
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

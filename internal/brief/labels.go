package brief

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A label names the facet a key point covers, in an editor's words: a role
// where the point shows one ("The US reaction", "What the police said",
// "What's at stake for Kim", "Background", "What's next"), otherwise a
// noun phrase the point is about ("The police warning", "Type 2
// diabetes"). A label is never a word the article uses in passing, and no
// two labels of a briefing share a head word; when nothing apt is found
// the point has no label and is shown as a plain bullet.
type labeler struct {
	a       *Article
	d       *doc
	year    int
	lead    map[string]bool // words of the names in the tl;dr: the story's subject
	proper  map[string]bool // lower-case words the article capitalises mid-sentence
	used    map[string]bool // labels given
	heads   map[string]bool // stems of the head words of labels given
	entFreq map[string]int
}

func newLabeler(a *Article, d *doc, lead, year int) *labeler {
	l := &labeler{a: a, d: d, year: year, lead: entitySet(a.Sentences[lead]),
		used: map[string]bool{}, heads: map[string]bool{}}
	if a.prep != nil && a.prep.proper != nil {
		l.proper = a.prep.proper
		return l
	}
	l.proper = map[string]bool{}
	var buf [64]Token
	for _, s := range a.Sentences {
		for _, t := range Tokenize(s, buf[:0]) {
			if t.Cap && !t.First && !IsStopWord(t.Lower) {
				l.proper[t.Lower] = true
			}
		}
	}
	return l
}

// entityCount is how many sentences name e, counted on first use.
func (l *labeler) entityCount(e string) int {
	if l.entFreq == nil {
		l.entFreq = map[string]int{}
		for _, s := range l.a.Sentences {
			for _, x := range entities(s) {
				l.entFreq[x]++
			}
		}
	}
	return l.entFreq[e]
}

// label names the point made of the sentences in group, shown as text;
// role is the role the selector saw in it.
func (l *labeler) label(role Role, group []int, text string) string {
	var cands []string
	if role == RoleReaction {
		cands = append(cands, l.reactionLabel(group))
	}
	if role == RoleStakes {
		cands = append(cands, l.stakesLabel(group))
	}
	if l.aboutNext(group) {
		cands = append(cands, "What's next")
	}
	if role == RoleBackground {
		cands = append(cands, "Background")
	}
	for _, c := range cands {
		if c != "" && !l.used[c] {
			l.used[c] = true
			return c
		}
	}
	if lab, head := l.topicLabel(text); lab != "" {
		l.used[lab] = true
		l.heads[head] = true
		return lab
	}
	return ""
}

// stakesLabel: "What's at stake", for the protagonist the point is about
// when it names one of the story's subjects ("What's at stake for Kim").
func (l *labeler) stakesLabel(group []int) string {
	for _, i := range group {
		for _, e := range l.names(l.a.Sentences[i]) {
			for _, w := range strings.Fields(e) {
				if l.lead[w] && l.entityCount(e) >= 2 && !isPronounWord(e) {
					return "What's at stake for " + withArticle(shortName(e))
				}
			}
		}
	}
	return "What's at stake"
}

// aboutNext reports whether the point tells what is to come: at least two
// cues of plans or schedules ("is expected to begin next spring").
func (l *labeler) aboutNext(group []int) bool {
	n := 0
	for _, i := range group {
		for _, w := range l.d.words[i] {
			if nextCues.has(w) {
				n++
			}
		}
	}
	return n >= 2
}

// reactionLabel names who reacts: "The US reaction" for a country or an
// institution known by its initials judging what happened, "What Finer
// said" for a person, "What the police said" for an organisation. A
// speaker known only by a pronoun or a common noun ("a shopper") gives no
// reaction label.
func (l *labeler) reactionLabel(group []int) string {
	for _, i := range group {
		s := l.a.Sentences[i]
		speaker := mainSpeaker(speakerPhrase(s))
		if speaker == "" {
			continue
		}
		judged := hasQuote(s)
		for _, w := range l.d.words[i] {
			judged = judged || reactionVerbs.has(w)
		}
		// A speaker described by a nation or an institution's initials
		// ("Jon Finer, US President Joe Biden's adviser", "US officials")
		// reacts for it; initials that end a name ("Citizens UK") are the
		// name's.
		fs := strings.Fields(speakerPhrase(s))
		for k, f := range fs {
			f = strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && r != '.' })
			f = strings.TrimSuffix(strings.TrimSuffix(f, "'s"), "’s")
			if !(isAcronym(f) || isDemonym(f)) || !judged || l.lead[strings.TrimSuffix(f, ".")] {
				continue
			}
			if k > 0 && isCapitalised(fs[k-1]) && !determiners.has(strings.ToLower(fs[k-1])) && !strings.HasSuffix(fs[k-1], ",") {
				continue
			}
			return "The " + f + " reaction"
		}
		ws := strings.Fields(speaker)
		head := strings.TrimFunc(ws[len(ws)-1], func(r rune) bool { return !unicode.IsLetter(r) && r != '.' })
		lowHead := strings.ToLower(head)
		if len(ws) == 1 && orgHeads.has(lowHead) {
			return "What the " + lowHead + " said" // "Police said ..."
		}
		if len(ws) >= 2 && determiners.has(strings.ToLower(ws[0])) && !isCapitalised(ws[1]) {
			// "The mayor of Skegness", "the police": a role speaks.
			role := strings.TrimFunc(ws[1], func(r rune) bool { return !unicode.IsLetter(r) })
			if (len(ws) == 2 || strings.ToLower(ws[2]) == "of" || strings.ToLower(ws[2]) == "for" || strings.ToLower(ws[2]) == "at") && role != "" && !vagueNouns.has(strings.ToLower(role)) {
				return "What the " + strings.ToLower(role) + " said"
			}
		}
		if !isCapitalised(head) {
			continue
		}
		name := trailingName(ws)
		if name == "" || isPronounWord(name) {
			continue
		}
		nws := strings.Fields(name)
		last := strings.ToLower(nws[len(nws)-1])
		switch {
		case isAcronym(name) && judged && !l.lead[name]:
			return "The " + name + " reaction"
		case orgHeads.has(last) || strings.Contains(speaker, "the "+name) || strings.HasPrefix(speaker, "The "+name) || isAcronym(nws[0]) ||
			len(nws) >= 3 || (len(nws) == 2 && partsOfSpeech(last)[posNoun] >= 5):
			// An institution keeps its article and its whole name: "the
			// Environment Agency", "Human Rights Watch", "Menatep Group".
			return "What " + withArticle(name) + " said"
		case len(nws) > 1:
			// A person goes by surname: "Stephen Toulouse" is Toulouse.
			return "What " + nws[len(nws)-1] + " said"
		default:
			return "What " + name + " said"
		}
	}
	return ""
}

// mainSpeaker picks who speaks out of the words before a speech verb:
// "Jon Finer, a Biden adviser," is Jon Finer; "The society's director in
// Wales, Mair Davies," is Mair Davies; "In a statement, the council" is
// the council.
func mainSpeaker(phrase string) string {
	phrase = strings.TrimSpace(phrase)
	if phrase == "" {
		return ""
	}
	segs := strings.Split(strings.TrimSuffix(phrase, ","), ", ")
	if strings.HasSuffix(phrase, ",") && len(segs) >= 2 {
		first := strings.Fields(segs[0])
		if len(first) > 0 && isCapitalised(strings.TrimFunc(first[len(first)-1], func(r rune) bool { return !unicode.IsLetter(r) })) {
			return segs[0]
		}
		if second := strings.Fields(segs[1]); len(second) >= 2 && len(second) <= 4 && trailingName(second) == strings.Join(second, " ") {
			return segs[1]
		}
		return segs[0]
	}
	return segs[len(segs)-1]
}

// trailingName is the run of capitalised words that ends ws: "chairman Mark
// Campbell" is Mark Campbell.
func trailingName(ws []string) string {
	k := len(ws)
	for k > 0 {
		w := strings.TrimFunc(ws[k-1], func(r rune) bool { return !unicode.IsLetter(r) && r != '.' && r != '\'' && r != '’' })
		w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
		if !isCapitalised(w) || (k-1 == 0 && determiners.has(strings.ToLower(w))) {
			break
		}
		k--
	}
	var out []string
	for _, w := range ws[k:] {
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && r != '.' && r != '\'' && r != '’' })
		out = append(out, strings.TrimSuffix(w, "."))
	}
	return strings.Join(out, " ")
}

// orgHeads end the names of organisations that take "the": "the
// Environment Agency", "the Labour Party", "the Supreme Court".
var orgHeads = wordSet(setOf(`agency council party bank ministry department court commission office
	union association committee service authority board institute university army navy
	government federation organisation organization police parliament senate congress assembly
	fund foundation league alliance coalition cabinet administration unit trust society group company
	corporation network club team`))

// withArticle puts "the" before a name of several words that ends in an
// organisation's head noun; other names (people, places) stay as they are.
func withArticle(name string) string {
	ws := strings.Fields(name)
	switch {
	case len(ws) == 1 && orgHeads.has(strings.ToLower(name)):
		return "the " + strings.ToLower(name) // "Police" is the police
	case len(ws) >= 2 && orgHeads.has(strings.ToLower(ws[len(ws)-1])) && !strings.EqualFold(ws[0], "the"):
		return "the " + name
	}
	return name
}

// shortName: a person's surname, an organisation's whole name.
func shortName(name string) string {
	ws := strings.Fields(name)
	if len(ws) > 1 && !orgHeads.has(strings.ToLower(ws[len(ws)-1])) && !isAcronym(ws[0]) {
		return ws[len(ws)-1]
	}
	return name
}

func isPronounWord(w string) bool {
	switch strings.ToLower(w) {
	case "i", "i've", "i'm", "i'd", "i'll", "he", "she", "it", "we", "they", "you", "his", "her", "their", "our", "its", "this", "that", "there":
		return true
	}
	return strings.HasPrefix(w, "I'") || strings.HasPrefix(w, "I’")
}

// vagueNouns name no facet: times, amounts and placeholders.
var vagueNouns = wordSet(setOf(`week weeks month months year years day days time times way ways people
	thing things part parts lot lots number numbers end side kind sort place case point fact today
	yesterday morning afternoon evening night area areas statement interview spokesman spokeswoman
	spokesperson official officials source sources report reports photo picture image video website
	man woman men women person boy girl family friend friends thousands hundreds millions dozens
	moment moments scene region half situation issue issues world`))

// A phrase is a noun phrase found in a point: tokens [from, to) of one
// sentence, the word before it a determiner or not.
type phrase struct {
	words      []string // as written
	head       string   // lower-case head noun
	det        bool     // a determiner or possessive came before it
	proper     bool     // all its words are names
	first      bool     // it opens the sentence (the subject)
	text       string   // the phrase as written
	properHead bool     // its head is a name
}

// topicLabel is the point's most telling noun phrase: its head used more
// than once in the article, the phrase at most four words, preferring the
// point's subject and phrases of several words. It returns the label and
// the stem of its head.
func (l *labeler) topicLabel(text string) (string, string) {
	best, bestHead, bestScore := "", "", 0.0
	{
		for _, p := range l.phrases(text) {
			st := Stem(p.head)
			if l.heads[st] || vagueNouns.has(p.head) || len(p.head) < 3 || l.d.freq(st) < 2 {
				continue
			}
			if p.proper && (len(p.words) < 2 || l.isSubject(p)) {
				continue // the story's own names, or a lone name, say no facet
			}
			if !p.proper && p.properHead {
				continue // "president Blatter": a person, not a facet
			}
			if p.proper && !orgHeads.has(p.head) {
				continue // people's names are not facets
			}
			if !p.det && len(p.words) == 1 && !p.proper {
				continue // a bare word ("Death", "Coming") says too little
			}
			if !p.det && !p.proper && l.adjective(p.words[0]) {
				continue // "Public British fighters": the phrase lost its determiner
			}
			score := (1 + math.Log(float64(l.d.freq(st)))) * (1 + 0.3*float64(len(p.words)-1))
			if p.first {
				score *= 2 // what the point is about comes first
			}
			if p.proper {
				score *= 0.6
			}
			if score > bestScore {
				best, bestHead, bestScore = l.render(p), st, score
			}
		}
	}
	if l.used[best] {
		return "", ""
	}
	return best, bestHead
}

// isSubject reports whether a phrase of names names the story's subject.
func (l *labeler) isSubject(p phrase) bool {
	for _, w := range p.words {
		if l.lead[w] {
			return true
		}
	}
	return false
}

// render writes a phrase as a label: "The police warning", "Type 2
// diabetes", "Northern Ireland's farms".
func (l *labeler) render(p phrase) string {
	ws := make([]string, len(p.words))
	for k, w := range p.words {
		lw := strings.ToLower(w)
		if l.proper[lw] || isAcronym(w) || strings.ContainsFunc(w[1:], unicode.IsUpper) {
			ws[k] = w
		} else {
			ws[k] = lw
		}
	}
	s := p.text
	if !p.proper {
		// Keep names' capitals; lower-case the rest.
		var b strings.Builder
		last := 0
		for k, w := range p.words {
			i := strings.Index(s[last:], w) + last
			b.WriteString(s[last:i])
			b.WriteString(ws[k])
			last = i + len(w)
		}
		b.WriteString(s[last:])
		s = b.String()
	}
	if p.det && !p.proper {
		return "The " + s
	}
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}

// indefinite pronouns are no topic: "anyone", "something".
var indefinite = wordSet(setOf(`anyone anybody someone somebody everyone everybody nobody anything something
	everything nothing none whoever whatever`))

// determiners open noun phrases.
var determiners = wordSet(setOf(`the a an this these those his her its their our my your
	whose each every another such`))

// phrases finds the noun phrases of a sentence: runs of adjectives, nouns,
// names and numbers joined by spaces or hyphens and ending in a noun or a
// name, of at most four words. Parts of speech come from the lexicon and
// the words around: after a determiner a word is a noun or an adjective;
// a word the lexicon mostly knows as a verb, adverb or function word ends
// the phrase.
func (l *labeler) phrases(s string) []phrase {
	var buf [64]Token
	toks := Tokenize(s, buf[:0])
	var out []phrase
	start := -1
	det := false
	flush := func(end int) {
		defer func() { start = -1 }()
		if start < 0 {
			return
		}
		// Drop trailing adjectives and time words: the head is the last
		// noun (or the end of a compound: "quarter-final").
		for end > start && (!l.nounLike(toks, end-1) || (end-1 > start && vagueNouns.has(toks[end-1].Lower))) &&
			!(end-1 > start && s[toks[end-2].End:toks[end-1].Start] == "-") {
			end--
		}
		if end <= start {
			return
		}
		if end-start > 4 {
			start = end - 4
		}
		if toks[start].Digit || toks[end-1].Digit {
			return // "25 wins" is a figure, not a topic
		}
		p := phrase{head: toks[end-1].Lower, det: det, proper: true, first: start == 0 || (start == 1 && det),
			text: s[toks[start].Start:toks[end-1].End], properHead: l.isName(toks[end-1])}
		for k := start; k < end; k++ {
			p.words = append(p.words, s[toks[k].Start:toks[k].End])
			if !l.isName(toks[k]) && !toks[k].Digit {
				p.proper = false
			}
		}
		out = append(out, p)
	}
	for k, t := range toks {
		joined := k > 0 && joinedBySpace(s[toks[k-1].End:t.Start])
		if start >= 0 && !joined {
			flush(k)
		}
		if determiners.has(t.Lower) || (t.Lower == "s" && k > 0 && strings.ContainsAny(s[toks[k-1].End:t.Start], "'’")) {
			flush(k)
			det = true
			continue
		}
		if IsStopWord(t.Lower) || indefinite.has(t.Lower) || !l.contentLike(s, toks, k, det || start >= 0) {
			flush(k)
			det = false
			continue
		}
		if start < 0 {
			start = k
		}
	}
	flush(len(toks))
	return out
}

// isName: a capitalised word not at the start of the sentence, or one the
// article capitalises mid-sentence elsewhere.
func (l *labeler) isName(t Token) bool {
	return t.Cap && (!t.First || l.proper[t.Lower])
}

// joinedBySpace: two words are in one phrase when only a space or a hyphen
// stands between them.
func joinedBySpace(gap string) bool { return gap == " " || gap == "-" }

// contentLike reports whether token k of s can be part of a noun phrase:
// a name, a number, or a word the lexicon knows (or does not know) as a
// noun or adjective more than as a verb or adverb. inPhrase is true when
// a determiner or another phrase word comes just before it.
func (l *labeler) contentLike(s string, toks []Token, k int, inPhrase bool) bool {
	t := toks[k]
	if t.Digit || l.isName(t) {
		return true
	}
	c := partsOfSpeech(t.Lower)
	if strings.HasSuffix(t.Lower, "ly") && c[posNoun]+c[posVerb] <= c[posAdv] {
		return false // an adverb ("possibly"), not "supply"
	}
	nounish := c[posNoun] + c[posAdj]
	if k > 0 && c[posVerb] > 0 && (toks[k-1].Lower == "to" || modals.has(toks[k-1].Lower) || toks[k-1].Lower == "should" || toks[k-1].Lower == "must") {
		return false // "can spot", "to control": a verb
	}
	participle := strings.HasSuffix(t.Lower, "ed") || strings.HasSuffix(t.Lower, "ing")
	if c == (posCounts{}) {
		return !participle || inPhrase
	}
	if k > 0 && determiners.has(toks[k-1].Lower) {
		// "the armored train", "an arms supply deal", "the growing arsenal"
		return nounish > 0 || participle
	}
	if inPhrase && k > 0 && s[toks[k-1].End:t.Start] == "-" {
		return true // "quarter-final", "long-standing"
	}
	if inPhrase {
		// Inside a phrase a noun goes on it unless it is a verb's past
		// or -ed form ("the train left", "the boy walked"), a verb's -s
		// form after the subject ("the blood test measures") or a
		// participle ("companies making profits").
		if participle && takesObject(s, toks, k) {
			return false // "companies making huge profits", "a model making her name"
		}
		return c[posNoun] > 0 && !pastForm(t.Lower, c) && !verbS(t.Lower)
	}
	if nounish > 0 && k+1 < len(toks) && s[t.End:toks[k+1].Start] == " " && !IsStopWord(toks[k+1].Lower) {
		next := partsOfSpeech(toks[k+1].Lower)
		if next[posNoun] > next[posVerb] && next[posNoun] > 0 && 3*c[posNoun] >= c[posVerb] {
			return true // a noun before a noun: "care homes"
		}
	}
	return nounish >= c[posVerb]+c[posAdv] && nounish > 0
}

// verbS reports whether w is the -s form of a word used more as a verb
// than as a noun: "measures", "affects", "struggles" (but "results",
// "homes").
func verbS(w string) bool {
	if !strings.HasSuffix(w, "s") || strings.HasSuffix(w, "ss") {
		return false
	}
	lx := lexicon()
	for _, base := range []string{w[:len(w)-1], strings.TrimSuffix(w, "es")} {
		if c, ok := lx.counts[base]; ok && c[posVerb] > 0 {
			return c[posVerb] >= c[posNoun]
		}
	}
	return false
}

// takesObject reports whether the participle at k is followed by what
// would be its object (a determiner, a pronoun or a content word), so it
// is a verb: "making her name" but "the meeting between".
func takesObject(s string, toks []Token, k int) bool {
	if k+1 >= len(toks) || s[toks[k].End:toks[k+1].Start] != " " {
		return false
	}
	n := toks[k+1].Lower
	switch {
	case determiners.has(n), isPronounWord(n), n == "him", n == "them", n == "us", n == "me":
		return true
	case IsStopWord(n):
		return false
	}
	c := partsOfSpeech(n)
	return c[posNoun]+c[posAdj] > c[posVerb] || c == (posCounts{})
}

// pastForm reports whether w is a verb's past form and nothing else the
// lexicon knows: "left", "came", "walked".
func pastForm(w string, c posCounts) bool {
	if _, irr := lexicon().irregular[w]; irr && c[posNoun] <= c[posVerb] {
		return true
	}
	own := lexicon().counts[w]
	return strings.HasSuffix(w, "ed") && own[posNoun] == 0 && own[posAdj] == 0
}

// adjective reports whether the lexicon knows w mostly as an adjective.
func (l *labeler) adjective(w string) bool {
	c := partsOfSpeech(strings.ToLower(w))
	return c[posAdj] > c[posNoun]
}

// nounLike reports whether token k can head a noun phrase.
func (l *labeler) nounLike(toks []Token, k int) bool {
	t := toks[k]
	if l.isName(t) {
		return true
	}
	c := partsOfSpeech(t.Lower)
	if c == (posCounts{}) {
		return !strings.HasSuffix(t.Lower, "ed") && !strings.HasSuffix(t.Lower, "ing")
	}
	return c[posNoun] > 0 && c[posNoun] >= c[posAdj]/2
}

package brief

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Clean turns a scraped article body into its sentences, dropping what is
// not part of the story: photo captions and "(pictured)" notes, bylines,
// page furniture ("Scroll down for video", "READ MORE:", share widgets),
// boxes of figures, headings, repeated paragraphs and sentences, and
// punctuation debris such as ". .". It reads text flattened by a scraper
// (a whole article on one line, blocks joined by " . ", captions glued to
// the next sentence without a full stop) as well as text in paragraphs.
// A caption that holds a fact the story does not repeat is kept, without
// its caption marks, as a sentence after the story (paragraph
// CaptionPara). paras[i] is the paragraph of sentence i.
func Clean(body string) (sentences []string, paras []int) {
	c := clean(body)
	return c.sentences, c.paras
}

// clean is Clean, keeping what it learned of each sentence (words and
// stemmed terms) for the briefing.
func clean(body string) *cleaner {
	c := &cleaner{exact: make(map[uint64]bool), dropped: make(map[int32]bool), ids: make(map[string]int32),
		stemIDs: make(map[string]int32), proper: make(map[string]bool)}
	for _, par := range paragraphs(body) {
		par = normalizeSpace(par)
		if par == "" || isBoilerplate(par) || isByline(par) {
			continue
		}
		if isCaption(par) {
			for _, s := range SplitSentences(par) {
				c.captions = append(c.captions, caption{s, len(c.sentences)})
			}
			continue
		}
		for _, b := range blocks(par) {
			c.block(b.text, b.open)
		}
	}
	c.keepCaptionFacts()
	c.compact()
	return c
}

// cleaner collects an article's sentences as Clean reads its blocks.
type cleaner struct {
	sentences []string
	paras     []int
	para      int
	captions  []caption // caption sentences, set aside

	words   [][]string // lower-case words of each sentence kept
	terms   [][]string // stemmed content words of each sentence kept
	proper  map[string]bool
	exact   map[uint64]bool // hashes of the word sequences of the sentences kept
	dropped map[int32]bool  // sentences a later one says better

	// Content words are interned: a word's term id names its stem.
	ids      map[string]int32 // lower-case content word → term id
	stemIDs  map[string]int32 // stem → term id
	stemOf   []string         // term id → stem
	postings [][]int32        // term id → sentences holding it
	sets     [][]int32        // distinct term ids of each sentence kept
}

// termID interns the stem of a lower-case content word.
func (c *cleaner) termID(w string) int32 {
	if id, ok := c.ids[w]; ok {
		return id
	}
	st := Stem(w)
	id, ok := c.stemIDs[st]
	if !ok {
		id = int32(len(c.stemOf))
		c.stemIDs[st] = id
		c.stemOf = append(c.stemOf, st)
		c.postings = append(c.postings, nil)
	}
	c.ids[strings.Clone(w)] = id
	return id
}

// A caption is a caption sentence set aside, with how many sentences of
// the story came before it.
type caption struct {
	text string
	pos  int
}

// A block is a run of text a scraper kept together: a paragraph, or a part
// of a flattened paragraph between " . " separators. open marks a block
// that ended at a separator without its own full stop: a caption, a
// heading or a list item.
type block struct {
	text string
	open bool
}

// blocks splits a paragraph at the " . " separators scrapers put where a
// page had block breaks ("... Prince William. . Scroll down for video  .
// Arrest: ..."); a spaced ellipsis (". . .") is not one.
func blocks(par string) []block {
	if !strings.Contains(par, " .") {
		return []block{{text: par}}
	}
	var out []block
	start := 0
	for i := 1; i < len(par); i++ {
		if par[i] != '.' || par[i-1] != ' ' || (i+1 < len(par) && par[i+1] != ' ') {
			continue
		}
		if i >= 2 && par[i-2] == '.' && ((i+2 < len(par) && par[i+2] == '.') || (i >= 4 && par[i-4] == '.')) {
			continue // ". . ." is an ellipsis
		}
		if text := strings.TrimSpace(par[start:i]); hasWords(text) {
			out = append(out, block{text: text, open: !endsTerminal(text)})
		}
		start = i + 1
	}
	if text := strings.TrimSpace(par[start:]); hasWords(text) {
		out = append(out, block{text: text})
	}
	return out
}

// block cleans one block and keeps its sentences.
func (c *cleaner) block(text string, open bool) {
	text = fixDebris(text)
	if !hasWords(text) || isBoilerplate(text) || isByline(text) {
		return
	}
	added := false
	pieces := splitRunOns(text)
	for k, piece := range pieces {
		sents := SplitSentences(piece)
		for j, s := range sents {
			last := k == len(pieces)-1 && j == len(sents)-1
			// A block of one short line without a full stop is a heading.
			if last && len(pieces) == 1 && len(sents) == 1 && !endsTerminal(s) && !wordCountOver(s, 7) {
				continue
			}
			if c.sentence(s, last && open) {
				added = true
			}
		}
	}
	if added {
		c.para++
	}
}

// sentence cleans one sentence and keeps it unless it is furniture, a
// caption, a heading or a repeat; it reports whether it was kept.
func (c *cleaner) sentence(s string, unterminated bool) bool {
	s = stripDateline(s, len(c.sentences) == 0)
	if loc := videoPrompt.FindStringIndex(s); loc != nil {
		s = s[loc[1]:]
	}
	if !hasWords(s) || isFurniture(s) {
		return false
	}
	var buf [64]Token
	toks := Tokenize(s, buf[:0])
	if isFigureBox(s, toks) {
		return false
	}
	if unterminated && isHeading(toks) {
		return false
	}
	if unterminated || captionLeadIn(s) > 0 {
		c.captions = append(c.captions, caption{s, len(c.sentences)})
		return false
	}
	cut := cutNotes(s)
	if mentionsPhoto(cut) {
		c.captions = append(c.captions, caption{s, len(c.sentences)})
		return false
	}
	if cut != s {
		s = cut
		toks = Tokenize(s, buf[:0])
	}
	if !hasWords(s) {
		return false
	}
	return c.keep(terminate(s), toks, c.para)
}

// keep adds a sentence unless it repeats one already kept: word for word,
// or nearly (a scraper's second copy, a caption that restates the text).
func (c *cleaner) keep(s string, toks []Token, para int) bool {
	// FNV-1a over the words, to find word-for-word repeats.
	h := uint64(14695981039346656037)
	for _, t := range toks {
		for i := 0; i < len(t.Lower); i++ {
			h = (h ^ uint64(t.Lower[i])) * 1099511628211
		}
		h = (h ^ ' ') * 1099511628211
	}
	if c.exact[h] {
		return false
	}
	words := make([]string, len(toks))
	terms := make([]string, 0, len(toks))
	set := make([]int32, 0, len(toks))
	for k, t := range toks {
		words[k] = t.Lower
		if IsStopWord(t.Lower) {
			continue
		}
		id := c.termID(t.Lower)
		terms = append(terms, c.stemOf[id])
		if !slices.Contains(set, id) {
			set = append(set, id)
		}
	}
	if c.repeats(set) {
		return false
	}
	for _, t := range toks {
		if t.Cap && !t.First && !IsStopWord(t.Lower) {
			c.proper[t.Lower] = true
		}
	}
	c.exact[h] = true
	c.words = append(c.words, words)
	c.terms = append(c.terms, terms)
	n := int32(len(c.sentences))
	for _, id := range set {
		c.postings[id] = append(c.postings[id], n)
	}
	c.sets = append(c.sets, set)
	c.sentences = append(c.sentences, s)
	c.paras = append(c.paras, para)
	return true
}

// repeats reports whether a sentence says again what a sentence already
// kept says: nearly all its content words are in that one (a scraper's
// second copy, a caption that restates the text). A sentence kept earlier
// whose words are nearly all in this longer one (a caption before the
// paragraph it illustrates) is dropped in its favour.
func (c *cleaner) repeats(set []int32) bool {
	if len(set) < 6 {
		return false
	}
	var counts map[int32]int
	for _, w := range set {
		ids := c.postings[w]
		if len(ids) > 64 {
			continue // too common a word to find a repeat by
		}
		for _, id := range ids {
			if counts == nil {
				counts = make(map[int32]int)
			}
			counts[id]++
		}
	}
	for id, n := range counts {
		if c.dropped[id] {
			continue
		}
		if float64(n) >= 0.85*float64(len(set)) {
			return true
		}
		if o := c.sets[id]; len(o) >= 6 && float64(n) >= 0.85*float64(len(o)) && !IsCaption(c.paras[id]) {
			c.dropped[id] = true
		}
	}
	return false
}

// compact removes the sentences dropped in favour of later ones.
func (c *cleaner) compact() {
	if len(c.dropped) == 0 {
		return
	}
	k := 0
	for i := range c.sentences {
		if c.dropped[int32(i)] {
			continue
		}
		c.sentences[k], c.paras[k] = c.sentences[i], c.paras[i]
		c.words[k], c.terms[k] = c.words[i], c.terms[i]
		k++
	}
	c.sentences, c.paras = c.sentences[:k], c.paras[:k]
	c.words, c.terms = c.words[:k], c.terms[:k]
}

// keepCaptionFacts adds, after the story, the captions that hold a fact
// the story does not already tell, without their lead-ins and notes.
func (c *cleaner) keepCaptionFacts() {
	if len(c.sentences) == 0 || len(c.captions) == 0 {
		return
	}
	var buf [64]Token
	for _, cp := range c.captions {
		s := cp.text
		s = s[captionLeadIn(s):]
		if loc := videoPrompt.FindStringIndex(s); loc != nil {
			s = s[loc[1]:]
		}
		s = cutNotes(s)
		if mentionsPhoto(s) || isFurniture(s) {
			continue
		}
		toks := Tokenize(s, buf[:0])
		if len(toks) < 6 || isFigureBox(s, toks) || !startsUpper(s) {
			continue
		}
		content, fresh := 0, 0
		for _, t := range toks {
			if IsStopWord(t.Lower) {
				continue
			}
			content++
			if id := c.termID(t.Lower); len(c.postings[id]) == 0 {
				fresh++
			}
		}
		// Keep it when at least a third of its content words are new.
		if content == 0 || 3*fresh < content {
			continue
		}
		c.keep(terminate(s), toks, captionParaAt(cp.pos))
	}
}

// mentionsPhoto reports whether a sentence still speaks of a picture once
// its notes are cut ("Soldiers pictured during the campaign", "Mr Budkov
// is pictured here"): a caption.
func mentionsPhoto(s string) bool {
	return containsFold(s, "pictured")
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(strings.TrimLeftFunc(s, isOpener))
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}

// terminate ends a sentence that lost its full stop with one.
func terminate(s string) string {
	if endsTerminal(s) {
		return s
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	if unicode.IsLetter(r) || unicode.IsDigit(r) || r == ')' || r == '%' {
		return s + "."
	}
	return s
}

// splitRunOns cuts a block where a scraper joined two sentences without a
// full stop: after a photo note followed by a capitalised word ("... a
// terror attack (file photo) Greater Manchester Police said ..."), and
// between a lower-case word and a word that only opens sentences, followed
// by a lower-case word ("... near her home She said ...").
func splitRunOns(text string) []string {
	var cuts []int
	for _, n := range findNotes(text) {
		rest := strings.TrimLeft(text[n.end:], " ")
		if rest == "" || n.end == len(text) || text[n.end] != ' ' {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(rest); unicode.IsUpper(r) || (isOpener(r) && r != '(') {
			cuts = append(cuts, len(text)-len(rest))
		}
	}
	// "... minor injuries He is expected ...": a space, a starter, a
	// space, between lower-case words.
	for i := 1; i < len(text); i++ {
		if text[i-1] != ' ' || text[i] < 'A' || text[i] > 'Z' {
			continue
		}
		j := strings.IndexByte(text[i:], ' ')
		if j < 0 {
			break
		}
		if !runOnStarters[text[i:i+j]] || i < 2 || i+j+1 >= len(text) {
			continue
		}
		prev, next := text[i-2], text[i+j+1]
		if prev >= 'a' && prev <= 'z' && next >= 'a' && next <= 'z' {
			cuts = append(cuts, i)
		}
	}
	if len(cuts) == 0 {
		return []string{text}
	}
	slices.Sort(cuts)
	var out []string
	last := 0
	for _, k := range cuts {
		if k <= last {
			continue
		}
		if piece := strings.TrimSpace(text[last:k]); piece != "" {
			out = append(out, piece)
		}
		last = k
	}
	if piece := strings.TrimSpace(text[last:]); piece != "" {
		out = append(out, piece)
	}
	return out
}

// runOnStarters open sentences and are not capitalised inside one, unless
// a title follows ("The Hague", "It Follows"), which the next word being
// lower case rules out.
var runOnStarters = map[string]bool{
	"He": true, "She": true, "They": true, "We": true, "It": true, "His": true, "Her": true,
	"Their": true, "Its": true, "However": true, "But": true, "The": true, "This": true,
	"These": true, "Those": true, "There": true, "Meanwhile": true,
}

// paragraphs splits on blank lines.
func paragraphs(body string) []string {
	var out []string
	var cur []string
	for _, line := range strings.Split(body, "\n") {
		if strings.TrimSpace(line) == "" {
			if len(cur) > 0 {
				out = append(out, strings.Join(cur, "\n"))
				cur = cur[:0]
			}
			continue
		}
		cur = append(cur, line)
	}
	if len(cur) > 0 {
		out = append(out, strings.Join(cur, "\n"))
	}
	return out
}

// normalizeSpace turns no-break and zero-width characters into plain
// spaces (or nothing) and collapses runs of spaces within lines.
func normalizeSpace(s string) string {
	plain := true
	for i := 0; i < len(s) && plain; i++ {
		c := s[i]
		switch {
		case c == ' ':
			plain = i > 0 && i < len(s)-1 && s[i+1] != ' ' && s[i+1] != '\n'
		case c < ' ':
			plain = c == '\n'
		case c == 0xC2 && i+1 < len(s):
			plain = s[i+1] != 0xA0 && s[i+1] != 0xAD && s[i+1] != 0x85
		case c == 0xE2 && i+2 < len(s):
			// U+2000–U+200F, U+2028–U+202F, U+205F–U+206F: spaces,
			// zero-width and direction marks (not ’ “ ” —).
			b1, b2 := s[i+1], s[i+2]
			plain = !(b1 == 0x80 && (b2 <= 0x8F || (b2 >= 0xA8 && b2 <= 0xAF))) && !(b1 == 0x81 && b2 >= 0x9F && b2 <= 0xAF)
		case c == 0xE1 || c == 0xE3 || c == 0xEF || c == 0xD8:
			plain = false // U+1680, U+3000, U+FEFF, U+061C and their neighbours: look closer
		}
	}
	if plain {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case isInvisible(r):
			continue
		case r == '\n':
			b.WriteByte('\n')
			space = false
			continue
		case unicode.IsSpace(r):
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		case unicode.IsControl(r):
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}

// isInvisible reports whether r is a character that shows nothing or turns
// the direction of text: zero-width spaces and joiners, the word joiner,
// the byte-order mark, soft hyphens and the bidirectional embeddings,
// overrides, isolates and marks. Article text never needs them, and in a
// chat message they can disguise a link ("gnp.exe" shown reversed).
func isInvisible(r rune) bool {
	switch {
	case r == '\u00ad', r == '\ufeff', r == '\u061c':
		return true
	case r >= '\u200b' && r <= '\u200f':
		return true
	case r >= '\u202a' && r <= '\u202e':
		return true
	case r >= '\u2060' && r <= '\u2069':
		return true
	}
	return false
}

// StripInvisible removes the characters isInvisible names and turns
// runs of white space into single spaces: for titles, publishers and other
// one-line fields that come from outside.
func StripInvisible(s string) string {
	return strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if isInvisible(r) || (unicode.IsControl(r) && !unicode.IsSpace(r)) {
			return -1
		}
		return r
	}, s)), " ")
}

func hasWords(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

var boilerplate = regexp.MustCompile(`(?i)^(advertisement|advertising|sponsored( content)?|ad|story continues below|continue reading|read more|related( articles?| stories| coverage)?|more on this( story)?|click here|sign up|subscribe|share (this|on)|follow us|all rights reserved|copyright|©|\(c\)|watch( the)? video|scroll down( for video)?|recommended|most read|trending|you may also like|newsletter)\b`)

// isBoilerplate: short paragraphs of page furniture, not story.
func isBoilerplate(par string) bool {
	if wordCountOver(par, 25) {
		return false
	}
	if boilerplate.MatchString(par) {
		return true
	}
	l := strings.ToLower(par)
	return strings.Contains(l, "all rights reserved") || strings.HasPrefix(l, "this article was")
}

var byline = regexp.MustCompile(`^(?i:by|written by|reporting by|words by|reported by|edited by|additional reporting by)\s+\p{Lu}`)
var stamp = regexp.MustCompile(`(?i)^(published|updated|last updated|posted|first published)\s*(:|on\b|at\b)`)

// isByline: "By Jane Doe, Reuters", "Published: 10:14 EDT, 11 September 2023".
func isByline(par string) bool {
	if strings.Contains(par, "\n") || wordCountOver(par, 14) {
		return false
	}
	if stamp.MatchString(par) {
		return true
	}
	if !byline.MatchString(par) {
		return false
	}
	// A byline is a name, perhaps with an outlet: most of its words are
	// capitalised and it is not a sentence.
	caps, words := 0, 0
	for _, w := range strings.Fields(par)[1:] {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLetter(r) {
			words++
			if unicode.IsUpper(r) {
				caps++
			}
		}
	}
	return words > 0 && caps*3 >= words*2
}

var creditLine = regexp.MustCompile(`(?i)(^(photo|image|picture|credit|photograph|caption)s?\s*:)|getty images|\(photo by|afp via getty|ap photo/|reuters/|/ap\b|/afp\b|\bshutterstock\b`)

// mayBeCredit is a cheap test that lets most paragraphs skip creditLine.
func mayBeCredit(par string) bool {
	for i := 0; i < len(par); i++ {
		switch par[i] | 0x20 {
		case ':', '/':
			return true
		case 'g', 's':
			if i+5 <= len(par) {
				w := strings.ToLower(par[i : i+5])
				if w == "getty" || w == "shutt" {
					return true
				}
			}
		case '(':
			if i+6 <= len(par) && strings.EqualFold(par[i:i+6], "(photo") {
				return true
			}
		}
	}
	return false
}

// isCaption: a paragraph that is a photo credit, or that carries a photo
// note and does not end as a sentence does ("... since April 2019
// (pictured)").
func isCaption(par string) bool {
	if wordCountOver(par, 60) {
		return false // a story's paragraph (or a whole flattened story)
	}
	if mayBeCredit(par) && creditLine.MatchString(par) && !wordCountOver(par, 40) {
		return true
	}
	ns := findNotes(par)
	if len(ns) == 0 {
		return false
	}
	last := ns[len(ns)-1]
	return last.end == len(par) || !endsTerminal(par)
}

var (
	debrisSpacedStop  = regexp.MustCompile(`([.!?,;:])(\s+\.)+(\s|$)`)
	debrisStopComma   = regexp.MustCompile(`[.]\s+([,;:])`)
	debrisSpaceBefore = regexp.MustCompile(`(\p{L}|\d|[”"’')\]])\s+([,;:])(\s)`)
	debrisDoubleComma = regexp.MustCompile(`,(\s*,)+`)
)

// fixDebris repairs punctuation left by scrapers: "efforts. ." becomes
// "efforts.", "countries. , they say" becomes "countries, they say".
func fixDebris(s string) string {
	if !strings.Contains(s, " .") && !strings.Contains(s, " ,") && !strings.Contains(s, " ;") &&
		!strings.Contains(s, " :") && !strings.Contains(s, ",,") && !strings.Contains(s, "\n.") && !strings.Contains(s, "\n,") {
		return s
	}
	s = debrisSpacedStop.ReplaceAllString(s, "$1$3")
	s = debrisStopComma.ReplaceAllString(s, "$1")
	s = debrisSpaceBefore.ReplaceAllString(s, "$1$2$3")
	s = debrisDoubleComma.ReplaceAllString(s, ",")
	// A lone period at the end of a paragraph after a sentence already closed.
	t := strings.TrimRight(s, " ")
	for strings.HasSuffix(t, " .") {
		t = strings.TrimRight(strings.TrimSuffix(t, " ."), " ")
		if !endsTerminal(t) {
			t += "."
		}
	}
	return t
}

// dateline: "WASHINGTON (AP) — ", "LONDON, Sept 11 (Reuters) - ".
// "(CNN)The attorney ...", "(Reuters) - Shares ...".
var dateline = regexp.MustCompile(`^(\p{Lu}[\p{Lu} .,'-]{1,40}(,\s*[\p{L}.]+\s+\d{1,2})?\s*(\([\p{L} .-]{2,30}\))?\s*[—–-]{1,2}\s+|\(\p{Lu}[\p{L}.]*( \p{Lu}[\p{L}.]*){0,2}\)\s*([—–-]{1,2}\s*)?)`)

func stripDateline(s string, first bool) string {
	if !first {
		return s
	}
	if loc := dateline.FindStringIndex(s); loc != nil && loc[1] < len(s) {
		rest := s[loc[1]:]
		if r, _ := utf8.DecodeRuneInString(rest); unicode.IsUpper(r) {
			return rest
		}
	}
	return s
}

// wordSet is the set of stemmed words of a paragraph, for near-duplicate
// detection.
type wordSet map[string]struct{}

func newWordSet(s string) wordSet {
	ws := make(wordSet)
	for _, w := range Words(s) {
		ws[Stem(w)] = struct{}{}
	}
	return ws
}

// nearDuplicateOfAny: a paragraph that repeats an earlier one, perhaps
// reworded by a scraper, shares nearly all its words with it.
func (ws wordSet) nearDuplicateOfAny(seen []wordSet) bool {
	if len(ws) < 6 {
		return false
	}
	for _, o := range seen {
		if len(o) < 6 || 10*min(len(ws), len(o)) < 7*max(len(ws), len(o)) {
			continue
		}
		common := 0
		for w := range ws {
			if _, ok := o[w]; ok {
				common++
			}
		}
		small := min(len(ws), len(o))
		// Most of the shorter one is in the longer one, and the two are of
		// similar length (so a sentence quoted inside a longer paragraph
		// does not count).
		if float64(common) >= 0.85*float64(small) {
			return true
		}
	}
	return false
}

// wordCountOver reports whether s has more than limit space-separated
// words, without splitting it.
func wordCountOver(s string, limit int) bool {
	n := 0
	in := false
	for i := 0; i < len(s); i++ {
		sp := s[i] == ' ' || s[i] == '\n' || s[i] == '\t'
		if !sp && !in {
			n++
			if n > limit {
				return true
			}
		}
		in = !sp
	}
	return false
}

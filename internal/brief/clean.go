package brief

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Clean turns a scraped article body into its sentences, dropping what is
// not part of the story: photo captions and "(pictured)" notes, bylines,
// "Advertisement"-style boilerplate, repeated paragraphs and sentences, and
// punctuation debris such as ". .". paras[i] is the paragraph of sentence i.
func Clean(body string) (sentences []string, paras []int) {
	var seen []wordSet
	exact := make(map[string]bool)
	pi := 0
	for _, par := range paragraphs(body) {
		par = normalizeSpace(par)
		if par == "" || isBoilerplate(par) || isByline(par) || isCaption(par) {
			continue
		}
		par = dropCaptionNotes(par)
		par = fixDebris(par)
		if !hasWords(par) {
			continue
		}
		ws := newWordSet(par)
		if ws.nearDuplicateOfAny(seen) {
			continue
		}
		seen = append(seen, ws)
		added := false
		for _, s := range SplitSentences(par) {
			s = stripDateline(s, len(sentences) == 0)
			if !hasWords(s) {
				continue
			}
			key := strings.Join(Words(s), " ")
			if exact[key] {
				continue
			}
			exact[key] = true
			sentences = append(sentences, s)
			paras = append(paras, pi)
			added = true
		}
		if added {
			pi++
		}
	}
	return sentences, paras
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
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff' || r == '\u00ad':
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

// captionWords are the words of a photo note: "(pictured)", "(left)",
// "(pictured, second from right)", "(file photo)".
var captionWords = map[string]bool{
	"pictured": true, "picture": true, "photo": true, "photographed": true,
	"left": true, "right": true, "centre": true, "center": true, "above": true,
	"below": true, "top": true, "bottom": true, "inset": true, "second": true,
	"third": true, "from": true, "file": true, "with": true, "and": true,
	"main": true, "far": true, "front": true, "back": true, "middle": true,
	"image": true, "in": true, "the": true, "row": true, "l": true, "r": true,
}

var captionNote = regexp.MustCompile(`\s*\(([^()]{1,60})\)`)

// isCaptionNote reports whether the text of a parenthesis is a photo note:
// it mentions a picture, or it is a lone position ("(left)") right after a
// name, as in "Sergei Shoigu (left)".
func isCaptionNote(inner, before string) bool {
	ws := Words(inner)
	if len(ws) == 0 {
		return false
	}
	for _, w := range ws {
		if !captionWords[w] {
			return false
		}
		if w == "pictured" || w == "photo" || w == "picture" || w == "image" || w == "photographed" {
			return true
		}
	}
	if len(ws) != 1 {
		return false
	}
	switch ws[0] {
	case "left", "right", "centre", "center", "inset", "above", "below":
		prev := strings.TrimRightFunc(trailingWord(strings.TrimSpace(before)), func(r rune) bool { return !unicode.IsLetter(r) })
		return prev != "" && isCapitalised(prev)
	}
	return false
}

// dropCaptionNotes removes photo notes from a paragraph.
func dropCaptionNotes(par string) string {
	if strings.IndexByte(par, '(') < 0 {
		return par
	}
	ms := captionNote.FindAllStringSubmatchIndex(par, -1)
	if len(ms) == 0 {
		return par
	}
	var b strings.Builder
	last := 0
	for _, m := range ms {
		if isCaptionNote(par[m[2]:m[3]], par[:m[0]]) {
			b.WriteString(par[last:m[0]])
			last = m[1]
		}
	}
	b.WriteString(par[last:])
	return b.String()
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

// isCaption: a paragraph that carries a photo note or credit and does not
// end as a sentence does ("... since April 2019 (pictured)").
func isCaption(par string) bool {
	if mayBeCredit(par) && creditLine.MatchString(par) && len(strings.Fields(par)) <= 40 {
		return true
	}
	if strings.IndexByte(par, '(') < 0 {
		return false
	}
	last := strings.TrimSpace(par)
	m := captionNote.FindAllStringSubmatchIndex(last, -1)
	if len(m) == 0 {
		return false
	}
	lastNote := m[len(m)-1]
	if !isCaptionNote(last[lastNote[2]:lastNote[3]], last[:lastNote[0]]) {
		return false
	}
	// Ends with the note, or with no terminal punctuation at all.
	return lastNote[1] == len(last) || !endsTerminal(last)
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
var dateline = regexp.MustCompile(`^\p{Lu}[\p{Lu} .,'-]{1,40}(,\s*[\p{L}.]+\s+\d{1,2})?\s*(\([\p{L} .-]{2,30}\))?\s*[—–-]{1,2}\s+`)

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

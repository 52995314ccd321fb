package brief

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Compression shortens a key point by deleting words only: what is left is
// the article's own words in their order, so the point stays quoted. It
// drops what a chat reader skims past: leading connectives ("However,"),
// attribution frames ("Citing unnamed sources, the newspaper reported
// that ..." keeps what was reported), trailing attributions (", officials
// said"), parentheticals and, when a point is still long, appositives and
// trailing clauses.

const (
	// pointWords is the length a point is compressed towards.
	pointWords = 25
	// maxPointWords is the most words a point may have.
	maxPointWords = 45
)

var (
	leadConnective = regexp.MustCompile(`^(?:(?:However|Meanwhile|Also|Moreover|Furthermore|Additionally|Indeed|Still|Now|Yet|Instead|Separately|Elsewhere|In addition|In the meantime|At the same time|On the other hand|For now|Overall|Ultimately|Nevertheless|Nonetheless|Similarly|Likewise|Besides|Still),\s+|(?:But|And|So|Yet)\s+)`)
	// A report's frame: "Citing unnamed sources, ".
	citingFrame = regexp.MustCompile(`^(?:Citing|Quoting|Referring to)\s+[^,;:]{1,90},\s+`)
	// "According to the agency, ".
	accordingFrame = regexp.MustCompile(`^According to\s+[^,;:]{1,60},\s+`)
	// "It emerged today that ", "It was reported on Monday that ".
	itFrame = regexp.MustCompile(`^It (?:has )?(?:emerged|was (?:claimed|reported|revealed|announced|understood|confirmed|alleged|thought|believed|said)|is (?:understood|thought|believed|claimed|alleged|reported))(?:\s+(?:today|yesterday|tonight|last night|this week|last week|on \p{Lu}\p{Ll}+))?\s+that\s+`)
	// "The newspaper reported that ", "Police said on Monday that ": a
	// subject of up to eight words without a comma, a verb of saying or
	// knowing, a time, and "that".
	subjectFrame = regexp.MustCompile(`^(?:[^\s,;:“”"‘]+\s+){1,8}?(?:(?:has|have|had)\s+)?(?:said|says|reported|reports|announced|announces|confirmed|confirms|revealed|reveals|claimed|claims|told\s+(?:[^\s,;:]+\s+){1,3}?|added|stated|warned|believes|believed|thinks|alleged|alleges|found|estimated|estimates|learned|understands)(?:\s+(?:today|yesterday|tonight|last night|this week|last week|on \p{Lu}\p{Ll}+|in a statement|in an interview|in a report))?\s+that\s+`)
	// ", according to reports", ", officials said", ", police said on
	// Monday", ", it emerged today" before the sentence's end.
	trailingAttribution = regexp.MustCompile(`,\s+(?:according to [^,;:“”"]{1,60}|it (?:has )?emerged(?: today| yesterday)?|(?:[^\s,;:“”"]+\s+){1,8}?(?:(?:has|have|had)\s+)?(?:said|says|added|reported|reports|told [^\s,;:]+|announced|confirmed|revealed|claimed|believe|believes|say)(?:\s+(?:today|yesterday|tonight|last night|on \p{Lu}\p{Ll}+|this week|last week|in a statement))?)([.!?]?)$`)
	// ", according to reports," inside a sentence.
	innerAccording = regexp.MustCompile(`,\s+according to [^,;:“”"]{1,50},`)
	// Brackets: "(SEC)", "(£600m)", "(pictured)".
	parenthetical = regexp.MustCompile(`\s*\([^()]{1,80}\)`)
	// Paired dashes: " -- the worst in a decade -- ".
	dashAside = regexp.MustCompile(`\s+(?:--|—|–)\s+[^—–]{1,80}?\s+(?:--|—|–)\s+`)
	// An age after a name: ", 35,".
	ageAppositive = regexp.MustCompile(`,\s+(?:aged\s+)?\d{1,3},(\s)`)
)

// compressOpts say what a point must keep.
type compressOpts struct {
	keepSpeaker bool // a reaction: who said it is the point
	keepFrame   bool // keep an opening frame ("Police said that ...") but drop trailing attributions
}

// compress shortens sentence s (see the package comment above) and
// returns the result; it only ever deletes words.
func compress(s string, o compressOpts) string {
	orig := s
	s = leadConnective.ReplaceAllString(s, "")
	if !o.keepSpeaker && !o.keepFrame {
		switch {
		case strings.HasPrefix(s, "Citing ") || strings.HasPrefix(s, "Quoting ") || strings.HasPrefix(s, "Referring "):
			s = cutFrame(s, citingFrame)
		case strings.HasPrefix(s, "According "):
			s = cutFrame(s, accordingFrame)
		case strings.HasPrefix(s, "It "):
			s = cutFrame(s, itFrame)
		}
		if strings.Contains(s[:min(len(s), 160)], " that ") {
			s = cutFrame(s, subjectFrame)
		}
	}
	if !o.keepSpeaker && mayAttribute(s) {
		if m := trailingAttribution.FindStringSubmatchIndex(s); m != nil && words(s[:m[0]]) >= 6 && !openQuote(s[:m[0]]) &&
			!clauseOpener(leadingWord(strings.TrimLeft(s[m[0]+1:], " "))) {
			s = s[:m[0]] + s[m[2]:m[3]]
		}
		s = innerAccording.ReplaceAllString(s, ",")
	}
	if strings.IndexByte(s, '(') >= 0 {
		s = cutAll(s, parenthetical, " ")
	}
	if strings.Contains(s, "--") || strings.Contains(s, "—") || strings.Contains(s, "–") {
		s = cutAll(s, dashAside, " ")
	}
	if strings.Contains(s, ", ") {
		s = ageAppositive.ReplaceAllString(s, "$1")
	}
	if words(s) > pointWords {
		s = cutAppositives(s)
	}
	if words(s) > maxPointWords {
		s = cutTrailingClause(s, maxPointWords)
	}
	s = mendPunctuation(s)
	s = capitalizeFirst(s)
	if s == "" || words(s) < 4 {
		return orig
	}
	if !endsTerminal(s) && endsTerminal(orig) {
		s = terminate(s)
	}
	return s
}

// mayAttribute is a cheap test that lets most sentences skip the
// attribution patterns: they name a verb of saying near the end, or
// "according to".
func mayAttribute(s string) bool {
	tail := s[max(0, len(s)-90):]
	for _, v := range []string{"said", "says", "say", "added", "report", "told", "announced", "confirmed", "revealed", "claimed", "believe", "emerged"} {
		if strings.Contains(tail, v) {
			return true
		}
	}
	return strings.Contains(s, "according to")
}

// clauseOpener: a word that opens a clause of its own after a comma (", and
// the Kremlin confirmed"), not the subject of an attribution.
func clauseOpener(w string) bool {
	switch strings.ToLower(w) {
	case "and", "but", "or", "nor", "so", "yet", "while", "which", "who", "that", "as", "when", "where", "because", "if", "though", "although", "after", "before", "since", "until", "then":
		return true
	}
	return false
}

// cutFrame removes a frame that opens s when what follows is a clause of
// its own.
func cutFrame(s string, re *regexp.Regexp) string {
	loc := re.FindStringIndex(s)
	if loc == nil {
		return s
	}
	rest := s[loc[1]:]
	if words(rest) < 6 || openQuote(s[:loc[1]]) {
		return s
	}
	// "reported that X and that Y": the second "that" leaned on the frame.
	if i := strings.Index(rest, " and that "); i > 0 {
		rest = rest[:i] + " and " + rest[i+len(" and that "):]
	}
	return rest
}

// cutAll removes the matches of re that leave a sentence of at least six
// words.
func cutAll(s string, re *regexp.Regexp, repl string) string {
	ms := re.FindAllStringIndex(s, -1)
	if len(ms) == 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range ms {
		b.WriteString(s[last:m[0]])
		b.WriteString(repl)
		last = m[1]
	}
	b.WriteString(s[last:])
	if out := b.String(); words(out) >= 6 {
		return out
	}
	return s
}

// appositiveStart are the words that open an appositive after a name: ",
// a spokesman for the council,", ", the party's leader,", ", who ...,".
var appositiveStart = wordSet(setOf(`a an the his her their its whose who which now then formerly
	former currently also both each`))

// cutAppositives removes phrases set off by commas after a name that open
// with a determiner or a relative pronoun and close with a comma before
// the sentence goes on.
func cutAppositives(s string) string {
	for from := 0; ; {
		i := strings.Index(s[from:], ", ")
		if i < 0 {
			return s
		}
		i += from
		before := trailingWord(strings.TrimSpace(s[:i]))
		w := strings.ToLower(leadingWord(s[i+2:]))
		j := strings.Index(s[i+2:], ", ")
		if before == "" || !isCapitalised(strings.TrimLeftFunc(before, isOpener)) || !appositiveStart.has(w) || j < 0 || words(s[i+2:i+2+j]) > 14 ||
			strings.ContainsAny(s[i+2:i+2+j], "“”\"") {
			from = i + 2
			continue
		}
		s = s[:i] + " " + s[i+2+j+2:]
		from = i
	}
}

// clauseBreaks open the clauses a long sentence can end without.
var clauseBreaks = []string{", which ", ", while ", ", as ", " - ", " – ", " — ", ", after ", "; ", ", but ", ", and ", ", with ", ", where ", ", who ", ", including ", ", amid ", ", despite ", ", before ", ", because "}

// cutTrailingClause ends s at the latest clause break that leaves at most
// limit words (and at least eight).
func cutTrailingClause(s string, limit int) string {
	best := -1
	for _, sep := range clauseBreaks {
		for from := 0; ; {
			i := strings.Index(s[from:], sep)
			if i < 0 {
				break
			}
			i += from
			if n := words(s[:i]); n >= 8 && n <= limit && i > best && !openQuote(s[:i]) {
				best = i
			}
			from = i + len(sep)
		}
	}
	if best < 0 {
		return s
	}
	return strings.TrimRight(s[:best], " ,;:-–—") + "."
}

// words counts the space-separated words of s.
func words(s string) int { return len(strings.Fields(s)) }

// openQuote reports whether s leaves a quotation open: cutting there would
// split someone's words.
func openQuote(s string) bool {
	open := 0
	for _, r := range s {
		switch r {
		case '“':
			open++
		case '”':
			open--
		case '"':
			if open > 0 {
				open--
			} else {
				open++
			}
		}
	}
	return open > 0
}

func capitalizeFirst(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return !isOpener(r) })
	if i < 0 {
		return s
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	if !unicode.IsLower(r) {
		return s
	}
	return s[:i] + string(unicode.ToUpper(r)) + s[i+size:]
}

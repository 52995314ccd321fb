package brief

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// abbreviations are tokens (lower-case, without their final period) that
// end with a period without ending a sentence when a capitalised word
// follows: titles, ranks, months, corporate suffixes and Latin shorthand.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "gen": true,
	"sen": true, "rep": true, "gov": true, "lt": true, "col": true, "capt": true,
	"cpt": true, "sgt": true, "cmdr": true, "adm": true, "maj": true, "brig": true,
	"st": true, "jr": true, "sr": true, "rev": true, "hon": true, "pres": true,
	"supt": true, "insp": true, "det": true, "fr": true, "sir": false,
	"inc": true, "ltd": true, "co": true, "corp": true, "plc": true, "bros": true,
	"vs": true, "v": true, "etc": true, "approx": true, "no": true, "nos": true,
	"fig": true, "vol": true, "est": true, "dept": true, "univ": true, "ave": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"mon": true, "tue": true, "tues": true, "wed": true, "thu": true, "thur": true,
	"thurs": true, "fri": true, "sat": true, "sun": true, "mt": true, "ft": true,
	"e.g": true, "i.e": true, "cf": true, "al": true, "op": true,
}

// honorifics never end a sentence: a name always follows them.
var honorifics = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "gen": true,
	"sen": true, "rep": true, "gov": true, "lt": true, "col": true, "capt": true,
	"sgt": true, "st": true, "rev": true, "hon": true, "pres": true, "adm": true,
	"maj": true, "brig": true, "cmdr": true, "supt": true, "insp": true, "det": true,
}

// sentenceStarters are capitalised function words that commonly open a
// sentence; after an ambiguous period (U.S., a.m., Inc.) they are taken as
// evidence that a new sentence begins.
var sentenceStarters = map[string]bool{
	"the": true, "a": true, "an": true, "it": true, "its": true, "he": true,
	"she": true, "they": true, "we": true, "i": true, "but": true, "and": true,
	"in": true, "on": true, "at": true, "this": true, "that": true, "these": true,
	"those": true, "there": true, "his": true, "her": true, "their": true,
	"our": true, "however": true, "meanwhile": true,
	"if": true, "when": true, "while": true, "after": true, "before": true,
	"as": true, "for": true, "some": true, "many": true, "most": true,
	"both": true, "so": true, "yet": true, "still": true, "what": true,
	"who": true, "why": true, "how": true, "you": true, "one": true,
}

// SplitSentences splits one paragraph of news English into sentences. It
// keeps abbreviations (U.S., Mr., Gen., Feb., a.m.), initials, decimals,
// money, ellipses followed by lower case and closing quotes with the
// sentence they belong to. Newlines inside the paragraph end a sentence
// only when the line ends with terminal punctuation.
func SplitSentences(par string) []string {
	var out []string
	lines := strings.Split(par, "\n")
	var buf strings.Builder
	for i, line := range lines {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if buf.Len() > 0 {
			buf.WriteByte(' ')
		}
		buf.WriteString(line)
		if i == len(lines)-1 || endsTerminal(line) {
			out = appendSplit(out, buf.String())
			buf.Reset()
		}
	}
	if buf.Len() > 0 {
		out = appendSplit(out, buf.String())
	}
	return out
}

func appendSplit(out []string, text string) []string {
	start := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isTerminal(r) {
			i += size
			continue
		}
		// Extend over a run of terminal punctuation ("?!", "...").
		end := i + size
		for end < len(text) {
			r2, s2 := utf8.DecodeRuneInString(text[end:])
			if !isTerminal(r2) {
				break
			}
			end += s2
		}
		// Closing quotes and brackets belong to this sentence.
		for end < len(text) {
			r2, s2 := utf8.DecodeRuneInString(text[end:])
			if !isCloser(r2) {
				break
			}
			end += s2
		}
		if end >= len(text) {
			break
		}
		r2, _ := utf8.DecodeRuneInString(text[end:])
		if !unicode.IsSpace(r2) {
			i = end
			continue
		}
		next := strings.TrimLeftFunc(text[end:], unicode.IsSpace)
		if isBoundary(text[start:i], r, text[i:end], next) {
			s := strings.TrimSpace(text[start:end])
			if s != "" {
				out = append(out, s)
			}
			start = len(text) - len(next)
			i = start
			continue
		}
		i = end
	}
	if s := strings.TrimSpace(text[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

// isBoundary decides whether the terminal punctuation punct, which ends
// before (text since the sentence start) and is followed by next, ends a
// sentence.
func isBoundary(before string, term rune, punct, next string) bool {
	if next == "" {
		return true
	}
	first, _ := utf8.DecodeRuneInString(next)
	nextWord := leadingWord(next)
	upperNext := unicode.IsUpper(first) || unicode.IsDigit(first) || isOpener(first)
	if !upperNext {
		// "... said the man." is rare; lower case after a period is an
		// abbreviation, debris or an ellipsis inside a sentence.
		return false
	}
	if term != '.' || punct != "." {
		// "?", "!", an ellipsis, or a period inside closing quotes.
		return true
	}
	word := trailingWord(before)
	lw := strings.ToLower(word)
	if lw == "" {
		return true
	}
	if honorifics[lw] {
		return false
	}
	// A single letter: an initial ("J. K. Rowling"), unless a sentence
	// plainly starts after it.
	if utf8.RuneCountInString(word) == 1 && unicode.IsUpper([]rune(word)[0]) {
		return sentenceStarters[strings.ToLower(nextWord)] && len(before) > 3 && !precededByInitial(before)
	}
	// Dotted acronyms (U.S., U.N., a.m., p.m.) and known abbreviations:
	// a boundary only when a typical sentence opener follows.
	if strings.Contains(word, ".") || abbreviations[lw] {
		if unicode.IsDigit(first) {
			return false
		}
		return sentenceStarters[strings.ToLower(nextWord)]
	}
	return true
}

func precededByInitial(before string) bool {
	b := strings.TrimSpace(before)
	b = strings.TrimSuffix(b, trailingWord(b))
	b = strings.TrimSpace(b)
	if !strings.HasSuffix(b, ".") {
		return false
	}
	w := trailingWord(strings.TrimSuffix(b, "."))
	return utf8.RuneCountInString(w) == 1
}

// trailingWord returns the last whitespace-delimited word of s without
// surrounding brackets and quotes; internal periods are kept (U.S).
func trailingWord(s string) string {
	j := strings.LastIndexFunc(s, unicode.IsSpace)
	w := s[j+1:]
	return strings.TrimLeftFunc(w, func(r rune) bool { return isOpener(r) || r == '(' })
}

func leadingWord(s string) string {
	s = strings.TrimLeftFunc(s, isOpener)
	end := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' })
	if end < 0 {
		return s
	}
	return s[:end]
}

func endsTerminal(line string) bool {
	line = strings.TrimRightFunc(line, isCloser)
	r, _ := utf8.DecodeLastRuneInString(line)
	return isTerminal(r)
}

func isTerminal(r rune) bool { return r == '.' || r == '?' || r == '!' || r == '…' }

func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', ')', ']', '»':
		return true
	}
	return false
}

func isOpener(r rune) bool {
	switch r {
	case '"', '\'', '“', '‘', '(', '[', '«':
		return true
	}
	return false
}

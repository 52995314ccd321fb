package answer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"brief/internal/brief"
)

// A token is one word of a sentence as brief.Words sees it (a run of
// letters and digits), with what the answerer needs to know about its
// spelling in the text.
type token struct {
	lower string // lower-case form
	cap   bool   // starts with an upper-case letter
	digit bool   // contains a digit
	first bool   // first word of the sentence
	brk   bool   // a clause break (, ; : brackets, dashes) comes before it
}

// tokenize splits s into tokens, in order. It agrees with brief.Words on
// where words begin and end.
func tokenize(s string, out []token) []token {
	start := -1
	ascii := true
	hasDigit := false
	brk := false
	flush := func(end int) {
		w := s[start:end]
		r, _ := utf8.DecodeRuneInString(w)
		lw := w
		if ascii {
			lw = strings.ToLower(w)
		} else {
			lw = strings.ToLower(w)
		}
		out = append(out, token{lower: lw, cap: unicode.IsUpper(r), digit: hasDigit, first: len(out) == 0, brk: brk})
		start, ascii, hasDigit, brk = -1, true, false, false
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			isLetter := ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
			isDigit := '0' <= c && c <= '9'
			if isLetter || isDigit {
				if start < 0 {
					start = i
				}
				hasDigit = hasDigit || isDigit
			} else {
				if start >= 0 {
					flush(i)
				}
				switch c {
				case ',', ';', ':', '(', ')', '[', ']':
					brk = true
				}
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
			ascii = false
			hasDigit = hasDigit || unicode.IsDigit(r)
		} else {
			if start >= 0 {
				flush(i)
			}
			if r == '–' || r == '—' {
				brk = true
			}
		}
		i += size
	}
	if start >= 0 {
		flush(len(s))
	}
	return out
}

// A stemmer stems words through a cache: the same few thousand words come
// back in every article.
type stemmer map[string]string

func (c stemmer) stem(w string) string {
	if b, ok := irregular[w]; ok {
		w = b
	}
	if len(w) <= 3 {
		return w
	}
	if s, ok := c[w]; ok {
		return s
	}
	s := brief.Stem(w)
	if len(c) < maxStemCache {
		c[strings.Clone(w)] = s
	}
	return s
}

// maxStemCache bounds the stem cache; words past it are stemmed each time.
const maxStemCache = 1 << 18

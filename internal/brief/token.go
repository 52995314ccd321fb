package brief

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A Token is one word of a text: a run of letters and digits, as ROUGE
// sees words. Everything else separates words ("Kim's" gives "Kim" and
// "s"). It is the one tokenizer of the project: cleaning, sentence
// statistics, compression, labels and the answer index all read text
// through it.
type Token struct {
	Start, End int    // byte offsets of the word in the text
	Lower      string // lower-case form
	Cap        bool   // starts with an upper-case letter
	Digit      bool   // contains a digit
	First      bool   // first word of the text
	Break      bool   // a clause break (, ; : brackets, dashes) comes before it
}

// Tokenize appends the words of s to out, in order, and returns it.
func Tokenize(s string, out []Token) []Token {
	start := -1
	ascii, upper, digit, brk := true, false, false, false
	first := true
	flush := func(end int) {
		w := s[start:end]
		lw := w
		if upper || !ascii {
			lw = strings.ToLower(w)
		}
		r, _ := utf8.DecodeRuneInString(w)
		out = append(out, Token{Start: start, End: end, Lower: lw, Cap: unicode.IsUpper(r), Digit: digit, First: first, Break: brk})
		start, ascii, upper, digit, brk, first = -1, true, false, false, false, false
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			lower := 'a' <= c && c <= 'z'
			up := 'A' <= c && c <= 'Z'
			dig := '0' <= c && c <= '9'
			if lower || up || dig {
				if start < 0 {
					start = i
				}
				upper = upper || up
				digit = digit || dig
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
			digit = digit || unicode.IsDigit(r)
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

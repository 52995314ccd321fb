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
	brk, first := false, true
	for i := 0; i < len(s); {
		// Skip to the next word, noting clause breaks on the way.
		c := s[i]
		if c < utf8.RuneSelf {
			if !isWordByte(c) {
				switch c {
				case ',', ';', ':', '(', ')', '[', ']':
					brk = true
				}
				i++
				continue
			}
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				if r == '–' || r == '—' {
					brk = true
				}
				i += size
				continue
			}
		}
		// A word: read to its end.
		start := i
		ascii, upper, digit := true, false, false
		for i < len(s) {
			c := s[i]
			if c < utf8.RuneSelf {
				if !isWordByte(c) {
					break
				}
				upper = upper || ('A' <= c && c <= 'Z')
				digit = digit || ('0' <= c && c <= '9')
				i++
				continue
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				break
			}
			ascii = false
			digit = digit || unicode.IsDigit(r)
			i += size
		}
		w := s[start:i]
		lw := w
		if upper || !ascii {
			lw = strings.ToLower(w)
		}
		cp := 'A' <= w[0] && w[0] <= 'Z'
		if !ascii && w[0] >= utf8.RuneSelf {
			r, _ := utf8.DecodeRuneInString(w)
			cp = unicode.IsUpper(r)
		}
		out = append(out, Token{Start: start, End: i, Lower: lw, Cap: cp, Digit: digit, First: first, Break: brk})
		brk, first = false, false
	}
	return out
}

func isWordByte(c byte) bool {
	return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}

// Package porter implements the Porter stemmer exactly as NLTK 3.8's
// PorterStemmer() computes it in its default NLTK_EXTENSIONS mode, which
// is the stemmer google-research rouge-score uses.
//
// NLTK's mode departs from the published algorithm in a few places: a
// small table of irregular forms bypasses stemming, words of one or two
// characters are returned unchanged, -ies/-ied on four-letter words keep
// their e ("dies" -> "die"), step 1c turns y into i only after a consonant
// that is not the first letter, step 2 gains -alli (applied recursively),
// -fulli and -logi rules and uses -bli rather than -abli, and the *o test
// also accepts a two-letter vowel-consonant stem.
package porter

import "unicode/utf8"

// stackWord is the longest word stemmed without a heap buffer.
const stackWord = 64

// Stem returns the NLTK Porter stem of word. The word is expected to be
// lower case already; Stem never changes case. It accepts any string,
// including the empty string and non-ASCII text: valid UTF-8 is treated
// as characters (as Python does), anything else as bytes.
//
// When the stem is the word itself or a prefix of it, Stem returns a
// substring of word and does not allocate.
func Stem(word string) string {
	if s, ok := irregular(word); ok {
		return s
	}
	for i := 0; i < len(word); i++ {
		if word[i] >= utf8.RuneSelf && utf8.ValidString(word) {
			return stemRunes(word)
		}
	}
	if len(word) <= 2 {
		return word
	}
	var buf [stackWord]byte
	b := buf[:0]
	if len(word) > len(buf) {
		b = make([]byte, 0, len(word))
	}
	b = stem(append(b, word...))
	// Most stems are a prefix of the word: share its memory.
	if len(b) <= len(word) && string(b) == word[:len(b)] {
		return word[:len(b)]
	}
	return string(b)
}

// stemRunes stems a valid UTF-8 word that is not pure ASCII, counting
// characters rather than bytes as NLTK does.
func stemRunes(word string) string {
	r := []rune(word)
	if len(r) <= 2 {
		return word
	}
	s := string(stem(r))
	if len(s) <= len(word) && s == word[:len(s)] {
		return word[:len(s)]
	}
	return s
}

// irregular reports the fixed stem of the words NLTK maps directly,
// bypassing the algorithm.
func irregular(word string) (string, bool) {
	switch word {
	case "sky", "skies":
		return "sky", true
	case "dying":
		return "die", true
	case "lying":
		return "lie", true
	case "tying":
		return "tie", true
	case "news":
		return "news", true
	case "innings", "inning":
		return "inning", true
	case "outings", "outing":
		return "outing", true
	case "cannings", "canning":
		return "canning", true
	case "howe":
		return "howe", true
	case "proceed":
		return "proceed", true
	case "exceed":
		return "exceed", true
	case "succeed":
		return "succeed", true
	}
	return "", false
}

// char is a letter of the word being stemmed: a byte for ASCII (and
// invalid UTF-8) input, a rune otherwise.
type char interface{ ~byte | ~rune }

// stem runs NLTK's steps over w, editing it in place. No step lengthens
// the word, so the result fits in w's backing array.
func stem[T char](w []T) []T {
	w = step1a(w)
	w = step1b(w)
	w = step1c(w)
	w = step2(w)
	w = applyRules(w, step3Rules)
	w = applyRules(w, step4Rules)
	w = step5a(w)
	w = step5b(w)
	return w
}

func isVowel[T char](c T) bool {
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'
}

// isCons reports whether w[i] is a consonant: anything but a, e, i, o, u,
// and y only when it starts the word or follows a vowel. It is NLTK's
// recursive definition unrolled over the run of y's ending at i.
func isCons[T char](w []T, i int) bool {
	c := w[i]
	if isVowel(c) {
		return false
	}
	if c != 'y' {
		return true
	}
	j := i
	for j >= 0 && w[j] == 'y' {
		j--
	}
	// w[j+1] is the first y of the run; it is a consonant unless it
	// follows a consonant, and the run alternates from there.
	firstCons := j < 0 || isVowel(w[j])
	if (i-(j+1))%2 == 0 {
		return firstCons
	}
	return !firstCons
}

// measure is m in Porter's [C](VC){m}[V]: the number of vowel-consonant
// boundaries in w.
func measure[T char](w []T) int {
	m := 0
	prevCons := false
	for i, c := range w {
		var cons bool
		switch {
		case isVowel(c):
			cons = false
		case c == 'y':
			cons = i == 0 || !prevCons
		default:
			cons = true
		}
		if cons && i > 0 && !prevCons {
			m++
		}
		prevCons = cons
	}
	return m
}

// containsVowel is Porter's *v*.
func containsVowel[T char](w []T) bool {
	prevCons := false
	for i, c := range w {
		switch {
		case isVowel(c):
			return true
		case c == 'y':
			if i > 0 && prevCons {
				return true
			}
			prevCons = true
		default:
			prevCons = true
		}
	}
	return false
}

// endsDoubleCons is Porter's *d.
func endsDoubleCons[T char](w []T) bool {
	n := len(w)
	return n >= 2 && w[n-1] == w[n-2] && isCons(w, n-1)
}

// endsCVC is Porter's *o, with NLTK's extension to a two-letter
// vowel-consonant word.
func endsCVC[T char](w []T) bool {
	n := len(w)
	if n >= 3 && isCons(w, n-3) && !isCons(w, n-2) && isCons(w, n-1) {
		c := w[n-1]
		return c != 'w' && c != 'x' && c != 'y'
	}
	return n == 2 && !isCons(w, 0) && isCons(w, 1)
}

func hasSuffix[T char](w []T, s string) bool {
	if len(w) < len(s) {
		return false
	}
	off := len(w) - len(s)
	for i := len(s) - 1; i >= 0; i-- {
		if w[off+i] != T(s[i]) {
			return false
		}
	}
	return true
}

// replaceSuffix drops the last n letters of w and appends repl.
func replaceSuffix[T char](w []T, n int, repl string) []T {
	w = w[:len(w)-n]
	for i := 0; i < len(repl); i++ {
		w = append(w, T(repl[i]))
	}
	return w
}

// cond is the condition a rule puts on the stem left once its suffix is
// removed.
type cond uint8

const (
	always   cond = iota
	mGT0          // m > 0
	mGT1          // m > 1
	mGT1ST        // m > 1 and the stem ends in s or t (-ion)
	mGT0Logi      // m > 0 counting the l of -logi with the stem
)

type rule struct {
	suffix, repl string
	cond         cond
}

// ruleSet holds an ordered rule list bucketed by the last letter of each
// suffix, so a word is only checked against rules it could match.
type ruleSet [26][]rule

func newRuleSet(rules ...rule) *ruleSet {
	var s ruleSet
	for _, r := range rules {
		i := r.suffix[len(r.suffix)-1] - 'a'
		s[i] = append(s[i], r)
	}
	return &s
}

// applyRules applies the first rule whose suffix ends w. As in NLTK, once
// a suffix matches no later rule is tried, even if its condition fails.
func applyRules[T char](w []T, rules *ruleSet) []T {
	n := len(w)
	if n == 0 || w[n-1] < 'a' || w[n-1] > 'z' {
		return w
	}
	for _, r := range rules[w[n-1]-'a'] {
		if !hasSuffix(w, r.suffix) {
			continue
		}
		stem := w[:n-len(r.suffix)]
		var ok bool
		switch r.cond {
		case always:
			ok = true
		case mGT0:
			ok = measure(stem) > 0
		case mGT1:
			ok = measure(stem) > 1
		case mGT1ST:
			ok = measure(stem) > 1 && (stem[len(stem)-1] == 's' || stem[len(stem)-1] == 't')
		case mGT0Logi:
			ok = measure(w[:n-3]) > 0
		}
		if !ok {
			return w
		}
		return replaceSuffix(w, len(r.suffix), r.repl)
	}
	return w
}

var step1aRules = newRuleSet(
	rule{"sses", "ss", always},
	rule{"ies", "i", always},
	rule{"ss", "ss", always},
	rule{"s", "", always},
)

func step1a[T char](w []T) []T {
	// NLTK: "dies" -> "die" but "flies" -> "fli".
	if len(w) == 4 && hasSuffix(w, "ies") {
		return w[:3]
	}
	return applyRules(w, step1aRules)
}

func step1b[T char](w []T) []T {
	// NLTK: "died" -> "die" but "spied" -> "spi".
	if hasSuffix(w, "ied") {
		if len(w) == 4 {
			return w[:3]
		}
		return w[:len(w)-2]
	}
	if hasSuffix(w, "eed") {
		if measure(w[:len(w)-3]) > 0 {
			return w[:len(w)-1]
		}
		return w
	}
	switch {
	case hasSuffix(w, "ed") && containsVowel(w[:len(w)-2]):
		w = w[:len(w)-2]
	case hasSuffix(w, "ing") && containsVowel(w[:len(w)-3]):
		w = w[:len(w)-3]
	default:
		return w
	}
	switch {
	case hasSuffix(w, "at"), hasSuffix(w, "bl"), hasSuffix(w, "iz"):
		return append(w, 'e')
	case endsDoubleCons(w):
		if c := w[len(w)-1]; c == 'l' || c == 's' || c == 'z' {
			return w
		}
		return w[:len(w)-1]
	case measure(w) == 1 && endsCVC(w):
		return append(w, 'e')
	}
	return w
}

// step1c turns a final y into i after a consonant that is not the first
// letter: "happy" -> "happi", "enjoy" and "by" unchanged.
func step1c[T char](w []T) []T {
	n := len(w)
	if n > 2 && w[n-1] == 'y' && isCons(w, n-2) {
		w[n-1] = 'i'
	}
	return w
}

var step2Rules = newRuleSet(
	rule{"ational", "ate", mGT0},
	rule{"tional", "tion", mGT0},
	rule{"enci", "ence", mGT0},
	rule{"anci", "ance", mGT0},
	rule{"izer", "ize", mGT0},
	rule{"bli", "ble", mGT0},
	rule{"alli", "al", mGT0},
	rule{"entli", "ent", mGT0},
	rule{"eli", "e", mGT0},
	rule{"ousli", "ous", mGT0},
	rule{"ization", "ize", mGT0},
	rule{"ation", "ate", mGT0},
	rule{"ator", "ate", mGT0},
	rule{"alism", "al", mGT0},
	rule{"iveness", "ive", mGT0},
	rule{"fulness", "ful", mGT0},
	rule{"ousness", "ous", mGT0},
	rule{"aliti", "al", mGT0},
	rule{"iviti", "ive", mGT0},
	rule{"biliti", "ble", mGT0},
	rule{"fulli", "ful", mGT0},
	rule{"logi", "log", mGT0Logi},
)

func step2[T char](w []T) []T {
	// NLTK applies -alli -> -al first and then step 2 again, so that
	// -tionally and -ationally reduce like -tional.
	if hasSuffix(w, "alli") && measure(w[:len(w)-4]) > 0 {
		w = w[:len(w)-2]
	}
	return applyRules(w, step2Rules)
}

var step3Rules = newRuleSet(
	rule{"icate", "ic", mGT0},
	rule{"ative", "", mGT0},
	rule{"alize", "al", mGT0},
	rule{"iciti", "ic", mGT0},
	rule{"ical", "ic", mGT0},
	rule{"ful", "", mGT0},
	rule{"ness", "", mGT0},
)

var step4Rules = newRuleSet(
	rule{"al", "", mGT1},
	rule{"ance", "", mGT1},
	rule{"ence", "", mGT1},
	rule{"er", "", mGT1},
	rule{"ic", "", mGT1},
	rule{"able", "", mGT1},
	rule{"ible", "", mGT1},
	rule{"ant", "", mGT1},
	rule{"ement", "", mGT1},
	rule{"ment", "", mGT1},
	rule{"ent", "", mGT1},
	rule{"ion", "", mGT1ST},
	rule{"ou", "", mGT1},
	rule{"ism", "", mGT1},
	rule{"ate", "", mGT1},
	rule{"iti", "", mGT1},
	rule{"ous", "", mGT1},
	rule{"ive", "", mGT1},
	rule{"ize", "", mGT1},
)

// step5a removes a final e when m > 1, or when m = 1 and the stem does
// not end cvc. Unlike the other steps both conditions are tried.
func step5a[T char](w []T) []T {
	n := len(w)
	if n == 0 || w[n-1] != 'e' {
		return w
	}
	s := w[:n-1]
	if m := measure(s); m > 1 || m == 1 && !endsCVC(s) {
		return s
	}
	return w
}

// step5b turns a final ll into l when m > 1 (counting one l).
func step5b[T char](w []T) []T {
	n := len(w)
	if hasSuffix(w, "ll") && measure(w[:n-1]) > 1 {
		return w[:n-1]
	}
	return w
}

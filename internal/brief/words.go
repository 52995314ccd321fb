package brief

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"brief/internal/porter"
)

// Words returns the lower-case words of s: runs of letters and digits.
// Everything else separates words ("Kim's" gives "kim" and "s"), so the
// result matches how ROUGE sees text.
func Words(s string) []string {
	out := make([]string, 0, len(s)/6)
	return appendWords(out, s)
}

func appendWords(out []string, s string) []string {
	start := -1
	ascii := true
	flush := func(end int) {
		w := s[start:end]
		if ascii {
			out = append(out, strings.ToLower(w))
		} else {
			out = append(out, strings.ToLower(w))
		}
		start = -1
		ascii = true
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			isWord := ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
			if isWord {
				if start < 0 {
					start = i
				}
			} else if start >= 0 {
				flush(i)
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
		} else if start >= 0 {
			flush(i)
		}
		i += size
	}
	if start >= 0 {
		flush(len(s))
	}
	return out
}

// Stem reduces a lower-case word to its Porter stem, as ROUGE does: words of
// three characters or fewer are kept as they are.
func Stem(w string) string {
	if len(w) <= 3 {
		return w
	}
	return porter.Stem(w)
}

// Terms returns the stemmed content words of s: Words without stop words,
// each stemmed.
func Terms(s string) []string {
	ws := Words(s)
	out := ws[:0]
	for _, w := range ws {
		if IsStopWord(w) {
			continue
		}
		out = append(out, Stem(w))
	}
	return out
}

// IsStopWord reports whether the lower-case word w is an English function
// word that carries no topic.
func IsStopWord(w string) bool { return stopWords[w] }

var stopWords = func() map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(`a about above after again against all also am an and any are aren
	as at be because been before being below between both but by can cannot could couldn d did didn do does
	doesn doing don down during each few for from further had hadn has hasn have haven having he her here
	hers herself him himself his how i if in into is isn it its itself just ll m me more most mustn my myself
	no nor not now o of off on once only or other our ours ourselves out over own re s same shan she should
	shouldn so some such t than that the their theirs them themselves then there these they this those through
	to too under until up ve very was wasn we were weren what when where which while who whom why will with
	won would wouldn y you your yours yourself yourselves said says say mr mrs ms one may might must shall
	would also however yet still even though although whether upon via per within without among across around
	toward towards onto unto whose since`) {
		m[w] = true
	}
	return m
}()

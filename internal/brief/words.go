package brief

import (
	"strings"

	"brief/internal/porter"
)

// Words returns the lower-case words of s (see Tokenize).
func Words(s string) []string {
	return appendWords(make([]string, 0, len(s)/6), s)
}

func appendWords(out []string, s string) []string {
	var buf [64]Token
	for _, t := range Tokenize(s, buf[:0]) {
		out = append(out, t.Lower)
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

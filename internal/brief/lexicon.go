package brief

import (
	_ "embed"
	"strconv"
	"strings"
	"sync"
)

// lexicon/lexicon.txt holds how often English words are used as nouns,
// verbs, adjectives and adverbs (tagged counts from WordNet 3.0's SemCor,
// with WordNet's irregular forms); lexicon/gen.go made it. Labels use it to
// find the noun phrases of a point without a tagger.
//
//go:embed lexicon/lexicon.txt
var lexiconText string

// posCounts are a word's tagged counts as noun, verb, adjective, adverb.
type posCounts [4]int32

const (
	posNoun = iota
	posVerb
	posAdj
	posAdv
)

type lexiconData struct {
	counts    map[string]posCounts
	irregular map[string]string // "came" → "come", "mice" → "mouse"
}

var lexicon = sync.OnceValue(func() *lexiconData {
	lx := &lexiconData{counts: make(map[string]posCounts, 20000), irregular: make(map[string]string, 2200)}
	for _, line := range strings.Split(lexiconText, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		fs := strings.Fields(line)
		if len(fs) == 2 && strings.HasPrefix(fs[1], ">") {
			lx.irregular[fs[0]] = fs[1][1:]
			continue
		}
		if len(fs) != 5 {
			continue
		}
		var c posCounts
		for k := range c {
			n, _ := strconv.Atoi(fs[k+1])
			c[k] = int32(n)
		}
		lx.counts[fs[0]] = c
	}
	return lx
})

// suffix rules turn an inflected form into its lemma, by part of speech
// (WordNet's morphy).
var morphRules = [...]struct {
	suffix, repl string
	pos          int
}{
	{"ies", "y", posNoun}, {"ses", "s", posNoun}, {"xes", "x", posNoun}, {"zes", "z", posNoun},
	{"ches", "ch", posNoun}, {"shes", "sh", posNoun}, {"men", "man", posNoun}, {"s", "", posNoun},
	{"ies", "y", posVerb}, {"es", "e", posVerb}, {"es", "", posVerb}, {"s", "", posVerb},
	{"ed", "e", posVerb}, {"ed", "", posVerb}, {"ing", "e", posVerb}, {"ing", "", posVerb},
	{"er", "", posAdj}, {"est", "", posAdj}, {"er", "e", posAdj}, {"est", "e", posAdj},
}

// partsOfSpeech returns the counts of a lower-case word: its own, or its
// lemma's for the parts of speech the inflection allows. A word the
// lexicon lacks has none.
func partsOfSpeech(w string) posCounts {
	lx := lexicon()
	c, ok := lx.counts[w]
	if base, irr := lx.irregular[w]; irr {
		b := lx.counts[base]
		for k := range c {
			c[k] += b[k]
		}
		ok = true
	}
	inflected := strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "s")
	if ok && c != (posCounts{}) && !inflected {
		return c
	}
	for _, r := range morphRules {
		if len(w) > len(r.suffix)+1 && strings.HasSuffix(w, r.suffix) {
			if b, ok := lx.counts[w[:len(w)-len(r.suffix)]+r.repl]; ok && b[r.pos] > 0 {
				c[r.pos] += b[r.pos]
			}
		}
	}
	// A doubled consonant before -ed, -ing: "planned", "stopping".
	for _, suf := range []string{"ed", "ing"} {
		if n := len(w) - len(suf); n > 3 && strings.HasSuffix(w, suf) && w[n-1] == w[n-2] {
			if b, ok := lx.counts[w[:n-1]]; ok {
				c[posVerb] += b[posVerb]
			}
		}
	}
	return c
}

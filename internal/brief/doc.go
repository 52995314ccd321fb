package brief

import (
	"math"
	"strings"
)

// doc holds the per-sentence statistics the briefing and answering methods
// share: each sentence's words and stemmed content terms, and tf-idf
// vectors where a term's weight reflects how few sentences use it.
type doc struct {
	words    [][]string // lower-case words of each sentence
	terms    [][]string // stemmed content terms of each sentence
	vecs     []sparse   // tf-idf vector of each sentence, unit length
	idf      map[string]float64
	df       map[string]int
	centroid map[string]float64
}

type sparse struct {
	keys []string
	vals []float64
}

func (v sparse) dot(o map[string]float64) float64 {
	s := 0.0
	for i, k := range v.keys {
		s += v.vals[i] * o[k]
	}
	return s
}

func cosine(a, b sparse) float64 {
	if len(a.keys) == 0 || len(b.keys) == 0 {
		return 0
	}
	// Both are short; a nested loop beats building a map.
	s := 0.0
	for i, k := range a.keys {
		for j, k2 := range b.keys {
			if k == k2 {
				s += a.vals[i] * b.vals[j]
				break
			}
		}
	}
	return s
}

// articleDoc is newDoc for an article, reusing what cleaning learned of
// its sentences when it has it.
func articleDoc(a *Article) *doc {
	if p := a.prep; p != nil && len(p.words) == len(a.Sentences) && len(p.terms) == len(a.Sentences) {
		return docOf(a.Sentences, p.words, p.terms)
	}
	return newDoc(a.Sentences)
}

func newDoc(sentences []string) *doc {
	return docOf(sentences, nil, nil)
}

// docOf builds the statistics of sentences; words and terms, when given,
// are each sentence's words and stemmed content words.
func docOf(sentences []string, words, terms [][]string) *doc {
	d := &doc{
		words: make([][]string, len(sentences)),
		terms: make([][]string, len(sentences)),
		vecs:  make([]sparse, len(sentences)),
		df:    make(map[string]int),
	}
	stems := make(map[string]string)
	for i, s := range sentences {
		if words != nil {
			d.words[i], d.terms[i] = words[i], terms[i]
			for j, t := range d.terms[i] {
				if !containsBefore(d.terms[i], j, t) {
					d.df[t]++
				}
			}
			continue
		}
		ws := Words(s)
		d.words[i] = ws
		ts := make([]string, 0, len(ws))
		for _, w := range ws {
			if IsStopWord(w) {
				continue
			}
			st, ok := stems[w]
			if !ok {
				st = Stem(w)
				stems[w] = st
			}
			ts = append(ts, st)
		}
		d.terms[i] = ts
		for j, t := range ts {
			if !containsBefore(ts, j, t) {
				d.df[t]++
			}
		}
	}
	n := float64(len(sentences))
	d.idf = make(map[string]float64, len(d.df))
	for t, c := range d.df {
		d.idf[t] = math.Log(1 + n/float64(c))
	}
	d.centroid = make(map[string]float64, len(d.df))
	for i, ts := range d.terms {
		v := sparse{}
		for _, t := range ts {
			if k := indexOf(v.keys, t); k >= 0 {
				v.vals[k] += d.idf[t]
				continue
			}
			v.keys = append(v.keys, t)
			v.vals = append(v.vals, d.idf[t])
		}
		norm := 0.0
		for _, x := range v.vals {
			norm += x * x
		}
		if norm > 0 {
			norm = math.Sqrt(norm)
			for k := range v.vals {
				v.vals[k] /= norm
			}
		}
		d.vecs[i] = v
		for k, t := range v.keys {
			d.centroid[t] += v.vals[k]
		}
	}
	norm := 0.0
	for _, x := range d.centroid {
		norm += x * x
	}
	if norm > 0 {
		norm = math.Sqrt(norm)
		for t := range d.centroid {
			d.centroid[t] /= norm
		}
	}
	return d
}

func containsBefore(ts []string, j int, t string) bool {
	for _, x := range ts[:j] {
		if x == t {
			return true
		}
	}
	return false
}

func indexOf(ss []string, s string) int {
	for i, x := range ss {
		if x == s {
			return i
		}
	}
	return -1
}

func lowerFirst(s string) string {
	return strings.ToLower(s[:1]) + s[1:]
}

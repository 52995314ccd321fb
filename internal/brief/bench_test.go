package brief

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
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

// devArticles reads the articles of the development sets beside the
// repository, repeated to 2,500 files' worth: news as it arrives, in
// paragraphs (bbc100) and flattened onto one line (cnndm421, xsum249).
func devArticles(b *testing.B) []struct {
	path string
	data []byte
} {
	b.Helper()
	var files []string
	for _, set := range []string{"bbc100", "cnndm421", "xsum249"} {
		filepath.WalkDir("../../../shared/data/"+set+"/article", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".txt") {
				files = append(files, p)
			}
			return nil
		})
	}
	if len(files) == 0 {
		b.Skip("no ../shared/data beside the repository")
	}
	var out []struct {
		path string
		data []byte
	}
	for len(out) < 2500 {
		p := files[len(out)%len(files)]
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, struct {
			path string
			data []byte
		}{p, data})
	}
	return out
}

// BenchmarkBrief2500 briefs 2,500 news articles from their bytes, as `bot
// brief` does after reading each file; BenchmarkTokenize2500 only splits
// the same bytes into words. Their ratio is what a briefing costs beyond
// reading the text once.
func BenchmarkBrief2500(b *testing.B) {
	arts := devArticles(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, f := range arts {
			a, err := Parse(f.path, f.data)
			if err != nil {
				b.Fatal(err)
			}
			Brief(a)
		}
	}
}

func BenchmarkTokenize2500(b *testing.B) {
	arts := devArticles(b)
	b.ReportAllocs()
	var buf []Token
	for b.Loop() {
		for _, f := range arts {
			buf = Tokenize(string(f.data), buf[:0])
		}
	}
}

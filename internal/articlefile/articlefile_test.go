package articlefile

import (
	"slices"
	"strings"
	"testing"

	"brief/internal/brief"
)

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		path string
		data []byte
		want error
	}{
		{"empty", "a.txt", []byte(" \n\n"), brief.ErrEmpty},
		{"binary", "a.txt", []byte("PK\x03\x04\x00\x00binary"), brief.ErrBinary},
		{"not utf-8", "a.txt", []byte("Caf\xe9 owners protest.\n\nThe caf\xe9 closed."), brief.ErrEncoding},
		{"too large", "a.txt", []byte(strings.Repeat("News is here. ", brief.MaxArticleBytes/14+1)), brief.ErrTooLarge},
		{"title only", "a.txt", []byte("Just a title\n"), brief.ErrNoBody},
		{"unknown type", "a.pdf", []byte("Some text."), ErrFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.path, tt.data)
			if err != tt.want {
				t.Errorf("Parse error = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestParseFormats(t *testing.T) {
	a, err := Parse("x.md", []byte("---\ntitle: \"Rates rise: what next\"\nsource: The Ledger\nurl: https://example.com/rates\ndate: 2024-03-01\n---\n\n# Ignored heading\n\nThe central bank **raised** rates. [Markets](https://x) fell.\n"))
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Rates rise: what next" || a.Source != "The Ledger" || a.URL != "https://example.com/rates" || a.Date != "2024-03-01" {
		t.Errorf("front matter: %+v", a)
	}
	if want := []string{"The central bank raised rates.", "Markets fell."}; !slices.Equal(a.Sentences, want) {
		t.Errorf("body %q, want %q", a.Sentences, want)
	}
	if _, err := Parse("x.md", []byte("---\ntitle: [unclosed\n---\nBody text here.")); err == nil || !strings.Contains(err.Error(), "front matter") {
		t.Errorf("bad YAML: err = %v", err)
	}
	a, err = Parse("x.txt", []byte("Ad sales boost Time Warner profit\n\nQuarterly profits jumped 76%.\n"))
	if err != nil || a.Title != "Ad sales boost Time Warner profit" {
		t.Errorf("title line: %v %+v", err, a)
	}
	a, err = Parse("x.txt", []byte("The council met on Monday.\nIt approved the budget.\n"))
	if err != nil || a.Title != "" || len(a.Sentences) != 2 {
		t.Errorf("no title: %v %+v", err, a)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("a.txt", []byte(" date 2023-09-11 Pub – Tag\n\nKim left. (pictured)\n\nHe said “yes.”"))
	f.Add("a.md", []byte("---\ntitle: x\ndate: 2020-01-01\n---\n# T\n\nBody."))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		a, err := Parse(name, data)
		if err != nil {
			return
		}
		b := brief.Brief(a)
		for _, p := range b.Points {
			for _, i := range p.Sentences {
				if i < 0 || i >= len(a.Sentences) {
					t.Fatalf("point cites sentence %d of %d", i, len(a.Sentences))
				}
			}
		}
	})
}

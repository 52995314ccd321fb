package answer

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var writeBackground = flag.Bool("background", false, "rewrite background.txt from the bbc100 articles")

// TestWriteBackground rebuilds background.txt, the sentence frequencies of
// words in general news text, from ../shared/data/bbc100 (one sentence per
// line after the title line). Run: go test -run TestWriteBackground -background
func TestWriteBackground(t *testing.T) {
	if !*writeBackground {
		t.Skip("run with -background to rewrite background.txt")
	}
	files, err := filepath.Glob("../../../shared/data/bbc100/article/*/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no bbc100 articles: %v", err)
	}
	st := make(stemmer)
	df := make(map[string]int)
	n := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(data), "\n")
		for _, line := range lines[1:] {
			toks := tokenize(line, nil)
			if len(toks) == 0 {
				continue
			}
			n++
			seen := make(map[string]bool)
			for _, tk := range toks {
				if !isContent(tk.Lower) {
					continue
				}
				s := st.stem(tk.Lower)
				if !seen[s] {
					seen[s] = true
					df[s]++
				}
			}
		}
	}
	var keys []string
	for k, v := range df {
		if v >= 2 {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var b strings.Builder
	fmt.Fprintf(&b, "# Sentence frequencies of stemmed words in %d sentences of BBC news (bbc100, CC0); words in fewer than 2 left out.\n", n)
	fmt.Fprintf(&b, "sentences %d\n", n)
	for _, k := range keys {
		fmt.Fprintf(&b, "%s %d\n", k, df[k])
	}
	if err := os.WriteFile("background.txt", []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

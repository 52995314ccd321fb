//go:build ignore

// gen writes lexicon.txt, the part-of-speech counts of English words, from
// WordNet 3.0 as Debian packages it (wordnet-base 1:3.0-37):
//
//	apt-get install wordnet-base
//	go run gen.go /usr/share/wordnet > lexicon.txt
//
// Each line is "word n v a r exceptions": how many times the word was
// tagged as a noun, verb, adjective and adverb in the SemCor corpus
// (WordNet's cntlist.rev), for single-word lemmas tagged at least once.
// Irregular forms of those lemmas (noun.exc, verb.exc, adj.exc) follow as
// "form >base" lines. WordNet 3.0 license: see LICENSE.wordnet.
package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

func main() {
	dir := os.Args[1]
	counts := map[string]*[4]int{}
	f, err := os.Open(filepath.Join(dir, "cntlist.rev"))
	if err != nil {
		panic(err)
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) != 3 {
			continue
		}
		lemma, key, ok := strings.Cut(fs[0], "%")
		if !ok || !plain(lemma) {
			continue
		}
		n, _ := strconv.Atoi(fs[2])
		pos := map[byte]int{'1': 0, '2': 1, '3': 2, '5': 2, '4': 3}[key[0]]
		c := counts[lemma]
		if c == nil {
			c = new([4]int)
			counts[lemma] = c
		}
		c[pos] += n
	}
	f.Close()
	words := make([]string, 0, len(counts))
	for w, c := range counts {
		if c[0]+c[1]+c[2]+c[3] > 0 {
			words = append(words, w)
		}
	}
	sort.Strings(words)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	fmt.Fprintln(out, "# Part-of-speech counts (noun verb adjective adverb) of English words in SemCor, from WordNet 3.0 (Debian wordnet-base 1:3.0-37); see gen.go and LICENSE.wordnet.")
	for _, w := range words {
		c := counts[w]
		fmt.Fprintf(out, "%s %d %d %d %d\n", w, c[0], c[1], c[2], c[3])
	}
	seen := map[string]bool{}
	for _, exc := range []string{"noun.exc", "verb.exc", "adj.exc"} {
		f, err := os.Open(filepath.Join(dir, exc))
		if err != nil {
			panic(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fs := strings.Fields(sc.Text())
			if len(fs) < 2 || !plain(fs[0]) || !plain(fs[1]) || counts[fs[1]] == nil || seen[fs[0]+" "+fs[1]] {
				continue
			}
			seen[fs[0]+" "+fs[1]] = true
			fmt.Fprintf(out, "%s >%s\n", fs[0], fs[1])
		}
		f.Close()
	}
}

func plain(w string) bool {
	for _, r := range w {
		if (r < 'a' || r > 'z') && r != '-' {
			return false
		}
	}
	return w != ""
}

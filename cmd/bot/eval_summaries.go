package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"brief/internal/brief"
	"brief/internal/library"
	"brief/internal/rouge"
)

// evalSummaries briefs every article of a set laid out like bbc100
// (article/<topic>/<name>.txt beside summary/<topic>/<name>.txt) and prints
// ROUGE F1 of the first three key points beside Lead-3, the article's first
// three sentences, scored in the same run.
func evalSummaries(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("eval summaries", stderr)
	verbose := fs.Bool("v", false, "print each article's scores")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("eval summaries: want one DIR holding article/ and summary/")
	}
	o, l, n, err := scoreSummaries(fs.Arg(0), *verbose, stdout, stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "articles: %d\n", n)
	fmt.Fprintf(stdout, "%-22s %8s %8s %8s\n", "ROUGE F1 (stemmed)", "R-1", "R-2", "R-Lsum")
	fmt.Fprintf(stdout, "%-22s %8.2f %8.2f %8.2f\n", "brief (3 key points)", 100*o.Rouge1.F1, 100*o.Rouge2.F1, 100*o.RougeLsum.F1)
	fmt.Fprintf(stdout, "%-22s %8.2f %8.2f %8.2f\n", "Lead-3", 100*l.Rouge1.F1, 100*l.Rouge2.F1, 100*l.RougeLsum.F1)
	return nil
}

// scoreSummaries returns the mean ROUGE of the briefings' first three key
// points and of Lead-3 over the set in dir, and how many articles it scored.
func scoreSummaries(dir string, verbose bool, stdout, stderr io.Writer) (o, l rouge.Scores, n int, err error) {
	files, err := library.Files(filepath.Join(dir, "article"))
	if err != nil {
		return o, l, 0, fmt.Errorf("eval summaries: %w", err)
	}
	var ours, lead []rouge.Scores
	for _, f := range files {
		rel, _ := filepath.Rel(filepath.Join(dir, "article"), f)
		ref, err := os.ReadFile(filepath.Join(dir, "summary", rel))
		if err != nil {
			fmt.Fprintf(stderr, "eval summaries: %s: no reference summary: %v\n", f, err)
			continue
		}
		a, err := library.ReadFile(f)
		if err != nil {
			fmt.Fprintln(stderr, "eval summaries:", err)
			continue
		}
		b := brief.Brief(a)
		var cand []string
		for _, p := range b.Points[:min(3, len(b.Points))] {
			for _, i := range p.Sentences {
				cand = append(cand, a.Sentences[i])
			}
		}
		lead3 := a.Sentences[:min(3, len(a.Sentences))]
		s := rouge.Score(strings.Join(cand, "\n"), string(ref))
		ls := rouge.Score(strings.Join(lead3, "\n"), string(ref))
		ours = append(ours, s)
		lead = append(lead, ls)
		if verbose {
			fmt.Fprintf(stdout, "%s\tR1 %.2f (lead %.2f)\tR2 %.2f (lead %.2f)\n", rel, 100*s.Rouge1.F1, 100*ls.Rouge1.F1, 100*s.Rouge2.F1, 100*ls.Rouge2.F1)
		}
	}
	if len(ours) == 0 {
		return o, l, 0, fmt.Errorf("eval summaries: no article with a reference summary under %s", dir)
	}
	return rouge.Mean(ours), rouge.Mean(lead), len(ours), nil
}

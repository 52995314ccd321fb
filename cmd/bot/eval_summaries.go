package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"brief/internal/articlefile"
	"brief/internal/brief"
	"brief/internal/rouge"
)

// evalSummaries briefs every article of one or more sets laid out like
// bbc100 (article/**/<name>.txt beside summary/**/<name>.txt) and prints
// one table: for each set, ROUGE F1 of what a reader reads first (the
// tl;dr and the first two key points), of the first three key points and
// of the tl;dr alone, beside Lead-3 and Lead-1 scored in the same run, with
// how many articles failed to brief and how many points carry page
// furniture.
func evalSummaries(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("eval summaries", stderr)
	verbose := fs.Bool("v", false, "print each article's scores")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errors.New("eval summaries: want one or more DIRs, each holding article/ and summary/")
	}
	var results []setResult
	for _, dir := range fs.Args() {
		r, err := scoreSummaries(dir, *verbose, stdout, stderr)
		if err != nil {
			return err
		}
		results = append(results, r)
	}
	printSummaryTable(stdout, results)
	return nil
}

// setResult is the evaluation of one set.
type setResult struct {
	Name     string
	Articles int // briefed and scored
	Failed   int // articles that could not be briefed

	Reader  rouge.Scores // tl;dr + first two key points
	Points3 rouge.Scores // first three key points
	TLDR    rouge.Scores
	Lead3   rouge.Scores
	Lead1   rouge.Scores

	Points          int // key points shown
	FurniturePoints int // of which carry captions or page furniture
	FurnitureTLDRs  int
	PointWords      []int // words of each point's text, sorted
}

// furnitureMarks are strings no reader should meet in a briefing: photo
// notes and page furniture that scrapers glue into article text. The list
// is the evaluation's own, independent of the cleaner's rules.
var furnitureMarks = []string{"scroll down", "(pictured", "pictured", "(left)", "(right)", "(centre)", "(center)", "read more", "click here"}

func hasFurniture(s string) bool {
	l := strings.ToLower(s)
	for _, m := range furnitureMarks {
		if strings.Contains(l, m) {
			return true
		}
	}
	return false
}

// scoreSummaries briefs and scores the set in dir.
func scoreSummaries(dir string, verbose bool, stdout, stderr io.Writer) (setResult, error) {
	res := setResult{Name: filepath.Base(filepath.Clean(dir))}
	artDir := filepath.Join(dir, "article")
	files, err := articlefile.Files(artDir)
	if err != nil {
		return res, fmt.Errorf("eval summaries: %w", err)
	}
	var reader, points3, tldr, lead3, lead1 []rouge.Scores
	for _, f := range files {
		rel, _ := filepath.Rel(artDir, f)
		ref, err := os.ReadFile(filepath.Join(dir, "summary", rel))
		if err != nil {
			fmt.Fprintf(stderr, "eval summaries: %s: no reference summary: %v\n", f, err)
			continue
		}
		a, err := articlefile.ReadFile(f)
		if err != nil {
			fmt.Fprintln(stderr, "eval summaries:", err)
			res.Failed++
			continue
		}
		b := brief.Brief(a)
		var texts []string
		for _, p := range b.Points {
			texts = append(texts, p.Text)
			res.PointWords = append(res.PointWords, len(strings.Fields(p.Text)))
			if hasFurniture(p.Text) {
				res.FurniturePoints++
			}
		}
		res.Points += len(b.Points)
		if hasFurniture(b.TLDR) {
			res.FurnitureTLDRs++
		}
		read := append([]string{b.TLDR}, texts[:min(2, len(texts))]...)
		s := rouge.Score(strings.Join(read, "\n"), string(ref))
		reader = append(reader, s)
		points3 = append(points3, rouge.Score(strings.Join(texts[:min(3, len(texts))], "\n"), string(ref)))
		tldr = append(tldr, rouge.Score(b.TLDR, string(ref)))
		ls := rouge.Score(strings.Join(a.Sentences[:min(3, len(a.Sentences))], "\n"), string(ref))
		lead3 = append(lead3, ls)
		lead1 = append(lead1, rouge.Score(a.Sentences[0], string(ref)))
		if verbose {
			fmt.Fprintf(stdout, "%s\tR1 %.2f (lead %.2f)\tR2 %.2f (lead %.2f)\n", filepath.Join(res.Name, rel), 100*s.Rouge1.F1, 100*ls.Rouge1.F1, 100*s.Rouge2.F1, 100*ls.Rouge2.F1)
		}
	}
	if len(reader) == 0 {
		return res, fmt.Errorf("eval summaries: no article with a reference summary under %s", dir)
	}
	res.Articles = len(reader)
	res.Reader, res.Points3, res.TLDR = rouge.Mean(reader), rouge.Mean(points3), rouge.Mean(tldr)
	res.Lead3, res.Lead1 = rouge.Mean(lead3), rouge.Mean(lead1)
	slices.Sort(res.PointWords)
	return res, nil
}

func printSummaryTable(w io.Writer, results []setResult) {
	fmt.Fprintf(w, "ROUGE F1 (stemmed)\n")
	fmt.Fprintf(w, "%-10s %-28s %7s %7s %7s\n", "set", "summary", "R-1", "R-2", "R-Lsum")
	for _, r := range results {
		rows := []struct {
			name string
			s    rouge.Scores
		}{
			{"reader (tl;dr + 2 points)", r.Reader},
			{"Lead-3", r.Lead3},
			{"first 3 key points", r.Points3},
			{"tl;dr", r.TLDR},
			{"Lead-1", r.Lead1},
		}
		for i, row := range rows {
			name := r.Name
			if i > 0 {
				name = ""
			}
			fmt.Fprintf(w, "%-10s %-28s %7.2f %7.2f %7.2f\n", name, row.name, 100*row.s.Rouge1.F1, 100*row.s.Rouge2.F1, 100*row.s.RougeLsum.F1)
		}
	}
	fmt.Fprintf(w, "\n%-10s %8s %6s %7s %10s %10s %11s %9s\n", "set", "articles", "failed", "points", "furniture", "tl;dr furn", "median words", "max words")
	for _, r := range results {
		med, top := 0, 0
		if n := len(r.PointWords); n > 0 {
			med, top = r.PointWords[n/2], r.PointWords[n-1]
		}
		fmt.Fprintf(w, "%-10s %8d %6d %7d %10d %10d %11d %9d\n", r.Name, r.Articles, r.Failed, r.Points, r.FurniturePoints, r.FurnitureTLDRs, med, top)
	}
}

package answer

import (
	"encoding/json"
	"os"
	"testing"

	"brief/internal/brief"
)

// BenchmarkIndexAdd measures indexing articles: one op indexes the 100
// bbc100 articles into a new index; ns/article is the cost of one.
func BenchmarkIndexAdd(b *testing.B) {
	arts := loadBBC(b, 100)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		ix := NewIndex()
		for _, a := range arts {
			ix.Add(a)
		}
		n++
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n*len(arts)), "ns/article")
}

// BenchmarkIndexBuild1000 builds an index of 1,000 BBC-sized articles (the
// bbc100 articles ten times over).
func BenchmarkIndexBuild1000(b *testing.B) {
	arts := loadBBC(b, 100)
	b.ReportAllocs()
	for b.Loop() {
		ix := NewIndex()
		for range 10 {
			for _, a := range arts {
				ix.Add(a)
			}
		}
	}
}

// BenchmarkAsk measures answering one question over a library of more than
// 1,000 articles: bbc100, the sample, and every paragraph of the SQuAD
// development half as an article of its own. The questions are SQuAD's
// and the sample's, in turn.
func BenchmarkAsk(b *testing.B) {
	ix, questions := benchLibrary(b)
	b.Logf("library: %d articles; %d questions", ix.Len(), len(questions))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		ix.Ask(questions[i%len(questions)])
		i++
	}
}

func benchLibrary(b *testing.B) (*Index, []string) {
	b.Helper()
	ix := NewIndex(loadBBC(b, 100)...)
	ix.Add(loadSample(b))
	var questions []string
	for _, tc := range sampleCases {
		questions = append(questions, tc.question)
	}
	data, err := os.ReadFile(squadPath)
	if err != nil {
		b.Skip("no ../shared/data/squad-dev:", err)
	}
	var f squadFile
	if err := json.Unmarshal(data, &f); err != nil {
		b.Fatal(err)
	}
	for _, d := range f.Data {
		for _, p := range d.Paragraphs {
			a := &brief.Article{Title: d.Title}
			for _, s := range brief.SplitSentences(p.Context) {
				a.Sentences = append(a.Sentences, s)
				a.Paras = append(a.Paras, 0)
			}
			ix.Add(a)
			for _, qa := range p.QAs[:min(2, len(p.QAs))] {
				questions = append(questions, qa.Question)
			}
		}
	}
	if ix.Len() < 1000 {
		b.Fatalf("library of %d articles, want at least 1,000", ix.Len())
	}
	return ix, questions
}

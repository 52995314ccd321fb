package answer

import (
	"encoding/json"
	"os"
	"runtime"
	"slices"
	"testing"
	"time"

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

// library10k returns at least 10,000 articles: the cnndm421 and bbc100
// articles and every paragraph of the SQuAD development half as an article
// of its own (about 1,500 distinct articles), repeated, so every word is
// as common as it would be in 10,000 articles and more (the slow case:
// repeats tie), with questions from SQuAD and the sample.
func library10k(b *testing.B) ([]*brief.Article, []string) {
	b.Helper()
	base := loadDistractors(b)
	base = append(base, loadSample(b))
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
			base = append(base, a)
			for _, qa := range p.QAs[:min(2, len(p.QAs))] {
				questions = append(questions, qa.Question)
			}
		}
	}
	var arts []*brief.Article
	for len(arts) < 10000 {
		arts = append(arts, base...)
	}
	return arts[:10000], questions
}

// BenchmarkAsk10k measures answering over 10,000 articles, word vectors
// included; p50 and p99 are of single questions. Run on one core with
// -cpu 1.
func BenchmarkAsk10k(b *testing.B) {
	arts, questions := library10k(b)
	ix := NewIndex(arts...)
	ix.Ask(questions[0]) // the word vectors are read on the first question
	b.ReportAllocs()
	var lat []time.Duration
	i := 0
	for b.Loop() {
		t0 := time.Now()
		ix.Ask(questions[i%len(questions)])
		lat = append(lat, time.Since(t0))
		i++
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkIndexBuild10k builds the index of 10,000 articles and reports
// the memory it holds per article.
func BenchmarkIndexBuild10k(b *testing.B) {
	arts, _ := library10k(b)
	b.ReportAllocs()
	var held uint64
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		ix := NewIndex(arts...)
		runtime.GC()
		runtime.ReadMemStats(&after)
		held = after.HeapAlloc - before.HeapAlloc
		runtime.KeepAlive(ix)
	}
	b.ReportMetric(float64(held)/float64(len(arts)), "bytes/article")
}

// BenchmarkVectorsLoad measures reading the word-vector table, which the
// first question pays for.
func BenchmarkVectorsLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		readVectors(vectorsBin)
	}
}

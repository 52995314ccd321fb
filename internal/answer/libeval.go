package answer

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"brief/internal/brief"
)

// A LibraryReport holds the figures of a SQuAD evaluation at library
// level: every SQuAD article joins a library of other articles, and each
// question is asked of the whole library. An answer is right when it
// comes from the question's own article and contains a gold answer.
type LibraryReport struct {
	Articles  int // SQuAD articles
	Others    int // the other articles of the library
	Questions int
	records   []libRecord
}

// A libRecord is what one question got.
type libRecord struct {
	art      int  // the question's SQuAD article
	right    bool // the best passage is right
	hit3     bool // a right passage among the best three
	baseline bool // the overlap baseline's sentence is right
	outcome  outcome
	conf     float64
	cov      float64 // coverage by the question's own words (candidate.plain)
	sig      signals
}

type outcome uint8

const (
	declined outcome = iota // "not in the articles"
	hedged                  // the closest passages, not answered
	answered                // answered with confidence
)

// EvalSQuADLibrary reads SQuAD v1.1 JSON, adds each of its articles (its
// paragraphs as one document) to a library of the others, and asks every
// question of the whole library, beside the word-overlap baseline on the
// same library.
func EvalSQuADLibrary(r io.Reader, others []*brief.Article) (LibraryReport, error) {
	return evalSQuADLibrary(r, others, defaults)
}

func evalSQuADLibrary(r io.Reader, others []*brief.Article, p params) (LibraryReport, error) {
	var f squadFile
	if err := json.NewDecoder(r).Decode(&f); err != nil {
		return LibraryReport{}, fmt.Errorf("answer: read squad: %w", err)
	}
	if len(f.Data) == 0 {
		return LibraryReport{}, fmt.Errorf("answer: read squad: no articles")
	}
	arts, qas := squadArticles(&f)
	lib := append(slices.Clone(arts), others...)
	ix := NewIndex(lib...)
	base := newOverlap(lib)
	rep := LibraryReport{Articles: len(arts), Others: len(others)}
	type job struct {
		art int
		qa  squadQA
	}
	var jobs []job
	for i := range arts {
		for _, qa := range qas[i] {
			jobs = append(jobs, job{i, qa})
		}
	}
	rep.Questions = len(jobs)
	rep.records = make([]libRecord, len(jobs))
	var wg sync.WaitGroup
	const workers = 2
	for w := range workers {
		wg.Go(func() {
			for j := w; j < len(jobs); j += workers {
				rep.records[j] = ix.judge(jobs[j].qa, arts[jobs[j].art], base, p)
				rep.records[j].art = jobs[j].art
			}
		})
	}
	wg.Wait()
	return rep, nil
}

// squadArticles makes one article of each SQuAD article's paragraphs and
// lists its questions.
func squadArticles(f *squadFile) ([]*brief.Article, [][]squadQA) {
	arts := make([]*brief.Article, len(f.Data))
	qas := make([][]squadQA, len(f.Data))
	for i, d := range f.Data {
		a := &brief.Article{Title: strings.ReplaceAll(d.Title, "_", " ")}
		for pi, par := range d.Paragraphs {
			for _, s := range brief.SplitSentences(par.Context) {
				a.Sentences = append(a.Sentences, s)
				a.Paras = append(a.Paras, pi)
			}
			for _, qa := range par.QAs {
				x := squadQA{question: qa.Question}
				for _, g := range qa.Answers {
					x.golds = append(x.golds, g.Text)
				}
				qas[i] = append(qas[i], x)
			}
		}
		arts[i] = a
	}
	return arts, qas
}

// judge asks one question and says how its answer fares.
func (ix *Index) judge(qa squadQA, own *brief.Article, base *overlap, p params) libRecord {
	ans, tr := ix.ask(qa.question, p)
	var rec libRecord
	rec.conf, rec.sig = ans.Confidence, tr.sig
	if len(tr.top) > 0 {
		rec.cov = tr.top[0].plain
	}
	switch {
	case ans.Answered:
		rec.outcome = answered
	case ans.Reason == ReasonUnsure:
		rec.outcome = hedged
	}
	right := func(sid int32) bool {
		ps := ix.passage(sid)
		return ps.Article == own && containsGold(ps.Text, qa.golds)
	}
	var seen []Passage
	for _, c := range tr.top {
		if len(seen) == 3 {
			break
		}
		ps := ix.passage(c.sent)
		if len(seen) > 0 && slices.ContainsFunc(seen, func(q Passage) bool { return overlaps(q, ps) }) {
			continue
		}
		seen = append(seen, ps)
		if right(c.sent) {
			rec.hit3 = true
			if len(seen) == 1 {
				rec.right = true
			}
		}
	}
	if a, j := base.best(qa.question); a >= 0 && base.arts[a] == own && containsGold(own.Sentences[j], qa.golds) {
		rec.baseline = true
	}
	return rec
}

// tally counts a set of records.
type tally struct {
	n, right, hit3, baseline                      int
	rightConf, wrongConf, hedged, declined, asked int
}

func tallyOf(recs []libRecord, keep func(*libRecord) bool) tally {
	var t tally
	for i := range recs {
		r := &recs[i]
		if keep != nil && !keep(r) {
			continue
		}
		t.n++
		t.right += b2i(r.right)
		t.hit3 += b2i(r.hit3)
		t.baseline += b2i(r.baseline)
		switch r.outcome {
		case answered:
			t.asked++
			if r.right {
				t.rightConf++
			} else {
				t.wrongConf++
			}
		case hedged:
			t.hedged++
		default:
			t.declined++
		}
	}
	return t
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Accuracy is the share of questions whose best passage is right, whether
// given with confidence or hedged.
func (r LibraryReport) Accuracy() float64 {
	t := tallyOf(r.records, nil)
	return share(t.right, t.n)
}

// WrongConfident is the share of all questions answered with confidence
// and wrongly.
func (r LibraryReport) WrongConfident() float64 {
	t := tallyOf(r.records, nil)
	return share(t.wrongConf, t.n)
}

// Precision is the share of the answers given with confidence that are
// right.
func (r LibraryReport) Precision() float64 {
	t := tallyOf(r.records, nil)
	return share(t.rightConf, t.asked)
}

func (r LibraryReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "SQuAD, library level: %d articles of the file among %d others, %d questions asked of all %d\n",
		r.Articles, r.Others, r.Questions, r.Articles+r.Others)
	all := tallyOf(r.records, nil)
	row := func(name string, n, d int) {
		fmt.Fprintf(&b, "  %-48s %6.2f%%  %5d\n", name, 100*share(n, d), n)
	}
	row("accuracy@1 (best passage right: own article, gold)", all.right, all.n)
	row("hit@3 (a right passage among the best three)", all.hit3, all.n)
	row("answered with confidence and right", all.rightConf, all.n)
	row("answered with confidence and wrong", all.wrongConf, all.n)
	row("hedged (closest passages shown)", all.hedged, all.n)
	row("declined (not in the articles)", all.declined, all.n)
	row("right among confident answers", all.rightConf, all.asked)
	row("baseline: idf word overlap, same library", all.baseline, all.n)
	fmt.Fprintf(&b, "\n  halves of the file split by article (even and odd positions):\n")
	fmt.Fprintf(&b, "  %-6s %5s %7s %7s %7s %7s %7s %7s %7s\n", "half", "qs", "acc@1", "hit@3", "right", "wrong", "hedged", "decl", "prec")
	for h := range 2 {
		t := tallyOf(r.records, func(x *libRecord) bool { return x.art%2 == h })
		fmt.Fprintf(&b, "  %-6s %5d %6.2f%% %6.2f%% %6.2f%% %6.2f%% %6.2f%% %6.2f%% %6.2f%%\n", [2]string{"even", "odd"}[h], t.n,
			100*share(t.right, t.n), 100*share(t.hit3, t.n), 100*share(t.rightConf, t.n), 100*share(t.wrongConf, t.n),
			100*share(t.hedged, t.n), 100*share(t.declined, t.n), 100*share(t.rightConf, t.asked))
	}
	b.WriteString("\n")
	b.WriteString(tradeoff(r.records, Plausible, Threshold))
	return b.String()
}

// tradeoff prints, for confidence thresholds from answering every
// plausible question down to answering half of all questions, what share
// of all questions is answered right, hedged, answered wrong and declined,
// with the shipped threshold marked.
func tradeoff(recs []libRecord, plausible, shipped float64) string {
	var b strings.Builder
	fmt.Fprintf(&b, "  trade-off (shares of all %d questions; * the shipped threshold):\n", len(recs))
	fmt.Fprintf(&b, "  %-10s %8s %8s %8s %8s %8s %8s\n", "threshold", "answered", "right", "hedged", "wrong", "declined", "prec")
	confs := make([]float64, 0, len(recs))
	for _, r := range recs {
		if r.cov >= plausible {
			confs = append(confs, r.conf)
		}
	}
	slices.Sort(confs)
	slices.Reverse(confs)
	ts := []float64{0}
	for k := 95; k >= 50; k -= 5 {
		i := k*len(recs)/100 - 1
		if i >= 0 && i < len(confs) {
			ts = append(ts, confs[i])
		}
	}
	ts = append(ts, shipped)
	slices.Sort(ts)
	ts = slices.Compact(ts)
	for _, t := range ts {
		var right, wrong, hedge, decl int
		for _, r := range recs {
			switch {
			case r.cov < plausible:
				decl++
			case r.conf >= t && r.right:
				right++
			case r.conf >= t:
				wrong++
			default:
				hedge++
			}
		}
		mark := " "
		if t == shipped {
			mark = "*"
		}
		n := len(recs)
		fmt.Fprintf(&b, "  %s%-9.3f %7.2f%% %7.2f%% %7.2f%% %7.2f%% %7.2f%% %7.2f%%\n", mark, t,
			100*share(right+wrong, n), 100*share(right, n), 100*share(hedge, n), 100*share(wrong, n), 100*share(decl, n),
			100*share(right, right+wrong))
	}
	return b.String()
}

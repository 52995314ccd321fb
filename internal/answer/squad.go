package answer

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"

	"brief/internal/brief"
)

// A Report holds the figures of a SQuAD evaluation. Every question is asked
// of its own article's paragraphs taken together as one document (right
// document), and again of the next article's (wrong document), where the
// right reply is to abstain.
type Report struct {
	Articles  int
	Questions int
	// Reachable counts questions with a gold answer inside one sentence
	// of the document: the ceiling of sentence-level accuracy.
	Reachable int

	// Correct counts questions whose best answer's Text contains a gold
	// answer, compared exactly (case-sensitive substring);
	// CorrectNormalized compares lower-case words, so that spacing and
	// punctuation do not matter. Both count the best candidate whether or
	// not Ask withheld it. CorrectSentence is Correct with the best
	// sentence alone, without the previous sentence Text may add.
	Correct           int
	CorrectNormalized int
	CorrectSentence   int
	// AnsweredCorrect counts answers given (not withheld) and correct.
	AnsweredCorrect int
	// Abstained counts right-document questions Ask withheld.
	Abstained int
	// WrongAbstained counts wrong-document questions Ask withheld.
	WrongAbstained int

	// BaselineCorrect counts questions the rarity-weighted word-overlap
	// selector gets right (exact comparison, no abstention).
	BaselineCorrect int
}

// Accuracy is the share of questions whose best answer contains a gold
// answer (exact comparison).
func (r Report) Accuracy() float64 { return share(r.Correct, r.Questions) }

// AccuracyNormalized is Accuracy with the normalized comparison.
func (r Report) AccuracyNormalized() float64 { return share(r.CorrectNormalized, r.Questions) }

// BaselineAccuracy is the word-overlap selector's accuracy.
func (r Report) BaselineAccuracy() float64 { return share(r.BaselineCorrect, r.Questions) }

// AbstainRight is the share of right-document questions withheld.
func (r Report) AbstainRight() float64 { return share(r.Abstained, r.Questions) }

// AbstainWrong is the share of wrong-document questions withheld.
func (r Report) AbstainWrong() float64 { return share(r.WrongAbstained, r.Questions) }

func share(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

func (r Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "SQuAD, document level: %d articles, %d questions (%d with the answer inside one sentence)\n",
		r.Articles, r.Questions, r.Reachable)
	row := func(name string, n int) {
		fmt.Fprintf(&b, "  %-46s %6.2f%%  %5d\n", name, 100*share(n, r.Questions), n)
	}
	row("accuracy@1 (answer text contains gold, exact)", r.Correct)
	row("accuracy@1 (normalized words)", r.CorrectNormalized)
	row("accuracy@1 (best sentence alone, exact)", r.CorrectSentence)
	row("answered and correct (exact)", r.AnsweredCorrect)
	row("baseline: idf word overlap (exact)", r.BaselineCorrect)
	row("abstained, right document", r.Abstained)
	row("abstained, wrong document", r.WrongAbstained)
	return b.String()
}

type squadFile struct {
	Data []struct {
		Title      string `json:"title"`
		Paragraphs []struct {
			Context string `json:"context"`
			QAs     []struct {
				Question string `json:"question"`
				Answers  []struct {
					Text string `json:"text"`
				} `json:"answers"`
			} `json:"qas"`
		} `json:"paragraphs"`
	} `json:"data"`
}

type squadQA struct {
	question string
	golds    []string
}

// EvalSQuAD reads SQuAD v1.1 JSON and measures Ask on it. Each article's
// paragraphs, split into sentences with brief.SplitSentences, make one
// document with an Index of its own; its questions are asked of it, and of
// the next article's index (the last article's of the first's) to measure
// abstention; with a single article there is no wrong document. The baseline ranks the same sentences by word overlap.
func EvalSQuAD(r io.Reader) (Report, error) {
	return evalSQuAD(r, defaults)
}

func evalSQuAD(r io.Reader, p params) (Report, error) {
	var f squadFile
	if err := json.NewDecoder(r).Decode(&f); err != nil {
		return Report{}, fmt.Errorf("answer: read squad: %w", err)
	}
	if len(f.Data) == 0 {
		return Report{}, fmt.Errorf("answer: read squad: no articles")
	}
	arts := make([]*brief.Article, len(f.Data))
	idxs := make([]*Index, len(f.Data))
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
		idxs[i] = NewIndex(a)
	}
	var rep Report
	rep.Articles = len(f.Data)
	for i, a := range arts {
		base := newOverlap(a)
		wrong := idxs[(i+1)%len(idxs)]
		for _, qa := range qas[i] {
			rep.Questions++
			if anyContains(a.Sentences, qa.golds) {
				rep.Reachable++
			}
			ans := idxs[i].ask(qa.question, p)
			if !ans.Answered {
				rep.Abstained++
			}
			if ans.Sentence >= 0 {
				// A withheld answer is judged too: accuracy measures the
				// ranking, abstention is counted on its own.
				if containsGold(ans.Text, qa.golds) {
					rep.Correct++
					if ans.Answered {
						rep.AnsweredCorrect++
					}
				}
				if containsGoldNormalized(ans.Text, qa.golds) {
					rep.CorrectNormalized++
				}
				if containsGold(a.Sentences[ans.Sentence], qa.golds) {
					rep.CorrectSentence++
				}
			}
			if j := base.best(qa.question); j >= 0 && containsGold(a.Sentences[j], qa.golds) {
				rep.BaselineCorrect++
			}
			if len(idxs) > 1 && !wrong.ask(qa.question, p).Answered {
				rep.WrongAbstained++
			}
		}
	}
	return rep, nil
}

func containsGold(text string, golds []string) bool {
	for _, g := range golds {
		if g != "" && strings.Contains(text, g) {
			return true
		}
	}
	return false
}

func anyContains(sents []string, golds []string) bool {
	for _, s := range sents {
		if containsGold(s, golds) {
			return true
		}
	}
	return false
}

// containsGoldNormalized compares lower-case words: the gold answer's words
// must appear as consecutive words of the text.
func containsGoldNormalized(text string, golds []string) bool {
	t := " " + strings.Join(brief.Words(text), " ") + " "
	for _, g := range golds {
		ws := brief.Words(g)
		if len(ws) > 0 && strings.Contains(t, " "+strings.Join(ws, " ")+" ") {
			return true
		}
	}
	return false
}

// overlap is the baseline: it picks the sentence with the largest sum of
// rarity (idf) of the question's words it contains.
type overlap struct {
	sents []map[string]bool
	df    map[string]int
}

func newOverlap(a *brief.Article) *overlap {
	o := &overlap{df: make(map[string]int)}
	for _, s := range a.Sentences {
		set := make(map[string]bool)
		for _, w := range brief.Words(s) {
			if !set[w] {
				set[w] = true
				o.df[w]++
			}
		}
		o.sents = append(o.sents, set)
	}
	return o
}

// best returns the index of the best sentence, or -1 when there is none.
func (o *overlap) best(q string) int {
	n := float64(len(o.sents))
	seen := make(map[string]bool)
	var ws []string
	for _, w := range brief.Words(q) {
		if !brief.IsStopWord(w) && !seen[w] {
			seen[w] = true
			ws = append(ws, w)
		}
	}
	best, bestScore := -1, -1.0
	for i, set := range o.sents {
		sc := 0.0
		for _, w := range ws {
			if set[w] {
				sc += math.Log(n / float64(o.df[w]))
			}
		}
		if sc > bestScore {
			best, bestScore = i, sc
		}
	}
	return best
}

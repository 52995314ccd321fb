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
	// AnsweredCorrect counts answers given with confidence and correct.
	AnsweredCorrect int
	// Abstained counts right-document questions Ask did not answer with
	// confidence (hedged or declined); Declined those it found nothing
	// plausible for ("not in the articles").
	Abstained int
	Declined  int
	// WrongAbstained counts wrong-document questions Ask did not answer
	// with confidence; WrongDeclined those it declined.
	WrongAbstained int
	WrongDeclined  int

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

// AbstainRight is the share of right-document questions not answered with
// confidence.
func (r Report) AbstainRight() float64 { return share(r.Abstained, r.Questions) }

// DeclineRight is the share of right-document questions declined.
func (r Report) DeclineRight() float64 { return share(r.Declined, r.Questions) }

// AbstainWrong is the share of wrong-document questions not answered with
// confidence.
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
	row("answered with confidence and correct (exact)", r.AnsweredCorrect)
	row("baseline: idf word overlap (exact)", r.BaselineCorrect)
	row("not answered with confidence, right document", r.Abstained)
	row("declined (not in the articles), right document", r.Declined)
	row("not answered with confidence, wrong document", r.WrongAbstained)
	row("declined (not in the articles), wrong document", r.WrongDeclined)
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
	arts, qas := squadArticles(&f)
	idxs := make([]*Index, len(arts))
	for i, a := range arts {
		idxs[i] = NewIndex(a)
	}
	var rep Report
	rep.Articles = len(f.Data)
	for i, a := range arts {
		base := newOverlap([]*brief.Article{a})
		wrong := idxs[(i+1)%len(idxs)]
		for _, qa := range qas[i] {
			rep.Questions++
			if anyContains(a.Sentences, qa.golds) {
				rep.Reachable++
			}
			ans, _ := idxs[i].ask(qa.question, p)
			if !ans.Answered {
				rep.Abstained++
				if ans.Reason != ReasonUnsure {
					rep.Declined++
				}
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
			if _, j := base.best(qa.question); j >= 0 && containsGold(a.Sentences[j], qa.golds) {
				rep.BaselineCorrect++
			}
			if len(idxs) > 1 {
				if ans, _ := wrong.ask(qa.question, p); !ans.Answered {
					rep.WrongAbstained++
					if ans.Reason != ReasonUnsure {
						rep.WrongDeclined++
					}
				}
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
	arts  []*brief.Article
	sents [][2]int32 // sentence → article, index in it
	post  map[string][]int32
}

func newOverlap(arts []*brief.Article) *overlap {
	o := &overlap{arts: arts, post: make(map[string][]int32)}
	for ai, a := range arts {
		for si, s := range a.Sentences {
			id := int32(len(o.sents))
			o.sents = append(o.sents, [2]int32{int32(ai), int32(si)})
			for _, w := range brief.Words(s) {
				if p := o.post[w]; len(p) == 0 || p[len(p)-1] != id {
					o.post[w] = append(p, id)
				}
			}
		}
	}
	return o
}

// best returns the article and the sentence index of the best sentence, or
// -1, -1 when there is none. Ties go to the earlier sentence.
func (o *overlap) best(q string) (art, sent int) {
	if len(o.sents) == 0 {
		return -1, -1
	}
	n := float64(len(o.sents))
	seen := make(map[string]bool)
	score := make(map[int32]float64)
	for _, w := range brief.Words(q) {
		if brief.IsStopWord(w) || seen[w] {
			continue
		}
		seen[w] = true
		p := o.post[w]
		for _, id := range p {
			score[id] += math.Log(n / float64(len(p)))
		}
	}
	best, bestScore := int32(0), 0.0
	for id, sc := range score {
		if sc > bestScore || (sc == bestScore && id < best) {
			best, bestScore = id, sc
		}
	}
	return int(o.sents[best][0]), int(o.sents[best][1])
}

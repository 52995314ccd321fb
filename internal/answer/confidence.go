package answer

import "math"

// The confidence of an answer is the estimated chance that its sentence
// answers the question: a logistic model of signals that say nothing of
// any topic (how much of the question the sentence covers, by how much it
// beats the next sentence and the best sentence outside its passage, how
// much of the question's phrasing it repeats, how many things the question
// asks about, how long the sentence is), fitted on SQuAD's development half
// asked of a library of news articles (see TestFitConfidence for how, and
// confidenceWeights for the figures).

// signals are what the confidence is computed from.
type signals [nSignals]float64

// The signals, in order. Tried and dropped, as they did not lower the
// cross-validated log-loss (see TestFitConfidence): the best rank less the
// best of another article, whether the question asks for a kind of answer,
// the share of the question's weight its article holds anywhere, the share
// in words no article holds, the question's coverage counting words of
// like meaning by their cosine, the share of the question's weight the
// sentence holds itself, how close to the question's words the kind of
// answer asked for is (coverage already loses some when it is missing),
// the coverage with words of like meaning (Answer.Coverage: no better than
// the plain one beside it), the rank itself, the weight of the heaviest word
// the sentence lacks, and the share of the best ten candidates that come
// from the best one's article (log-loss 0.4209 with and without it).
const (
	sigPlain      = iota // the best sentence's coverage by the question's own words and their forms
	sigMargin            // the best rank less the second best
	sigPassMargin        // the best rank less the best of a sentence outside the best passage and its neighbours
	sigPhrase            // the share of the question's word pairs the sentence holds side by side
	sigTerms             // the logarithm of the number of the question's concepts
	sigLength            // the logarithm of 1 + the number of the sentence's content words: a long sentence matches more by chance
	nSignals
)

var signalNames = [nSignals]string{"plain", "margin", "pass_margin", "phrase", "terms", "length"}

// signalsOf computes the signals of the best candidate top[0].
func (ix *Index) signalsOf(qu *question, top []candidate, total float64) signals {
	var s signals
	best := top[0]
	art := ix.sents[best.sent].art
	s[sigPlain] = best.plain
	s[sigMargin] = best.rank
	if len(top) > 1 {
		s[sigMargin] = best.rank - top[1].rank
	}
	s[sigPassMargin] = best.rank
	for _, c := range top[1:] {
		if ix.sents[c.sent].art != art || abs(int(c.sent)-int(best.sent)) > 1 {
			s[sigPassMargin] = best.rank - c.rank
			break
		}
	}
	s[sigPhrase] = phrase(qu, &ix.sents[best.sent])
	s[sigTerms] = math.Log(float64(len(qu.groups)))
	s[sigLength] = math.Log(1 + float64(len(ix.sents[best.sent].terms)))
	return s
}

// probability is the logistic model: w[0] is the intercept, w[1:] the
// weights of the signals.
func probability(s signals, w *[nSignals + 1]float64) float64 {
	z := w[0]
	for i, x := range s {
		z += w[i+1] * x
	}
	return 1 / (1 + math.Exp(-z))
}

// Threshold is the confidence at or above which Ask gives its answer.
// Cross-validated by article on dev-even at library level (TestFitConfidence,
// 2026-12-01), 0.70 makes 90.6% of confident answers right and 5.7% of all
// questions wrong and confident; 0.75 makes 92.2% right and 4.3% wrong,
// answering 56% of questions with confidence and hedging 42%. The higher
// one leaves room for questions and libraries unlike dev-even.
const Threshold = 0.75

// confidenceWeights are fitted by TestFitConfidence on all 5,397
// questions of SQuAD dev-even, asked of a library of its 24 articles and
// 516 news articles (cnndm421 and bbc100), labelled by whether the best
// passage is right. Fitted on three quarters of the articles and scored on
// the rest (four folds), the model's log-loss is 0.4209; without each
// signal in turn: plain 0.4268, margin 0.4256, pass_margin 0.4263, phrase
// 0.4238, terms 0.4271, length 0.4239.
var confidenceWeights = [nSignals + 1]float64{
	-1.9519, // intercept
	2.0553,  // plain
	6.7592,  // margin
	4.6629,  // pass_margin
	1.1796,  // phrase
	0.8301,  // terms
	-0.4886, // length
}

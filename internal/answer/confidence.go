package answer

import "math"

// The confidence of an answer is the estimated chance that its sentence
// answers the question: a logistic model of signals that say nothing of
// any topic (how much of the question the sentence covers, by how much it
// beats the next sentence and the best of another article, whether it
// holds the kind of answer asked for, whether its article as a whole is
// about the question), fitted on SQuAD's development half asked of a
// library of news articles (see TestFitConfidence for how, and
// confidenceWeights for the figures).

// signals are what the confidence is computed from.
type signals [nSignals]float64

// The signals, in order. Tried and dropped, as they did not lower the
// cross-validated log-loss (see TestFitConfidence): the best rank less the
// best of another article, whether the question asks for a kind of answer,
// the share of the question's weight its article holds anywhere, the share
// in words no article holds, the question's coverage counting words of
// like meaning by their cosine, the share of the question's weight the
// sentence holds itself, and how close to the question's words the kind of
// answer asked for is (coverage already loses some when it is missing).
const (
	sigCoverage   = iota // the best sentence's coverage (Answer.Coverage)
	sigMargin            // the best rank less the second best
	sigPassMargin        // the best rank less the best of a sentence outside the best passage and its neighbours
	sigArtShare          // the share of the best candidates that come from the best sentence's article
	sigPhrase            // the share of the question's word pairs the sentence holds side by side
	sigTerms             // the logarithm of the number of the question's concepts
	nSignals
)

var signalNames = [nSignals]string{"coverage", "margin", "pass_margin", "art_share", "phrase", "terms"}

// artShareOf is how many of the best candidates sigArtShare looks at.
const artShareOf = 10

// signalsOf computes the signals of the best candidate top[0].
func (ix *Index) signalsOf(qu *question, top []candidate, total float64) signals {
	var s signals
	best := top[0]
	art := ix.sents[best.sent].art
	s[sigCoverage] = best.conf
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
	n, same := 0, 0
	for _, c := range top[:min(len(top), artShareOf)] {
		n++
		if ix.sents[c.sent].art == art {
			same++
		}
	}
	s[sigArtShare] = float64(same) / float64(n)
	s[sigPhrase] = phrase(qu, &ix.sents[best.sent])
	s[sigTerms] = math.Log(float64(len(qu.groups)))
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
// 2026-12-01), 0.70 makes 90.5% of confident answers right and 5.7% of all
// questions wrong and confident; 0.75 makes 92.4% right and 4.2% wrong,
// answering 55% of questions with confidence and hedging 44%. The higher
// one leaves room for questions and libraries unlike dev-even.
const Threshold = 0.75

// confidenceWeights are fitted by TestFitConfidence on all 5,397
// questions of SQuAD dev-even, asked of a library of its 24 articles and
// 516 news articles (cnndm421 and bbc100), labelled by whether the best
// passage is right. Fitted on three quarters of the articles and scored on
// the rest (four folds), the model's log-loss is 0.4243; without each
// signal in turn: coverage 0.4269, margin 0.4288, pass_margin 0.4311,
// art_share 0.4252, phrase 0.4275, terms 0.4272.
var confidenceWeights = [nSignals + 1]float64{
	-3.3661, // intercept
	1.7713,  // coverage
	6.5055,  // margin
	5.2476,  // pass_margin
	0.4797,  // art_share
	1.2668,  // phrase
	0.6281,  // terms
}

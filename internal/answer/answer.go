package answer

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"brief/internal/brief"
)

// An Answer is the reply to a question: the sentence (or two adjacent
// sentences) of an article that answers it, or, when none does for
// certain, the closest passages, or nothing.
type Answer struct {
	Question string
	// Answered is true when the answer is given with confidence. When it
	// is false, Reason says why, Text is empty, Article is nil and
	// Sentence is -1; Closest then holds the passages that come nearest
	// when there are plausible ones (Reason is ReasonUnsure), and is
	// empty when nothing in the library touches the question.
	Answered bool
	Reason   string

	// Text is the answer: the best sentence, preceded by the sentence
	// before it when it leans on it ("He said ...").
	Text    string
	Article *brief.Article
	// Sentence is the index of the best sentence in Article.Sentences;
	// Sentences lists every sentence in Text, in order.
	Sentence  int
	Sentences []int

	// Closest are the best one or two passages of an answer Ask is not
	// sure of, best first.
	Closest []Passage

	// Score ranks the candidates of one question. Coverage, in [0, 1], is
	// the share of the question's weight (the rarity of its words) that
	// the best sentence and its context match, words of like meaning
	// counting in part (Plausible is compared with the share without
	// them). Confidence, in [0, 1], is
	// the estimated chance that the best sentence answers the question
	// (see confidence.go); Ask gives the answer when it is at least
	// Threshold. All three are set also when Ask withholds the answer.
	Score      float64
	Coverage   float64
	Confidence float64
}

// A Passage is a sentence of an article, with the one before it when it
// leans on it.
type Passage struct {
	Text       string
	Article    *brief.Article
	Sentence   int   // the best sentence, an index into Article.Sentences
	Sentences  []int // every sentence in Text, in order
	Confidence float64
}

// Hedged reports whether Ask withheld the answer but has passages that
// come close.
func (a Answer) Hedged() bool { return !a.Answered && len(a.Closest) > 0 }

// Reasons for not answering.
const (
	ReasonEmpty    = "the question is empty"
	ReasonTooLong  = "the question is too long"
	ReasonNoTerms  = "the question has no words to look for"
	ReasonNoLib    = "there are no articles to search"
	ReasonNotFound = "nothing in the articles answers it"
	ReasonUnsure   = "no passage answers it for certain"
)

// AboutQuestion reports whether the reason the question is not answered
// lies in the question or the library (it is empty, too long, has no words
// to look for, there are no articles), not in what the articles say: the
// reason is then worth telling the person who asked.
func (a Answer) AboutQuestion() bool {
	switch a.Reason {
	case ReasonEmpty, ReasonTooLong, ReasonNoTerms, ReasonNoLib:
		return true
	}
	return false
}

// MaxQuestionBytes bounds the length of a question.
const MaxQuestionBytes = 1000

// Plausible is the coverage by the question's own words (words of like
// meaning left out) below which nothing in the library touches the
// question: Ask then says so plainly rather than show the closest passages.
// It sits between the coverage of the right document's best sentence and
// that of a wrong document's best: on the SQuAD development half (see
// EvalSQuAD), 95% of questions asked of their own article score at or
// above it, and 95% asked of another article score below.
const Plausible = 0.45

// maxClosest is how many passages a hedged reply shows.
const maxClosest = 2

// params are the weights of the ranking: round numbers, chosen for what
// they mean rather than fitted to a data set.
type params struct {
	context   float64 // credit for a question word beside the sentence: a sentence either side, the article's lead
	title     float64 // credit for a question word in the title of the sentence's article: what the whole article is about
	variant   float64 // credit for another form of a question word ("treatment" for "treat")
	elsewhere float64 // credit for a question word elsewhere in the sentence's article
	phrase    float64 // bonus for the question's word pairs found side by side
	kind      float64 // bonus for the kind of answer asked for (a date, number, place, someone's words) close to the question's words
	missing   float64 // coverage lost when the sentence lacks the kind of answer asked for
	echo      float64 // penalty for a sentence that adds fewer than two words to the question
	// A question word the sentence lacks, but that has a word of like
	// meaning in it (word vectors' cosine at least minSim), gets
	// related × the cosine: "return" for "exchange", "want" for "seek".
	related float64
	minSim  float64
	// keep is how many of the best sentences by words alone are weighed
	// again with related words and compared for the confidence.
	keep      int
	plausible float64
	threshold float64
	weights   *[nSignals + 1]float64 // the confidence model
}

var defaults = params{
	context:   0.5,
	title:     0.85,
	variant:   0.7,
	elsewhere: 0.25,
	phrase:    0.2,
	kind:      0.1,
	missing:   0.1,
	echo:      0.2,
	related:   0.6,
	minSim:    0.5,
	keep:      30,
	plausible: Plausible,
	threshold: Threshold,
	weights:   &confidenceWeights,
}

// Ask answers a question from the indexed articles. It never fails: when
// it cannot answer, Answered is false and Reason says why.
func (ix *Index) Ask(q string) Answer {
	ans, _ := ix.ask(q, defaults)
	if !ans.Answered {
		ans.Text, ans.Article, ans.Sentence, ans.Sentences = "", nil, -1, nil
	}
	return ans
}

// ask is Ask that keeps, when it withholds an answer, the answer it
// withheld, and also returns the best candidates and the signals of the
// confidence.
func (ix *Index) ask(q string, p params) (Answer, trace) {
	ans := Answer{Question: q, Sentence: -1}
	var tr trace
	q = strings.TrimSpace(q)
	switch {
	case q == "":
		ans.Reason = ReasonEmpty
		return ans, tr
	case len(q) > MaxQuestionBytes:
		ans.Reason = ReasonTooLong
		return ans, tr
	}
	if !utf8.ValidString(q) {
		q = strings.ToValidUTF8(q, " ")
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if len(ix.sents) == 0 {
		ans.Reason = ReasonNoLib
		return ans, tr
	}
	qu := parseQuestion(q, ix.stemRO)
	if len(qu.terms) == 0 {
		ans.Reason = ReasonNoTerms
		return ans, tr
	}
	top, total := ix.rank(&qu, p)
	if len(top) == 0 {
		ans.Reason = ReasonNotFound
		return ans, tr
	}
	tr.top = top
	tr.sig = ix.signalsOf(&qu, top, total)
	best := top[0]
	ans.Score, ans.Coverage = best.rank, best.conf
	ans.Confidence = probability(tr.sig, p.weights)
	pass := ix.passage(best.sent)
	ans.Article, ans.Sentence, ans.Sentences, ans.Text = pass.Article, pass.Sentence, pass.Sentences, pass.Text
	switch {
	case ans.Confidence >= p.threshold && best.plain >= p.plausible:
		ans.Answered = true
	case best.plain >= p.plausible:
		ans.Reason = ReasonUnsure
		for _, c := range top {
			if len(ans.Closest) == maxClosest {
				break
			}
			if c.plain < p.plausible {
				continue
			}
			ps := ix.passage(c.sent)
			if len(ans.Closest) > 0 && overlaps(ans.Closest[0], ps) {
				continue
			}
			if len(ans.Closest) == 0 {
				ps.Confidence = ans.Confidence
			}
			ans.Closest = append(ans.Closest, ps)
		}
	default:
		ans.Reason = ReasonNotFound
	}
	return ans, tr
}

// A trace is what ask saw: the best candidates and the signals of its
// confidence. The evaluation reads it.
type trace struct {
	top []candidate
	sig signals
}

// passage is sentence sid with the one before it when it leans on it.
func (ix *Index) passage(sid int32) Passage {
	s := &ix.sents[sid]
	art := ix.arts[s.art].a
	p := Passage{Article: art, Sentence: int(s.idx), Sentences: []int{int(s.idx)}}
	if s.flags&fLeansBack != 0 && s.idx > 0 {
		p.Sentences = []int{int(s.idx) - 1, int(s.idx)}
	}
	p.Text = joinSentences(art, p.Sentences)
	return p
}

// overlaps reports whether two passages share a sentence.
func overlaps(a, b Passage) bool {
	if a.Article != b.Article {
		return false
	}
	for _, i := range a.Sentences {
		if slices.Contains(b.Sentences, i) {
			return true
		}
	}
	return false
}

func joinSentences(a *brief.Article, idx []int) string {
	parts := make([]string, len(idx))
	for i, j := range idx {
		parts[i] = a.Sentences[j]
	}
	return strings.Join(parts, " ")
}

// stemRO stems through the index's cache without writing to it, so that
// readers never race.
func (ix *Index) stemRO(w string) string {
	if b, ok := irregular[w]; ok {
		w = b
	}
	if len(w) <= 3 {
		return w
	}
	if s, ok := ix.stems[w]; ok {
		return s
	}
	return brief.Stem(w)
}

// idf is the BM25 rarity of a term held by df of n sentences. A term no
// sentence holds gets the highest rarity: a question about something the
// library never mentions cannot be answered from it.
func idf(df, n int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}

type candidate struct {
	sent   int32
	mask   uint32  // question terms in the sentence
	soft   uint32  // question terms of which the sentence holds a variant only
	direct float64 // question weight the sentence matches itself
	rank   float64
	conf   float64 // coverage
	plain  float64 // coverage by the question's own words and their forms, without words of like meaning
	near   float64 // how close the kind of answer asked for is (kindNear)
	vsim   float64 // share of the question's weight with a word of like meaning in the sentence, by cosine
}

// prepare looks the question's terms up and weighs them by rarity, and
// returns the question's total weight. A capitalised name of several words
// ("Vince Lombardi Trophy") is one concept: it weighs as its rarest word,
// and a sentence naming part of it ("the Lombardi Trophy") gets the credit
// of the rarest part it names. prepare also finds the other forms of each
// word that the library holds (variants).
func (ix *Index) prepare(qu *question, p params) float64 {
	bg := background()
	n := len(ix.sents) + bg.n
	for i := range qu.terms {
		t := &qu.terms[i]
		df := bg.df[t.stem]
		if id, ok := ix.vocab[t.stem]; ok {
			t.id = id
			df += len(ix.post[id])
		}
		if t.name {
			// "Korea" finds "Korean", "Russian" finds "Russia".
			if id, ok := ix.vocab[nameVariant(t.stem)]; ok && len(ix.post[id]) > 0 {
				t.alt = id
				df += len(ix.post[id])
			}
		}
		t.weight *= idf(min(df, n), n)
		t.vars = ix.variants(t, t.vars[:0])
	}
	qu.seq = qu.seq[:0]
	for _, st := range qu.stems {
		id := int32(-1)
		if x, ok := ix.vocab[st]; ok {
			id = x
		}
		qu.seq = append(qu.seq, id)
	}
	total := 0.0
	for g := range qu.groups {
		total += qu.credit(g, func(int) float64 { return 1 })
	}
	return total
}

// credit is the weight of concept g given the credit level of each term.
func (qu *question) credit(g int, level func(i int) float64) float64 {
	best := 0.0
	for _, i := range qu.groups[g] {
		best = max(best, qu.terms[i].weight*level(i))
	}
	return best
}

// directWeight is the question weight of the terms in mask, and in part
// of those whose variants are in soft.
func (qu *question) directWeight(mask, soft uint32, p params) float64 {
	d := 0.0
	for g := range qu.groups {
		d += qu.credit(g, func(i int) float64 {
			switch {
			case mask&(1<<i) != 0:
				return 1
			case soft&(1<<i) != 0:
				return p.variant
			}
			return 0
		})
	}
	return d
}

// rank ranks the sentences that share a term with the question and
// returns the best p.keep of them, best first, with the question's total
// weight. Only the sentences in the postings of the question's terms are
// looked at, and only as many of them as could still enter the best
// p.keep by their words; those are then weighed again with the words of
// like meaning they hold (related).
func (ix *Index) rank(qu *question, p params) ([]candidate, float64) {
	total := ix.prepare(qu, p)
	if total == 0 {
		return nil, 0
	}
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	list := ix.candidates(qu, p, sc)
	if len(list) == 0 {
		return nil, 0
	}
	slices.SortFunc(list, func(a, b candidate) int {
		if c := cmp.Compare(b.direct, a.direct); c != 0 {
			return c
		}
		return cmp.Compare(a.sent, b.sent)
	})
	keep := max(p.keep, 1)
	top := make([]candidate, 0, keep+1)
	for n, c := range list {
		if len(top) == keep && (n >= maxScored || upperBound(c, total, p) < top[keep-1].rank) {
			break
		}
		ix.score(qu, &c, total, p, false)
		if len(top) == keep && !better(c, top[keep-1]) {
			continue
		}
		i, _ := slices.BinarySearchFunc(top, c, func(a, b candidate) int {
			if better(a, b) {
				return -1
			}
			return 1
		})
		top = slices.Insert(top, i, c)
		if len(top) > keep {
			top = top[:keep]
		}
	}
	if p.related > 0 {
		vt := wordVectors()
		for i := range qu.terms {
			qu.terms[i].row = vt.row(qu.terms[i].word)
		}
		for i := range top {
			ix.score(qu, &top[i], total, p, true)
		}
		slices.SortStableFunc(top, func(a, b candidate) int {
			if better(a, b) {
				return -1
			}
			if better(b, a) {
				return 1
			}
			return 0
		})
	}
	return top, total
}

// maxScored bounds the candidates scored for one question, taken in the
// order of the question's weight they hold themselves: in a large library
// the ones past it match too little of the question to come first.
const maxScored = 300

// better orders candidates: higher rank first, then the earlier sentence.
func better(a, b candidate) bool {
	return a.rank > b.rank || (a.rank == b.rank && a.sent < b.sent)
}

// upperBound is the most a candidate that matches c.direct of the
// question's weight itself can score.
func upperBound(c candidate, total float64, p params) float64 {
	return (c.direct+p.context*(total-c.direct))/total + p.phrase + p.kind
}

// score fills in c's rank and coverage (conf).
//
// Coverage is the share of the question's weight that the sentence
// matches: in full for its own words, in part for other forms of them,
// for words of its article's title, for words found beside it (the
// sentences either side, the article's lead) or elsewhere in its article,
// and, with related set, for words of like meaning in it; less a penalty
// when the sentence lacks the kind of answer asked for or only repeats the
// question. Rank adds the cues that tell apart sentences that match alike:
// the question's phrases, and the kind of answer it asks for close to its
// words (a date for when, a number for how many, a place for where,
// someone's words for what did X say).
func (ix *Index) score(qu *question, c *candidate, total float64, p params, related bool) {
	s := &ix.sents[c.sent]
	var levels, sims [maxQuestionTerms]float64
	for i, t := range qu.terms {
		switch {
		case c.mask&(1<<i) != 0:
			levels[i] = 1
		case c.soft&(1<<i) != 0:
			levels[i] = p.variant
		case t.id < 0 && t.alt < 0:
		case s.flags&fLeansBack != 0 && s.idx > 0 && t.in(ix.sents[c.sent-1].terms):
			// The answer's text takes in the sentence it leans on.
			levels[i] = 1
		case t.in(ix.arts[s.art].title):
			levels[i] = p.title
		case ix.beside(c.sent, &t):
			levels[i] = p.context
		case t.inArticle(ix, s.art):
			levels[i] = p.elsewhere
		}
		if !related {
			continue
		}
		if c.mask&(1<<i) != 0 {
			sims[i] = 1
			continue
		}
		if t.name || t.digit {
			// A name is one referent, not any of its kind: "France"
			// is not "Russia", "2019" not "2020".
			continue
		}
		sims[i] = float64(ix.similar(t.row, s.terms))
		if sims[i] >= p.minSim {
			levels[i] = max(levels[i], p.related*sims[i])
		}
	}
	matched := 0.0
	for g := range qu.groups {
		matched += qu.credit(g, func(i int) float64 { return levels[i] })
	}
	conf := matched / total
	if related {
		sim := 0.0
		for g := range qu.groups {
			sim += qu.credit(g, func(i int) float64 { return max(sims[i], 0) })
		}
		c.vsim = sim / total
	}
	rank := conf + p.phrase*phrase(qu, s)
	near := ix.kindNear(qu, s, c.mask)
	c.near = near
	switch qu.kind {
	case kindTime, kindQuantity, kindPlace, kindQuote:
		rank += p.kind * near
	}
	if near == 0 {
		conf -= p.missing
	}
	novel := 0
	for _, t := range s.terms {
		if !qu.hasID(t) {
			novel++
		}
	}
	if novel < 2 {
		rank -= p.echo
		conf -= p.echo
	}
	c.rank, c.conf = rank, max(conf, 0)
	if !related {
		c.plain = c.conf
	}
}

// similar is the highest cosine similarity between the word of vector row
// r and the words of terms.
func (ix *Index) similar(r int32, terms []int32) float32 {
	if r < 0 {
		return 0
	}
	vt := wordVectors()
	best := float32(0)
	for _, id := range terms {
		best = max(best, vt.cos(r, ix.row(vt, id)))
	}
	return best
}

// unknownRow marks a term whose vector row has not been looked up yet.
const unknownRow = -2

// row is the word-vector row of term id, looked up once.
func (ix *Index) row(vt *vectorTable, id int32) int32 {
	r := ix.rows[id].Load()
	if r == unknownRow {
		r = vt.row(ix.words[id])
		ix.rows[id].Store(r)
	}
	return r
}

// beside reports whether term t is in the context of sentence sid: the
// sentences either side of it or its article's lead.
func (ix *Index) beside(sid int32, t *qterm) bool {
	s := &ix.sents[sid]
	art := &ix.arts[s.art]
	if t.in(ix.sents[art.first].terms) {
		return true
	}
	if s.idx > 0 && t.in(ix.sents[sid-1].terms) {
		return true
	}
	next := sid + 1
	return int(next) < len(ix.sents) && ix.sents[next].art == s.art && t.in(ix.sents[next].terms)
}

// is reports whether term id is t or its variant.
func (t *qterm) is(id int32) bool { return id >= 0 && (id == t.id || id == t.alt) }

// in reports whether t is among ids.
func (t *qterm) in(ids []int32) bool {
	for _, id := range ids {
		if t.is(id) {
			return true
		}
	}
	return false
}

// inArticle reports whether article a holds t.
func (t *qterm) inArticle(ix *Index, a int32) bool {
	return (t.id >= 0 && hasArticle(ix.artPost[t.id], a)) || (t.alt >= 0 && hasArticle(ix.artPost[t.alt], a))
}

// phrase is the share of the question's word pairs (with at least one
// content word) that the sentence holds side by side, weighted by rarity:
// a question often copies a phrase of the sentence that answers it.
func phrase(qu *question, s *sentence) float64 {
	all, got := 0.0, 0.0
	for i := 0; i+1 < len(qu.seq); i++ {
		w := qu.seqWeight(i) + qu.seqWeight(i+1)
		if w == 0 {
			continue
		}
		if qu.sameName(i, i+1) {
			// The words of one name stand together wherever the whole
			// name is matched: a weaker sign than a copied phrase.
			w /= 2
		}
		all += w
		a, b := qu.seq[i], qu.seq[i+1]
		if a < 0 || b < 0 {
			continue
		}
		for j := 0; j+1 < len(s.words); j++ {
			if s.words[j] == a && s.words[j+1] == b {
				got += w
				break
			}
		}
	}
	if all == 0 {
		return 0
	}
	return got / all
}

// sameName reports whether the question's i-th and j-th words belong to
// one name.
func (qu *question) sameName(i, j int) bool {
	a, b := qu.seqTerm[i], qu.seqTerm[j]
	if a < 0 || b < 0 {
		return false
	}
	for _, g := range qu.groups {
		if len(g) > 1 && slices.Contains(g, a) && slices.Contains(g, b) {
			return true
		}
	}
	return false
}

// seqWeight is the weight of the question's i-th word: its term's weight,
// or 0 for a stop word.
func (qu *question) seqWeight(i int) float64 {
	if t := qu.seqTerm[i]; t >= 0 {
		return qu.terms[t].weight
	}
	return 0
}

func (qu *question) hasID(id int32) bool {
	for i := range qu.terms {
		if qu.terms[i].is(id) {
			return true
		}
	}
	return false
}

// kindNear looks in s for an item of the kind the question asks for that
// the question does not name itself: a name for who, a date for when, a
// place for where, a number for how many, a cause for why. It returns 1
// for such an item next to a word of the question, less as it lies
// farther away, and 0 when s has none. Questions of no particular kind
// score 1.
func (ix *Index) kindNear(qu *question, s *sentence, mask uint32) float64 {
	var items []int16
	switch qu.kind {
	case kindName:
		items = s.ents
	case kindTime:
		items = s.dates
	case kindPlace:
		items = s.places
		if len(items) == 0 {
			items = s.ents
		}
	case kindQuantity:
		items = s.nums
	case kindReason:
		if s.flags&fReason != 0 {
			return 1
		}
		return 0
	case kindQuote:
		if s.flags&(fQuote|fSpeech) != 0 {
			return 1
		}
		return 0
	default:
		return 1
	}
	// Consecutive items make one ("Super Bowl V", "February 7, 2016");
	// one the question names in part is not new.
	best := 0.0
	for a := 0; a < len(items); {
		b := a + 1
		for b < len(items) && items[b] <= items[b-1]+2 {
			b++
		}
		named := false
		for _, pos := range items[a:b] {
			named = named || qu.words[ix.names[s.words[pos]]]
		}
		if !named {
			for j, w := range s.words {
				if !qu.matches(mask, w) {
					continue
				}
				if s.clause[j] == s.clause[items[a]] || s.clause[j] == s.clause[items[b-1]] {
					return 1
				}
				d := min(abs(j-int(items[a])), abs(j-int(items[b-1])))
				best = max(best, 1/float64(1+d))
			}
		}
		a = b
	}
	return best
}

// matches reports whether id is a question term in mask.
func (qu *question) matches(mask uint32, id int32) bool {
	for i := range qu.terms {
		if qu.terms[i].is(id) {
			return mask&(1<<i) != 0
		}
	}
	return false
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func hasArticle(arts []int32, a int32) bool {
	_, ok := slices.BinarySearch(arts, a)
	return ok
}

// variants appends to vars the other forms of t's word that the library
// holds: the stems that begin with t's, and those t's begins with (see
// minVariant). "treat" finds "treatment", "european" finds "europ".
func (ix *Index) variants(t *qterm, vars []int32) []int32 {
	if !plainStem(t.stem) || len(t.stem) < minVariant {
		return vars
	}
	add := func(id int32) {
		if id != t.id && id != t.alt && len(ix.post[id]) > 0 && !contains(vars, id) {
			vars = append(vars, id)
		}
	}
	for _, id := range ix.ext[t.stem] {
		add(id)
	}
	for k := len(t.stem) - 1; k >= minVariant && k >= len(t.stem)-maxVariantExt; k-- {
		if id, ok := ix.vocab[t.stem[:k]]; ok {
			add(id)
		}
	}
	return vars
}

// A hit is a sentence and what it holds of one question term: kind 1 the
// term itself, 2 a variant.
type hit struct {
	sid  int32
	term uint8
	kind uint8
}

// scratch is the memory one question's ranking works in, reused.
type scratch struct {
	hits []hit
	list []candidate
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// maxPostings bounds the postings read to find candidates: the question's
// terms are taken rarest first, and a term whose postings would pass the
// bound (a common word in a large library) only weighs the sentences the
// rarer terms found, and finds none of its own. The rarest term is always
// read in full.
const maxPostings = 1000

// candidates lists the sentences that hold a question term or a variant of
// one, with what they hold.
func (ix *Index) candidates(qu *question, p params, sc *scratch) []candidate {
	type src struct {
		term int
		n    int
	}
	srcs := make([]src, 0, len(qu.terms))
	for i, t := range qu.terms {
		n := 0
		for _, id := range [2]int32{t.id, t.alt} {
			if id >= 0 {
				n += len(ix.post[id])
			}
		}
		for _, id := range t.vars {
			n += len(ix.post[id])
		}
		if n > 0 {
			srcs = append(srcs, src{i, n})
		}
	}
	slices.SortFunc(srcs, func(a, b src) int { return cmp.Compare(a.n, b.n) })
	hits := sc.hits[:0]
	defer func() { sc.hits = hits[:0] }()
	read := 0
	var unread []int // terms whose postings were not read
	for k, sr := range srcs {
		if k > 0 && read+sr.n > maxPostings {
			for _, rest := range srcs[k:] {
				unread = append(unread, rest.term)
			}
			break
		}
		read += sr.n
		t := &qu.terms[sr.term]
		for _, id := range [2]int32{t.id, t.alt} {
			if id >= 0 {
				for _, sid := range ix.post[id] {
					hits = append(hits, hit{sid, uint8(sr.term), 1})
				}
			}
		}
		for _, id := range t.vars {
			for _, sid := range ix.post[id] {
				hits = append(hits, hit{sid, uint8(sr.term), 2})
			}
		}
	}
	slices.SortFunc(hits, func(a, b hit) int { return cmp.Compare(a.sid, b.sid) })
	list := sc.list[:0]
	defer func() { sc.list = list[:0] }()
	for i := 0; i < len(hits); {
		sid := hits[i].sid
		var mask, soft uint32
		for ; i < len(hits) && hits[i].sid == sid; i++ {
			if hits[i].kind == 1 {
				mask |= 1 << hits[i].term
			} else {
				soft |= 1 << hits[i].term
			}
		}
		terms := ix.sents[sid].terms
		for _, ti := range unread {
			t := &qu.terms[ti]
			switch {
			case t.in(terms):
				mask |= 1 << ti
			case len(t.vars) > 0 && slices.ContainsFunc(terms, func(id int32) bool { return slices.Contains(t.vars, id) }):
				soft |= 1 << ti
			}
		}
		soft &^= mask
		list = append(list, candidate{sent: sid, mask: mask, soft: soft, direct: qu.directWeight(mask, soft, p)})
	}
	return list
}

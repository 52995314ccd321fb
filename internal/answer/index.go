// Package answer finds the sentence of a library of articles that answers
// a question; when it is not sure, the passages that come closest; and
// when nothing in the library touches the question, nothing.
//
// An Index holds the articles' cleaned sentences as stemmed terms, with
// postings lists at sentence and article level. Ask weighs the question's
// words by rarity (BM25's idf over the library's sentences, backed by the
// sentence frequencies of general news text while the library is small;
// a capitalised name counts once), takes the sentences that hold the rarest
// of them, or another form of one ("treatment" for "treat"), from the
// postings, and scores each by the share of the question's weight it
// matches (its coverage): fully for its own words, most for another form of
// a word or a word of its article's title (what the whole article is
// about), half for words in the sentences beside it or the article's lead,
// a quarter for words elsewhere in its article. Ties are told apart by the
// question's word pairs found side by side and by the kind of answer the
// question asks for (a date for when, a number for how many, a place for
// where, someone's words for what did X say) close to its words. A sentence
// that only repeats the question, or lacks the kind of answer asked for,
// loses coverage. The best few are weighed again with word vectors
// (vectors.go): a question word a sentence lacks counts in part when the
// sentence holds a word of like meaning. The confidence (confidence.go) is
// a fitted estimate of the chance that the best sentence is right: at
// Threshold or above Ask answers; below it, when the question's own words
// cover at least Plausible of it, Ask shows the closest passages instead;
// otherwise it finds nothing. An answer is the best sentence, with the one
// before it when it leans on it ("He said ...").
package answer

import (
	"strings"
	"sync"
	"sync/atomic"

	"brief/internal/brief"
)

// An Index is a searchable library of articles. Add articles with Add; Ask
// may be called from several goroutines at once, also while articles are
// being added. The zero Index is an empty library.
type Index struct {
	mu sync.RWMutex

	vocab map[string]int32 // stem → term id
	names []string         // term id → stem
	words []string         // term id → the first word seen with that stem, for its vector
	// rows caches each term's word-vector row, looked up on first use
	// (unknownRow until then): readers fill it under the read lock, so
	// each element is read and written atomically.
	rows []atomic.Int32
	// post[t] lists the sentences (global ids) holding content term t, in
	// order; artPost[t] the articles.
	post    [][]int32
	artPost [][]int32

	// ext maps the beginning of a stem to the longer stems that begin
	// with it: "treat" to "treatment", "europ" to "european".
	ext map[string][]int32

	sents []sentence
	arts  []article

	stems stemmer
	buf   []token
	seen  map[int32]bool
}

// maxSentenceWords bounds the words indexed of one sentence; a longer run
// of text is not a sentence but debris, and is indexed only in part.
const maxSentenceWords = 400

// A sentence is what the answerer keeps of one article sentence.
type sentence struct {
	art    int32   // article id
	idx    int32   // index in the article's Sentences
	words  []int32 // every word, in order
	clause []uint8 // the clause of each word: punctuation separates clauses
	terms  []int32 // content terms, in order
	// Positions in words of the items that answer questions of each kind.
	ents   []int16 // words of capitalised names
	places []int16 // places: names introduced as such ("in X", "X County") and place nouns ("the city")
	nums   []int16 // numbers and quantities
	dates  []int16 // dates and times
	flags  uint8
}

const (
	fReason    uint8 = 1 << iota // a cause or purpose clause
	fLeansBack                   // opens with a word referring back (he, this, the city)
	fQuote                       // quotes someone
	fSpeech                      // reports speech (said, told, warned)
)

type article struct {
	a     *brief.Article
	first int32   // global id of its first sentence
	title []int32 // content terms of the title
}

// NewIndex returns an index of the given articles.
func NewIndex(arts ...*brief.Article) *Index {
	ix := &Index{vocab: make(map[string]int32), stems: make(stemmer), seen: make(map[int32]bool)}
	for _, a := range arts {
		ix.Add(a)
	}
	return ix
}

// Len returns the number of articles in the index.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.arts)
}

// Add indexes an article's cleaned sentences and title. A nil article or
// one without sentences is ignored.
func (ix *Index) Add(a *brief.Article) {
	if a == nil || len(a.Sentences) == 0 {
		return
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.vocab == nil {
		ix.vocab = make(map[string]int32)
		ix.stems = make(stemmer)
	}
	if ix.seen == nil {
		ix.seen = make(map[int32]bool)
	}
	aid := int32(len(ix.arts))
	art := article{a: a, first: int32(len(ix.sents))}
	ix.buf = tokenize(a.Title, ix.buf[:0])
	for _, tk := range ix.buf {
		if !isContent(tk.Lower) {
			continue
		}
		id := ix.intern(ix.stems.stem(tk.Lower), tk.Lower)
		if !contains(art.title, id) {
			art.title = append(art.title, id)
		}
	}
	ix.arts = append(ix.arts, art)
	for i, s := range a.Sentences {
		ix.addSentence(aid, int32(i), s)
	}
}

// intern returns the term id of a stem, which word has.
func (ix *Index) intern(stem, word string) int32 {
	if id, ok := ix.vocab[stem]; ok {
		return id
	}
	id := int32(len(ix.post))
	ix.vocab[stem] = id
	if plainStem(stem) {
		if ix.ext == nil {
			ix.ext = make(map[string][]int32)
		}
		for k := max(minVariant, len(stem)-maxVariantExt); k < len(stem); k++ {
			ix.ext[stem[:k]] = append(ix.ext[stem[:k]], id)
		}
	}
	ix.names = append(ix.names, stem)
	ix.words = append(ix.words, strings.Clone(word))
	ix.rows = append(ix.rows, atomic.Int32{})
	ix.rows[id].Store(unknownRow)
	ix.post = append(ix.post, nil)
	ix.artPost = append(ix.artPost, nil)
	return id
}

func (ix *Index) addSentence(aid, idx int32, text string) {
	toks := tokenize(text, ix.buf[:0])
	ix.buf = toks
	toks = toks[:min(len(toks), maxSentenceWords)]
	sid := int32(len(ix.sents))
	s := sentence{art: aid, idx: idx}
	ids := make([]int32, len(toks))
	for i, tk := range toks {
		ids[i] = ix.intern(ix.stems.stem(tk.Lower), tk.Lower)
	}
	s.words = ids
	s.clause = make([]uint8, len(toks))
	cl := uint8(0)
	for i, tk := range toks {
		if tk.Break && cl < 255 {
			cl++
		}
		s.clause[i] = cl
	}
	s.terms = make([]int32, 0, len(toks))
	for i, tk := range toks {
		if !isContent(tk.Lower) {
			continue
		}
		s.terms = append(s.terms, ids[i])
	}
	s.ents, s.places, s.nums, s.dates, s.flags = features(toks, text)
	if idx > 0 && len(toks) > 1 && toks[0].Lower == "the" && !toks[1].Cap && isContent(toks[1].Lower) &&
		contains(ix.sents[sid-1].terms, ids[1]) {
		// "The city was also ..." after a sentence about a city.
		s.flags |= fLeansBack
	}
	ix.sents = append(ix.sents, s)

	clear(ix.seen)
	for _, t := range s.terms {
		if ix.seen[t] {
			continue
		}
		ix.seen[t] = true
		ix.post[t] = append(ix.post[t], sid)
		if ap := ix.artPost[t]; len(ap) == 0 || ap[len(ap)-1] != aid {
			ix.artPost[t] = append(ap, aid)
		}
	}
}

// features finds the items of a sentence that answer questions of a kind
// (names, places, numbers, dates, as positions in toks) and its cues of
// reasons, speech and quotes.
func features(toks []token, text string) (ents, places, nums, dates []int16, flags uint8) {
	for i, tk := range toks {
		w := tk.Lower
		isName := tk.Cap && !brief.IsStopWord(w) && !timeWords[w]
		if isName && tk.First {
			// A capitalised first word is a name only when another
			// capitalised word follows it ("Kim Jong Un", not "Citing").
			isName = i+1 < len(toks) && toks[i+1].Cap && !brief.IsStopWord(toks[i+1].Lower)
		}
		if isName {
			ents = append(ents, int16(i))
			if placeLike(toks, i) {
				places = append(places, int16(i))
			}
		}
		switch {
		case tk.Digit && (isYear(w) || yearContext(toks, i)), timeWords[w] && (w != "may" || tk.Cap) && (w != "march" || tk.Cap):
			dates = append(dates, int16(i))
		case tk.Digit && isOrdinalNumber(w) && i+1 < len(toks) && timeWords[toks[i+1].Lower]:
			dates = append(dates, int16(i))
		}
		if tk.Digit || numberWords[w] {
			nums = append(nums, int16(i))
		}
		if reasonCues[w] {
			flags |= fReason
		}
		if speechVerbs[w] {
			flags |= fSpeech
		}
		if placeNouns[w] && !tk.Cap {
			// "the location", "the city": a place, named or not.
			places = append(places, int16(i))
		}
	}
	if len(toks) > 0 && backRefs[toks[0].Lower] {
		flags |= fLeansBack
	}
	if hasQuote(text) {
		flags |= fQuote
	}
	return ents, places, nums, dates, flags
}

// yearContext reports whether the number at toks[i] is used as a year:
// "in 911", "since 880", "1066 AD".
func yearContext(toks []token, i int) bool {
	w := strings.TrimSuffix(toks[i].Lower, "s")
	if len(w) < 3 || len(w) > 4 {
		return false
	}
	for j := 0; j < len(w); j++ {
		if w[j] < '0' || w[j] > '9' {
			return false
		}
	}
	if i > 0 && yearPreps[toks[i-1].Lower] {
		return true
	}
	return i+1 < len(toks) && eraWords[toks[i+1].Lower]
}

// placeLike reports whether the name at toks[i] is introduced as a place:
// after a locative ("in Paris", "at the Louvre", "from New York") or
// beside a place noun ("the city of X", "X County").
func placeLike(toks []token, i int) bool {
	// Walk back over the rest of a multi-word name.
	j := i
	for j > 0 && toks[j-1].Cap && !brief.IsStopWord(toks[j-1].Lower) {
		j--
	}
	if j > 0 && toks[j-1].Lower == "the" {
		j--
	}
	if j > 0 {
		p := toks[j-1].Lower
		if locatives[p] {
			return true
		}
		if p == "of" && j > 1 && placeNouns[toks[j-2].Lower] {
			return true
		}
	}
	for k := i + 1; k < len(toks) && k <= i+2; k++ {
		if placeNouns[toks[k].Lower] {
			return true
		}
		if !toks[k].Cap {
			break
		}
	}
	return false
}

func hasQuote(s string) bool {
	for _, r := range s {
		switch r {
		case '"', '“', '”', '‘':
			return true
		}
	}
	return false
}

func contains(ids []int32, id int32) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// Variants: two stems of which one begins with the other, the shorter of
// at least minVariant letters and the longer at most maxVariantExt longer,
// are forms of one word that the stemmer kept apart ("treat" and
// "treatment", "europ" and "european", "medic" and "medicin").
const (
	minVariant    = 5
	maxVariantExt = 4
)

// plainStem reports whether a stem is lower-case ASCII letters.
func plainStem(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

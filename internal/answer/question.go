package answer

import (
	"strings"

	"brief/internal/brief"
)

// A kind is the kind of information a question asks for.
type kind uint8

const (
	kindAny      kind = iota
	kindName          // who: a person or an organisation
	kindTime          // when: a date or a time
	kindPlace         // where: a place
	kindQuantity      // how many, how much: a number
	kindReason        // why: a cause or a purpose
	kindManner        // how: a means or a way
	kindQuote         // what did X say: someone's words
)

var kindNames = [...]string{"any", "name", "time", "place", "quantity", "reason", "manner", "quote"}

func (k kind) String() string { return kindNames[k] }

var (
	// quantityHeads follow "how" or "what" in questions about amounts.
	quantityHeads = setOf(`many much long far old big large tall high often fast deep wide heavy
		percentage percent number amount proportion share size population rate price cost costs
		distance length height weight temperature speed value total`)
	timeHeads = setOf(`year years date day days time month months century centuries decade decades
		period era age season week`)
	nameHeads = setOf(`person people man woman men women company companies team group organization
		organisation player leader president king queen author individual firm band`)
)

// A question is what Ask needs to know of a question: its content terms,
// weighted, and the kind of answer it wants.
type question struct {
	kind  kind
	terms []qterm
	// groups lists the concepts of the question, each as the indices of
	// its terms: one term, or the words of a capitalised name.
	groups [][]int
	words  map[string]bool // stems of every word of the question
	// stems are the question's words in order, stemmed; seq their term
	// ids (-1 when unknown) and seqTerm the index in terms (-1 for stop
	// words).
	stems   []string
	seq     []int32
	seqTerm []int
}

type qterm struct {
	stem   string
	word   string  // the word as asked, lower-case
	row    int32   // its word vector (noVector when none; set by rank)
	id     int32   // -1 when no article has the term
	alt    int32   // a variant of a name ("Korean" for "Korea"), or -1
	vars   []int32 // other forms of the word ("treatment" for "treat"), matched in part
	name   bool    // from a capitalised word
	digit  bool    // holds a digit
	weight float64
}

// maxQuestionTerms bounds the terms taken from one question.
const maxQuestionTerms = 32

// parseQuestion reads the kind and the terms of a question. stem stems a
// lower-case word.
func parseQuestion(q string, stem func(string) string) question {
	toks := tokenize(q, nil)
	if len(toks) > 4*maxQuestionTerms {
		toks = toks[:4*maxQuestionTerms]
	}
	var qu question
	qu.words = make(map[string]bool, len(toks))
	// head is the index of the word naming the answer's kind ("year" in "what year").
	var head int
	qu.kind, head = askedKind(toks)
	prevName := -1 // group of the capitalised name the previous word belongs to
	for i, tk := range toks {
		st := stem(tk.Lower)
		qu.words[st] = true
		qu.stems = append(qu.stems, st)
		qu.seqTerm = append(qu.seqTerm, -1)
		if !isContent(tk.Lower) {
			prevName = -1
			continue
		}
		w := 1.0
		if i == head {
			// "many" in "how many" asks, it does not describe; "year"
			// in "what year" names the kind of answer, which the
			// answer need not repeat.
			if qu.kind == kindQuantity && toks[i-1].Lower == "how" {
				prevName = -1
				continue
			}
			w = 0.5
		}
		ti := -1
		for j, t := range qu.terms {
			if t.stem == st {
				ti = j
				break
			}
		}
		if ti < 0 {
			if len(qu.terms) >= maxQuestionTerms {
				continue
			}
			ti = len(qu.terms)
			qu.terms = append(qu.terms, qterm{stem: st, word: tk.Lower, row: noVector, id: -1, alt: -1, name: tk.Cap && i > 0, digit: tk.Digit, weight: w})
			// Capitalised words in a row, and a number closing them
			// ("Super Bowl 50"), make one name.
			joins := prevName >= 0 && (tk.Cap || tk.Digit)
			if joins {
				qu.groups[prevName] = append(qu.groups[prevName], ti)
			} else {
				qu.groups = append(qu.groups, []int{ti})
				prevName = -1
				if i > 0 && tk.Cap {
					prevName = len(qu.groups) - 1
				}
			}
		} else {
			prevName = -1
		}
		qu.seqTerm[i] = ti
	}
	return qu
}

// askedKind reads the kind of answer a question asks for from its first
// question word ("who", "when", "how many", "what year", ...), and the
// index of the word after it that names the kind ("year"), or -1.
func askedKind(toks []token) (k kind, head int) {
	head = -1
	for i, tk := range toks {
		k = kindAny
		switch tk.Lower {
		case "who", "whom", "whose":
			k = kindName
		case "when":
			k = kindTime
		case "where":
			k = kindPlace
		case "why":
			k = kindReason
		case "how":
			k = kindManner
			if i+1 < len(toks) && quantityHeads[toks[i+1].Lower] {
				k, head = kindQuantity, i+1
			}
		case "what", "which":
			k = kindAny
			j := i + 1
			for j < len(toks) && j <= i+2 && brief.IsStopWord(toks[j].Lower) {
				j++
			}
			if j < len(toks) && !toks[j].Cap {
				switch w := toks[j].Lower; {
				case timeHeads[w]:
					k, head = kindTime, j
				case placeNouns[w]:
					k, head = kindPlace, j
				case quantityHeads[w]:
					k, head = kindQuantity, j
				case nameHeads[w]:
					k, head = kindName, j
				}
			}
		default:
			continue
		}
		if k == kindAny || k == kindManner {
			// "What did the minister say?" asks for someone's words.
			for _, tk := range toks[i+1:] {
				if speechVerbs[tk.Lower] {
					return kindQuote, head
				}
			}
		}
		return k, head
	}
	return kindAny, -1
}

// isContent reports whether a lower-case word carries content. It follows
// brief.IsStopWord, except for "won", which brief drops as in "won't" but
// which questions ask about ("who won").
func isContent(w string) bool {
	return w == "won" || !brief.IsStopWord(w)
}

// nameVariant is the form a name's stem takes as an adjective or a
// demonym, or the name a demonym comes from: korea ↔ korean,
// russia ↔ russian, america ↔ american.
func nameVariant(stem string) string {
	if strings.HasSuffix(stem, "n") && len(stem) > 5 {
		return stem[:len(stem)-1]
	}
	return stem + "n"
}

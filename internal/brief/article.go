package brief

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// MaxArticleBytes bounds the size of one article file. News articles are a
// few kilobytes; anything near this is not an article.
const MaxArticleBytes = 2 << 20

// An Article is one news story: its metadata and its cleaned sentences.
type Article struct {
	Path   string // file path as given or found; may be empty
	Title  string // from the file; empty when it has none
	Source string // publisher
	Date   string // YYYY-MM-DD when known
	URL    string

	// Sentences are the cleaned sentences of the body, in order. Key points
	// and answers refer to them by index.
	Sentences []string
	// Paras gives, for each sentence, the index of its paragraph
	// (negative for facts kept from photo captions: see IsCaption).
	Paras []int

	// prep is what cleaning learned of each sentence (its words and
	// terms), so that briefing it does not read the text again; nil for
	// articles made otherwise (loaded from a store).
	prep *prepared
}

// prepared holds the words and stemmed terms of an article's sentences.
type prepared struct {
	words, terms [][]string
	proper       map[string]bool // lower-case words capitalised mid-sentence
}

// ID is a short, stable identifier of the article's content.
func (a *Article) ID() string { return a.Hash()[:8] }

// Hash is the hex SHA-256 of the article's cleaned text: the same story
// arriving twice has the same hash.
func (a *Article) Hash() string {
	h := sha256.New()
	for _, s := range a.Sentences {
		h.Write([]byte(s))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Text returns the cleaned body, one paragraph per block.
func (a *Article) Text() string {
	var b strings.Builder
	for i, s := range a.Sentences {
		if i > 0 {
			if a.Paras[i] != a.Paras[i-1] {
				b.WriteString("\n\n")
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(s)
	}
	return b.String()
}

// Errors returned by FromText and CheckText; callers may test for them with errors.Is.
var (
	ErrEmpty    = errors.New("file is empty")
	ErrTooLarge = fmt.Errorf("article is larger than %d MB", MaxArticleBytes>>20)
	ErrBinary   = errors.New("file is binary, not text")
	ErrEncoding = errors.New("file is not UTF-8 text")
	ErrNoBody   = errors.New("article has no body text")
)

// FromText makes an article from metadata and a plain-text body, cleaned
// as any article file is: the way in for text that comes from elsewhere
// (a web page's extracted text, a feed item). meta's Sentences and Paras
// are ignored. The body must be non-empty UTF-8 of at most MaxArticleBytes.
func FromText(meta Article, body string) (*Article, error) {
	if err := CheckText([]byte(body)); err != nil {
		return nil, err
	}
	a := meta
	a.Title = strings.Join(strings.Fields(a.Title), " ")
	a.Source = strings.Join(strings.Fields(a.Source), " ")
	a.Sentences, a.Paras, a.prep = cleanOrKeep(strings.ReplaceAll(body, "\r\n", "\n"))
	if len(a.Sentences) == 0 {
		return nil, ErrNoBody
	}
	return &a, nil
}

// cleanOrKeep cleans body; when cleaning leaves nothing of a text that has
// words (a story the cleaner took for furniture from end to end), the text
// is kept as it is, one paragraph, rather than refused.
func cleanOrKeep(body string) ([]string, []int, *prepared) {
	c := clean(body)
	sents, paras := c.sentences, c.paras
	if len(sents) > 0 {
		return sents, paras, &prepared{words: c.words, terms: c.terms, proper: c.proper}
	}
	for _, s := range SplitSentences(strings.Join(strings.Fields(StripInvisible(body)), " ")) {
		if hasWords(s) {
			sents = append(sents, s)
			paras = append(paras, 0)
		}
	}
	return sents, paras, nil
}

// EndsSentence reports whether a line ends as a sentence does (a full
// stop, question or exclamation mark or ellipsis, closing quotes and
// brackets aside), as the sentence splitter reads it: readers of article
// files use it to tell a title line from the body.
func EndsSentence(line string) bool { return endsTerminal(line) }

// MoreWordsThan reports whether s has more than limit words separated by
// spaces, tabs or newlines, as cleaning counts them.
func MoreWordsThan(s string, limit int) bool { return wordCountOver(s, limit) }

// CheckText refuses what is not the text of an article: too large, empty,
// binary or not UTF-8. Readers of article files check a file's bytes with
// it before they take its body apart.
func CheckText(data []byte) error {
	if len(data) > MaxArticleBytes {
		return ErrTooLarge
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return ErrEmpty
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return ErrBinary
	}
	if !utf8.Valid(data) {
		return ErrEncoding
	}
	ctrl := 0
	for _, c := range data {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			ctrl++
		}
	}
	if ctrl > len(data)/100+2 {
		return ErrBinary
	}
	return nil
}

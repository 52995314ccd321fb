package answer

import (
	"strings"

	"brief/internal/brief"
)

// token is a word of a sentence, as the briefing core tokenizes it.
type token = brief.Token

// tokenize splits s into tokens, in order (brief.Tokenize).
func tokenize(s string, out []token) []token { return brief.Tokenize(s, out) }

// A stemmer stems words through a cache: the same few thousand words come
// back in every article.
type stemmer map[string]string

func (c stemmer) stem(w string) string {
	if b, ok := irregular[w]; ok {
		w = b
	}
	if len(w) <= 3 {
		return w
	}
	if s, ok := c[w]; ok {
		return s
	}
	s := brief.Stem(w)
	if len(c) < maxStemCache {
		c[strings.Clone(w)] = s
	}
	return s
}

// maxStemCache bounds the stem cache; words past it are stemmed each time.
const maxStemCache = 1 << 18

package brief

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
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
	// (CaptionPara for facts kept from photo captions).
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

// Errors returned by Parse; callers may test for them with errors.Is.
var (
	ErrEmpty    = errors.New("file is empty")
	ErrTooLarge = fmt.Errorf("article is larger than %d MB", MaxArticleBytes>>20)
	ErrBinary   = errors.New("file is binary, not text")
	ErrEncoding = errors.New("file is not UTF-8 text")
	ErrNoBody   = errors.New("article has no body text")
	ErrFormat   = errors.New("unsupported file type (want .txt or .md)")
)

// Parse reads an article file's bytes. The format follows the file's
// extension: .md has YAML front matter (title, source, url, date); .txt has
// an optional "date YYYY-MM-DD <publisher>" first line or a title line.
func Parse(path string, data []byte) (*Article, error) {
	if err := checkText(data); err != nil {
		return nil, err
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	text = strings.TrimPrefix(text, "\uFEFF")
	a := &Article{Path: path}
	var body string
	switch strings.ToLower(filepath.Ext(path)) {
	case ".md", ".markdown":
		var err error
		body, err = parseMarkdown(a, text)
		if err != nil {
			return nil, err
		}
	case ".txt", ".text", "":
		body = parsePlain(a, text)
	default:
		return nil, ErrFormat
	}
	a.Sentences, a.Paras, a.prep = cleanOrKeep(body)
	if len(a.Sentences) == 0 {
		return nil, ErrNoBody
	}
	return a, nil
}

// FromText makes an article from metadata and a plain-text body, cleaned
// as any article file is: the way in for text that comes from elsewhere
// (a web page's extracted text, a feed item). meta's Sentences and Paras
// are ignored. The body must be non-empty UTF-8 of at most MaxArticleBytes.
func FromText(meta Article, body string) (*Article, error) {
	if err := checkText([]byte(body)); err != nil {
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

// CanParse reports whether Parse understands files with this name, so that
// folder walks pick only article files.
func CanParse(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".md", ".markdown", ".txt", ".text":
		return true
	}
	return false
}

func checkText(data []byte) error {
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

var dateLine = regexp.MustCompile(`^date\s+(\d{4}-\d{2}-\d{2})\b\s*(.*)$`)

func parsePlain(a *Article, text string) string {
	text = strings.TrimLeft(text, " \t\n")
	first, rest, _ := strings.Cut(text, "\n")
	first = strings.TrimSpace(first)
	if m := dateLine.FindStringSubmatch(first); m != nil {
		a.Date = m[1]
		a.Source = publisherName(m[2])
		text = rest
		first, rest, _ = strings.Cut(strings.TrimLeft(text, " \t\n"), "\n")
		first = strings.TrimSpace(first)
	}
	if isTitleLine(first, rest) {
		a.Title = first
		return rest
	}
	return text
}

// isTitleLine: a short first line with no final period, followed by a
// body. A file of one short line without a final period is a title with no
// body; a long line on its own is a whole article flattened onto one line.
func isTitleLine(first, rest string) bool {
	if first == "" || strings.TrimSpace(rest) == "" {
		return first != "" && !endsTerminal(first) && !wordCountOver(first, 20)
	}
	if len(strings.Fields(first)) > 20 || len(first) > 200 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(first)
	return r != '.' && r != ','
}

// publisherName drops a site's tag line: "Daily News – Breaking headlines"
// is published by "Daily News".
func publisherName(s string) string {
	s = strings.TrimSpace(s)
	for _, sep := range []string{" – ", " — ", " | ", " - "} {
		if i := strings.Index(s, sep); i > 0 {
			s = strings.TrimSpace(s[:i])
		}
	}
	return s
}

type frontMatter struct {
	Title  string `yaml:"title"`
	Source string `yaml:"source"`
	URL    string `yaml:"url"`
	Date   string `yaml:"date"`
}

func parseMarkdown(a *Article, text string) (string, error) {
	body := text
	if strings.HasPrefix(text, "---\n") {
		head, rest, ok := strings.Cut(text[4:], "\n---")
		if !ok {
			return "", errors.New("front matter is not closed by a --- line")
		}
		var fm frontMatter
		if err := yaml.Unmarshal([]byte(head), &fm); err != nil {
			return "", fmt.Errorf("front matter: %s", firstLine(err.Error()))
		}
		a.Title = strings.TrimSpace(fm.Title)
		a.Source = strings.TrimSpace(fm.Source)
		a.URL = strings.TrimSpace(fm.URL)
		if fm.Date != "" {
			d, err := parseDate(fm.Date)
			if err != nil {
				return "", fmt.Errorf("front matter: date %q: want YYYY-MM-DD", fm.Date)
			}
			a.Date = d
		}
		_, body, _ = strings.Cut(rest, "\n")
	}
	title, body := markdownText(body)
	if a.Title == "" {
		a.Title = title
	}
	return body, nil
}

func parseDate(s string) (string, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", time.RFC3339, "2006-01-02 15:04:05", "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02"), nil
		}
	}
	return "", errors.New("bad date")
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

var (
	mdImage    = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`)
	mdLink     = regexp.MustCompile(`\[([^\]]+)\]\([^)]*\)`)
	mdEmphasis = regexp.MustCompile(`(\*\*|__|\*|\b_)([^*_\n]+)(\*\*|__|\*|_\b)`)
	mdList     = regexp.MustCompile(`^\s*([-*+]|\d+[.)])\s+`)
)

// markdownText reduces Markdown to plain paragraphs; a leading "# " heading
// becomes the title.
func markdownText(md string) (title, body string) {
	var out []string
	for _, line := range strings.Split(md, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "#") {
			h := strings.TrimSpace(strings.TrimLeft(t, "#"))
			if title == "" && strings.HasPrefix(t, "# ") && len(out) == 0 {
				title = h
				continue
			}
			// Sub-headings are signposts, not sentences of the story.
			out = append(out, "")
			continue
		}
		if strings.HasPrefix(t, "```") || t == "---" || t == "***" {
			out = append(out, "")
			continue
		}
		t = strings.TrimSpace(strings.TrimLeft(t, ">"))
		t = mdList.ReplaceAllString(t, "")
		t = mdImage.ReplaceAllString(t, "")
		t = mdLink.ReplaceAllString(t, "$1")
		t = mdEmphasis.ReplaceAllString(t, "$2")
		out = append(out, t)
	}
	return title, strings.Join(out, "\n")
}

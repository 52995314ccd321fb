// Package articlefile reads article files: plain text (.txt, with an
// optional "date YYYY-MM-DD <publisher>" first line or a title line),
// Markdown with YAML front matter (.md) and saved web pages (.html), from
// files, folders and the service's articles folder, which it reads again
// for what is new or changed. The articles themselves are made, cleaned,
// by brief.FromText; web pages go through the same extractor as /brief add.
package articlefile

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goccy/go-yaml"

	"brief/internal/brief"
)

// ErrFormat is returned by Parse for a file type it does not read, and by
// ReadFile for one that is not an article file at all.
var ErrFormat = errors.New("unsupported file type (want .txt, .md or .html)")

// Parse reads an article file's bytes. The format follows the file's
// extension: .md has YAML front matter (title, source, url, date); .txt has
// an optional "date YYYY-MM-DD <publisher>" first line or a title line.
// Its errors are brief's (brief.ErrEmpty, brief.ErrTooLarge, ...),
// ErrFormat, or a front matter that cannot be read.
func Parse(path string, data []byte) (*brief.Article, error) {
	if err := brief.CheckText(data); err != nil {
		return nil, err
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	text = strings.TrimPrefix(text, "\uFEFF")
	meta := brief.Article{Path: path}
	var body string
	switch strings.ToLower(filepath.Ext(path)) {
	case ".md", ".markdown":
		var err error
		body, err = parseMarkdown(&meta, text)
		if err != nil {
			return nil, err
		}
	case ".txt", ".text", "":
		body = parsePlain(&meta, text)
	default:
		return nil, ErrFormat
	}
	if strings.TrimSpace(body) == "" {
		return nil, brief.ErrNoBody // a title, or front matter, and nothing more
	}
	a, err := brief.FromText(meta, body)
	if err != nil {
		return nil, err
	}
	// A file's title and publisher are kept as the file writes them.
	a.Title, a.Source = meta.Title, meta.Source
	return a, nil
}

// CanParse reports whether Parse understands files with this name.
func CanParse(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".md", ".markdown", ".txt", ".text":
		return true
	}
	return false
}

var dateLine = regexp.MustCompile(`^date\s+(\d{4}-\d{2}-\d{2})\b\s*(.*)$`)

func parsePlain(a *brief.Article, text string) string {
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
		return first != "" && !brief.EndsSentence(first) && !brief.MoreWordsThan(first, 20)
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

func parseMarkdown(a *brief.Article, text string) (string, error) {
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

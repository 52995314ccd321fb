// Package extract reduces web pages and HTML fragments to article text:
// HTML finds a page's story with a readability extractor
// (codeberg.org/readeck/go-readability/v2) and its title, publisher, date
// and address; Page fetches a page first, and Reader is Page for the person
// who asked for it (/brief add), its failures a *reply.UserError they can
// act on; Text flattens a feed item's HTML. Everything it returns is plain
// UTF-8 text, never markup.
package extract

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"

	"brief/internal/brief"
	"brief/internal/fetch"
	"brief/internal/textsafe"
)

// Bounds on the markup HTML reads: the fetch client's size cap, and a
// number of elements far beyond any news page's (a few thousand) that
// keeps the extractor's passes over the tree well under a second.
const (
	MaxPageBytes    = fetch.DefaultMaxBytes
	MaxPageElements = 100_000
)

// Errors a caller may tell apart with errors.Is.
var (
	ErrNotHTML   = errors.New("not a web page (HTML)")
	ErrNoArticle = errors.New("no article found on the page (too little text, or an index or error page)")
	ErrTooLarge  = errors.New("page is too large to extract an article from")
)

// Thresholds for "this page holds an article": prose is a paragraph of at
// least proseMinChars characters, less than half of them link text.
const (
	proseMinChars   = 60
	articleMinChars = 400 // characters of prose in the whole story
	articleMinParas = 2
)

// HTML reduces a web page to its article: title (without the site's name
// appended), publisher (og:site_name, JSON-LD publisher, else the host),
// date (published time as YYYY-MM-DD; none when missing or more than a day
// in the future), URL (the canonical address on the page's own site, else
// pageURL) and the story's paragraphs, cleaned by brief.FromText. The
// encoding comes from a byte-order mark or <meta charset>, else UTF-8 when
// the bytes are valid UTF-8, else windows-1252. A page without an article
// gives ErrNoArticle. pageURL may be empty (a local .html file). The
// returned Article's Path is empty.
func HTML(pageURL string, data []byte) (*brief.Article, error) {
	return extractAt(pageURL, data, "", time.Now())
}

// extractAt is HTML with the Content-Type's charset and the current time
// given.
func extractAt(pageURL string, data []byte, charsetLabel string, now time.Time) (*brief.Article, error) {
	if len(data) > MaxPageBytes {
		return nil, fmt.Errorf("extract: page is %d bytes, over the %d MB cap: %w", len(data), MaxPageBytes>>20, ErrTooLarge)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("extract: page is empty: %w", ErrNoArticle)
	}
	var base *url.URL
	if pageURL != "" {
		u, err := url.Parse(pageURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("extract: %q is not a web address", pageURL)
		}
		base = u
	}
	if n := countElements(data); n > MaxPageElements {
		return nil, fmt.Errorf("extract: page has %d elements, over the %d cap: %w", n, MaxPageElements, ErrTooLarge)
	}
	doc, err := parse(toUTF8(data, charsetLabel))
	if err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	meta := readMeta(doc, base)
	prune(doc)

	parser := readability.NewParser()
	parsed, err := parser.ParseAndMutate(doc, base)
	if err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	if parsed.Node == nil {
		return nil, fmt.Errorf("extract: %w", ErrNoArticle)
	}
	var w paraWriter
	nodeText(&w, parsed.Node, false)
	w.flush()
	// Metadata is text too: <title> keeps markup as text, and a meta
	// tag's content may hold escaped tags.
	site := oneLine(Text(parsed.SiteName()))
	if site == "" {
		site = oneLine(Text(meta.appName))
	}
	title := cleanTitle(oneLine(Text(parsed.Title())), site, base)
	paras := dropTitle(w.paras, title)
	if !isArticle(paras) {
		return nil, fmt.Errorf("extract: %w", ErrNoArticle)
	}
	if site == "" && base != nil {
		site = textsafe.Clean(strings.TrimPrefix(base.Hostname(), "www."))
	}
	a := brief.Article{
		Title:  title,
		Source: site,
		Date:   pickDate(parsed, meta.dates, now),
		URL:    meta.url,
	}
	if a.URL == "" && base != nil {
		a.URL = base.String()
	}
	var body strings.Builder
	for i, p := range paras {
		if i > 0 {
			body.WriteString("\n\n")
		}
		body.WriteString(p.text)
	}
	art, err := brief.FromText(a, body.String())
	if errors.Is(err, brief.ErrNoBody) || errors.Is(err, brief.ErrEmpty) {
		return nil, fmt.Errorf("extract: %w", ErrNoArticle)
	}
	if err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	return art, nil
}

// parse builds the document tree. The HTML parser refuses markup nested
// more than 512 elements deep; such a page is flattened and parsed again.
func parse(data []byte) (*html.Node, error) {
	doc, err := html.Parse(bytes.NewReader(data))
	if err == nil {
		return doc, nil
	}
	doc, err = html.Parse(bytes.NewReader(flatten(data, maxDepth)))
	if err != nil {
		return nil, fmt.Errorf("page markup cannot be read: %w", err)
	}
	return doc, nil
}

// isArticle tells a story from an index page, an error page or a stub:
// enough prose, in more than one paragraph, and fewer link paragraphs
// (headline lists) than prose ones.
func isArticle(paras []para) bool {
	prose, proseParas, linkParas := 0, 0, 0
	for _, p := range paras {
		n := utf8.RuneCountInString(p.text)
		switch {
		case p.links*2 >= len(p.text):
			linkParas++
		case n >= proseMinChars:
			prose += n
			proseParas++
		}
	}
	return prose >= articleMinChars && proseParas >= articleMinParas && linkParas < proseParas
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// dropTitle removes a leading paragraph that repeats the title.
func dropTitle(paras []para, title string) []para {
	for len(paras) > 0 && title != "" && strings.EqualFold(strings.Join(strings.Fields(paras[0].text), " "), title) {
		paras = paras[1:]
	}
	return paras
}

// pickDate is the published date as YYYY-MM-DD, or "" when the page has
// none, or gives one more than a day after now or before 1990.
func pickDate(parsed readability.Article, extra []string, now time.Time) string {
	ok := func(t time.Time) bool {
		return !t.IsZero() && !t.After(now.Add(24*time.Hour)) && t.Year() >= 1990
	}
	if t, err := parsed.PublishedTime(); err == nil && ok(t) {
		return t.Format("2006-01-02")
	}
	for _, s := range extra {
		if t, ok2 := parseTime(s); ok2 && ok(t) {
			return t.Format("2006-01-02")
		}
	}
	return ""
}

var timeLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02T15:04",
	"2006-01-02 15:04:05", "2006-01-02", time.RFC1123Z, time.RFC1123, "2006/01/02", "20060102",
}

func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// cleanTitle removes the site's name from either end of a title ("Story |
// BBC News", "The Guardian - Story") when it matches the site name or the
// host, and normalises white space.
func cleanTitle(title, site string, base *url.URL) string {
	title = strings.Join(strings.Fields(title), " ")
	var names []string
	if k := key(site); k != "" {
		names = append(names, k)
	}
	if base != nil {
		host := strings.TrimPrefix(strings.ToLower(base.Hostname()), "www.")
		if label, _, ok := strings.Cut(host, "."); ok && len(label) >= 3 {
			names = append(names, label)
		}
	}
	if len(names) == 0 {
		return title
	}
	isSite := func(part string) bool {
		k := key(part)
		if k == "" || len(strings.Fields(part)) > 6 {
			return false
		}
		for _, n := range names {
			// "BBC News" is the site "BBC"; "Daily Ledger" is "The Daily Ledger".
			if k == n || len(n) >= 3 && (strings.HasPrefix(k, n) || strings.HasSuffix(k, n)) ||
				len(k) >= 3 && (strings.HasPrefix(n, k) || strings.HasSuffix(n, k)) {
				return true
			}
		}
		return false
	}
	for _, sep := range []string{" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " » ", " / ", ": "} {
		if i := strings.LastIndex(title, sep); i > 0 && isSite(title[i+len(sep):]) {
			if rest := strings.TrimSpace(title[:i]); len(strings.Fields(rest)) >= 2 {
				return rest
			}
		}
		if i := strings.Index(title, sep); i > 0 && sep != ": " && isSite(title[:i]) {
			if rest := strings.TrimSpace(title[i+len(sep):]); len(strings.Fields(rest)) >= 2 {
				return rest
			}
		}
	}
	return title
}

// key is a name reduced to lower-case letters and digits, for comparing
// "The Guardian" with "theguardian".
func key(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

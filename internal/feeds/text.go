package feeds

import (
	"html"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"brief/internal/extract"
	"brief/internal/textsafe"
)

// cleanLine makes a title or summary plain text on one line: tags
// stripped, entities decoded (twice over, for feeds that escape twice),
// control characters dropped, at most max runes.
func cleanLine(s string, max int) string {
	if s == "" {
		return ""
	}
	s = strings.ToValidUTF8(s, "")
	if strings.Contains(s, "<") {
		s = extract.Text(s)
	}
	s = textsafe.Clean(html.UnescapeString(html.UnescapeString(s)))
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > max {
		r := []rune(s)
		s = strings.TrimSpace(string(r[:max-1])) + "…"
	}
	return s
}

// teaserWords: item text shorter than this is a summary, not the article.
const teaserWords = 120

// isTeaser reports whether an item's text is only a teaser of the article:
// short, or cut off with an ellipsis or a "read more" link.
func isTeaser(text string) bool {
	t := strings.ToLower(strings.TrimSpace(text))
	if len(strings.Fields(t)) < teaserWords {
		return true
	}
	t = strings.TrimRight(t, " \t\n»›→>)]")
	for _, end := range []string{"…", "...", "[…", "[...", "read more", "continue reading", "(more…", "more…", "read the full story", "read full article"} {
		if strings.HasSuffix(t, end) {
			return true
		}
	}
	return false
}

// feedLinks finds the feeds a web page announces with
// <link rel="alternate" type="application/rss+xml" href="...">.
func feedLinks(page []byte, base string) []string {
	baseURL := parseURL(base)
	var out []string
	z := xhtml.NewTokenizer(strings.NewReader(string(page)))
	for n := 0; n < 100000; n++ {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			break
		}
		if tt != xhtml.StartTagToken && tt != xhtml.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		if a := atom.Lookup(name); a == atom.Body {
			break
		} else if a != atom.Link || !hasAttr {
			continue
		}
		var rel, typ, href string
		for {
			k, v, more := z.TagAttr()
			switch string(k) {
			case "rel":
				rel = strings.ToLower(string(v))
			case "type":
				typ = strings.ToLower(string(v))
			case "href":
				href = string(v)
			}
			if !more {
				break
			}
		}
		if !strings.Contains(rel, "alternate") {
			continue
		}
		switch typ {
		case "application/rss+xml", "application/atom+xml", "application/feed+json", "application/json":
			if l := absLink(baseURL, href); l != "" && len(out) < 5 && !slices.Contains(out, l) {
				out = append(out, l)
			}
		}
	}
	return out
}

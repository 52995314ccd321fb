package feeds

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTMLText is the default Config.Text: it turns an item's HTML (or plain
// text) into paragraphs separated by blank lines. Scripts, styles and
// captions are dropped; block elements and <br> end paragraphs; entities
// are decoded. Text with no tags is taken as plain text.
func HTMLText(s string) string {
	if !strings.Contains(s, "<") {
		return plainParagraphs(html.UnescapeString(s))
	}
	var (
		b     strings.Builder
		skip  int // depth inside elements whose text is not article text
		paras []string
	)
	flush := func() {
		if p := strings.Join(strings.Fields(b.String()), " "); p != "" {
			paras = append(paras, p)
		}
		b.Reset()
	}
	z := xhtml.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		switch tt {
		case xhtml.ErrorToken:
			flush()
			return strings.Join(paras, "\n\n")
		case xhtml.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case xhtml.StartTagToken, xhtml.EndTagToken, xhtml.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if dropped[a] {
				if tt == xhtml.StartTagToken {
					skip++
				} else if tt == xhtml.EndTagToken && skip > 0 {
					skip--
				}
				continue
			}
			if block[a] {
				flush()
			} else if skip == 0 {
				b.WriteByte(' ')
			}
		}
	}
}

// Elements whose content is not article text.
var dropped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Iframe: true, atom.Svg: true, atom.Figcaption: true, atom.Head: true,
	atom.Object: true, atom.Select: true, atom.Button: true,
}

// Elements that end a paragraph.
var block = map[atom.Atom]bool{
	atom.P: true, atom.Br: true, atom.Div: true, atom.Li: true, atom.Ul: true, atom.Ol: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Blockquote: true, atom.Pre: true, atom.Section: true, atom.Article: true,
	atom.Header: true, atom.Footer: true, atom.Table: true, atom.Tr: true, atom.Td: true,
	atom.Th: true, atom.Hr: true, atom.Figure: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Aside: true, atom.Main: true, atom.Nav: true, atom.Img: true,
}

// plainParagraphs keeps plain text's paragraphs (blank-line separated),
// each on one line.
func plainParagraphs(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var paras []string
	for _, p := range strings.Split(s, "\n\n") {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			paras = append(paras, p)
		}
	}
	return strings.Join(paras, "\n\n")
}

// cleanLine makes a title or summary plain text on one line: tags
// stripped, entities decoded (twice over, for feeds that escape twice),
// control characters dropped, at most max runes.
func cleanLine(s string, max int) string {
	if s == "" {
		return ""
	}
	s = strings.ToValidUTF8(s, "")
	if strings.Contains(s, "<") {
		s = HTMLText(s)
	}
	s = html.UnescapeString(html.UnescapeString(s))
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
			if l := absLink(baseURL, href); l != "" && len(out) < 5 {
				out = append(out, l)
			}
		}
	}
	return out
}

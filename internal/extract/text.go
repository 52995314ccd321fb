package extract

import (
	"bytes"
	stdhtml "html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"brief/internal/textsafe"
)

// maxTextBytes bounds what Text returns: a feed item is a few kilobytes,
// and the article behind it is read from its page, not from the feed.
const maxTextBytes = 1 << 20

// Text turns an HTML fragment (a feed item's description or
// content:encoded) into plain-text paragraphs separated by blank lines.
// Scripts, styles, images, forms, share widgets and tracking are dropped
// and entities decoded. A fragment that was escaped twice (markup shown as
// "&lt;p&gt;") is decoded once more. Text never fails; empty in gives
// empty out.
func Text(fragment string) string { return textsafe.Clean(text(fragment)) }

func text(fragment string) string {
	if !strings.Contains(fragment, "<") {
		// Plain text (a JSON Feed's content_text, a description without
		// markup): its blank lines are its paragraphs. Escaped markup
		// ("&lt;p&gt;") is markup after one decoding.
		decoded := stdhtml.UnescapeString(fragment)
		if !escapedMarkup.MatchString(decoded) {
			return plainParagraphs(decoded)
		}
		fragment = decoded
	}
	out := fragmentText(fragment)
	if escapedMarkup.MatchString(out) {
		out = fragmentText(out)
	}
	return out
}

// plainParagraphs keeps plain text's blank-line separated paragraphs,
// each folded onto one line, within the output cap.
func plainParagraphs(s string) string {
	if len(s) > maxTextBytes {
		s = s[:maxTextBytes]
	}
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if r != '\n' && unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	var paras []string
	for _, p := range blankLines.Split(s, -1) {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			paras = append(paras, p)
		}
	}
	return strings.Join(paras, "\n\n")
}

var blankLines = regexp.MustCompile(`\n[ \t\r\f\v]*\n`)

// escapedMarkup finds tags left in text after one decoding: the sign of a
// feed that escaped its HTML twice.
var escapedMarkup = regexp.MustCompile(`(?i)</?(p|br|div|span|a|b|i|em|strong|img|ul|ol|li|h[1-6]|blockquote|figure|iframe|script|style)(\s[^<>]*)?/?>`)

// fragmentText walks the fragment's tokens (not a tree, so nesting depth
// and size cost nothing beyond one pass) and collects its text.
func fragmentText(fragment string) string {
	if strings.TrimSpace(fragment) == "" {
		return ""
	}
	if len(fragment) > 8*maxTextBytes {
		fragment = fragment[:8*maxTextBytes]
	}
	var w paraWriter
	z := html.NewTokenizer(strings.NewReader(fragment))
	z.SetMaxBuf(0)
	skip := 0          // depth inside a dropped element
	var skipTag string // the dropped element's tag
	for w.size() < maxTextBytes {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return w.String()
		case html.TextToken:
			if skip == 0 {
				w.text(string(z.Text()), false)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			a := atom.Lookup(name)
			// As in HTML, "<div/>" opens a div; only void and foreign
			// elements close themselves.
			opens := !voidElement[a] && (tt == html.StartTagToken || (a != atom.Svg && a != atom.Math))
			if skip > 0 {
				if tag == skipTag && opens {
					skip++
				}
				continue
			}
			var attrs []html.Attribute
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				attrs = append(attrs, html.Attribute{Key: string(k), Val: string(v)})
			}
			if dropTag[a] || dropAttrs(attrs) {
				if opens {
					skip, skipTag = 1, tag
				}
				continue
			}
			w.open(a)
		case html.EndTagToken:
			name, _ := z.TagName()
			if skip > 0 {
				if string(name) == skipTag {
					skip--
				}
				continue
			}
			w.close(atom.Lookup(name))
		}
	}
	return w.String()
}

// Elements whose content is never story text.
var dropTag = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Iframe: true, atom.Object: true, atom.Embed: true, atom.Svg: true,
	atom.Math: true, atom.Canvas: true, atom.Video: true, atom.Audio: true,
	atom.Img: true, atom.Picture: true, atom.Figcaption: true, atom.Button: true,
	atom.Input: true, atom.Select: true, atom.Textarea: true, atom.Form: true,
	atom.Nav: true, atom.Aside: true, atom.Dialog: true, atom.Title: true,
	atom.Head: true, atom.Meta: true, atom.Link: true, atom.Xmp: true,
	atom.Plaintext: true, atom.Noembed: true, atom.Noframes: true, atom.Frameset: true,
	atom.Frame: true, atom.Applet: true, atom.Map: true, atom.Area: true,
	atom.Source: true, atom.Track: true, atom.Param: true, atom.Footer: true,
	atom.Menu: true, atom.Label: true, atom.Option: true, atom.Datalist: true,
}

var voidElement = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true,
	atom.Hr: true, atom.Img: true, atom.Input: true, atom.Keygen: true, atom.Link: true,
	atom.Meta: true, atom.Param: true, atom.Source: true, atom.Track: true, atom.Wbr: true,
}

// Elements that end a paragraph.
var blockTag = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Li: true, atom.Ul: true,
	atom.Ol: true, atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Blockquote: true,
	atom.Pre: true, atom.Section: true, atom.Article: true, atom.Header: true,
	atom.Main: true, atom.Table: true, atom.Tr: true, atom.Tbody: true, atom.Thead: true,
	atom.Tfoot: true, atom.Caption: true, atom.Figure: true, atom.Hr: true,
	atom.Address: true, atom.Details: true, atom.Summary: true, atom.Center: true,
	atom.Body: true, atom.Html: true, atom.Fieldset: true, atom.Hgroup: true,
}

// dropAttrs reports an element hidden from readers or marked as page
// furniture (share widgets, ads, cookie banners, comments, navigation).
func dropAttrs(attrs []html.Attribute) bool {
	for _, a := range attrs {
		switch strings.ToLower(a.Key) {
		case "hidden":
			return true
		case "aria-hidden":
			if strings.EqualFold(strings.TrimSpace(a.Val), "true") {
				return true
			}
		case "style":
			if hiddenStyle.MatchString(a.Val) {
				return true
			}
		case "role":
			if junkRole[strings.ToLower(strings.TrimSpace(a.Val))] {
				return true
			}
		case "class", "id":
			if junkName(a.Val) {
				return true
			}
		case "href":
			// A javascript: link is a control ("Copy link", "Print"),
			// not story text.
			if strings.HasPrefix(strings.ToLower(strings.TrimLeft(a.Val, " \t\n\r\f\x00")), "javascript:") {
				return true
			}
		}
	}
	return false
}

var hiddenStyle = regexp.MustCompile(`(?i)display\s*:\s*none|visibility\s*:\s*hidden`)

var junkRole = map[string]bool{
	"navigation": true, "banner": true, "contentinfo": true, "complementary": true,
	"dialog": true, "alertdialog": true, "search": true, "menu": true, "menubar": true,
	"toolbar": true,
}

// junkWords are class and id words of page furniture. They are matched as
// whole words of the name ("share-bar" and "social_links" match,
// "shareholder" does not).
var junkWords = map[string]bool{
	"share": true, "sharing": true, "shares": true, "social": true, "sharebar": true,
	"newsletter": true, "subscribe": true, "subscription": true, "promo": true,
	"advert": true, "advertisement": true, "advertising": true, "ad": true, "ads": true,
	"adslot": true, "adunit": true, "sponsor": true, "sponsored": true, "dfp": true,
	"cookie": true, "cookies": true, "consent": true, "gdpr": true, "cmp": true,
	"comment": true, "comments": true, "disqus": true, "related": true,
	"recommended": true, "recommendations": true, "trending": true, "popular": true,
	"outbrain": true, "taboola": true, "breadcrumb": true, "breadcrumbs": true,
	"sidebar": true, "nav": true, "navbar": true, "navigation": true, "menu": true,
	"footer": true, "masthead": true, "toolbar": true, "paywall": true, "modal": true,
	"popup": true, "overlay": true, "feedflare": true, "skip": true, "pixel": true,
	"tracking": true, "tracker": true, "banner": true, "signup": true,
	"mostread": true, "readmore": true, "tags": true,
}

func junkName(name string) bool {
	for _, w := range strings.FieldsFunc(name, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if junkWords[strings.ToLower(w)] {
			return true
		}
	}
	return false
}

// A paraWriter collects text into paragraphs: blocks end paragraphs, a
// line break starts a new line and two in a row a new paragraph, runs of
// white space become one space, and invisible characters are dropped.
type paraWriter struct {
	paras  []para
	cur    strings.Builder
	link   int  // bytes of the current paragraph that are link text
	space  bool // a space is due before the next word
	brs    int  // line breaks since the last word
	inLink int  // depth inside <a>
	n      int  // bytes written
}

// A para is one paragraph's text and how much of it is link text.
type para struct {
	text  string
	links int
}

func (w *paraWriter) size() int { return w.n }

func (w *paraWriter) open(a atom.Atom) {
	switch {
	case a == atom.Br:
		w.brs++
		if w.brs >= 2 {
			w.flush()
		}
	case a == atom.A:
		w.inLink++
	case a == atom.Td || a == atom.Th:
		w.space = true
	case blockTag[a]:
		w.flush()
	}
}

func (w *paraWriter) close(a atom.Atom) {
	switch {
	case a == atom.A:
		if w.inLink > 0 {
			w.inLink--
		}
	case a == atom.Br:
		w.open(a) // "</br>" is read as <br>
	case blockTag[a]:
		w.flush()
	}
}

// text adds s; pre keeps its line breaks.
func (w *paraWriter) text(s string, pre bool) {
	gap := true // something (a tag, an invisible character) came before
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		switch {
		case r == '\n' && pre:
			w.brs++
			if w.brs >= 2 {
				w.flush()
			}
		case unicode.IsSpace(r) || r == utf8.RuneError && size == 1:
			w.space = true
		case invisible(r):
			gap = true
		default:
			if w.cur.Len() > 0 {
				if w.brs > 0 {
					w.cur.WriteByte('\n')
				} else if w.space || gap && tagStart(r) && strings.HasSuffix(w.cur.String(), "<") {
					// "0<" and "b>" either side of a dropped tag or
					// character must not join into a new tag.
					w.cur.WriteByte(' ')
				}
			}
			gap = false
			w.brs, w.space = 0, false
			w.cur.WriteRune(r)
			w.n += utf8.RuneLen(r)
			if w.inLink > 0 {
				w.link += utf8.RuneLen(r)
			}
		}
	}
}

func tagStart(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '/' || r == '!' || r == '?'
}

// invisible: control characters, zero-width marks, soft hyphens, and the
// private-use and non-character code points that only confuse a reader.
func invisible(r rune) bool {
	switch r {
	case '\u00ad', '\u200b', '\u2060', '\ufeff', '\ufffe', '\uffff':
		return true
	}
	return unicode.IsControl(r) || unicode.Is(unicode.Co, r) || unicode.Is(unicode.Cs, r)
}

func (w *paraWriter) flush() {
	if w.cur.Len() > 0 {
		w.paras = append(w.paras, para{text: w.cur.String(), links: w.link})
		w.cur.Reset()
	}
	w.link, w.space, w.brs = 0, false, 0
}

func (w *paraWriter) String() string {
	w.flush()
	var b bytes.Buffer
	for i, p := range w.paras {
		if i > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(p.text)
	}
	return b.String()
}

// nodeText collects the text of an element tree (the article readability
// found) into w, dropping what dropTag and dropAttrs name. The parser
// bounds the tree's depth, so recursion is safe.
func nodeText(w *paraWriter, n *html.Node, pre bool) {
	switch n.Type {
	case html.TextNode:
		w.text(n.Data, pre)
		return
	case html.ElementNode:
		if dropTag[n.DataAtom] || dropAttrs(n.Attr) {
			return
		}
		if n.DataAtom == atom.Pre {
			pre = true
		}
		w.open(n.DataAtom)
	case html.DocumentNode:
	default:
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		nodeText(w, c, pre)
	}
	if n.Type == html.ElementNode {
		w.close(n.DataAtom)
	}
}

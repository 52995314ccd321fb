package extract

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// prune removes page furniture before readability scores the page:
// elements that never hold story text (scripts except JSON-LD metadata,
// styles, media, form controls) always, and navigation, asides, footers,
// hidden elements and elements marked as share widgets, ads, cookie
// banners, comments or related links unless they hold most of the page's
// text (a site that wraps the whole page in a <form> or names its article
// "has-share-tools" keeps its story).
func prune(doc *html.Node) {
	// Text bytes under each element, children before parents.
	var order []*html.Node
	walk(doc, func(n *html.Node) bool {
		if n.Type == html.ElementNode && mute[n.DataAtom] {
			return false
		}
		order = append(order, n)
		return true
	})
	text := make(map[*html.Node]int, len(order)/2)
	for i := len(order) - 1; i >= 0; i-- {
		n := order[i]
		if n.Type == html.TextNode {
			text[n.Parent] += len(strings.TrimSpace(n.Data))
		} else if n.Parent != nil && text[n] > 0 {
			text[n.Parent] += text[n]
		}
	}
	total := text[doc]

	var remove []*html.Node
	walk(doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return n.Type == html.DocumentNode
		}
		switch {
		case n.DataAtom == atom.Script:
			if !strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") {
				remove = append(remove, n)
			}
			return false
		case n.DataAtom == atom.Head:
			return false // metadata: readability reads it
		case mute[n.DataAtom]:
			remove = append(remove, n)
			return false
		case keep[n.DataAtom] || 2*text[n] >= total && total > 0:
			return true
		case furniture[n.DataAtom] || dropAttrs(n.Attr):
			remove = append(remove, n)
			return false
		}
		return true
	})
	for _, n := range remove {
		n.Parent.RemoveChild(n)
	}
}

// countElements counts start tags with the tokenizer: a cheap bound on
// the tree before building it.
func countElements(data []byte) int {
	z := html.NewTokenizer(bytes.NewReader(data))
	n := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return n
		case html.StartTagToken, html.SelfClosingTagToken:
			n++
		}
	}
}

// mute elements have no story text.
var mute = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Iframe: true, atom.Object: true, atom.Embed: true, atom.Svg: true,
	atom.Canvas: true, atom.Img: true, atom.Picture: true, atom.Video: true,
	atom.Audio: true, atom.Button: true, atom.Input: true, atom.Select: true,
	atom.Textarea: true, atom.Figcaption: true, atom.Applet: true, atom.Map: true,
}

// furniture elements are page furniture unless they hold most of the text.
var furniture = map[atom.Atom]bool{
	atom.Nav: true, atom.Aside: true, atom.Footer: true, atom.Form: true,
	atom.Dialog: true, atom.Menu: true,
}

// keep elements are never pruned by their class or role.
var keep = map[atom.Atom]bool{atom.Html: true, atom.Body: true, atom.Main: true}

// maxDepth is how deep flatten lets elements nest; the HTML parser gives
// up beyond 512.
const maxDepth = 200

// flatten rewrites markup so no element nests deeper than limit: start
// tags beyond it (and their end tags) are dropped, their text kept, and a
// block element's start becomes a <p> (which never nests) so paragraphs
// stay apart. It works on tokens, so its cost is one pass whatever the
// nesting.
func flatten(data []byte, limit int) []byte {
	var out bytes.Buffer
	out.Grow(len(data))
	z := html.NewTokenizer(bytes.NewReader(data))
	var stack []string
	dropped := map[string]int{}
	para := false          // a <p> was written and no text since
	skip, skipTag := 0, "" // inside dropped furniture
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return out.Bytes()
		case html.StartTagToken:
			name, hasAttr := z.TagName()
			if skip > 0 {
				if string(name) == skipTag {
					skip++
				}
				continue
			}
			if voidElement[atom.Lookup(name)] {
				break
			}
			if len(stack) >= limit {
				// Beyond the limit the tree loses its shape, so furniture
				// is dropped here, whole, while its marks are still known.
				var attrs []html.Attribute
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					attrs = append(attrs, html.Attribute{Key: string(k), Val: string(v)})
				}
				if dropTag[atom.Lookup(name)] || dropAttrs(attrs) {
					skip, skipTag = 1, string(name)
					continue
				}
				dropped[string(name)]++
				if a := atom.Lookup(name); (blockTag[a] || a == atom.Br) && !para {
					out.WriteString("<p>")
					para = true
				}
				continue
			}
			stack = append(stack, string(name))
		case html.TextToken:
			if skip > 0 {
				continue
			}
			if len(bytes.TrimSpace(z.Raw())) > 0 {
				para = false
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if skip > 0 {
				if string(name) == skipTag {
					skip--
				}
				continue
			}
			if dropped[string(name)] > 0 {
				dropped[string(name)]--
				continue
			}
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i] == string(name) {
					stack = stack[:i]
					break
				}
			}
		}
		out.Write(z.Raw())
	}
}

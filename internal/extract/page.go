package extract

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/net/publicsuffix"
	"golang.org/x/text/encoding"

	"brief/internal/brief"
	"brief/internal/fetch"
)

// Page fetches pageURL with c and extracts its article as HTML does. The
// article's URL is the page's canonical address, else the address after
// redirects. A response that is not HTML (a PDF, an image, JSON) gives
// ErrNotHTML naming its type; the fetch client's errors (*fetch.StatusError,
// fetch.ErrTooLarge, fetch.ErrBlocked) come back as they are.
func Page(ctx context.Context, c *fetch.Client, pageURL string) (*brief.Article, error) {
	resp, err := c.Get(ctx, pageURL, fetch.Validators{})
	if err != nil {
		return nil, err
	}
	ct := resp.ContentType
	if ct == "" {
		ct, _, _ = strings.Cut(http.DetectContentType(resp.Body), ";")
	}
	if ct != "text/html" && ct != "application/xhtml+xml" {
		return nil, fmt.Errorf("extract: %s is %s: %w", resp.URL, ct, ErrNotHTML)
	}
	return extractAt(resp.URL, resp.Body, resp.Charset, time.Now())
}

// toUTF8 decodes a page to UTF-8. A byte-order mark or the Content-Type's
// charset decides; otherwise valid UTF-8 is taken as it is (whatever its
// first kilobyte said), then <meta charset>, then windows-1252, as
// browsers do.
func toUTF8(data []byte, charsetLabel string) []byte {
	ct := ""
	if charsetLabel != "" {
		ct = "text/html; charset=" + charsetLabel
	}
	enc, name, certain := charset.DetermineEncoding(data, ct)
	if !certain && utf8.Valid(data) {
		return data
	}
	if name == "utf-8" || enc == encoding.Nop {
		return bytes.ToValidUTF8(data, []byte("\uFFFD"))
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return bytes.ToValidUTF8(data, []byte("\uFFFD"))
	}
	return out
}

// pageMeta is what readMeta finds beside readability's metadata.
type pageMeta struct {
	url     string   // canonical address on the page's own site
	appName string   // <meta name="application-name">
	dates   []string // candidate publication times, best first
}

// readMeta reads the canonical address, the application name and
// publication dates readability does not look for.
func readMeta(doc *html.Node, base *url.URL) pageMeta {
	var m pageMeta
	var ogURL string
	var metaDates, timeDates []string
	walk(doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		switch n.DataAtom {
		case atom.Link:
			if m.url == "" && hasWord(attr(n, "rel"), "canonical") {
				m.url = sameSite(base, attr(n, "href"))
			}
		case atom.Meta:
			name := strings.ToLower(attr(n, "name") + attr(n, "property") + attr(n, "itemprop"))
			content := strings.TrimSpace(attr(n, "content"))
			switch name {
			case "og:url":
				ogURL = content
			case "application-name", "apple-mobile-web-app-title":
				if m.appName == "" {
					m.appName = strings.Join(strings.Fields(content), " ")
				}
			case "date", "pubdate", "publishdate", "publish-date", "publication_date",
				"sailthru.date", "article.published", "dc.date", "dc.date.issued",
				"datepublished", "og:published_time", "article:published":
				metaDates = append(metaDates, content)
			}
		case atom.Time:
			if v := attr(n, "datetime"); v != "" {
				if strings.EqualFold(attr(n, "itemprop"), "datePublished") || hasAttr(n, "pubdate") {
					timeDates = append([]string{v}, timeDates...)
				} else {
					timeDates = append(timeDates, v)
				}
			}
		}
		return true
	})
	if m.url == "" && ogURL != "" {
		m.url = sameSite(base, ogURL)
	}
	m.dates = append(metaDates, timeDates...)
	return m
}

// sameSite resolves ref against base and keeps it only if it is an http(s)
// address on the same site (registered domain) as base, so a page can't
// claim another site's address.
func sameSite(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" || len(ref) > 2048 {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	if base != nil {
		a, err1 := publicsuffix.EffectiveTLDPlusOne(strings.ToLower(u.Hostname()))
		b, err2 := publicsuffix.EffectiveTLDPlusOne(strings.ToLower(base.Hostname()))
		if err1 != nil || err2 != nil || a != b {
			if !strings.EqualFold(u.Hostname(), base.Hostname()) {
				return ""
			}
		}
	}
	u.Fragment = ""
	return u.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// hasWord reports whether the space-separated list s holds w
// (case-insensitively).
func hasWord(s, w string) bool {
	for _, f := range strings.Fields(s) {
		if strings.EqualFold(f, w) {
			return true
		}
	}
	return false
}

// walk visits the tree in document order without recursion; visit returns
// false to skip a node's children. visit may not remove nodes.
func walk(root *html.Node, visit func(*html.Node) bool) {
	n := root
	for n != nil {
		if visit(n) && n.FirstChild != nil {
			n = n.FirstChild
			continue
		}
		for n != root && n.NextSibling == nil {
			n = n.Parent
		}
		if n == root {
			return
		}
		n = n.NextSibling
	}
}

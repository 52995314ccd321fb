package feeds

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/rss"
)

// MaxItems is how many of a feed's newest items are considered at each
// fetch; older ones are left alone however long the feed is.
const MaxItems = 200

// Limits on what an item keeps.
const (
	maxTitle   = 300     // runes of a title
	maxSummary = 600     // runes of a plain-text summary
	maxKeyPart = 256     // bytes of a GUID or link used as a key as it is; longer ones are hashed
	maxHTML    = 1 << 20 // bytes of an item's body kept for Text
)

// ErrNotFeed means the bytes are not an RSS, Atom or JSON feed, or one too
// broken to read.
var ErrNotFeed = errors.New("not an RSS, Atom or JSON feed")

// A Feed is a parsed feed: its title and its newest items.
type Feed struct {
	Title string        // plain text; may be empty
	Link  string        // the site's address: absolute http(s), or empty
	TTL   time.Duration // RSS <ttl>; 0 when absent
	Items []Item        // newest first, at most MaxItems, each key once
	Total int           // items in the document
}

// An Item is one entry of a feed.
type Item struct {
	// Key names the item within its feed: "guid:" and its GUID (or id),
	// else "link:" and its link, else "hash:" and a hash of its title and
	// body. A GUID or link longer than maxKeyPart is hashed.
	Key       string
	Title     string    // plain text
	Link      string    // absolute http(s) address, or empty
	Summary   string    // the description as plain text on one line
	HTML      string    // the body as the feed gave it (HTML or plain text): content:encoded or content, else description
	Published time.Time // UTC; zero when unknown; never after the time of parsing
}

// ttlTranslator is gofeed's RSS translator that also keeps <ttl>, which
// the universal feed drops.
type ttlTranslator struct {
	gofeed.DefaultRSSTranslator
	ttl string
}

func (t *ttlTranslator) Translate(feed any) (*gofeed.Feed, error) {
	if rf, ok := feed.(*rss.Feed); ok {
		t.ttl = rf.TTL
	}
	return t.DefaultRSSTranslator.Translate(feed)
}

// Parse reads an RSS, Atom or JSON feed fetched from base (the address it
// came from, after redirects, against which relative links resolve). It
// keeps the MaxItems newest items, newest first and each key once; dates
// after now are taken as now. Bytes that are not a feed give ErrNotFeed.
func Parse(data []byte, base string, now time.Time) (f *Feed, err error) {
	defer func() {
		// The parsers read outside input; a bug there is a broken feed, not
		// a crash of the service.
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("feeds: %w: the parser failed: %v", ErrNotFeed, r)
		}
	}()
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("feeds: %w: the document is empty", ErrNotFeed)
	}
	if looksJSON(data) && !isJSONFeed(data) {
		return nil, fmt.Errorf("feeds: %w: JSON, but not a JSON Feed (no jsonfeed.org version)", ErrNotFeed)
	}
	tr := &ttlTranslator{}
	tr.DisableContentImageScan = true // an HTML parse of every item, for images we don't use
	p := gofeed.NewParser()
	p.RSSTranslator = tr
	gf, err := p.Parse(bytes.NewReader(data))
	switch {
	case errors.Is(err, gofeed.ErrFeedTypeNotDetected):
		return nil, fmt.Errorf("feeds: %w", ErrNotFeed)
	case err != nil:
		return nil, fmt.Errorf("feeds: %w: %v", ErrNotFeed, err)
	}
	baseURL, _ := url.Parse(base)
	f = &Feed{
		Title: cleanLine(gf.Title, maxTitle),
		Link:  absLink(baseURL, gf.Link),
		Total: len(gf.Items),
	}
	if mins, err := strconv.Atoi(strings.TrimSpace(tr.ttl)); err == nil && mins > 0 {
		f.TTL = time.Duration(min(mins, 7*24*60)) * time.Minute
	}
	f.Items = newest(gf.Items, baseURL, now)
	return f, nil
}

// newest keeps the MaxItems newest items with distinct keys: sorted by date
// (undated items after dated ones, in document order), O(n log n).
func newest(items []*gofeed.Item, base *url.URL, now time.Time) []Item {
	type cand struct {
		gi   *gofeed.Item
		date time.Time
		link string
		key  string
	}
	cands := make([]cand, 0, len(items))
	for _, gi := range items {
		if gi == nil {
			continue
		}
		c := cand{gi: gi, link: absLink(base, itemLink(gi))}
		switch {
		case gi.PublishedParsed != nil:
			c.date = gi.PublishedParsed.UTC()
		case gi.UpdatedParsed != nil:
			c.date = gi.UpdatedParsed.UTC()
		}
		if c.date.After(now) {
			c.date = now.UTC() // a date in the future is not trusted
		}
		if c.date.Year() < 1900 {
			c.date = time.Time{}
		}
		c.key = itemKey(gi, c.link)
		cands = append(cands, c)
	}
	slices.SortStableFunc(cands, func(a, b cand) int {
		switch {
		case a.date.IsZero() || b.date.IsZero():
			// Dated before undated; two undated keep document order.
			return boolInt(a.date.IsZero()) - boolInt(b.date.IsZero())
		default:
			return b.date.Compare(a.date)
		}
	})
	seen := make(map[string]bool, MaxItems)
	out := make([]Item, 0, min(len(cands), MaxItems))
	for _, c := range cands {
		if len(out) == MaxItems {
			break
		}
		if seen[c.key] {
			continue // a GUID repeated within the feed: taken once
		}
		seen[c.key] = true
		body := c.gi.Content
		if strings.TrimSpace(body) == "" {
			body = c.gi.Description
		}
		if len(body) > maxHTML {
			body = strings.ToValidUTF8(body[:maxHTML], "")
		}
		out = append(out, Item{
			Key:       c.key,
			Title:     cleanLine(c.gi.Title, maxTitle),
			Link:      c.link,
			Summary:   cleanLine(c.gi.Description, maxSummary),
			HTML:      strings.ToValidUTF8(body, "\uFFFD"),
			Published: c.date,
		})
	}
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// itemLink is the item's link, or its first other link.
func itemLink(gi *gofeed.Item) string {
	if strings.TrimSpace(gi.Link) != "" {
		return gi.Link
	}
	for _, l := range gi.Links {
		if strings.TrimSpace(l) != "" {
			return l
		}
	}
	return ""
}

// itemKey names an item: its GUID, else its link, else a hash of its title
// and body.
func itemKey(gi *gofeed.Item, link string) string {
	if g := strings.TrimSpace(gi.GUID); g != "" {
		return keyOf("guid:", g)
	}
	if link != "" {
		return keyOf("link:", link)
	}
	h := sha256.New()
	h.Write([]byte(strings.TrimSpace(gi.Title)))
	h.Write([]byte{0})
	h.Write([]byte(strings.TrimSpace(gi.Content)))
	h.Write([]byte{0})
	h.Write([]byte(strings.TrimSpace(gi.Description)))
	return "hash:" + hex.EncodeToString(h.Sum(nil))
}

func keyOf(prefix, v string) string {
	if len(v) > maxKeyPart || !utf8.ValidString(v) {
		sum := sha256.Sum256([]byte(v))
		return prefix + "sha256:" + hex.EncodeToString(sum[:])
	}
	return prefix + v
}

// absLink resolves a link against the feed's address and keeps it only if
// it is an absolute http or https address with a host.
func absLink(base *url.URL, link string) string {
	link = strings.TrimSpace(link)
	if link == "" || len(link) > 4096 {
		return ""
	}
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	if base != nil && !u.IsAbs() {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	u.Scheme = strings.ToLower(u.Scheme)
	return u.String()
}

func looksJSON(data []byte) bool {
	data = bytes.TrimLeft(data, " \t\r\n\xef\xbb\xbf")
	return len(data) > 0 && data[0] == '{'
}

// isJSONFeed reports whether a JSON document declares itself a JSON Feed.
func isJSONFeed(data []byte) bool {
	var head struct {
		Version string `json:"version"`
	}
	if err := json.Unmarshal(bytes.TrimPrefix(bytes.TrimLeft(data, " \t\r\n"), []byte("\xef\xbb\xbf")), &head); err != nil {
		return false
	}
	v := strings.ToLower(head.Version)
	return strings.HasPrefix(v, "https://jsonfeed.org/version/") || strings.HasPrefix(v, "http://jsonfeed.org/version/")
}

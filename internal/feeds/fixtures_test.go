package feeds

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 29, 6, 0, 0, 0, time.UTC)

// An item of a fixture feed.
type fixItem struct {
	GUID, Title, Link string
	Date              time.Time
	Content           string // HTML for content:encoded / content / content_html
	Desc              string // description / summary
}

// story is a distinct article body of several paragraphs, long enough not
// to read as a teaser.
func story(n int) string {
	return fmt.Sprintf(`<p>Council %[1]d approved the flood plan for the river district on Monday after a long debate. Residents of ward %[1]d said the proposal would change how the town of Story%[1]dville handles floods and traffic for years. The mayor told reporters the vote was close.</p>
<p>Engineers will publish detailed designs for project %[1]d before work begins in the autumn. Opponents argued that the budget of %[1]d0 million pounds was too high for a district of its size, and promised to appeal the decision in the high court.</p>
<p>Local businesses on market street welcomed the news, saying that better defences would protect shops that were damaged twice in the last decade. A shopkeeper named Ellis said insurance had become impossible to buy since the storms of winter %[1]d.</p>
`, n)
}

func item(n int, date time.Time) fixItem {
	return fixItem{
		GUID:    fmt.Sprintf("urn:story:%d", n),
		Title:   fmt.Sprintf("Story %d &amp; the river", n),
		Link:    fmt.Sprintf("/news/%d.html", n),
		Date:    date,
		Content: story(n),
		Desc:    fmt.Sprintf("Council %d approved a plan.", n),
	}
}

func rssDoc(title string, ttl int, items []fixItem) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>` + html.EscapeString(title) + `</title><link>https://news.example/</link><description>d</description>`)
	if ttl > 0 {
		fmt.Fprintf(&b, "<ttl>%d</ttl>", ttl)
	}
	for _, it := range items {
		b.WriteString("<item>")
		if it.GUID != "" {
			fmt.Fprintf(&b, "<guid isPermaLink=\"false\">%s</guid>", html.EscapeString(it.GUID))
		}
		fmt.Fprintf(&b, "<title>%s</title>", it.Title) // titles are escaped HTML already
		if it.Link != "" {
			fmt.Fprintf(&b, "<link>%s</link>", html.EscapeString(it.Link))
		}
		if !it.Date.IsZero() {
			fmt.Fprintf(&b, "<pubDate>%s</pubDate>", it.Date.Format(time.RFC1123Z))
		}
		if it.Desc != "" {
			fmt.Fprintf(&b, "<description>%s</description>", html.EscapeString(it.Desc))
		}
		if it.Content != "" {
			fmt.Fprintf(&b, "<content:encoded><![CDATA[%s]]></content:encoded>", it.Content)
		}
		b.WriteString("</item>\n")
	}
	b.WriteString("</channel></rss>\n")
	return b.String()
}

func atomDoc(title string, items []fixItem) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>` + html.EscapeString(title) + `</title><id>urn:feed</id><updated>2026-03-29T05:00:00Z</updated>`)
	for _, it := range items {
		fmt.Fprintf(&b, "<entry><id>%s</id><title type=\"html\">%s</title><link rel=\"alternate\" href=\"%s\"/><updated>%s</updated><summary>%s</summary><content type=\"html\">%s</content></entry>\n",
			html.EscapeString(it.GUID), html.EscapeString(it.Title), html.EscapeString(it.Link), it.Date.Format(time.RFC3339),
			html.EscapeString(it.Desc), html.EscapeString(it.Content))
	}
	b.WriteString("</feed>\n")
	return b.String()
}

func jsonDoc(title string, items []fixItem) string {
	type jitem struct {
		ID          string `json:"id"`
		URL         string `json:"url,omitempty"`
		Title       string `json:"title"`
		ContentHTML string `json:"content_html,omitempty"`
		Summary     string `json:"summary,omitempty"`
		Date        string `json:"date_published,omitempty"`
	}
	doc := struct {
		Version string  `json:"version"`
		Title   string  `json:"title"`
		Items   []jitem `json:"items"`
	}{Version: "https://jsonfeed.org/version/1.1", Title: title}
	for _, it := range items {
		doc.Items = append(doc.Items, jitem{ID: it.GUID, URL: it.Link, Title: it.Title, ContentHTML: it.Content, Summary: it.Desc, Date: it.Date.Format(time.RFC3339)})
	}
	data, _ := json.Marshal(doc)
	return string(data)
}

// A response the fixture server gives.
type fixResp struct {
	status int
	body   string
	header map[string]string
}

// fixServer serves feeds and pages on loopback from a table that tests
// change as they go, and records what it was asked.
type fixServer struct {
	*httptest.Server
	mu    sync.Mutex
	paths map[string]fixResp
	hits  map[string]int
	inm   map[string]string // path → last If-None-Match
}

func newFixServer(t *testing.T) *fixServer {
	t.Helper()
	fs := &fixServer{paths: map[string]fixResp{}, hits: map[string]int{}, inm: map[string]string{}}
	fs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fs.mu.Lock()
		resp, ok := fs.paths[r.URL.Path]
		fs.hits[r.URL.Path]++
		fs.inm[r.URL.Path] = r.Header.Get("If-None-Match")
		fs.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		for k, v := range resp.header {
			w.Header().Set(k, v)
		}
		if etag := resp.header["ETag"]; etag != "" && r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		if resp.status != 0 && resp.status != http.StatusOK {
			w.WriteHeader(resp.status)
		}
		fmt.Fprint(w, resp.body)
	}))
	t.Cleanup(fs.Close)
	return fs
}

func (fs *fixServer) set(path string, r fixResp) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.paths[path] = r
}

func (fs *fixServer) hitsOf(path string) int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.hits[path]
}

func (fs *fixServer) lastINM(path string) string {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.inm[path]
}

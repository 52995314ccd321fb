// Package opml reads and writes OPML subscription lists, the format feed
// readers import and export: bot feed import and bot feed export.
package opml

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// MaxBytes bounds an OPML file Read reads.
const MaxBytes = 5 << 20

// maxFeeds bounds the feeds taken from one OPML file.
const maxFeeds = 1000

// A Feed is one feed of a subscription list.
type Feed struct {
	Title string
	URL   string // the outline's xmlUrl, as written
}

type opmlDoc struct {
	XMLName xml.Name      `xml:"opml"`
	Version string        `xml:"version,attr"`
	Head    opmlHead      `xml:"head"`
	Body    []opmlOutline `xml:"body>outline"`
}

type opmlHead struct {
	Title       string `xml:"title,omitempty"`
	DateCreated string `xml:"dateCreated,omitempty"`
}

type opmlOutline struct {
	Type     string        `xml:"type,attr,omitempty"`
	Text     string        `xml:"text,attr"`
	Title    string        `xml:"title,attr,omitempty"`
	XMLURL   string        `xml:"xmlUrl,attr,omitempty"`
	HTMLURL  string        `xml:"htmlUrl,attr,omitempty"`
	Outlines []opmlOutline `xml:"outline"`
}

// Read reads the feeds of an OPML subscription list, as feed readers
// export them: every outline with an xmlUrl, folders (outlines holding
// outlines) included, each address once, in the file's order.
func Read(r io.Reader) ([]Feed, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("opml: read OPML: %w", err)
	}
	if len(data) > MaxBytes {
		return nil, fmt.Errorf("opml: the OPML file is larger than %d MB", MaxBytes>>20)
	}
	var doc opmlDoc
	dec := xml.NewDecoder(strings.NewReader(string(data)))
	dec.Strict = false
	dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		if l := strings.ToLower(label); l == "utf-8" || l == "us-ascii" || l == "ascii" {
			return in, nil
		}
		return nil, fmt.Errorf("the encoding %q is not supported: save the file as UTF-8", label)
	}
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("opml: not an OPML file: %w", err)
	}
	var out []Feed
	seen := map[string]bool{}
	var walk func([]opmlOutline, int) error
	walk = func(outlines []opmlOutline, depth int) error {
		if depth > 20 {
			return errors.New("opml: the OPML file nests outlines more than 20 deep")
		}
		for _, o := range outlines {
			if u := strings.TrimSpace(o.XMLURL); u != "" && !seen[u] {
				if len(out) == maxFeeds {
					return fmt.Errorf("opml: the OPML file lists more than %d feeds", maxFeeds)
				}
				seen[u] = true
				title := strings.TrimSpace(o.Title)
				if title == "" {
					title = strings.TrimSpace(o.Text)
				}
				out = append(out, Feed{Title: title, URL: u})
			}
			if err := walk(o.Outlines, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(doc.Body, 0); err != nil {
		return nil, err
	}
	return out, nil
}

// Write writes feeds as an OPML 2.0 subscription list named title, which
// feed readers import. The addresses are written in full, tokens
// included: the file is for moving the subscriptions, not for showing.
func Write(w io.Writer, title string, feeds []Feed, now time.Time) error {
	doc := opmlDoc{Version: "2.0", Head: opmlHead{Title: title, DateCreated: now.UTC().Format(time.RFC1123Z)}}
	for _, f := range feeds {
		text := f.Title
		if text == "" {
			text = f.URL
		}
		doc.Body = append(doc.Body, opmlOutline{Type: "rss", Text: text, Title: f.Title, XMLURL: f.URL})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("opml: write OPML: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

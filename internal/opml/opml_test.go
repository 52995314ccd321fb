package opml

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"
)

// A list exported by a feed reader: folders, a duplicate, an outline
// without a feed.
const readerOPML = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>My feeds</title></head>
  <body>
    <outline text="News" title="News">
      <outline type="rss" text="River Times" title="River Times" xmlUrl="https://river.example/rss.xml" htmlUrl="https://river.example/"/>
      <outline type="rss" text="Hill &amp; Dale" xmlUrl="https://hill.example/atom.xml"/>
    </outline>
    <outline text="Just a link" htmlUrl="https://example.com/"/>
    <outline type="rss" text="River again" xmlUrl="https://river.example/rss.xml"/>
  </body>
</opml>`

func TestRead(t *testing.T) {
	got, err := Read(strings.NewReader(readerOPML))
	if err != nil {
		t.Fatal(err)
	}
	want := []Feed{{"River Times", "https://river.example/rss.xml"}, {"Hill & Dale", "https://hill.example/atom.xml"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Read = %+v, want %+v", got, want)
	}
	for name, doc := range map[string]string{
		"not XML":    "River Times https://river.example/rss.xml",
		"HTML":       "<html><body>feeds</body></html>",
		"latin-1":    `<?xml version="1.0" encoding="ISO-8859-1"?><opml version="2.0"><body/></opml>`,
		"too large":  "<opml><body>" + strings.Repeat(" ", MaxBytes) + "</body></opml>",
		"too nested": "<opml><body>" + strings.Repeat("<outline>", 30) + strings.Repeat("</outline>", 30) + "</body></opml>",
	} {
		if _, err := Read(strings.NewReader(doc)); err == nil {
			t.Errorf("%s: read without an error", name)
		}
	}
}

// What Write writes, Read (and so a feed reader) reads back.
func TestWriteRoundTrip(t *testing.T) {
	feeds := []Feed{{URL: "https://river.example/rss.xml?token=abc&x=1", Title: "River <Times>"}, {URL: "https://hill.example/atom.xml"}}
	var b bytes.Buffer
	if err := Write(&b, "brief: slack/C0123ABCD", feeds, time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{`<?xml version="1.0" encoding="UTF-8"?>`, `<opml version="2.0">`, `<title>brief: slack/C0123ABCD</title>`, `xmlUrl="https://river.example/rss.xml?token=abc&amp;x=1"`} {
		if !strings.Contains(out, want) {
			t.Errorf("OPML lacks %s:\n%s", want, out)
		}
	}
	got, err := Read(&b)
	if err != nil {
		t.Fatal(err)
	}
	want := []Feed{{"River <Times>", feeds[0].URL}, {"https://hill.example/atom.xml", feeds[1].URL}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read back %+v, want %+v", got, want)
	}
}

func FuzzRead(f *testing.F) {
	f.Add(readerOPML)
	f.Add(`<opml><body><outline xmlUrl="x"><outline xmlUrl="y"/></outline></body></opml>`)
	f.Fuzz(func(t *testing.T, doc string) {
		feeds, err := Read(strings.NewReader(doc))
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, fd := range feeds {
			if fd.URL == "" || seen[fd.URL] {
				t.Fatalf("feed %+v empty or repeated", fd)
			}
			seen[fd.URL] = true
		}
	})
}

package feeds

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"brief/internal/extract"
	"brief/internal/textsafe"
)

const base = "https://news.example/feed.xml"

func TestParseFormats(t *testing.T) {
	items := []fixItem{item(1, t0.Add(-2*time.Hour)), item(2, t0.Add(-time.Hour))}
	tests := []struct {
		name, doc string
		ttl       time.Duration
	}{
		{"rss", rssDoc("Daily &amp; News", 90, items), 90 * time.Minute},
		{"atom", atomDoc("Daily & News", items), 0},
		{"json feed", jsonDoc("Daily & News", items), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse([]byte(tt.doc), base, t0)
			if err != nil {
				t.Fatal(err)
			}
			if f.Title != "Daily & News" || f.TTL != tt.ttl || f.Total != 2 || len(f.Items) != 2 {
				t.Fatalf("feed = %q ttl %v total %d items %d", f.Title, f.TTL, f.Total, len(f.Items))
			}
			it := f.Items[0] // newest first
			want := Item{
				Key:       "guid:urn:story:2",
				Title:     "Story 2 & the river",
				Link:      "https://news.example/news/2.html", // relative link resolved
				Summary:   "Council 2 approved a plan.",
				Published: t0.Add(-time.Hour),
			}
			got := it
			got.HTML = ""
			if got != want {
				t.Errorf("item = %+v\nwant %+v", got, want)
			}
			text := extract.Text(it.HTML)
			if !strings.HasPrefix(text, "Council 2 approved the flood plan") || strings.Count(text, "\n\n") != 2 {
				t.Errorf("item text = %q; want three paragraphs of the story", text)
			}
		})
	}
}

func TestParseRefusesWhatIsNotAFeed(t *testing.T) {
	for _, tt := range []struct{ name, doc string }{
		{"empty", "  \n"},
		{"html page", "<!doctype html><html><head><title>x</title></head><body><p>hello</p></body></html>"},
		{"json, not a feed", `{"name": "not a feed", "items": [1, 2]}`},
		{"broken rss", `<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>a</ti`},
		{"broken json feed", `{"version": "https://jsonfeed.org/version/1", "items": [`},
		{"plain text", "hello world"},
		{"binary", "\x00\x01\x02\xff\xfe"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse([]byte(tt.doc), base, t0)
			if !errors.Is(err, ErrNotFeed) {
				t.Fatalf("Parse = %+v, %v; want ErrNotFeed", f, err)
			}
			if !strings.HasPrefix(err.Error(), "feeds: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
}

// hugeDoc is an RSS feed of n items whose dates are out of order.
func hugeDoc(n int) []byte {
	items := make([]fixItem, n)
	for i := range items {
		k := (i * 7919) % n // 7919 is prime: every k once, scattered
		items[i] = fixItem{GUID: fmt.Sprintf("g%d", k), Title: fmt.Sprintf("Item %d", k), Link: fmt.Sprintf("/i/%d", k),
			Date: t0.Add(-time.Duration(n-k) * time.Minute), Desc: "short"}
	}
	return []byte(rssDoc("Huge", 0, items))
}

func TestParseKeepsNewest200OfHugeFeed(t *testing.T) {
	const n = 10000
	doc := hugeDoc(n)
	f, err := Parse(doc, base, t0)
	if err != nil {
		t.Fatal(err)
	}
	if f.Total != n || len(f.Items) != MaxItems {
		t.Fatalf("total %d, kept %d; want %d, %d", f.Total, len(f.Items), n, MaxItems)
	}
	for i, it := range f.Items {
		if want := fmt.Sprintf("guid:g%d", n-1-i); it.Key != want {
			t.Fatalf("item %d = %s; want %s (newest first)", i, it.Key, want)
		}
	}

	// Linear work: ten times the items take about ten times as long, not
	// a hundred. The fastest of two runs, to keep other processes' load
	// out of the ratio.
	fastest := func(doc []byte) time.Duration {
		best := time.Duration(1 << 62)
		for range 2 {
			start := time.Now()
			if _, err := Parse(doc, base, t0); err != nil {
				t.Fatal(err)
			}
			best = min(best, time.Since(start))
		}
		return best
	}
	small, large := fastest(hugeDoc(n/10)), fastest(doc)
	t.Logf("parsed %d items in %v, %d items (%d KB) in %v", n/10, small, n, len(doc)>>10, large)
	if ratio := float64(large) / float64(small); ratio > 40 {
		t.Errorf("10 times the items took %.0f times as long: not linear", ratio)
	}
}

func TestParseDuplicatesAndFutureDates(t *testing.T) {
	items := []fixItem{
		{GUID: "same", Title: "First copy", Date: t0.Add(-time.Hour), Desc: "a"},
		{GUID: "same", Title: "Second copy", Date: t0.Add(-2 * time.Hour), Desc: "b"},
		{GUID: "future", Title: "From the future", Date: t0.Add(48 * time.Hour), Desc: "c"},
		{GUID: "old", Title: "Old", Date: t0.Add(-30 * time.Minute), Desc: "d"},
		{Title: "No date, no guid", Link: "https://other.example/x", Desc: "e"},
	}
	f, err := Parse([]byte(rssDoc("Dups", 0, items)), base, t0)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, it := range f.Items {
		keys = append(keys, it.Key)
		if it.Published.After(t0) {
			t.Errorf("%s dated %v, after now", it.Key, it.Published)
		}
	}
	want := []string{"guid:future", "guid:old", "guid:same", "link:https://other.example/x"}
	if strings.Join(keys, " ") != strings.Join(want, " ") {
		t.Errorf("keys = %v; want %v (future clamped to now, duplicate GUID once, undated last)", keys, want)
	}
	if f.Items[2].Title != "First copy" {
		t.Errorf("duplicate kept %q; want the newest copy", f.Items[2].Title)
	}
}

func TestItemKeys(t *testing.T) {
	long := strings.Repeat("x", 1000)
	items := []fixItem{
		{GUID: "g-1", Link: "/a", Title: "guid wins", Desc: "x"},
		{Link: "/b?id=2", Title: "then the link", Desc: "x"},
		{Title: "then a hash", Desc: "body"},
		{GUID: long, Title: "long guid", Desc: "x"},
		{Link: "javascript:alert(1)", Title: "bad link", Desc: "x"},
	}
	f, err := Parse([]byte(rssDoc("Keys", 0, items)), base, t0)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Item{}
	for _, it := range f.Items {
		got[it.Title] = it
	}
	if k := got["guid wins"].Key; k != "guid:g-1" {
		t.Errorf("guid key = %q", k)
	}
	if k := got["then the link"].Key; k != "link:https://news.example/b?id=2" {
		t.Errorf("link key = %q", k)
	}
	if k := got["then a hash"].Key; !strings.HasPrefix(k, "hash:") || len(k) != 5+64 {
		t.Errorf("hash key = %q", k)
	}
	if k := got["long guid"].Key; !strings.HasPrefix(k, "guid:sha256:") || len(k) > 100 {
		t.Errorf("long guid key = %q", k)
	}
	if it := got["bad link"]; it.Link != "" || !strings.HasPrefix(it.Key, "hash:") {
		t.Errorf("javascript: link kept: %+v", it)
	}
	// The same document parsed again gives the same keys.
	again, _ := Parse([]byte(rssDoc("Keys", 0, items)), base, t0)
	for i := range again.Items {
		if again.Items[i].Key != f.Items[i].Key {
			t.Errorf("key %d changed between parses", i)
		}
	}
}

func TestIsTeaser(t *testing.T) {
	full := extract.Text(story(1))
	for _, tt := range []struct {
		name string
		text string
		want bool
	}{
		{"short", "Council approves the plan.", true},
		{"empty", "", true},
		{"full story", full, false},
		{"full but cut off", full + " The rest…", true},
		{"read more", full + " Read more »", true},
	} {
		if got := isTeaser(tt.text); got != tt.want {
			t.Errorf("%s: isTeaser = %v; want %v", tt.name, got, tt.want)
		}
	}
}

func TestFeedLinks(t *testing.T) {
	page := `<html><head><link rel="stylesheet" href="/s.css"><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head><body><link rel="alternate" type="application/atom+xml" href="/late.xml"></body></html>`
	got := feedLinks([]byte(page), "https://news.example/index.html")
	if len(got) != 1 || got[0] != "https://news.example/rss.xml" {
		t.Errorf("feedLinks = %v", got)
	}
}

func FuzzParse(f *testing.F) {
	items := []fixItem{item(1, t0), {GUID: "dup", Desc: "x"}, {GUID: "dup", Desc: "y"}}
	f.Add([]byte(rssDoc("Fuzz", 10, items)))
	f.Add([]byte(atomDoc("Fuzz", items)))
	f.Add([]byte(jsonDoc("Fuzz", items)))
	f.Add([]byte(`<rss><channel><item><title>&bogus;</title></item></channel></rss>`))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1","items":[{"id":1,"url":{}}]}`))
	f.Add([]byte("<html><body>no</body></html>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		feed, err := Parse(data, base, t0)
		if err != nil {
			if feed != nil || !errors.Is(err, ErrNotFeed) {
				t.Fatalf("Parse = %v, %v", feed, err)
			}
			return
		}
		if len(feed.Items) > MaxItems {
			t.Fatalf("%d items kept", len(feed.Items))
		}
		seen := map[string]bool{}
		for _, it := range feed.Items {
			if it.Key == "" || seen[it.Key] {
				t.Fatalf("empty or repeated key %q", it.Key)
			}
			seen[it.Key] = true
			if it.Published.After(t0) {
				t.Fatalf("date %v after now", it.Published)
			}
			if it.Link != "" && !strings.HasPrefix(it.Link, "http://") && !strings.HasPrefix(it.Link, "https://") {
				t.Fatalf("link %q", it.Link)
			}
			extract.Text(it.HTML)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		items := make([]fixItem, n)
		for i := range items {
			items[i] = fixItem{GUID: fmt.Sprintf("g%d", i), Title: fmt.Sprintf("Item %d", i), Link: fmt.Sprintf("/i/%d", i),
				Date: t0.Add(-time.Duration(i) * time.Minute), Desc: "A short description of the item."}
		}
		doc := []byte(rssDoc("Bench", 0, items))
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(doc, base, t0); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestParseDropsHiddenCharacters(t *testing.T) {
	it := item(1, t0.Add(-time.Hour))
	it.Title = "Invoice &#x202E;gnp.exe&#8203;&#x200D;"
	it.Desc = "Council\u2066 1\u2069 approved a plan.\uFEFF"
	it.Content = "<p>Text\u202Ewith an override and zero\u200Bwidth\u2060 joins, long enough to be a story about the council.</p>"
	for _, doc := range []string{rssDoc("Daily\u202E News\u200B", 0, []fixItem{it}), jsonDoc("Daily\u202E News\u200B", []fixItem{it})} {
		f, err := Parse([]byte(doc), base, t0)
		if err != nil {
			t.Fatal(err)
		}
		got := f.Items[0]
		for name, s := range map[string]string{"feed title": f.Title, "item title": got.Title, "summary": got.Summary, "text": extract.Text(got.HTML)} {
			if textsafe.Has(s) || s == "" {
				t.Errorf("%s = %+q", name, s)
			}
		}
		if f.Title != "Daily News" || got.Title != "Invoice gnp.exe" {
			t.Errorf("titles %q, %q", f.Title, got.Title)
		}
	}
}

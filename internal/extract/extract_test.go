package extract

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"brief/internal/brief"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// render is what a golden file holds: the metadata and the cleaned text.
func render(a *brief.Article) string {
	return fmt.Sprintf("title: %s\nsource: %s\ndate: %s\nurl: %s\npath: %s\n\n%s\n", a.Title, a.Source, a.Date, a.URL, a.Path, a.Text())
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test -update rewrites it)\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// newsStory is every paragraph of the story in testdata/news.html.
var newsStory = []string{
	"Councillors in Portmere voted on Wednesday night to build a tidal barrier across the mouth of the harbour, ending a decade of arguments over how to protect the old town from flooding that has grown worse almost every winter.",
	"The £48m scheme, approved by 31 votes to 9, will place a row of steel gates between the two breakwaters that can be closed when storm surges are forecast.",
	"“This is the most important decision this council has taken in a generation,” said the council leader, Hannah Reeve, after the vote.",
	"The plan has been opposed by some of the town’s fishing crews, who fear the gates will narrow the channel and make it harder to bring boats in during rough weather.",
	"Engineers working for the council told the meeting that the gates would stay open for all but a handful of days each year, and that the channel would be dredged to keep its present depth.",
	"The Environment Agency, which will pay for two-thirds of the cost, said the barrier would protect more than 1,200 homes and 300 businesses that are currently at high risk of tidal flooding, and that it expected similar schemes to follow elsewhere on the coast.",
}

// newsJunk is text around the story that must not reach the article.
var newsJunk = []string{
	"cookies", "Accept all", "Skip to main", "Sport", "Opinion", "Advertisement",
	"cheap flights", "Sponsored", "insurers do not want", "TRACKER", "SCRIPT WROTE",
	"trackEvent", "dataLayer", "Share on", "Copy link", "alert", "Email this story",
	"Photo: Ledger archive", "Storm Ciara", "Related stories", "Comments",
	"harbourwatcher", "About time too", "Waste of money", "newsletter",
	"morning briefing", "All rights reserved", "Maria Okafor", "Flooding\n", "data:image",
}

func TestHTMLArticles(t *testing.T) {
	tests := []struct {
		name, file, pageURL      string
		title, source, date, url string
		story                    []string
		junk                     []string
	}{
		{
			name: "news page", file: "news.html",
			pageURL: "https://www.dailyledger.example/news/2024/03/14/harbour-tidal-barrier?utm_source=feed",
			title:   "Harbour council approves tidal barrier plan after decade of floods",
			source:  "The Daily Ledger", date: "2024-03-14",
			url:   "https://www.dailyledger.example/news/2024/03/14/harbour-tidal-barrier",
			story: newsStory, junk: newsJunk,
		},
		{
			name: "text in divs", file: "divs.html", pageURL: "https://railweekly.example/europe/night-trains",
			title: "Night trains return to the Alps", source: "Rail Weekly", date: "2023-11-02",
			url: "https://railweekly.example/europe/night-trains",
			story: []string{
				"A sleeper service between Brussels and Innsbruck will run three times a week from December",
				"The operator said tickets for the first month sold out within a day of going on sale",
				"Couchette berths start at 89 euros",
				"Rail campaigners welcomed the service",
				"The company plans to add a stop in Munich next year",
			},
			junk: []string{"Freight", "Tweet", "Independent railway journalism", "All rights reserved"},
		},
		{
			name: "latin-1 page", file: "latin1.html", pageURL: "https://www.tagesblatt.example/zuerich/cafe",
			title: "Zürich: Café-Besitzer gewinnt Streit um Straßenterrassen", source: "Tagesblatt", date: "2022-06-30",
			url: "https://www.tagesblatt.example/zuerich/cafe",
			story: []string{
				"Ein Café-Besitzer aus Zürich hat vor dem Verwaltungsgericht einen langen Streit um die Terrasse vor seinem Lokal gewonnen.",
				"Die Richter nannten die Regel unverhältnismäßig.",
				"„Ich bin froh, dass es vorbei ist“, sagte er nach der Verhandlung.",
				"Die Stadt prüft nun, ob sie das Urteil weiterzieht.",
			},
			junk: []string{"Startseite", "Wirtschaft", "Impressum", "\ufffd"},
		},
		{
			name: "local file without an address", file: "news.html", pageURL: "",
			title:  "Harbour council approves tidal barrier plan after decade of floods",
			source: "The Daily Ledger", date: "2024-03-14",
			url:   "https://www.dailyledger.example/news/2024/03/14/harbour-tidal-barrier", // og:url
			story: newsStory, junk: newsJunk,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := HTML(tt.pageURL, readFixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != tt.title || a.Source != tt.source || a.Date != tt.date || a.URL != tt.url {
				t.Errorf("metadata:\n got %q %q %q %q\nwant %q %q %q %q", a.Title, a.Source, a.Date, a.URL, tt.title, tt.source, tt.date, tt.url)
			}
			if a.Path != "" {
				t.Errorf("Path = %q, want it left to the caller", a.Path)
			}
			text := a.Text()
			for _, s := range tt.story {
				if !strings.Contains(text, s) {
					t.Errorf("story text missing: %q", s)
				}
			}
			for _, s := range tt.junk {
				if strings.Contains(text, s) {
					t.Errorf("page furniture leaked into the article: %q", s)
				}
			}
			checkClean(t, text)
			if tt.pageURL != "" {
				checkGolden(t, strings.TrimSuffix(tt.file, ".html"), render(a))
			}
		})
	}
}

// checkClean asserts text is plain: valid UTF-8, no tags or entities,
// no runs of spaces.
func checkClean(t *testing.T, text string) {
	t.Helper()
	if !utf8.ValidString(text) {
		t.Errorf("text is not valid UTF-8")
	}
	for _, bad := range []string{"<p", "</", "<a ", "<img", "<script", "&amp;", "&lt;", "&nbsp;", "&#", "  ", "\t"} {
		if strings.Contains(text, bad) {
			t.Errorf("text holds %q", bad)
		}
	}
}

func TestHTMLNoArticle(t *testing.T) {
	tests := []struct{ name, page string }{
		{"section index", string(readFixture(t, "index.html"))},
		{"404 page", string(readFixture(t, "notfound.html"))},
		{"one short paragraph", "<html><head><title>Hi</title></head><body><p>Just a line.</p></body></html>"},
		{"only scripts", "<html><body><script>var story = 'a long story that is not text at all';</script></body></html>"},
		{"empty", ""},
		{"white space", " \n\t "},
		{"not html at all", "%PDF-1.7 binary junk \x00\x01\x02"},
		{"deeply nested and empty", strings.Repeat("<div>", 100_000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := HTML("https://www.dailyledger.example/business", []byte(tt.page))
			if !errors.Is(err, ErrNoArticle) {
				t.Fatalf("HTML = %v, %v; want ErrNoArticle", a, err)
			}
			if !strings.HasPrefix(err.Error(), "extract: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
}

// hostile wraps the news fixture's story in trouble.
func hostile(t *testing.T, replace ...string) []byte {
	t.Helper()
	return []byte(strings.NewReplacer(replace...).Replace(string(readFixture(t, "news.html"))))
}

func TestHTMLHostile(t *testing.T) {
	story := "<p>" + strings.Join(newsStory, "</p>\n<p>") + "</p>"
	tests := []struct {
		name    string
		page    []byte
		wantErr error // nil: the story must come out whole
	}{
		{"script, onerror and javascript: links in the story", hostile(t,
			"<p>The £48m", `<script>document.body.innerHTML="<h1>pwned</h1>"</script><img src=x onerror="alert(1)"><a href="javascript:alert(2)">click</a><p>The £48m`), nil},
		{"huge inline data: URI", hostile(t,
			"<figure>", `<figure><img src="data:image/png;base64,`+strings.Repeat("QUFB", 1_000_000)+`">`), nil},
		{"story nested 600 elements deep", hostile(t,
			`<main id="main">`, `<main id="main">`+strings.Repeat("<div>", 600)), nil},
		{"unclosed formatting tags", hostile(t,
			`<div class="story-body">`, `<div class="story-body">`+strings.Repeat("<b><i><font>", 400)), nil},
		{"4 MB of markup", []byte("<html><body>" + story + strings.Repeat("<span>x</span>", 280_000)), ErrTooLarge},
		{"over 5 MB", append(readFixture(t, "news.html"), strings.Repeat(" ", MaxPageBytes)...), ErrTooLarge},
		{"NUL bytes and control characters", hostile(t, "The £48m", "The \x00\x01\x1b£48m"), nil},
		{"entities and tags inside the title", hostile(t,
			`<meta property="og:title" content="Harbour council approves tidal barrier plan after decade of floods">`,
			`<meta property="og:title" content="&lt;b&gt;Harbour council approves tidal barrier plan after decade of floods&lt;/b&gt;">`), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			a, err := HTML("https://www.dailyledger.example/news/x", tt.page)
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %s", d)
			}
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("HTML = %v, %v; want %v", a, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			text := a.Text()
			for _, s := range newsStory {
				if !strings.Contains(strings.ReplaceAll(text, "\x00", ""), strings.ReplaceAll(s, "The £48m", "The £48m")) {
					t.Errorf("story text missing: %q", s)
				}
			}
			for _, s := range []string{"pwned", "alert", "click", "QUFB", "innerHTML"} {
				if strings.Contains(text, s) {
					t.Errorf("hostile markup leaked: %q", s)
				}
			}
			checkClean(t, text)
			checkClean(t, a.Title)
			if a.Title != "Harbour council approves tidal barrier plan after decade of floods" {
				t.Errorf("title = %q", a.Title)
			}
		})
	}
}

// TestHTMLHugePage: a page near the 5 MB cap, most of it scripts, inline
// images, menus and comments, still gives its story quickly.
func TestHTMLHugePage(t *testing.T) {
	var pad strings.Builder
	pad.WriteString(`<script>window.__STATE__=`)
	for pad.Len() < 2_800_000 {
		pad.WriteString(`{"id":12345,"headline":"TRACKER state blob","tags":["a","b"]},`)
	}
	pad.WriteString(`0;</script><img src="data:image/jpeg;base64,` + strings.Repeat("/9j/", 300_000) + `">`)
	pad.WriteString(`<nav class="mega-menu"><ul>`)
	for i := range 3000 {
		fmt.Fprintf(&pad, `<li><a href="/section/%d">Section %d</a></li>`, i, i)
	}
	pad.WriteString(`</ul></nav>`)
	comments := `<section class="comments">`
	for i := range 2000 {
		comments += fmt.Sprintf(`<div class="comment"><p>Comment %d: I think the harbour gates are a terrible idea and the money should be spent on the schools instead.</p></div>`, i)
	}
	comments += `</section>`
	page := hostile(t, "</head>", pad.String()+"</head>", `<section id="comments" class="comments">`, comments+`<section>`)
	if len(page) < 4<<20 || len(page) > MaxPageBytes {
		t.Fatalf("page is %d bytes, want between 4 MB and the cap", len(page))
	}
	start := time.Now()
	a, err := HTML("https://www.dailyledger.example/news/x", page)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d bytes extracted in %s", len(page), time.Since(start))
	text := a.Text()
	for _, s := range newsStory {
		if !strings.Contains(text, s) {
			t.Errorf("story text missing: %q", s)
		}
	}
	for _, s := range append(newsJunk, "Section 1", "terrible idea", "/9j/") {
		if strings.Contains(text, s) {
			t.Errorf("page furniture leaked into the article: %q", s)
		}
	}
}

func TestHTMLDates(t *testing.T) {
	page := readFixture(t, "news.html") // published 2024-03-14T09:30:00Z
	tests := []struct {
		name string
		now  time.Time
		want string
	}{
		{"published in the past", time.Date(2024, 3, 20, 0, 0, 0, 0, time.UTC), "2024-03-14"},
		{"a few hours ahead of our clock", time.Date(2024, 3, 13, 18, 0, 0, 0, time.UTC), "2024-03-14"},
		{"more than a day in the future", time.Date(2024, 3, 12, 0, 0, 0, 0, time.UTC), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := extractAt("https://www.dailyledger.example/news/x", page, "", tt.now)
			if err != nil {
				t.Fatal(err)
			}
			if a.Date != tt.want {
				t.Errorf("date = %q, want %q", a.Date, tt.want)
			}
		})
	}
}

func TestHTMLAddress(t *testing.T) {
	tests := []struct {
		name, canonical, pageURL, want string
	}{
		{"relative canonical", `<link rel="canonical" href="/news/a">`, "https://www.site.example/amp/a", "https://www.site.example/news/a"},
		{"canonical on a sister host", `<link rel="canonical" href="https://news.site.example/a">`, "https://amp.site.example/a", "https://news.site.example/a"},
		{"canonical on another site is ignored", `<link rel="canonical" href="https://evil.example/a">`, "https://www.site.example/a?x=1", "https://www.site.example/a?x=1"},
		{"javascript canonical is ignored", `<link rel="canonical" href="javascript:alert(1)">`, "https://www.site.example/a", "https://www.site.example/a"},
		{"no canonical", ``, "https://www.site.example/a#comments", "https://www.site.example/a#comments"},
	}
	body := "<p>" + strings.Join(newsStory, "</p><p>") + "</p>"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := "<html><head><title>Harbour council approves barrier</title>" + tt.canonical + "</head><body><article>" + body + "</article></body></html>"
			a, err := HTML(tt.pageURL, []byte(page))
			if err != nil {
				t.Fatal(err)
			}
			if a.URL != tt.want {
				t.Errorf("URL = %q, want %q", a.URL, tt.want)
			}
		})
	}
	if _, err := HTML("ftp://site.example/a", []byte(body)); err == nil {
		t.Error("HTML accepted an ftp: page address")
	}
}

func TestCleanTitle(t *testing.T) {
	tests := []struct{ title, site, pageURL, want string }{
		{"Storm batters coast | BBC News", "BBC News", "https://www.bbc.co.uk/news/1", "Storm batters coast"},
		{"Storm batters coast - The Guardian", "The Guardian", "https://www.theguardian.com/uk/1", "Storm batters coast"},
		{"Storm batters coast – The Guardian", "", "https://www.theguardian.com/uk/1", "Storm batters coast"},
		{"BBC News - Storm batters coast", "BBC", "https://www.bbc.co.uk/news/1", "Storm batters coast"},
		{"Storm batters coast | World | BBC News", "BBC News", "https://www.bbc.co.uk/news/1", "Storm batters coast | World"},
		{"  Storm \n batters\tcoast  ", "", "", "Storm batters coast"},
		{"Ukraine - Russia talks resume in Geneva", "Reuters", "https://www.reuters.com/world/1", "Ukraine - Russia talks resume in Geneva"},
		{"Reuters", "Reuters", "https://www.reuters.com/", "Reuters"},
		{"Q&A: What the barrier means | Daily Ledger", "The Daily Ledger", "", "Q&A: What the barrier means"},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			var base = mustURL(t, tt.pageURL)
			if got := cleanTitle(tt.title, tt.site, base); got != tt.want {
				t.Errorf("cleanTitle(%q, %q) = %q, want %q", tt.title, tt.site, got, tt.want)
			}
		})
	}
}

func BenchmarkHTML(b *testing.B) {
	page := readFixture(b, "news.html")
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := HTML("https://www.dailyledger.example/news/x", page); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkText(b *testing.B) {
	frag := `<p>Markets rose &amp; fell.</p><p>Oil <b>prices</b> rose.</p><img src="p.gif"><div class="feedflare"><a href="x">Share</a></div>`
	b.ReportAllocs()
	for b.Loop() {
		Text(frag)
	}
}

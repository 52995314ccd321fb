package extract

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", ""},
		{"plain text", "Markets rose on Monday.", "Markets rose on Monday."},
		{"plain text keeps its paragraphs", "First para,\nstill first.\n\n  Second &lt;para&gt; &amp; more.\n \nThird.", "First para, still first.\n\nSecond <para> & more.\n\nThird."},
		{"paragraphs and entities",
			"<p>Markets rose &amp; fell.</p>\n<p>Oil&nbsp;prices &#8211; up 3%&hellip;</p>",
			"Markets rose & fell.\n\nOil prices – up 3%…"},
		{"headings, lists and quotes become paragraphs",
			"<h2>What we know</h2><ul><li>One dead</li><li>Two hurt</li></ul><blockquote><p>It was chaos.</p></blockquote>",
			"What we know\n\nOne dead\n\nTwo hurt\n\nIt was chaos."},
		{"line breaks", "First line<br>same paragraph<br/><br />new paragraph", "First line\nsame paragraph\n\nnew paragraph"},
		{"inline markup joins words", "<p>The <b>Bank</b> of <a href=\"/e\">England</a>'s <em>rate</em></p>", "The Bank of England's rate"},
		{"scripts, styles, images and tracking dropped",
			`<p>Story.</p><script>track("x")</script><style>p{color:red}</style><img src="https://t.example/p.gif" width="1" height="1"><iframe src="https://ads.example"></iframe><noscript><img src="p.gif"></noscript>`,
			"Story."},
		{"feed share widgets dropped",
			`<p>Story text.</p><div class="feedflare"><a href="http://feeds.example/~ff/x?a=1">Share this</a></div><div class="sharedaddy sd-sharing-enabled">Share</div>`,
			"Story text."},
		{"hidden text dropped", `<p>Seen.</p><p style="display: none">Unseen</p><span hidden>Gone</span><span aria-hidden="true">★</span>`, "Seen."},
		{"escaped twice", "&lt;p&gt;Rates held &amp;amp; steady.&lt;/p&gt;&lt;p&gt;More soon.&lt;/p&gt;", "Rates held & steady.\n\nMore soon."},
		{"white space normalised", "  <p>  lots \n\n of\t\tspace\u00a0here\u200b </p>  ", "lots of space here"},
		{"self-closing script still hides its body", `<script/>steal()</script>After`, "After"},
		{"comments dropped", "Before<!-- a comment -->after", "Beforeafter"},
		{"text that looks like a tag but is not", "3 < 5 and 7 > 2", "3 < 5 and 7 > 2"},
		{"table cells", "<table><tr><td>Team</td><td>Points</td></tr><tr><td>Ajax</td><td>12</td></tr></table>", "Team Points\n\nAjax 12"},
		{"unclosed markup", "<p>Cut off <b>mid", "Cut off mid"},
		{"a dropped tag does not join text into a new tag", "0<<b>b>x", "0< b>x"},
		{"deep nesting", strings.Repeat("<div>", 50_000) + "deep" + strings.Repeat("</div>", 50_000), "deep"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Errorf("Text(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// tagLike is markup a reader would see as a tag.
var tagLike = regexp.MustCompile(`</?[A-Za-z][^<>]*>`)

func FuzzText(f *testing.F) {
	for _, s := range []string{
		"", "<p>a &amp; b</p>", "&lt;p&gt;x&lt;/p&gt;", "<script>x</script>y", "<a href=javascript:1>z</a>",
		"<br><br>", "<textarea><b>x</b></textarea>", "<svg><script>x</script></svg>", "<div/>x</div>",
		"<title><i>t</i></title>", "<plaintext><b>", "<xmp><i>", "<noscript><p>x</p></noscript>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Text(in)
		if !utf8.ValidString(out) {
			t.Fatalf("Text(%q) = %q: not UTF-8", in, out)
		}
		if !strings.Contains(in, "&") && tagLike.MatchString(out) {
			t.Fatalf("Text(%q) = %q: markup from the input is left", in, out)
		}
		if out != strings.TrimSpace(out) || strings.Contains(out, "\n\n\n") {
			t.Fatalf("Text(%q) = %q: white space not normalised", in, out)
		}
	})
}

func FuzzHTML(f *testing.F) {
	for _, name := range []string{"news.html", "divs.html", "index.html"} {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`<html><head><title><b>x</b></title></head><body><p>` + strings.Repeat("A sentence of story text. ", 40) + `</p><p>` + strings.Repeat("Another one here. ", 40) + `</p></body></html>`))
	f.Add([]byte("<div>" + strings.Repeat("<p><b>", 600)))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := HTML("https://news.example/a", data)
		if err != nil {
			return
		}
		for _, s := range []string{a.Title, a.Source, a.Date, a.URL, a.Text()} {
			if !utf8.ValidString(s) {
				t.Fatalf("not UTF-8: %q", s)
			}
			if !strings.Contains(string(data), "&") && tagLike.MatchString(s) && s != a.URL {
				t.Fatalf("markup from the input is left: %q", s)
			}
		}
		if a.Path != "" || a.URL == "" {
			t.Fatalf("Path %q, URL %q", a.Path, a.URL)
		}
	})
}

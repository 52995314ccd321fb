package brief

import (
	"os"
	"strings"
	"testing"
)

func loadSample(t testing.TB) *Article {
	t.Helper()
	path := "../../articles/2023-09-11-kim-jong-un-train-to-russia.txt"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	a, err := Parse(path, data)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestSampleArticleMetadataAndCleaning(t *testing.T) {
	a := loadSample(t)
	if a.Date != "2023-09-11" || a.Source != "WhatsNew2Day" {
		t.Errorf("date, source = %q, %q; want 2023-09-11, WhatsNew2Day", a.Date, a.Source)
	}
	shoigu := 0
	for _, s := range a.Sentences {
		if strings.Contains(s, "pictured") {
			t.Errorf("caption note kept: %q", s)
		}
		if strings.Contains(s, ". .") || strings.Contains(s, ". ,") {
			t.Errorf("debris kept: %q", s)
		}
		if strings.Contains(s, "Shoigu made a rare visit") {
			shoigu++
		}
	}
	if shoigu != 1 {
		t.Errorf("the repeated Shoigu paragraph appears %d times, want once", shoigu)
	}
	if len(a.Sentences) < 30 {
		t.Errorf("only %d sentences kept; cleaning dropped story sentences", len(a.Sentences))
	}
}

func TestSampleBriefingCoversTheStory(t *testing.T) {
	a := loadSample(t)
	b := Brief(a)
	if b.Headline == "" || b.Headline == b.TLDR || len(strings.Fields(b.Headline)) > 16 {
		t.Errorf("headline %q: want the lead's main clause", b.Headline)
	}
	if !strings.HasPrefix(b.TLDR, "Kim Jong Un is traveling by train to Russia") {
		t.Errorf("tl;dr = %q, want the lead sentence", b.TLDR)
	}
	checkPoints(t, a, b)
	find := func(what string, ok func(p Point) bool) {
		t.Helper()
		for _, p := range b.Points {
			if ok(p) {
				return
			}
		}
		t.Errorf("no key point covers %s; points: %+v", what, b.Points)
	}
	find("the trip", func(p Point) bool {
		return strings.Contains(p.Text, "train") && strings.Contains(p.Text, "Putin")
	})
	find("the arms-deal stakes", func(p Point) bool {
		return strings.HasPrefix(p.Label, "What's at stake") &&
			(strings.Contains(p.Text, "arms") || strings.Contains(p.Text, "weapons") || strings.Contains(p.Text, "munitions"))
	})
	find("the US reaction", func(p Point) bool {
		return (strings.Contains(p.Label, "US") || strings.Contains(p.Label, "U.S.")) && strings.Contains(p.Text, "Finer")
	})
}

// checkPoints asserts what holds for every briefing: 3 to 5 points with
// distinct labels, grounded in valid sentence indices, none repeating
// another or the tl;dr.
func checkPoints(t *testing.T, a *Article, b Briefing) {
	t.Helper()
	if n := len(b.Points); n < min(3, len(a.Sentences)-1) || n > 5 {
		t.Errorf("%d key points, want 3 to 5", n)
	}
	labels := map[string]bool{}
	used := map[int]bool{b.TLDRSentence: true}
	for _, p := range b.Points {
		// A point may have no label (a plain bullet); labels never repeat.
		if p.Label != "" && labels[p.Label] {
			t.Errorf("label %q repeated", p.Label)
		}
		labels[p.Label] = true
		if len(p.Sentences) == 0 || len(p.Sentences) > 2 {
			t.Errorf("point %q has %d sentences, want 1 or 2", p.Label, len(p.Sentences))
		}
		var texts []string
		for _, i := range p.Sentences {
			if i < 0 || i >= len(a.Sentences) {
				t.Fatalf("point %q cites sentence %d of %d", p.Label, i, len(a.Sentences))
			}
			if used[i] {
				t.Errorf("sentence %d used twice", i)
			}
			used[i] = true
			texts = append(texts, a.Sentences[i])
		}
		if got := strings.Join(texts, " "); got != p.Quote {
			t.Errorf("point quote %q is not its sentences %q", p.Quote, got)
		}
		if !wordSubsequence(p.Text, p.Quote) {
			t.Errorf("point text %q is not a subsequence of its quote %q", p.Text, p.Quote)
		}
		if n := len(strings.Fields(p.Text)); n > maxPointWords {
			t.Errorf("point %q has %d words, want at most %d", p.Text, n, maxPointWords)
		}
	}
}

func TestBriefGeneralArticles(t *testing.T) {
	tests := []struct {
		name, file string
	}{
		{"plain text with a title", "title.txt"},
		{"markdown with front matter", "front.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := os.ReadFile("testdata/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			a, err := Parse(tt.file, data)
			if err != nil {
				t.Fatal(err)
			}
			b := Brief(a)
			if b.Headline != a.Title || a.Title == "" {
				t.Errorf("headline %q, title %q", b.Headline, a.Title)
			}
			checkPoints(t, a, b)
		})
	}
}

func TestBriefShortArticles(t *testing.T) {
	for n := 1; n <= 4; n++ {
		sents := []string{"The council approved the new budget on Monday.", "Spending on schools rises by 4%.", "The mayor welcomed the vote.", "Opponents said taxes would rise."}
		a := &Article{Sentences: sents[:n], Paras: make([]int, n)}
		b := Brief(a)
		if b.TLDR != sents[0] {
			t.Errorf("n=%d: tl;dr %q", n, b.TLDR)
		}
		if want := min(3, n-1); len(b.Points) != want {
			t.Errorf("n=%d: %d points, want %d", n, len(b.Points), want)
		}
	}
}

func TestHeadlineFrom(t *testing.T) {
	tests := []struct{ lead, want string }{
		{"Kim Jong Un is traveling by train to Russia to discuss a possible arms deal, according to reports, and the Kremlin confirmed it.", "Kim Jong Un is traveling by train to Russia to discuss a possible arms deal"},
		{"The central bank raised rates by half a point.", "The central bank raised rates by half a point"},
		{"Floods hit the city; thousands were evacuated overnight as rivers rose.", "Floods hit the city"},
		// Long leads lose trailing phrases, never mid-phrase and never
		// with an ellipsis.
		{"Manchester United manager Louis van Gaal has been given the green light to make Gareth Bale his top summer transfer target after a fan day.",
			"Manchester United manager Louis van Gaal has been given the green light"},
		{"Police put extra security measures in place after a man associated with a far-right group was seen near the mosque on Friday.",
			"Police put extra security measures in place"},
		{"Earlier this week, the minister refused to answer questions about the contract.", "The minister refused to answer questions about the contract"},
		{"Citing unnamed sources, the newspaper reported that the train left Pyongyang on Sunday afternoon.", "The train left Pyongyang on Sunday afternoon"},
	}
	for _, tt := range tests {
		if got := headlineFrom(tt.lead); got != tt.want {
			t.Errorf("headlineFrom(%q) = %q, want %q", tt.lead, got, tt.want)
		}
	}
}

func TestRoles(t *testing.T) {
	tests := []struct {
		s    string
		want Role
	}{
		{"“We have serious concerns,” the spokesman said on Sunday.", RoleReaction},
		{"Jon Finer, a senior adviser, told reporters the deal was the only option.", RoleReaction},
		{"In exchange, the company could seek new funding and would gain access to markets.", RoleStakes},
		{"The two leaders first met in 2019, and relations had been cold for decades.", RoleBackground},
		{"The train left the capital on Sunday afternoon.", RoleEvent},
	}
	for _, tt := range tests {
		if got := roleOf(tt.s, Words(tt.s), 2023); got != tt.want {
			t.Errorf("roleOf(%q) = %d, want %d", tt.s, got, tt.want)
		}
	}
}

func TestFromText(t *testing.T) {
	a, err := FromText(Article{Title: "  A  title ", URL: "https://example.com/a"}, "First sentence here. Second one follows.\n\nA new paragraph.")
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "A title" || a.URL != "https://example.com/a" || len(a.Sentences) != 3 || a.Paras[2] != 1 {
		t.Errorf("FromText = %+v", a)
	}
	for _, body := range []string{"", "   ", "\xff\xfe", strings.Repeat("word ", MaxArticleBytes/5+1)} {
		if _, err := FromText(Article{}, body); err == nil {
			t.Errorf("FromText(%.20q) succeeded", body)
		}
	}
}

func TestWhatsNextLabel(t *testing.T) {
	text := `Harbour council approves tidal barrier plan

Councillors in Portmere voted on Wednesday night to build a tidal barrier across the mouth of the harbour, ending a decade of arguments over how to protect the old town from flooding.

The £48m scheme, approved by 31 votes to 9, will place a row of steel gates between the two breakwaters that can be closed when storm surges are forecast.

Work is expected to begin next spring and to take three years to complete.

"This is the most important decision this council has taken in a generation," said the council leader, Hannah Reeve, after the vote.
`
	a, err := Parse("barrier.txt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range Brief(a).Points {
		if strings.HasPrefix(p.Text, "Work is expected") {
			if p.Label != "What's next" {
				t.Errorf("the plan for next spring is labelled %q, want \"What's next\"", p.Label)
			}
			return
		}
	}
	t.Errorf("the plan for next spring is not a key point: %+v", Brief(a).Points)
}

func TestWithArticle(t *testing.T) {
	for in, want := range map[string]string{
		"Environment Agency": "the Environment Agency", "Labour Party": "the Labour Party",
		"Kim": "Kim", "North Korea": "North Korea", "Hannah Reeve": "Hannah Reeve", "The Football Association": "The Football Association",
	} {
		if got := withArticle(in); got != want {
			t.Errorf("withArticle(%q) = %q, want %q", in, got, want)
		}
	}
}

// wordSubsequence reports whether the words of text appear in quote in
// the same order (ignoring case): text was made by deleting words only.
func wordSubsequence(text, quote string) bool {
	q := Words(quote)
	k := 0
	for _, w := range Words(text) {
		for k < len(q) && q[k] != w {
			k++
		}
		if k == len(q) {
			return false
		}
		k++
	}
	return true
}

package slack

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"brief/internal/reply"
	"brief/internal/router"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const hostile = `Officials said <!channel> and <!here> must act now; <@U123> & <#C999|general> agreed. See <https://evil.example/phish|click here> or <!subteam^S1|@team>. *Not bold* _not italic_ ~no~ ` + "`code`" + ` > quote.`

func briefingReply() reply.Reply {
	return reply.Reply{
		Kind:     reply.Briefing,
		Title:    "Kim Jong Un heads to Russia by train to meet Putin",
		TitleURL: "https://example.com/news/kim-train?id=1&src=rss",
		Summary:  "North Korean leader Kim Jong Un is travelling by armoured train to Russia for a summit with Vladimir Putin.",
		Sections: []reply.Section{
			{Label: "The trip", Text: "Kim left Pyongyang on Sunday aboard his private train, state media said.", URL: "https://example.com/news/kim-train?id=1&src=rss#:~:text=Kim%20left%20Pyongyang%20on,his%20private%20train%2C%20state"},
			{Label: "What's at stake", Text: "Moscow wants artillery shells; Pyongyang wants satellite and submarine technology."},
			{Label: "The U.S. reaction", Text: "Washington warned that any arms deal would breach UN sanctions."},
			{Text: "The two leaders last met in Vladivostok in April 2019.", URL: "https://example.com/news/kim-train?id=1&src=rss#:~:text=The%20two%20leaders%20last%20met%20in%20Vladivostok"},
		},
		Sources: []reply.Source{{ID: "3f2a9c1d", Title: "Kim Jong Un heads to Russia", Publisher: "Example News", Date: "2023-09-11", URL: "https://example.com/news/kim-train?id=1&src=rss"}},
		Footer:  "id 3f2a9c1d",
	}
}

func hostileReply() reply.Reply {
	return reply.Reply{
		Kind:     reply.Briefing,
		Title:    "<!channel> Breaking: <@U123> & friends",
		TitleURL: "javascript:alert(1)",
		Summary:  hostile,
		Sections: []reply.Section{
			{Label: "*Bold* <!here> claim", Text: hostile, URL: "https://ok.example/a|b>c<d"},
			{Label: "Link trick", Text: "Visit <https://evil.example|https://bank.example> now.", URL: "javascript:alert(1)"},
		},
		Sources: []reply.Source{{Title: "<!everyone>", Publisher: "<@U999> Daily", Date: "2023-09-11", URL: "https://ok.example/story"}},
		Footer:  "<!channel> footer & more",
	}
}

// digestReply is a digest of n articles, as the router builds them.
func digestReply(n int, vis reply.Visibility, extra string) reply.Reply {
	r := reply.Reply{Kind: reply.Digest, Title: "Today's brief", Summary: fmt.Sprintf("%d new articles, most important first.", n), Visibility: vis}
	for i := range n {
		r.Sections = append(r.Sections, reply.Section{
			Label: fmt.Sprintf("Story %02d: council approves a new budget for the city's tram network", i+1),
			Text: fmt.Sprintf("The council voted %d to 12 on Tuesday to fund two new tram lines, after a debate that lasted most of the day. "+
				"Opponents said the plan would raise fares for commuters who already pay more than in most cities. %s\nExample News · 2026-11-%02d · id %08x", 30+i, extra, 1+i%28, i*7919),
			URL: fmt.Sprintf("https://example.com/story/%d", i+1),
		})
	}
	r.Footer = "/brief show <id> for an article's key points."
	return r
}

func TestRenderGolden(t *testing.T) {
	tests := []struct {
		name  string
		reply reply.Reply
	}{
		{"help", router.HelpReply()},
		{"briefing", briefingReply()},
		{"hostile", hostileReply()},
		{"answer", reply.Reply{Kind: reply.Answer, Title: "Where will Kim and Putin meet?", Summary: "The meeting is expected in Vladivostok.", Sources: briefingReply().Sources, Footer: "Quoted from Kim Jong Un heads to Russia. /brief show 3f2a9c1d for its key points."}},
		{"error", reply.Reply{Kind: reply.Error, Summary: "Sorry, only a channel manager can change this channel's schedule."}},
		{"digest-caller", digestReply(3, reply.Caller, "")},
		{"digest-channel-40", digestReply(40, reply.Channel, "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs := Render(tt.reply)
			checkLimits(t, msgs)
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false) // readable: the escaping under test is Slack's, not JSON's
			enc.SetIndent("", "  ")
			if err := enc.Encode(msgs); err != nil {
				t.Fatal(err)
			}
			got := buf.Bytes()
			path := filepath.Join("testdata", tt.name+".golden")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to write it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("Render differs from %s (go test -update rewrites it):\n%s", path, got)
			}
		})
	}
}

// linkRE finds Slack's <…> markup.
var linkRE = regexp.MustCompile(`<[^>]*>`)

func TestRenderHostileTextIsInert(t *testing.T) {
	msgs := Render(hostileReply())
	checkLimits(t, msgs)
	var all []string
	for _, m := range msgs {
		all = append(all, m.Text)
		all = append(all, texts(blocksOf(t, m))...)
	}
	joined := strings.Join(all, "\n")
	for _, s := range all {
		for _, markup := range linkRE.FindAllString(s, -1) {
			// The only markup is our own links, to the article's safe URLs.
			if !strings.HasPrefix(markup, "<https://ok.example/") {
				t.Errorf("live markup %q in %q", markup, s)
			}
		}
		for _, bad := range []string{"<!", "<@", "<#", "javascript:", "<https://evil"} {
			if strings.Contains(s, bad) {
				t.Errorf("%q survives in %q", bad, s)
			}
		}
	}
	for _, want := range []string{"&lt;!channel&gt;", "&lt;!here&gt;", "&lt;@U123&gt;", "&lt;https://evil.example/phish|click here&gt;", "&amp;", "|∗Bold∗ &lt;!here&gt; claim>*", "<https://ok.example/a%7Cb%3Ec%3Cd|"} {
		if !strings.Contains(joined, want) {
			t.Errorf("rendered text lacks %q", want)
		}
	}
}

func TestRenderLongDigests(t *testing.T) {
	for _, tt := range []struct {
		name  string
		reply reply.Reply
	}{
		{"40 articles", digestReply(40, reply.Caller, "")},
		{"60 articles", digestReply(60, reply.Channel, "")},
		{"40 articles of ampersands", digestReply(40, reply.Caller, strings.Repeat("&<> ", 200))},
		{"one huge section", reply.Reply{Kind: reply.Briefing, Title: strings.Repeat("Headline & more ", 30), Summary: strings.Repeat("A sentence & another <b>. ", 400), Sections: []reply.Section{{Label: strings.Repeat("*&", 300), Text: strings.Repeat("&", 5000)}}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			msgs := Render(tt.reply)
			checkLimits(t, msgs)
			if n := len(tt.reply.Sections); n > 20 && len(msgs) < 2 {
				t.Errorf("%d sections in %d message(s)", n, len(msgs))
			}
			// The items arrive in order, each at most once, and every cut
			// ends with an ellipsis.
			next := 1
			for _, m := range msgs {
				for _, b := range blocksOf(t, m) {
					txt := sectionTextOf(b)
					var k int
					if _, err := fmt.Sscanf(strings.TrimPrefix(txt, "*<https://example.com/story/"), "%d|", &k); err != nil || !strings.HasPrefix(txt, "*<https://example.com/story/") {
						continue
					}
					if k != next {
						t.Errorf("story %d arrives where %d should", k, next)
					}
					next = k + 1
				}
			}
			kept := 0
			for _, p := range reply.Split(tt.reply) {
				kept += len(p.Sections)
			}
			if n := len(tt.reply.Sections); n >= 20 && next-1 != kept {
				t.Errorf("%d of %d stories rendered; reply.Split keeps %d", next-1, n, kept)
			}
		})
	}
}

func TestRenderClipsWithEllipsis(t *testing.T) {
	long := strings.Repeat("The council met on Tuesday & voted. ", 200)
	msgs := Render(reply.Reply{Kind: reply.Notice, Summary: long, Sections: []reply.Section{{Label: "Budget", Text: long}}})
	checkLimits(t, msgs)
	for _, b := range blocksOf(t, msgs[0]) {
		txt := sectionTextOf(b)
		if txt == "" {
			continue
		}
		if !strings.HasSuffix(txt, reply.Ellipsis) {
			t.Errorf("a clipped text ends %q, without an ellipsis", txt[max(0, len(txt)-30):])
		}
		if strings.HasSuffix(txt, "&"+reply.Ellipsis) || strings.Contains(txt, "&am"+reply.Ellipsis) {
			t.Errorf("an entity was cut: %q", txt[len(txt)-20:])
		}
	}
}

func TestEscapedClip(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"a & b", 20, "a &amp; b"},
		{"<!channel>", 20, "&lt;!channel&gt;"},
		{"one & two & three", 12, "one &amp;…"},
		{"", 5, ""},
		{"abc", 0, ""},
	}
	for _, tt := range tests {
		got := escapedClip(tt.in, tt.n)
		if got != tt.want {
			t.Errorf("escapedClip(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
		if utf8.RuneCountInString(got) > max(tt.n, 0) {
			t.Errorf("escapedClip(%q, %d) is %d long", tt.in, tt.n, utf8.RuneCountInString(got))
		}
	}
}

func TestSafeURL(t *testing.T) {
	tests := map[string]string{
		"https://example.com/a?b=1&c=2": "https://example.com/a?b=1&amp;c=2",
		"http://example.com/x|y":        "http://example.com/x%7Cy",
		"javascript:alert(1)":           "",
		"ftp://example.com/":            "",
		"//example.com/":                "",
		"https://":                      "",
		"":                              "",
		"https://x.example/" + strings.Repeat("a", 3000): "",
	}
	for in, want := range tests {
		if got := safeURL(in); got != want {
			t.Errorf("safeURL(%.40q) = %q, want %q", in, got, want)
		}
	}
}

// blocksOf is a message's blocks as JSON objects.
func blocksOf(t *testing.T, m Message) []map[string]any {
	t.Helper()
	raw, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var got webMessage
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	return got.Blocks
}

func sectionTextOf(b map[string]any) string {
	if b["type"] != "section" {
		return ""
	}
	txt, _ := b["text"].(map[string]any)
	s, _ := txt["text"].(string)
	return s
}

// checkLimits asserts Slack's Block Kit limits on every message.
func checkLimits(t *testing.T, msgs []Message) {
	t.Helper()
	if len(msgs) == 0 {
		t.Fatal("no messages")
	}
	for i, m := range msgs {
		if m.Text == "" || utf8.RuneCountInString(m.Text) > 4000 {
			t.Errorf("message %d: fallback text of %d chars", i+1, utf8.RuneCountInString(m.Text))
		}
		if m.ResponseType != "ephemeral" && m.ResponseType != "in_channel" {
			t.Errorf("message %d: response_type %q", i+1, m.ResponseType)
		}
		blocks := blocksOf(t, m)
		if len(blocks) == 0 || len(blocks) > maxBlocks {
			t.Errorf("message %d: %d blocks", i+1, len(blocks))
		}
		for j, b := range blocks {
			where := fmt.Sprintf("message %d block %d (%v)", i+1, j+1, b["type"])
			switch b["type"] {
			case "header":
				txt := b["text"].(map[string]any)
				if txt["type"] != "plain_text" || n(txt["text"]) == 0 || n(txt["text"]) > maxHeaderChars {
					t.Errorf("%s: header %v", where, txt)
				}
			case "section":
				if l := n(b["text"].(map[string]any)["text"]); l == 0 || l > maxSectionChars {
					t.Errorf("%s: section text of %d chars", where, l)
				}
			case "context":
				els := b["elements"].([]any)
				if len(els) == 0 || len(els) > maxContextElements {
					t.Errorf("%s: %d context elements", where, len(els))
				}
				for _, e := range els {
					if l := n(e.(map[string]any)["text"]); l == 0 || l > maxSectionChars {
						t.Errorf("%s: context text of %d chars", where, l)
					}
				}
			case "actions":
				if j != len(blocks)-1 || i != len(msgs)-1 {
					t.Errorf("%s: the button is not at the end of the last message", where)
				}
			default:
				t.Errorf("%s: unexpected block", where)
			}
		}
		for _, s := range texts(blocks) {
			for _, r := range s {
				if r < 0x20 && r != '\n' && r != '\t' {
					t.Errorf("message %d: control character %U", i+1, r)
				}
			}
		}
	}
}

func n(v any) int {
	s, _ := v.(string)
	return utf8.RuneCountInString(s)
}

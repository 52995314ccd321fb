package discord

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"brief/internal/reply"
	"brief/internal/router"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

func briefingReply() reply.Reply {
	return reply.Reply{
		Kind:     reply.Briefing,
		Title:    "Kim Jong Un heads to Russia by train to meet Putin",
		TitleURL: "https://example.com/kim-putin",
		Summary:  "North Korea's leader is travelling to Russia by armoured train for talks with Vladimir Putin.",
		Sections: []reply.Section{
			{Label: "The trip", Text: "Kim left Pyongyang on Sunday aboard his private train, state media said.", URL: "https://example.com/news/kim-train?id=1&src=rss#:~:text=Kim%20left%20Pyongyang%20on,his%20private%20train%2C%20state"},
			{Label: "What's at stake", Text: "Russia wants artillery shells; North Korea wants satellite and submarine technology."},
			{Label: "The U.S. reaction", Text: "Washington warned that any arms deal would breach UN sanctions."},
			{Text: "The two leaders last met in Vladivostok in April 2019.", URL: "https://example.com/news/kim-train?id=1&src=rss#:~:text=The%20two%20leaders%20last%20met%20in%20Vladivostok"},
		},
		Sources: []reply.Source{{ID: "ab12cd34", Title: "Kim Jong Un heads to Russia", Publisher: "BBC News", Date: "2023-09-11", URL: "https://example.com/kim-putin"}},
		Footer:  "id ab12cd34",
	}
}

func answerReply() reply.Reply {
	return reply.Reply{
		Kind:    reply.Answer,
		Title:   "Where will Kim and Putin meet?",
		Summary: "The two leaders are expected to meet in Vladivostok, on Russia's Pacific coast.",
		Sources: []reply.Source{{ID: "ab12cd34", Title: "Kim Jong Un heads to Russia", Publisher: "BBC News", Date: "2023-09-11", URL: "https://example.com/kim-putin"}},
		Footer:  "Quoted from Kim Jong Un heads to Russia. /brief show ab12cd34 for its key points.",
	}
}

func hostileReply() reply.Reply {
	return reply.Reply{
		Kind:     reply.Briefing,
		Title:    "@everyone look <@123>",
		TitleURL: "javascript:alert(1)",
		Summary:  "Ping @here and <@&456> and <@!789>, then **bold** [click](https://evil.example) `code` ||spoiler|| # heading",
		Sections: []reply.Section{{Label: "@everyone", Text: "<@123> <#999> @here"}, {Label: "", Text: ""}},
		Footer:   "@everyone <@123>",
	}
}

// digestReply is a digest of n articles, as the digest package builds one.
func digestReply(n int) reply.Reply {
	r := reply.Reply{Kind: reply.Digest, Title: "Your news briefing", Summary: fmt.Sprintf("%d new articles, most important first.", n), Footer: "/brief show <id> for an article's key points.", Visibility: reply.Channel}
	for i := range n {
		r.Sections = append(r.Sections, reply.Section{
			Label: fmt.Sprintf("Story %d: %s", i+1, strings.Repeat("a long headline_with*marks ", 6)),
			Text:  strings.Repeat(fmt.Sprintf("Story %d says something [important] about <things>. ", i+1), 8) + "\nBBC · 2023-09-11 · id 0000abcd",
			URL:   fmt.Sprintf("https://example.com/story/%d", i+1),
		})
	}
	return r
}

func TestRenderGolden(t *testing.T) {
	tests := []struct {
		name string
		r    reply.Reply
	}{
		{"briefing", briefingReply()},
		{"answer", answerReply()},
		{"help", router.HelpReply()},
		{"notice", reply.Reply{Kind: reply.Notice, Summary: "Scheduled digests are off for this channel."}},
		{"hostile", hostileReply()},
		{"digest3", digestReply(3)},
		{"digest30", digestReply(30)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false) // readable goldens: "<" rather than "\u003c"
			enc.SetIndent("", "  ")
			if err := enc.Encode(Render(tt.r)); err != nil {
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
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("Render(%s) differs from %s (go test -update rewrites it):\n%s", tt.name, path, got)
			}
		})
	}
}

// checkLimits fails the test for any message outside Discord's limits.
func checkLimits(t *testing.T, msgs []*discordgo.MessageSend) {
	t.Helper()
	if len(msgs) == 0 {
		t.Fatal("no messages")
	}
	if len(msgs) > reply.MaxMessagesPerPost {
		t.Errorf("%d messages, more than %d", len(msgs), reply.MaxMessagesPerPost)
	}
	runes := utf8.RuneCountInString
	for i, m := range msgs {
		if len(m.Embeds) == 0 || len(m.Embeds) > MaxEmbedsPerMessage {
			t.Errorf("message %d: %d embeds", i, len(m.Embeds))
		}
		total := 0
		for _, e := range m.Embeds {
			if runes(e.Title) > MaxEmbedTitle || runes(e.Description) > MaxEmbedDescription || len(e.Fields) > MaxEmbedFields {
				t.Errorf("message %d: title %d, description %d, %d fields", i, runes(e.Title), runes(e.Description), len(e.Fields))
			}
			for _, f := range e.Fields {
				if f.Name == "" || f.Value == "" || runes(f.Name) > MaxFieldName || runes(f.Value) > MaxFieldValue {
					t.Errorf("message %d: field name %d runes, value %d runes", i, runes(f.Name), runes(f.Value))
				}
			}
			if e.Footer != nil && runes(e.Footer.Text) > MaxEmbedFooter {
				t.Errorf("message %d: footer %d runes", i, runes(e.Footer.Text))
			}
			if e.URL != "" && !strings.HasPrefix(e.URL, "https://") && !strings.HasPrefix(e.URL, "http://") {
				t.Errorf("message %d: embed url %q", i, e.URL)
			}
			total += embedChars(e)
		}
		if total > MaxEmbedChars {
			t.Errorf("message %d: %d characters across embeds", i, total)
		}
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(b, []byte(`"allowed_mentions":{"parse":[]`)) {
			t.Errorf("message %d has no empty allowed_mentions.parse: %s", i, b)
		}
	}
}

func TestRenderSixtyArticleDigestWithinEveryLimit(t *testing.T) {
	msgs := Render(digestReply(60))
	checkLimits(t, msgs)
	if len(msgs) < 3 {
		t.Errorf("60 articles in %d messages", len(msgs))
	}
	// In order: story numbers only go up, across messages.
	last := 0
	for _, m := range msgs {
		for _, f := range m.Embeds[0].Fields {
			var n int
			if _, err := fmt.Sscanf(f.Name, "Story %d:", &n); err != nil {
				continue
			}
			if n != last+1 {
				t.Fatalf("story %d after %d", n, last)
			}
			last = n
		}
	}
	if last < 20 {
		t.Errorf("only %d stories shown", last)
	}
	if !strings.HasSuffix(msgs[0].Embeds[0].Title, fmt.Sprintf("(1/%d)", len(msgs))) {
		t.Errorf("first title %q is not numbered", msgs[0].Embeds[0].Title)
	}
	if msgs[len(msgs)-1].Embeds[0].Footer == nil {
		t.Error("the last message lost the footer")
	}
}

func TestRenderEnforcesLimitsOnOversizedText(t *testing.T) {
	// Markdown characters double in length when escaped: the renderer must
	// still keep every field and the message total within Discord's limits.
	stars := strings.Repeat("*_~ ", 3000)
	r := reply.Reply{Kind: reply.Digest, Title: stars, TitleURL: "https://example.com/" + strings.Repeat("x", 3000), Summary: stars, Footer: stars}
	for range 30 {
		r.Sections = append(r.Sections, reply.Section{Label: stars, Text: stars, URL: "https://example.com/a"})
	}
	for range 12 {
		r.Sources = append(r.Sources, reply.Source{Title: stars, Publisher: stars, URL: "https://example.com/s"})
	}
	msgs := Render(r)
	checkLimits(t, msgs)
	if msgs[0].Embeds[0].URL != "" {
		t.Errorf("an over-long title link was kept: %d bytes", len(msgs[0].Embeds[0].URL))
	}
}

func TestRenderHostileTextPingsNobody(t *testing.T) {
	msgs := Render(hostileReply())
	checkLimits(t, msgs)
	b, _ := json.Marshal(msgs)
	if strings.Contains(string(b), `"parse":null`) || !strings.Contains(string(b), `"allowed_mentions":{"parse":[]`) {
		t.Errorf("allowed_mentions must be an empty list: %s", b)
	}
	// Text Discord renders as markdown shows mentions and links as typed.
	// (The footer is plain text: Discord renders nothing there.)
	e := msgs[0].Embeds[0]
	shown := []string{e.Title, e.Description}
	for _, f := range e.Fields {
		shown = append(shown, f.Name, f.Value)
	}
	for _, text := range shown {
		for _, bad := range []string{"<@123>", "<@&456>", "<@!789>", "<#999>", "[click](", "**bold**", "||spoiler||"} {
			if strings.Contains(strings.ReplaceAll(text, `\\`, ""), bad) {
				t.Errorf("%q renders %q", text, bad)
			}
		}
	}
	if e.URL != "" {
		t.Errorf("a javascript: link was kept: %q", e.URL)
	}
	if !strings.Contains(e.Description, `\<@&456\>`) || !strings.Contains(e.Description, `\*\*bold\*\*`) {
		t.Errorf("description not escaped: %q", e.Description)
	}
}

func FuzzRender(f *testing.F) {
	f.Add("Kim heads to Russia", "Kim is on his way.", "The trip", "By train.", "https://example.com", 3)
	f.Add("@everyone", "<@123> **x**", "", "", "javascript:x", 40)
	f.Fuzz(func(t *testing.T, title, summary, label, text, link string, n int) {
		r := reply.Reply{Kind: reply.Kind(uint(n) % 7), Title: title, TitleURL: link, Summary: summary, Footer: text}
		for i := range min(max(n, 0), 60) {
			r.Sections = append(r.Sections, reply.Section{Label: label + fmt.Sprint(i), Text: text, URL: link})
		}
		checkLimits(t, Render(r))
	})
}

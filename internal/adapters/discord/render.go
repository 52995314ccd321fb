package discord

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"brief/internal/reply"
	"brief/internal/textsafe"
)

// Discord's limits on a message's embeds; discordgo checks none of them.
const (
	MaxEmbedTitle       = 256
	MaxEmbedDescription = 4096
	MaxEmbedFields      = 25
	MaxFieldName        = 256
	MaxFieldValue       = 1024
	MaxEmbedFooter      = 2048
	MaxEmbedsPerMessage = 10
	MaxEmbedChars       = 6000 // across all embeds of a message
	maxURL              = 2000
)

// Colours per kind of reply.
var colours = map[reply.Kind]int{
	reply.Notice:   0x5865F2,
	reply.Help:     0x99AAB5,
	reply.Error:    0xED4245,
	reply.Briefing: 0x3498DB,
	reply.Answer:   0x57F287,
	reply.Digest:   0xF1C40F,
	reply.List:     0x95A5A6,
}

// noMentions is what every message sends as allowed_mentions: parse
// nothing, so an article's "@everyone" or "<@123>" pings nobody. The empty
// slice matters: a nil Parse is sent as null.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// Render is the reply as Discord messages, in order: reply.Split makes it
// fit, then each message becomes one embed within Discord's limits, and
// every message carries allowed_mentions {"parse": []}. Article text is
// escaped so Discord's markdown can't turn it into links or formatting.
func Render(r reply.Reply) []*discordgo.MessageSend {
	parts := reply.Split(r)
	out := make([]*discordgo.MessageSend, 0, len(parts))
	for _, m := range parts {
		out = append(out, &discordgo.MessageSend{
			Embeds:          []*discordgo.MessageEmbed{embed(m)},
			AllowedMentions: noMentions(),
		})
	}
	return out
}

func embed(m reply.Reply) *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{
		Type:        discordgo.EmbedTypeRich,
		Title:       clip(escape(m.Title), MaxEmbedTitle),
		Description: clip(escape(m.Summary), MaxEmbedDescription),
		Color:       colours[m.Kind],
	}
	if e.Title != "" {
		e.URL = linkURL(m.TitleURL)
	}
	for _, s := range m.Sections {
		if len(e.Fields) == MaxEmbedFields {
			break
		}
		value := escape(s.Text)
		if u := linkURL(s.URL); u != "" {
			value = joinLines(value, "[Read the article]("+u+")")
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{
			Name:  orBlank(clip(escape(s.Label), MaxFieldName)),
			Value: orBlank(clipKeepTail(value, MaxFieldValue)),
		})
	}
	footer := m.Footer
	if len(m.Sources) == 1 && m.Kind == reply.Briefing {
		footer = joinWith(" · ", m.Sources[0].Byline(), footer)
	} else if len(m.Sources) > 0 && len(e.Fields) < MaxEmbedFields {
		name := "Source"
		if len(m.Sources) > 1 {
			name = "Sources"
		}
		var lines []string
		for _, s := range m.Sources {
			lines = append(lines, sourceLine(s))
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: name, Value: orBlank(clip(strings.Join(lines, "\n"), MaxFieldValue))})
	}
	if footer = clip(oneLine(textsafe.Clean(footer)), MaxEmbedFooter); footer != "" {
		e.Footer = &discordgo.MessageEmbedFooter{Text: footer}
	}
	if e.Title == "" && e.Description == "" && len(e.Fields) == 0 && e.Footer == nil {
		e.Description = "(nothing to show)"
	}
	fitTotal(e, MaxEmbedChars)
	return e
}

// sourceLine is "[title](url) · publisher · date", the title escaped.
func sourceLine(s reply.Source) string {
	title := s.Title
	if title == "" {
		title = s.Path
	}
	title = escape(title)
	if u := linkURL(s.URL); u != "" && title != "" {
		title = "[" + title + "](" + u + ")"
	}
	return joinWith(" · ", title, escape(s.Byline()))
}

// embedChars counts what Discord's 6,000-character limit counts.
func embedChars(e *discordgo.MessageEmbed) int {
	n := utf8.RuneCountInString(e.Title) + utf8.RuneCountInString(e.Description)
	for _, f := range e.Fields {
		n += utf8.RuneCountInString(f.Name) + utf8.RuneCountInString(f.Value)
	}
	if e.Footer != nil {
		n += utf8.RuneCountInString(e.Footer.Text)
	}
	if e.Author != nil {
		n += utf8.RuneCountInString(e.Author.Name)
	}
	return n
}

// fitTotal shortens the longest texts until the embed is within limit.
// reply.Split keeps a message near 3,800 characters, so this only acts
// when escaping has made the text much longer.
func fitTotal(e *discordgo.MessageEmbed, limit int) {
	for {
		over := embedChars(e) - limit
		if over <= 0 {
			return
		}
		p := &e.Description
		for _, f := range e.Fields {
			if utf8.RuneCountInString(f.Value) > utf8.RuneCountInString(*p) {
				p = &f.Value
			}
		}
		n := utf8.RuneCountInString(*p)
		if n <= 1 {
			return // nothing left to cut; can't happen with the limits above
		}
		*p = orBlank(clip(*p, max(1, min(n-over, n/2+1))))
		if p == &e.Description && *p == "\u200b" {
			*p = ""
		}
	}
}

// markdown is what Discord reads as formatting, links or mentions in
// embed text.
var markdown = strings.NewReplacer(
	`\`, `\\`, `*`, `\*`, `_`, `\_`, "~", `\~`, "`", "\\`", `|`, `\|`,
	`[`, `\[`, `]`, `\]`, `<`, `\<`, `>`, `\>`, `#`, `\#`,
)

// escape makes article text literal in Discord markdown: no masked links,
// no formatting, and "<@123>" shows as typed instead of as a mention
// (allowed_mentions is what stops the ping).
//
// The invisible and direction-changing characters go first
// (textsafe.Clean): they would make text read other than it is.
func escape(s string) string { return markdown.Replace(textsafe.Clean(s)) }

// clip cuts s to n runes at a word or sentence end, with an ellipsis.
func clip(s string, n int) string {
	return reply.Clip(s, n)
}

// clipKeepTail clips a field value whose last line is a link: the link
// stays whole when the text is what has to give.
func clipKeepTail(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := strings.LastIndex(s, "\n[Read the article](")
	if i < 0 {
		return clip(s, n)
	}
	tail := s[i:]
	room := n - utf8.RuneCountInString(tail)
	if room < 16 {
		return clip(s[:i], n)
	}
	return clip(s[:i], room) + tail
}

// linkURL is u, redacted (textsafe.RedactURL), when Discord would accept
// it as a link (absolute http or https, no spaces or parentheses that end
// a markdown link), else "".
func linkURL(u string) string {
	u = textsafe.RedactURL(textsafe.Clean(u))
	if u == "" || len(u) > maxURL || strings.ContainsAny(u, " \t\r\n()<>") {
		return ""
	}
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return p.String()
}

func orBlank(s string) string {
	if strings.TrimSpace(s) == "" {
		return "\u200b" // Discord refuses empty field names and values
	}
	return s
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func joinLines(a, b string) string {
	if a == "" {
		return b
	}
	return a + "\n" + b
}

func joinWith(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}

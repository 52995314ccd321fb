package slack

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"brief/internal/reply"
	"brief/internal/textsafe"
)

// Block Kit limits (PLATFORMS.md), counted on the text as sent, after
// escaping.
const (
	maxBlocks          = 50
	maxHeaderChars     = 150
	maxSectionChars    = 3000
	maxContextElements = 10
	maxFallbackChars   = 300  // the notification text: a glimpse, not the message
	maxURLChars        = 1500 // a link longer than this is left out
)

// ShareActionID is the action_id of the "Share in channel" button.
const ShareActionID = "brief_share"

// A Message is one Slack message as it is sent: in an acknowledgement or
// to a response_url (as JSON), or through chat.postMessage.
type Message struct {
	ResponseType string        `json:"response_type,omitempty"` // "in_channel" or "ephemeral"
	Text         string        `json:"text"`                    // the plain fallback for notifications
	Blocks       []slack.Block `json:"blocks,omitempty"`
}

// Response types.
const (
	inChannel = "in_channel"
	ephemeral = "ephemeral"
)

// Render turns a reply into Slack messages, in order: reply.Split makes it
// fit first, then every part becomes a header (the title), a context line
// of sources (publisher · date · link), the summary, a section per item
// with its label in bold, and the footer as context. Every word that came
// from an article is escaped (& < >), so no article can mention @channel,
// a user or a group, or fake a link. A digest shown only to the caller
// ends with a "Share in channel" button.
func Render(r reply.Reply) []Message {
	parts := reply.Split(r)
	out := make([]Message, 0, len(parts))
	for i, p := range parts {
		m := renderOne(p)
		if i == len(parts)-1 && shareable(r) {
			m.Blocks = append(m.Blocks, shareButton())
		}
		out = append(out, m)
	}
	return out
}

// shareable: a digest only its caller sees can be shared with the channel.
func shareable(r reply.Reply) bool {
	return r.Kind == reply.Digest && r.Visibility == reply.Caller
}

func shareButton() slack.Block {
	btn := slack.NewButtonBlockElement(ShareActionID, "share", slack.NewTextBlockObject(slack.PlainTextType, "Share in channel", false, false))
	btn.Style = slack.StylePrimary
	return slack.NewActionBlock("brief_actions", btn)
}

// renderOne renders one message that already fits the contract. It
// stays within Block Kit's limits whatever the text: at most 1 header +
// 1 context + 1 summary + 20 sections + 1 footer + 1 button = 25 blocks.
func renderOne(r reply.Reply) Message {
	m := Message{ResponseType: ephemeral}
	if r.Visibility == reply.Channel {
		m.ResponseType = inChannel
	}
	var blocks []slack.Block
	if t := plainClip(r.Title, maxHeaderChars); t != "" {
		blocks = append(blocks, slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, t, false, false)))
	}
	if ctx := sourceContext(r); ctx != nil {
		blocks = append(blocks, ctx)
	}
	if s := strings.TrimSpace(r.Summary); s != "" {
		prefix := ""
		if r.Kind == reply.Briefing {
			prefix = "*TL;DR:* "
		}
		blocks = append(blocks, mrkdwnSection(prefix+escapedClip(s, maxSectionChars-utf8.RuneCountInString(prefix))))
	}
	for _, s := range r.Sections {
		blocks = append(blocks, mrkdwnSection(sectionText(s)))
	}
	if f := escapedClip(r.Footer, maxSectionChars); f != "" {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(f)))
	}
	if len(blocks) > maxBlocks-1 { // keep room for the share button
		blocks = blocks[:maxBlocks-1]
	}
	m.Blocks = blocks
	m.Text = fallback(r)
	return m
}

// sourceContext is one context element per source: "publisher · date ·
// <url|title>", and a link to the title's article when no source has it.
func sourceContext(r reply.Reply) slack.Block {
	var els []slack.MixedElement
	titleLinked := r.TitleURL == ""
	for _, s := range r.Sources {
		if len(els) == maxContextElements {
			break
		}
		var parts []string
		if by := s.Byline(); by != "" {
			parts = append(parts, escape(by))
		}
		if u := safeURL(s.URL); u != "" {
			label := s.Title
			if label == "" || r.Kind == reply.Briefing {
				label = "Read the article"
			}
			parts = append(parts, link(u, label))
			if s.URL == r.TitleURL {
				titleLinked = true
			}
		} else if s.Title != "" && r.Kind != reply.Briefing {
			parts = append(parts, escape(s.Title))
		}
		if len(parts) > 0 {
			els = append(els, mrkdwn(clipMrkdwn(strings.Join(parts, " · "))))
		}
	}
	if !titleLinked && len(els) < maxContextElements {
		if u := safeURL(r.TitleURL); u != "" {
			els = append([]slack.MixedElement{mrkdwn(link(u, "Read the article"))}, els...)
		}
	}
	if len(els) == 0 {
		return nil
	}
	return slack.NewContextBlock("", els...)
}

// sectionText is "*label*" (linked when the section has a URL), a line
// break and the text, within a section's 3,000 characters.
func sectionText(s reply.Section) string {
	label := strings.TrimSpace(s.Label)
	var head string
	if label != "" {
		l := escapedClip(noStars(label), 400)
		if u := safeURL(s.URL); u != "" {
			head = "*<" + u + "|" + l + ">*"
		} else {
			head = "*" + l + "*"
		}
	}
	text := strings.TrimSpace(s.Text)
	switch {
	case head == "" && safeURL(s.URL) != "":
		// A point without a label still links to its sentence.
		link := " <" + safeURL(s.URL) + "|(source)>"
		return escapedClip(text, maxSectionChars-utf8.RuneCountInString(link)) + link
	case head == "":
		return escapedClip(text, maxSectionChars)
	case text == "":
		return head
	}
	room := maxSectionChars - utf8.RuneCountInString(head) - 1
	if room < 2 { // a label of links alone: drop the link
		head = "*" + escapedClip(noStars(label), 400) + "*"
		room = maxSectionChars - utf8.RuneCountInString(head) - 1
	}
	return head + "\n" + escapedClip(text, room)
}

// fallback is the plain text of a notification: the title and the start
// of the summary (or the first item), escaped.
func fallback(r reply.Reply) string {
	var parts []string
	if t := strings.TrimSpace(r.Title); t != "" {
		parts = append(parts, t)
	}
	switch {
	case strings.TrimSpace(r.Summary) != "":
		parts = append(parts, r.Summary)
	case len(r.Sections) > 0:
		parts = append(parts, r.Sections[0].Label)
	}
	text := escapedClip(strings.Join(strings.Fields(strings.Join(parts, ": ")), " "), maxFallbackChars)
	if text == "" {
		text = "brief"
	}
	return text
}

func mrkdwn(text string) *slack.TextBlockObject {
	// verbatim: Slack doesn't turn bare URLs, #channel names or @words
	// in article text into links or mentions.
	return slack.NewTextBlockObject(slack.MarkdownType, text, false, true)
}

func mrkdwnSection(text string) slack.Block {
	return slack.NewSectionBlock(mrkdwn(text), nil, nil)
}

func link(u, label string) string {
	return "<" + u + "|" + escapedClip(label, 200) + ">"
}

// clipMrkdwn bounds a context element made of escaped parts and links;
// the parts are short (Fit clipped them), so this only guards the limit.
func clipMrkdwn(s string) string {
	if utf8.RuneCountInString(s) <= maxSectionChars {
		return s
	}
	return string([]rune(s)[:maxSectionChars-1]) + reply.Ellipsis
}

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// escape makes text inert in mrkdwn: &, < and > become entities, so
// "<!channel>", "<@U123>" and "<https://evil|click>" show as typed. C0
// control characters other than newline and tab are dropped, and so are
// the invisible and direction-changing characters (textsafe.Clean).
func escape(s string) string { return escaper.Replace(printable(s)) }

// printable drops C0 controls but newline and tab, DEL, and what
// textsafe.Clean drops.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if r < 0x20 || r == 0x7f || textsafe.Hidden(r) {
			return -1
		}
		return r
	}, s)
}

// plainAngles stands in for < and > in plain_text. Slack parses markup
// (mentions, links) only in mrkdwn and shows a plain_text object as
// typed, entities included, so escaping a header the mrkdwn way would show
// "&lt;!channel&gt;". The header keeps & as it is and shows < and > as
// the look-alike ‹ and ›: readable, and no client can read "<!channel>"
// into it.
var plainAngles = strings.NewReplacer("<", "‹", ">", "›")

// plainClip is s fit for a plain_text object of at most n characters.
func plainClip(s string, n int) string {
	s = strings.TrimSpace(plainAngles.Replace(printable(s)))
	if s == "" || n <= 0 {
		return ""
	}
	return reply.Clip(s, n)
}

// escapedClip clips s (reply.Clip: at a sentence or word end, with an
// ellipsis) so that, escaped, it is at most n characters: the longest clip
// that fits, found by bisection (entities make the escaped length grow
// faster than the clip).
func escapedClip(s string, n int) string {
	s = strings.TrimSpace(s)
	if s == "" || n <= 0 {
		return ""
	}
	if e := escape(reply.Clip(s, n)); utf8.RuneCountInString(e) <= n {
		return e
	}
	best := ""
	lo, hi := 1, n-1
	for lo <= hi {
		mid := (lo + hi) / 2
		if e := escape(reply.Clip(s, mid)); utf8.RuneCountInString(e) <= n {
			best, lo = e, mid+1
		} else {
			hi = mid - 1
		}
	}
	return best
}

// noStars keeps a label's asterisks from closing the bold around it.
func noStars(s string) string { return strings.ReplaceAll(s, "*", "∗") }

// safeURL returns an http(s) URL fit to sit inside <…|…>: redacted
// (textsafe.RedactURL), "|" and spaces percent-encoded and & < > escaped;
// "" for anything else.
func safeURL(raw string) string {
	raw = textsafe.RedactURL(textsafe.Clean(strings.TrimSpace(raw)))
	if raw == "" || len(raw) > 2000 {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	s := u.String()
	s = strings.NewReplacer("|", "%7C", " ", "%20", "\n", "", "\r", "", "\t", "").Replace(s)
	s = escaper.Replace(s)
	if len(s) > maxURLChars {
		return ""
	}
	return s
}

package brief

import (
	"fmt"
	"strings"
)

// Byline is "publisher · date", from what is known.
func Byline(a *Article) string {
	var parts []string
	if a.Source != "" {
		parts = append(parts, a.Source)
	}
	if a.Date != "" {
		parts = append(parts, a.Date)
	}
	return strings.Join(parts, " · ")
}

// PlainText renders a briefing for a terminal.
func PlainText(a *Article, b Briefing) string {
	var sb strings.Builder
	sb.WriteString(b.Headline)
	sb.WriteByte('\n')
	if by := Byline(a); by != "" {
		sb.WriteString(by)
		sb.WriteByte('\n')
	}
	if a.URL != "" {
		sb.WriteString(a.URL)
		sb.WriteByte('\n')
	}
	fmt.Fprintf(&sb, "\nTL;DR: %s\n\n", b.TLDR)
	for _, p := range b.Points {
		if p.Label == "" {
			fmt.Fprintf(&sb, "• %s\n", p.Text)
			continue
		}
		fmt.Fprintf(&sb, "• %s: %s\n", p.Label, p.Text)
	}
	return sb.String()
}

// Markdown renders a briefing as Markdown: the shape adapters build on.
func Markdown(a *Article, b Briefing) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "## %s\n\n", mdEscape(b.Headline))
	var meta []string
	if by := Byline(a); by != "" {
		meta = append(meta, mdEscape(by))
	}
	if a.URL != "" {
		meta = append(meta, "<"+a.URL+">")
	}
	if len(meta) > 0 {
		fmt.Fprintf(&sb, "_%s_\n\n", strings.Join(meta, " · "))
	}
	fmt.Fprintf(&sb, "**TL;DR:** %s\n\n", mdEscape(b.TLDR))
	for _, p := range b.Points {
		if p.Label == "" {
			fmt.Fprintf(&sb, "- %s\n", mdEscape(p.Text))
			continue
		}
		fmt.Fprintf(&sb, "- **%s:** %s\n", mdEscape(p.Label), mdEscape(p.Text))
	}
	return sb.String()
}

var mdEscaper = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "<", "&lt;", ">", "&gt;", "#", `\#`)

// mdEscape keeps article text from being read as Markdown or HTML.
func mdEscape(s string) string { return mdEscaper.Replace(s) }

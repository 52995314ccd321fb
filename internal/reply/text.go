package reply

import (
	"strings"
)

// PlainText renders a reply as readable text: the console adapter's output
// and the notification fallback of richer renderings. Text is printed as
// is; escaping is the business of renderers that have markup.
func PlainText(r Reply) string {
	var sb strings.Builder
	if r.Title != "" {
		sb.WriteString(r.Title)
		sb.WriteByte('\n')
	}
	if r.TitleURL != "" {
		sb.WriteString(r.TitleURL)
		sb.WriteByte('\n')
	}
	if len(r.Sources) == 1 {
		if by := r.Sources[0].Byline(); by != "" && r.Kind == Briefing {
			sb.WriteString(by)
			sb.WriteByte('\n')
		}
	}
	if r.Summary != "" {
		if sb.Len() > 0 {
			sb.WriteByte('\n')
		}
		if r.Kind == Briefing {
			sb.WriteString("TL;DR: ")
		}
		sb.WriteString(r.Summary)
		sb.WriteByte('\n')
	}
	if len(r.Sections) > 0 && sb.Len() > 0 {
		sb.WriteByte('\n')
	}
	for _, s := range r.Sections {
		switch {
		case s.Label != "" && s.Text != "":
			sb.WriteString("• " + s.Label + ": " + s.Text)
		case s.Label != "":
			sb.WriteString("• " + s.Label)
		default:
			sb.WriteString("• " + s.Text)
		}
		if s.URL != "" {
			sb.WriteString(" <" + s.URL + ">")
		}
		sb.WriteByte('\n')
	}
	if len(r.Sources) > 0 && !(len(r.Sources) == 1 && r.Kind == Briefing) {
		sb.WriteString("\nSources:\n")
		for _, s := range r.Sources {
			sb.WriteString("  " + SourceLine(s) + "\n")
		}
	}
	if r.Footer != "" {
		sb.WriteString("\n" + r.Footer + "\n")
	}
	return sb.String()
}

// SourceLine is a source on one line: "[id] Title (publisher · date) url".
func SourceLine(s Source) string {
	var parts []string
	if s.ID != "" {
		parts = append(parts, "["+s.ID+"]")
	}
	title := s.Title
	if title == "" {
		title = s.Path
	}
	if title != "" {
		parts = append(parts, title)
	}
	if by := s.Byline(); by != "" {
		parts = append(parts, "("+by+")")
	}
	if s.URL != "" {
		parts = append(parts, s.URL)
	}
	return strings.Join(parts, " ")
}

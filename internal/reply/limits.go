package reply

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"brief/internal/textsafe"
)

// The rendering contract. Every adapter renders a Reply that Split has made
// fit; the numbers sit under both platforms' limits with room for the
// renderer's own words (labels in bold, "Sources:", links):
//
//	                       here    Slack (Block Kit)          Discord (embeds)
//	title                  150     header 150                 embed title 256
//	summary              2,800     section text 3,000         description 4,096
//	section label          200     (bold in the section)      field name 256
//	section text           900     section text 3,000         field value 1,024
//	sections per message    20     50 blocks                  25 fields
//	sources per message     10     context 10 elements        (in the footer)
//	characters per message 3,800   ~4,000 before truncation   6,000 across embeds
//
// Text longer than its limit is cut at a sentence or word end and gets an
// ellipsis ("…"), never cut mid-word. A reply with more sections than one
// message holds (a digest of 40 articles) becomes several messages, in
// order: the first carries the title and summary, the others "(2/3)" after
// the title, the last the footer. Characters are counted as runes.
const (
	MaxTitle           = 150
	MaxSummary         = 2800
	MaxLabel           = 200
	MaxSectionText     = 900
	MaxSections        = 20
	MaxSources         = 10
	MaxMessageChars    = 3800
	MaxMessagesPerPost = 10 // a post longer than this is cut, with a note saying so
)

// Ellipsis ends text that was cut.
const Ellipsis = "…"

// Clip shortens s to at most n runes, cutting after the last sentence end
// that keeps at least half of the room, else at the last space, and marks
// the cut with an ellipsis. Whitespace is trimmed first.
func Clip(s string, n int) string {
	s = strings.TrimSpace(s)
	if n <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if n == 1 {
		return Ellipsis
	}
	// Byte offset of the first n-1 runes: room for the ellipsis.
	end := 0
	for i := 0; i < n-1; i++ {
		_, size := utf8.DecodeRuneInString(s[end:])
		end += size
	}
	head := s[:end]
	// A sentence end: ". ", "! ", "? " (or followed by a closing quote).
	if cut := lastSentenceEnd(head); cut >= len(head)/2 {
		return strings.TrimSpace(head[:cut]) + " " + Ellipsis
	}
	if sp := strings.LastIndexFunc(head, unicode.IsSpace); sp > 0 {
		// Cutting at the space keeps whole words; if the next rune is a
		// space the whole head is complete words.
		next, _ := utf8.DecodeRuneInString(s[end:])
		if unicode.IsSpace(next) {
			return strings.TrimRightFunc(head, isCutTrim) + Ellipsis
		}
		return strings.TrimRightFunc(head[:sp], isCutTrim) + Ellipsis
	}
	return head + Ellipsis // one long word: nothing better to do
}

func isCutTrim(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == ';' || r == ':' }

// lastSentenceEnd is the byte offset just after the last sentence-ending
// punctuation in s that is followed by a space, or -1.
func lastSentenceEnd(s string) int {
	for i := len(s) - 2; i > 0; i-- {
		if s[i+1] != ' ' {
			continue
		}
		switch s[i] {
		case '.', '!', '?':
			return i + 1
		case '"', '\'':
			if s[i-1] == '.' || s[i-1] == '!' || s[i-1] == '?' {
				return i + 1
			}
		}
	}
	// Closing quotes written as multi-byte runes (”, ’).
	for _, q := range []string{".” ", "!” ", "?” ", ".’ "} {
		if j := strings.LastIndex(s, q); j >= 0 {
			return j + len(q) - 1
		}
	}
	return -1
}

// Fit returns r with every field clipped to its limit. Sections and
// sources are not dropped: Split spreads them over messages.
//
// Fit is also where every adapter's rendering starts, so it is the last
// line of defence for what reaches a platform: text loses the invisible
// and direction-changing characters (textsafe.Clean), and links lose user
// names, passwords and credential-like parameters (textsafe.RedactURL).
func Fit(r Reply) Reply {
	clean := textsafe.Clean
	r.Title = Clip(oneLine(clean(r.Title)), MaxTitle)
	r.TitleURL = safeLink(r.TitleURL)
	r.Summary = Clip(clean(r.Summary), MaxSummary)
	r.Footer = Clip(oneLine(clean(r.Footer)), MaxLabel)
	secs := make([]Section, len(r.Sections))
	for i, s := range r.Sections {
		secs[i] = Section{Label: Clip(oneLine(clean(s.Label)), MaxLabel), Text: Clip(clean(s.Text), MaxSectionText), URL: safeLink(s.URL)}
	}
	r.Sections = secs
	srcs := make([]Source, len(r.Sources))
	for i, s := range r.Sources {
		s.Title = Clip(oneLine(clean(s.Title)), MaxLabel)
		s.Publisher = Clip(oneLine(clean(s.Publisher)), MaxLabel)
		s.Date = clean(s.Date)
		s.Path = clean(s.Path)
		s.URL = safeLink(s.URL)
		srcs[i] = s
	}
	r.Sources = srcs
	return r
}

// safeLink is a link as a reply may show it: redacted, and without
// hidden characters (which would make it lead somewhere it doesn't say).
func safeLink(u string) string {
	if u == "" {
		return ""
	}
	return textsafe.RedactURL(textsafe.Clean(u))
}

// oneLine folds runs of whitespace, newlines included, to one space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Chars counts the runes a message shows: what MaxMessageChars limits.
func Chars(r Reply) int {
	n := utf8.RuneCountInString(r.Title) + utf8.RuneCountInString(r.Summary) + utf8.RuneCountInString(r.Footer)
	for _, s := range r.Sections {
		n += sectionChars(s)
	}
	for _, s := range r.Sources {
		n += sourceChars(s)
	}
	return n
}

func sectionChars(s Section) int {
	return utf8.RuneCountInString(s.Label) + utf8.RuneCountInString(s.Text)
}

func sourceChars(s Source) int {
	return utf8.RuneCountInString(s.Title) + utf8.RuneCountInString(s.Publisher) + utf8.RuneCountInString(s.Date)
}

// Split makes r fit the rendering contract: it clips every field (Fit) and
// spreads the sections and sources over as many messages as they need, in
// order, at most MaxMessagesPerPost; what does not fit even then is
// dropped and the last message says how many sections were left out.
func Split(r Reply) []Reply {
	r = Fit(r)
	head := Reply{Kind: r.Kind, Title: r.Title, TitleURL: r.TitleURL, Summary: r.Summary, Visibility: r.Visibility}
	var msgs []Reply
	cur := head
	full := func(extra int, sections, sources int) bool {
		return Chars(cur)+extra > MaxMessageChars || len(cur.Sections)+sections > MaxSections || len(cur.Sources)+sources > MaxSources
	}
	flush := func() {
		msgs = append(msgs, cur)
		cur = Reply{Kind: r.Kind, Title: r.Title, Visibility: r.Visibility}
	}
	for _, s := range r.Sections {
		if len(cur.Sections) > 0 && full(sectionChars(s), 1, 0) {
			flush()
		}
		cur.Sections = append(cur.Sections, s)
	}
	for _, s := range r.Sources {
		if (len(cur.Sections) > 0 || len(cur.Sources) > 0) && full(sourceChars(s), 0, 1) {
			flush()
		}
		cur.Sources = append(cur.Sources, s)
	}
	cur.Footer = r.Footer
	msgs = append(msgs, cur)
	if len(msgs) > MaxMessagesPerPost {
		left := 0
		for _, m := range msgs[MaxMessagesPerPost-1:] {
			left += len(m.Sections)
		}
		last := msgs[MaxMessagesPerPost-1]
		last.Sections = nil
		last.Sources = nil
		last.Summary = fmt.Sprintf("%d more items were left out: this post is at its limit of %d messages.", left, MaxMessagesPerPost)
		last.Footer = r.Footer
		msgs = append(msgs[:MaxMessagesPerPost-1], last)
	}
	if len(msgs) > 1 {
		for i := range msgs {
			suffix := fmt.Sprintf("(%d/%d)", i+1, len(msgs))
			msgs[i].Title = strings.TrimSpace(Clip(r.Title, MaxTitle-utf8.RuneCountInString(suffix)-1) + " " + suffix)
			if i > 0 {
				msgs[i].TitleURL = ""
			}
		}
	}
	return msgs
}

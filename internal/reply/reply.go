// Package reply is the platform-neutral answer to a command or a scheduled
// post: what the router returns and what every adapter renders. It knows no
// platform; limits.go holds the rendering contract every renderer obeys
// (Split, called once, by the renderer), text.go the plain-text rendering,
// and errors.go the UserError that carries a sentence for the person who
// ran a command.
package reply

import "strings"

// Visibility says who sees a reply.
type Visibility int

const (
	// Caller: only the person who ran the command (Slack ephemeral,
	// Discord ephemeral flag). The default: help, errors and answers.
	Caller Visibility = iota
	// Channel: everyone in the channel (digests shared, scheduled posts).
	Channel
)

func (v Visibility) String() string {
	if v == Channel {
		return "channel"
	}
	return "caller"
}

// Kind says what a reply is, so adapters can pick a colour or an icon.
type Kind int

// The kinds of reply.
const (
	Notice   Kind = iota // a confirmation or a plain message
	Help                 // the help text
	Error                // what was wrong and how to fix it
	Briefing             // one article's briefing
	Answer               // an answer to a question, or "not in the articles"
	Digest               // several articles, most important first
	List                 // recent articles with their ids
)

var kindNames = [...]string{"notice", "help", "error", "briefing", "answer", "digest", "list"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "notice"
}

// A Section is one labelled block: a key point, a digest item, a command in
// the help. Label and Text are plain text (article words are data, never
// markup: adapters escape them).
type Section struct {
	Label string
	Text  string
	URL   string // optional: where the label links to
}

// A Source is an article a reply quotes.
type Source struct {
	ID        string // the library's short id
	Title     string
	Publisher string
	Date      string // YYYY-MM-DD when known
	URL       string
	Path      string
}

// A Reply is what a command or a scheduled post says, before any platform
// renders it.
type Reply struct {
	Kind       Kind
	Title      string // the headline; may be empty
	TitleURL   string // optional link for the title
	Summary    string // text under the title: a tl;dr, an answer, a message
	Sections   []Section
	Sources    []Source
	Footer     string
	Visibility Visibility
}

// Byline is "publisher · date" from what the source knows.
func (s Source) Byline() string {
	var parts []string
	if s.Publisher != "" {
		parts = append(parts, s.Publisher)
	}
	if s.Date != "" {
		parts = append(parts, s.Date)
	}
	return strings.Join(parts, " · ")
}

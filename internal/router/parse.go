// Package router turns a command, as text ("/brief ask where is Kim?") or
// as the structured options Discord passes, into a call on the library,
// the store and the scheduler, and returns a platform-neutral reply.
package router

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"brief/internal/channel"
	"brief/internal/textsafe"
)

// Command names.
const (
	CmdDigest   = "digest"   // /brief
	CmdShare    = "share"    // /brief share: the digest, to the whole channel
	CmdBrief    = "brief"    // /brief <words>
	CmdAsk      = "ask"      // /brief ask <question>
	CmdList     = "list"     // /brief list
	CmdShow     = "show"     // /brief show <id>
	CmdAdd      = "add"      // /brief add <url>
	CmdFeed     = "feed"     // /brief feed add|remove|list [url]
	CmdSchedule = "schedule" // /brief schedule [HH:MM] [zone] [daily|weekdays] | off
	CmdHelp     = "help"     // /brief help
)

// MaxCommandBytes bounds the text of a command.
const MaxCommandBytes = 2000

// A Command is a parsed command, the same whichever platform sent it.
type Command struct {
	Name  string
	Query string // brief: the words; ask: the question
	ID    string // show
	URL   string // add, feed add/remove

	FeedAction string // feed: "add", "remove" or "list"

	// schedule: with none of these set, it shows the channel's schedule.
	Off  bool
	At   string // "HH:MM"
	Zone string // IANA name; empty means the service's default
	Days string // "daily" or "weekdays"; empty means daily
}

// Settings reports whether the command changes a channel's settings and so
// needs a channel manager.
func (c Command) Settings() bool {
	switch c.Name {
	case CmdFeed:
		return c.FeedAction == "add" || c.FeedAction == "remove"
	case CmdSchedule:
		return c.Off || c.At != ""
	}
	return false
}

// A ParseError says what was wrong with a command, for the person who typed it.
type ParseError struct {
	Msg string
}

func (e *ParseError) Error() string { return e.Msg }

func parseErr(format string, args ...any) error {
	return &ParseError{Msg: fmt.Sprintf(format, args...)}
}

// Parse reads a command as typed: the words after /brief (a leading
// "/brief" is allowed too, as the console sends it).
func Parse(text string) (Command, error) {
	if len(text) > MaxCommandBytes {
		return Command{}, parseErr("That command is too long (%d bytes; the limit is %d).", len(text), MaxCommandBytes)
	}
	if !utf8.ValidString(text) {
		return Command{}, parseErr("That command has bytes that are not UTF-8 text.")
	}
	words := strings.Fields(text)
	if len(words) > 0 && strings.EqualFold(words[0], "/brief") {
		words = words[1:]
	}
	if len(words) == 0 {
		return Command{Name: CmdDigest}, nil
	}
	head, rest := strings.ToLower(words[0]), words[1:]
	switch head {
	case "today", "digest":
		if len(rest) > 0 {
			return Command{}, parseErr("/brief %s takes no words. For an article about %q, try /brief %s.", head, strings.Join(rest, " "), strings.Join(rest, " "))
		}
		return Command{Name: CmdDigest}, nil
	case CmdShare:
		if len(rest) > 0 {
			return Command{}, parseErr("/brief share takes no words: it posts today's digest to the channel.")
		}
		return Command{Name: CmdShare}, nil
	case CmdHelp:
		return Command{Name: CmdHelp}, nil
	case CmdAsk:
		return askCommand(strings.Join(rest, " "))
	case CmdList:
		if len(rest) > 0 {
			return Command{}, parseErr("/brief list takes no words; /brief show <id> opens one article.")
		}
		return Command{Name: CmdList}, nil
	case CmdShow:
		if len(rest) != 1 {
			return Command{}, parseErr("/brief show needs one article id, as /brief list shows them: /brief show 3f2a9c1d")
		}
		return showCommand(rest[0])
	case CmdAdd:
		if len(rest) != 1 {
			return Command{}, parseErr("/brief add needs one web address: /brief add https://example.com/story")
		}
		return addCommand(rest[0])
	case CmdFeed:
		return feedCommand(rest)
	case CmdSchedule:
		return scheduleCommand(rest)
	}
	return Command{Name: CmdBrief, Query: strings.Join(words, " ")}, nil
}

func askCommand(q string) (Command, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return Command{}, parseErr("Ask what? Put the question after ask: /brief ask where will Kim and Putin meet?")
	}
	return Command{Name: CmdAsk, Query: q}, nil
}

func showCommand(id string) (Command, error) {
	id = strings.ToLower(strings.Trim(id, "[]"))
	if len(id) < 4 || len(id) > 64 || !isHex(id) {
		return Command{}, parseErr("%q is not an article id: ids are the 8 letters and digits /brief list shows, such as 3f2a9c1d.", id)
	}
	return Command{Name: CmdShow, ID: id}, nil
}

func isHex(s string) bool {
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

func addCommand(raw string) (Command, error) {
	u, err := checkURL(raw)
	if err != nil {
		return Command{}, err
	}
	return Command{Name: CmdAdd, URL: u}, nil
}

// checkURL accepts an absolute http or https address. Slack wraps links in
// angle brackets (<https://x|x>); those are removed.
func checkURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if strings.HasPrefix(raw, "<") && strings.HasSuffix(raw, ">") {
		raw = raw[1 : len(raw)-1]
		if i := strings.IndexByte(raw, '|'); i >= 0 {
			raw = raw[:i]
		}
	}
	if textsafe.HasCredentials(raw) {
		return "", parseErr("%s", CredentialsRefused)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", parseErr("%q is not a web address: give a full http:// or https:// link.", textsafe.RedactURL(raw))
	}
	return u.String(), nil
}

// CredentialsRefused is what a person reads who gives a link with a user
// name or password in it: such a link is never fetched, kept or shown.
const CredentialsRefused = "A link with a user name or password in it can't be added: " +
	"remove the part before the @ and try again. brief never sends, keeps or shows passwords."

func feedCommand(rest []string) (Command, error) {
	if len(rest) == 0 {
		return Command{Name: CmdFeed, FeedAction: "list"}, nil
	}
	action := strings.ToLower(rest[0])
	switch action {
	case "list":
		if len(rest) > 1 {
			return Command{}, parseErr("/brief feed list takes no address.")
		}
		return Command{Name: CmdFeed, FeedAction: action}, nil
	case "add", "remove":
		if len(rest) != 2 {
			return Command{}, parseErr("/brief feed %s needs one feed address: /brief feed %s https://example.com/rss.xml", action, action)
		}
		u, err := checkURL(rest[1])
		if err != nil {
			return Command{}, err
		}
		return Command{Name: CmdFeed, FeedAction: action, URL: u}, nil
	}
	return Command{}, parseErr("/brief feed takes add, remove or list, not %q.", rest[0])
}

func scheduleCommand(rest []string) (Command, error) {
	c := Command{Name: CmdSchedule}
	if len(rest) == 0 {
		return c, nil
	}
	if len(rest) == 1 && strings.EqualFold(rest[0], "off") {
		c.Off = true
		return c, nil
	}
	at, err := channel.ParseClock(rest[0])
	if err != nil {
		return Command{}, parseErr("%s", err)
	}
	c.At = at
	for _, w := range rest[1:] {
		lw := strings.ToLower(w)
		switch {
		case lw == "daily" || lw == "weekdays":
			if c.Days != "" {
				return Command{}, parseErr("Say daily or weekdays once, not both.")
			}
			c.Days = lw
		case c.Zone == "":
			zone, err := channel.ParseZone(w)
			if err != nil {
				return Command{}, parseErr("%s", err)
			}
			c.Zone = zone
		default:
			return Command{}, parseErr("I don't know what %q means here. The form is /brief schedule HH:MM [time zone] [daily|weekdays], such as /brief schedule 08:00 Europe/Berlin weekdays.", w)
		}
	}
	return c, nil
}

// FromOptions builds a command from a subcommand and its typed options, as
// Discord passes them: "today", "ask" {question}, "article" {query},
// "list", "show" {id}, "add" {url}, "feed" {action, url} (or "feed add",
// "feed remove", "feed list" with {url}), "schedule" {time, timezone,
// days}, "schedule-off", "help". It checks them as Parse does.
func FromOptions(sub string, opts map[string]string) (Command, error) {
	opt := func(name string) string { return strings.TrimSpace(opts[name]) }
	for name, v := range opts {
		if len(v) > MaxCommandBytes {
			return Command{}, parseErr("The %s option is too long (%d bytes; the limit is %d).", name, len(v), MaxCommandBytes)
		}
		if !utf8.ValidString(v) {
			return Command{}, parseErr("The %s option has bytes that are not UTF-8 text.", name)
		}
	}
	switch strings.ToLower(sub) {
	case "today", "digest", "":
		return Command{Name: CmdDigest}, nil
	case CmdShare:
		return Command{Name: CmdShare}, nil
	case CmdHelp:
		return Command{Name: CmdHelp}, nil
	case CmdAsk:
		return askCommand(opt("question"))
	case "article", CmdBrief:
		q := opt("query")
		if q == "" {
			return Command{}, parseErr("Which article? Give some words from it: /brief article query: Kim Putin train")
		}
		return Command{Name: CmdBrief, Query: q}, nil
	case CmdList:
		return Command{Name: CmdList}, nil
	case CmdShow:
		return showCommand(opt("id"))
	case CmdAdd:
		return addCommand(opt("url"))
	case CmdFeed:
		action := opt("action")
		if action == "" {
			action = "list"
		}
		return feedCommand(nonEmpty(action, opt("url")))
	case "feed add", "feed-add":
		return feedCommand(nonEmpty("add", opt("url")))
	case "feed remove", "feed-remove":
		return feedCommand(nonEmpty("remove", opt("url")))
	case "feed list", "feed-list":
		return feedCommand([]string{"list"})
	case CmdSchedule:
		t := opt("time")
		if t == "" {
			if opt("timezone") != "" || opt("days") != "" {
				return Command{}, parseErr("Give the time too: /brief schedule time: 08:00 timezone: Europe/Berlin")
			}
			return Command{Name: CmdSchedule}, nil
		}
		if strings.EqualFold(t, "off") {
			return Command{Name: CmdSchedule, Off: true}, nil
		}
		return scheduleCommand(nonEmpty(t, opt("timezone"), opt("days")))
	case "schedule-off", "schedule off":
		return Command{Name: CmdSchedule, Off: true}, nil
	}
	return Command{}, parseErr("There is no /brief %s.", sub)
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// IsParseError reports whether err is a mistake in the command.
func IsParseError(err error) bool {
	var pe *ParseError
	return errors.As(err, &pe)
}

package router

import (
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"brief/internal/channel"
	"brief/internal/reply"
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

// invalidf is a mistake in a command, for the person who typed it, that
// belongs to no command in particular: the reply points at /brief help.
func invalidf(format string, args ...any) error { return mistake("", format, args...) }

// mistake is a mistake in the command cmd (CmdSchedule, ...), for the
// person who typed it: the reply shows that command's usage beside it.
func mistake(cmd, format string, args ...any) error {
	return &reply.UserError{Msg: fmt.Sprintf(format, args...), Help: true, Command: cmd}
}

// Parse reads a command as typed: the words after /brief (a leading
// "/brief" is allowed too, as the console sends it).
func Parse(text string) (Command, error) {
	if len(text) > MaxCommandBytes {
		return Command{}, invalidf("That command is too long (%d bytes; the limit is %d).", len(text), MaxCommandBytes)
	}
	if !utf8.ValidString(text) {
		return Command{}, invalidf("That command has bytes that are not UTF-8 text.")
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
			return Command{}, mistake(CmdDigest, "/brief %s takes no words. For an article about %q, try /brief %s.", head, strings.Join(rest, " "), strings.Join(rest, " "))
		}
		return Command{Name: CmdDigest}, nil
	case CmdShare:
		if len(rest) > 0 {
			return Command{}, mistake(CmdShare, "/brief share takes no words: it posts today's digest to the channel.")
		}
		return Command{Name: CmdShare}, nil
	case CmdHelp:
		return Command{Name: CmdHelp}, nil
	case CmdAsk:
		return AskCommand(strings.Join(rest, " "))
	case CmdList:
		if len(rest) > 0 {
			return Command{}, mistake(CmdList, "/brief list takes no words; /brief show <id> opens one article.")
		}
		return Command{Name: CmdList}, nil
	case CmdShow:
		if len(rest) != 1 {
			return Command{}, mistake(CmdShow, "/brief show needs one article id, as /brief list shows them: /brief show 3f2a9c1d")
		}
		return ShowCommand(rest[0])
	case CmdAdd:
		if len(rest) != 1 {
			return Command{}, mistake(CmdAdd, "/brief add needs one web address: /brief add https://example.com/story")
		}
		return AddCommand(rest[0])
	case CmdFeed:
		return FeedCommand(rest)
	case CmdSchedule:
		return ScheduleCommand(rest)
	}
	return Command{Name: CmdBrief, Query: strings.Join(words, " ")}, nil
}

// AskCommand is /brief ask with the question q.
func AskCommand(q string) (Command, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return Command{}, mistake(CmdAsk, "Ask what? Put the question after ask: /brief ask where will Kim and Putin meet?")
	}
	return Command{Name: CmdAsk, Query: q}, nil
}

// ShowCommand is /brief show with an article id, as /brief list shows it.
func ShowCommand(id string) (Command, error) {
	id = strings.ToLower(strings.Trim(id, "[]"))
	if len(id) < 4 || len(id) > 64 || !isHex(id) {
		return Command{}, mistake(CmdShow, "%q is not an article id: ids are the 8 letters and digits /brief list shows, such as 3f2a9c1d.", id)
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

// AddCommand is /brief add with a web address.
func AddCommand(raw string) (Command, error) {
	u, err := checkURL(CmdAdd, raw)
	if err != nil {
		return Command{}, err
	}
	return Command{Name: CmdAdd, URL: u}, nil
}

// checkURL accepts an absolute http or https address, without a user
// name or password.
func checkURL(cmd, raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if textsafe.HasCredentials(raw) {
		return "", mistake(cmd, "%s", textsafe.CredentialsRefused)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", mistake(cmd, "%q is not a web address: give a full http:// or https:// link.", textsafe.RedactURL(raw))
	}
	return u.String(), nil
}

// FeedCommand is /brief feed with its words: add|remove <url>, list, or none.
func FeedCommand(rest []string) (Command, error) {
	if len(rest) == 0 {
		return Command{Name: CmdFeed, FeedAction: "list"}, nil
	}
	action := strings.ToLower(rest[0])
	switch action {
	case "list":
		if len(rest) > 1 {
			return Command{}, mistake(CmdFeed, "/brief feed list takes no address.")
		}
		return Command{Name: CmdFeed, FeedAction: action}, nil
	case "add", "remove":
		if len(rest) != 2 {
			return Command{}, mistake(CmdFeed, "/brief feed %s needs one feed address: /brief feed %s https://example.com/rss.xml", action, action)
		}
		u, err := checkURL(CmdFeed, rest[1])
		if err != nil {
			return Command{}, err
		}
		return Command{Name: CmdFeed, FeedAction: action, URL: u}, nil
	}
	return Command{}, mistake(CmdFeed, "/brief feed takes add, remove or list, not %q.", rest[0])
}

// ScheduleCommand is /brief schedule with its words: HH:MM [zone]
// [daily|weekdays], off, or none.
func ScheduleCommand(rest []string) (Command, error) {
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
		return Command{}, mistake(CmdSchedule, "%s", err)
	}
	c.At = at
	for _, w := range rest[1:] {
		lw := strings.ToLower(w)
		switch {
		case lw == "daily" || lw == "weekdays":
			if c.Days != "" {
				return Command{}, mistake(CmdSchedule, "Say daily or weekdays once, not both.")
			}
			c.Days = lw
		case c.Zone == "":
			zone, err := channel.ParseZone(w)
			if err != nil {
				return Command{}, mistake(CmdSchedule, "%s", err)
			}
			c.Zone = zone
		default:
			return Command{}, mistake(CmdSchedule, "I don't know what %q means here. The form is /brief schedule HH:MM [time zone] [daily|weekdays], such as /brief schedule 08:00 Europe/Berlin weekdays.", w)
		}
	}
	return c, nil
}

// Package channel says what a channel is and when its digest is due: the
// Key that names a channel on a platform, the Schedule of its morning post
// (a wall-clock HH:MM in an IANA zone, daily or on weekdays), the slot
// arithmetic that turns a schedule into instants, and the parsing and
// describing of schedules for people. It is pure: no I/O, no clock of its
// own.
package channel

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// ErrInvalid is wrapped by every error this package returns for a value
// that does not make a channel or a schedule.
var ErrInvalid = errors.New("invalid value")

// A Key names a channel on a platform.
type Key struct {
	Platform string // "slack", "discord", "console"
	ID       string // the platform's channel id
}

func (k Key) String() string { return k.Platform + "/" + k.ID }

// invalid is an ErrInvalid whose text is a sentence for the person who
// typed the value.
type invalid struct{ msg string }

func (e *invalid) Error() string        { return e.msg }
func (e *invalid) Is(target error) bool { return target == ErrInvalid }

// ParseKey reads a channel as people name it on the command line,
// PLATFORM:ID: slack:C0123ABCD (a Slack channel id, from the channel's
// details), discord:1234567890123456789 (a Discord channel id, with
// developer mode on: right-click the channel → Copy Channel ID), or
// console.
func ParseKey(s string) (Key, error) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "console") || strings.EqualFold(s, "console:console") {
		return Key{Platform: "console", ID: "console"}, nil
	}
	platform, id, ok := strings.Cut(s, ":")
	platform = strings.ToLower(platform)
	if !ok || id == "" {
		return Key{}, &invalid{fmt.Sprintf("%q is not a channel: write PLATFORM:ID, such as slack:C0123ABCD or discord:1234567890123456789", s)}
	}
	switch platform {
	case "slack":
		if !slackChannel.MatchString(id) {
			return Key{}, &invalid{fmt.Sprintf("%q is not a Slack channel id: ids look like C0123ABCD (channel details → About, at the bottom), not #names", id)}
		}
	case "discord":
		if n, err := strconv.ParseUint(id, 10, 64); err != nil || n == 0 {
			return Key{}, &invalid{fmt.Sprintf("%q is not a Discord channel id: ids are numbers like 1234567890123456789 (developer mode on, right-click the channel → Copy Channel ID)", id)}
		}
	default:
		return Key{}, &invalid{fmt.Sprintf("%q is not a platform: use slack, discord or console", platform)}
	}
	return Key{Platform: platform, ID: id}, nil
}

// slackChannel matches Slack conversation ids: C… public, G… private, D… direct.
var slackChannel = regexp.MustCompile(`^[CGD][A-Z0-9]{2,}$`)

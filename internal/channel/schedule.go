package channel

import (
	"fmt"
	"strings"
	"time"
)

// Days a schedule posts on.
const (
	Daily    = "daily"
	Weekdays = "weekdays"
)

// A Schedule is a channel's morning post: a local wall-clock time in an IANA
// zone, on every day or on weekdays (Monday to Friday).
type Schedule struct {
	At           string    // "HH:MM", 24-hour
	Zone         string    // IANA zone name, "Europe/Berlin"
	Days         string    // Daily or Weekdays
	PausedReason string    // empty while active
	UpdatedAt    time.Time // set by the store
}

// Location loads the schedule's zone.
func (sc Schedule) Location() (*time.Location, error) { return time.LoadLocation(sc.Zone) }

// Clock returns the schedule's hour and minute.
func (sc Schedule) Clock() (hour, minute int, err error) {
	at := sc.At
	if len(at) != 5 || at[2] != ':' || !isDigits(at[:2]) || !isDigits(at[3:]) {
		return 0, 0, fmt.Errorf("%w: time %q: want HH:MM, such as 08:00", ErrInvalid, at)
	}
	hour = int(at[0]-'0')*10 + int(at[1]-'0')
	minute = int(at[3]-'0')*10 + int(at[4]-'0')
	if hour > 23 || minute > 59 {
		return 0, 0, fmt.Errorf("%w: time %q: hours go to 23 and minutes to 59", ErrInvalid, at)
	}
	return hour, minute, nil
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// Validate reports what is wrong with the schedule, if anything.
func (sc Schedule) Validate() error {
	if _, _, err := sc.Clock(); err != nil {
		return err
	}
	if sc.Zone == "" {
		return fmt.Errorf("%w: no time zone: name an IANA zone, such as Europe/Berlin or UTC", ErrInvalid)
	}
	if _, err := sc.Location(); err != nil {
		return fmt.Errorf("%w: unknown time zone %q: name an IANA zone, such as Europe/Berlin or UTC", ErrInvalid, sc.Zone)
	}
	if sc.Days != Daily && sc.Days != Weekdays {
		return fmt.Errorf("%w: days %q: want %s or %s", ErrInvalid, sc.Days, Daily, Weekdays)
	}
	return nil
}

// Describe says when the schedule posts: "every day at 08:00 Europe/Berlin".
func Describe(sc Schedule) string {
	days := "every day"
	if sc.Days == Weekdays {
		days = "on weekdays"
	}
	return fmt.Sprintf("%s at %s %s", days, sc.At, sc.Zone)
}

// ParseClock reads a 24-hour H:MM or HH:MM, as a person types it, and
// returns it as HH:MM. Its error is a sentence for that person.
func ParseClock(s string) (string, error) {
	h, m, ok := strings.Cut(s, ":")
	bad := &invalid{fmt.Sprintf("%q is not a time of day: use HH:MM on a 24-hour clock, such as 08:00 or 17:30.", s)}
	if !ok || len(h) < 1 || len(h) > 2 || len(m) != 2 || !isDigits(h) || !isDigits(m) {
		return "", bad
	}
	hour := atoi(h)
	minute := atoi(m)
	if hour > 23 || minute > 59 {
		return "", bad
	}
	return fmt.Sprintf("%02d:%02d", hour, minute), nil
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// ParseZone checks an IANA time zone name as a person types it
// ("Europe/Berlin", "utc") and returns its canonical name. Its error is a
// sentence for that person.
func ParseZone(s string) (string, error) {
	if strings.EqualFold(s, "utc") || strings.EqualFold(s, "gmt") {
		return "UTC", nil
	}
	if strings.EqualFold(s, "local") || strings.ContainsAny(s, `\`) || strings.Contains(s, "..") {
		return "", unknownZone(s)
	}
	loc, err := time.LoadLocation(s)
	if err != nil {
		return "", unknownZone(s)
	}
	return loc.String(), nil
}

func unknownZone(s string) error {
	return &invalid{fmt.Sprintf("%q is not a time zone I know: use an IANA name such as Europe/Berlin, America/New_York or UTC.", s)}
}

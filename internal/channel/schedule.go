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
// ("Europe/Berlin", "europe/berlin", "utc") and returns its canonical
// name: letter case does not matter. Its error is a sentence for that
// person, with the zone they may have meant ("Did you mean
// America/New_York?") when one is close.
func ParseZone(s string) (string, error) {
	if strings.EqualFold(s, "utc") || strings.EqualFold(s, "gmt") {
		return "UTC", nil
	}
	if strings.EqualFold(s, "local") || strings.ContainsAny(s, `\`) || strings.Contains(s, "..") {
		return "", unknownZone(s, "")
	}
	name := s
	for _, z := range zoneNames {
		if strings.EqualFold(z, s) {
			name = z
			break
		}
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return "", unknownZone(s, closestZone(s))
	}
	return loc.String(), nil
}

func unknownZone(s, meant string) error {
	if meant != "" {
		return &invalid{fmt.Sprintf("%q is not a time zone I know. Did you mean %s?", s, meant)}
	}
	return &invalid{fmt.Sprintf("%q is not a time zone I know: use an IANA name such as Europe/Berlin, America/New_York or UTC.", s)}
}

// closestZone is the zone a person most likely meant by s, or "": the one
// zone whose city is s ("new york", "Berlin"), else the zone within a
// couple of typing slips of s ("America/New_Yrok").
func closestZone(s string) string {
	key := zoneKey(s)
	if key == "" {
		return ""
	}
	var city []string
	for _, z := range zoneNames {
		if i := strings.LastIndexByte(z, '/'); i >= 0 && zoneKey(z[i+1:]) == key {
			city = append(city, z)
		}
	}
	if len(city) == 1 {
		return city[0]
	}
	best, bestD := "", 3 // at most two slips
	if len(key) < 8 {
		bestD = 2 // one, in a short name
	}
	for _, z := range zoneNames {
		if d := distance(key, zoneKey(z), bestD); d < bestD {
			best, bestD = z, d
		}
	}
	return best
}

// zoneKey is a zone name as compared: lower case, spaces as underscores.
func zoneKey(s string) string {
	return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", "_"))
}

// distance is the Levenshtein distance of a and b (bytes), or limit when
// it is limit or more.
func distance(a, b string, limit int) int {
	if d := len(a) - len(b); d >= limit || -d >= limit {
		return limit
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			low = min(low, cur[j])
		}
		if low >= limit {
			return limit
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], limit)
}

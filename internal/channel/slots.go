package channel

import (
	"fmt"
	"time"
)

// A schedule's slots are the instants its local wall-clock time HH:MM occurs
// in its zone: every day, or Monday to Friday (by the local date). 08:00
// Europe/Berlin is 08:00 local in winter (07:00 UTC) and in summer (06:00
// UTC).
//
// Days on which the clock changes:
//
//   - A time that does not exist (spring forward: 02:30 on 2026-03-29 in
//     Berlin, where 02:00 jumps to 03:00) is read with the offset in force
//     before the jump, which lands as far past the jump as the time was
//     inside the gap: 02:30 becomes 03:30 local. That day still has exactly
//     one slot.
//   - A time that occurs twice (fall back: 02:30 on 2026-10-25 in Berlin,
//     first in summer time, then in winter time) is its first occurrence
//     only, so it is posted once.

// searchDays bounds the day-by-day search for a slot. A valid schedule has a
// slot on at least five days of any seven, so a week is always enough.
const searchDays = 8

// Next returns the schedule's first slot strictly after the instant.
func Next(sc Schedule, after time.Time) (time.Time, error) {
	loc, hour, minute, err := parse(sc)
	if err != nil {
		return time.Time{}, err
	}
	day := civilDate(after.In(loc)).AddDate(0, 0, -1)
	for range searchDays + 2 {
		if onDay(sc, day) {
			if slot := slotOn(day, hour, minute, loc); slot.After(after) {
				return slot, nil
			}
		}
		day = day.AddDate(0, 0, 1)
	}
	return time.Time{}, fmt.Errorf("channel: no slot of %s %s %s within a week after %s", sc.At, sc.Zone, sc.Days, after.Format(time.RFC3339))
}

// Latest returns the schedule's most recent slot at or before the instant.
// ok is false only when the schedule has no slot in the week before, which
// a valid schedule always has.
func Latest(sc Schedule, atOrBefore time.Time) (slot time.Time, ok bool, err error) {
	loc, hour, minute, err := parse(sc)
	if err != nil {
		return time.Time{}, false, err
	}
	day := civilDate(atOrBefore.In(loc)).AddDate(0, 0, 1)
	for range searchDays + 2 {
		if onDay(sc, day) {
			if slot := slotOn(day, hour, minute, loc); !slot.After(atOrBefore) {
				return slot, true, nil
			}
		}
		day = day.AddDate(0, 0, -1)
	}
	return time.Time{}, false, nil
}

// IsSlot reports whether t is one of the schedule's slots.
func IsSlot(sc Schedule, t time.Time) bool {
	latest, ok, err := Latest(sc, t)
	return err == nil && ok && latest.Equal(t)
}

func parse(sc Schedule) (loc *time.Location, hour, minute int, err error) {
	if sc.Days != Daily && sc.Days != Weekdays || sc.Zone == "" {
		return nil, 0, 0, fmt.Errorf("channel: %w", sc.Validate())
	}
	if hour, minute, err = sc.Clock(); err != nil {
		return nil, 0, 0, fmt.Errorf("channel: %w", err)
	}
	if loc, err = sc.Location(); err != nil {
		return nil, 0, 0, fmt.Errorf("channel: %w", sc.Validate())
	}
	return loc, hour, minute, nil
}

// civilDate is t's local calendar date, as midnight UTC: dates stepped with
// AddDate in UTC never meet a clock change.
func civilDate(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func onDay(sc Schedule, day time.Time) bool {
	if sc.Days != Weekdays {
		return true
	}
	wd := day.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// slotOn returns the instant hour:minute occurs on the local date day in loc,
// by the rules in the comment at the top of this file. time.Date leaves the
// choice in both cases unspecified, so it is made here.
func slotOn(day time.Time, hour, minute int, loc *time.Location) time.Time {
	y, m, d := day.Date()
	naive := time.Date(y, m, d, hour, minute, 0, 0, time.UTC) // the wall clock read as UTC
	guess := time.Date(y, m, d, hour, minute, 0, 0, loc)
	// The offsets in force around that wall-clock time: two when the clock
	// changes nearby, else one. Clocks don't change twice within 12 hours.
	_, before := guess.Add(-12 * time.Hour).Zone()
	_, at := guess.Zone()
	_, after := guess.Add(12 * time.Hour).Zone()
	var first time.Time
	for _, off := range []int{before, at, after} {
		u := naive.Add(-time.Duration(off) * time.Second)
		if reads(u.In(loc), y, m, d, hour, minute) && (first.IsZero() || u.Before(first)) {
			first = u
		}
	}
	if !first.IsZero() {
		return first.In(loc)
	}
	// In a gap: read the wall clock with the offset from before the jump.
	return naive.Add(-time.Duration(before) * time.Second).In(loc)
}

func reads(t time.Time, y int, m time.Month, d, hour, minute int) bool {
	ty, tm, td := t.Date()
	return ty == y && tm == m && td == d && t.Hour() == hour && t.Minute() == minute
}

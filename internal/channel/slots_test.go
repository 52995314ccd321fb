package channel

import (
	"testing"
	"time"
)

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestNext(t *testing.T) {
	tests := []struct {
		name  string
		sc    Schedule
		after string
		want  string // UTC
	}{
		// 08:00 Berlin stays 08:00 local: 07:00Z in winter, 06:00Z in summer.
		{"berlin day before spring forward", berlin("08:00"), "2026-03-27T07:00:00Z", "2026-03-28T07:00:00Z"},
		{"berlin spring forward day", berlin("08:00"), "2026-03-28T07:00:00Z", "2026-03-29T06:00:00Z"},
		{"berlin after spring forward", berlin("08:00"), "2026-03-29T06:00:00Z", "2026-03-30T06:00:00Z"},
		{"berlin fall back day", berlin("08:00"), "2026-10-24T06:00:00Z", "2026-10-25T07:00:00Z"},
		// 02:30 does not exist on 2026-03-29 in Berlin: 03:30 CEST.
		{"berlin nonexistent time", berlin("02:30"), "2026-03-28T12:00:00Z", "2026-03-29T01:30:00Z"},
		{"berlin day after the gap", berlin("02:30"), "2026-03-29T01:30:00Z", "2026-03-30T00:30:00Z"},
		// 02:30 happens twice on 2026-10-25: the first (CEST) only.
		{"berlin repeated time: first", berlin("02:30"), "2026-10-24T12:00:00Z", "2026-10-25T00:30:00Z"},
		{"berlin repeated time: not the second", berlin("02:30"), "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"},
		{"berlin repeated time: between the two", berlin("02:30"), "2026-10-25T01:00:00Z", "2026-10-26T01:30:00Z"},
		// New York: 2026-03-08 02:00 EST jumps to 03:00 EDT; 2026-11-01 02:00 EDT falls back to 01:00 EST.
		{"new york 09:00 before spring forward", newYork("09:00"), "2026-03-06T14:00:00Z", "2026-03-07T14:00:00Z"},
		{"new york 09:00 spring forward day", newYork("09:00"), "2026-03-07T14:00:00Z", "2026-03-08T13:00:00Z"},
		{"new york nonexistent 02:30", newYork("02:30"), "2026-03-07T12:00:00Z", "2026-03-08T07:30:00Z"},
		{"new york repeated 01:30: first", newYork("01:30"), "2026-10-31T12:00:00Z", "2026-11-01T05:30:00Z"},
		{"new york repeated 01:30: not the second", newYork("01:30"), "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"},
		{"new york 09:00 fall back day", newYork("09:00"), "2026-10-31T13:00:00Z", "2026-11-01T14:00:00Z"},
		// Weekdays skip Saturday and Sunday, by the local date.
		{"weekdays friday to monday", weekdays("08:00", "Europe/Berlin"), "2026-03-27T07:00:00Z", "2026-03-30T06:00:00Z"},
		{"weekdays from saturday", weekdays("08:00", "Europe/Berlin"), "2026-03-28T05:00:00Z", "2026-03-30T06:00:00Z"},
		{"weekdays monday to tuesday", weekdays("08:00", "Europe/Berlin"), "2026-03-30T06:00:00Z", "2026-03-31T06:00:00Z"},
		// Monday 08:00 in Tokyo is Sunday in UTC: still a weekday slot.
		{"weekdays local date, not UTC", weekdays("08:00", "Asia/Tokyo"), "2026-03-28T12:00:00Z", "2026-03-29T23:00:00Z"},
		{"midnight is strictly after", utcDaily("00:00"), "2026-03-29T00:00:00Z", "2026-03-30T00:00:00Z"},
		{"midnight a second before", utcDaily("00:00"), "2026-03-29T23:59:59Z", "2026-03-30T00:00:00Z"},
		{"utc across new year", utcDaily("23:59"), "2026-12-31T23:59:00Z", "2027-01-01T23:59:00Z"},
		{"utc weekdays", weekdays("12:00", "UTC"), "2026-11-27T12:00:00Z", "2026-11-30T12:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Next(tt.sc, utc(tt.after))
			if err != nil {
				t.Fatal(err)
			}
			if want := utc(tt.want); !got.Equal(want) {
				t.Errorf("Next(%s %s %s, %s) = %s (%s); want %s",
					tt.sc.At, tt.sc.Zone, tt.sc.Days, tt.after, got.UTC().Format(time.RFC3339), got.Format(time.RFC3339), tt.want)
			}
		})
	}
}

func TestLatest(t *testing.T) {
	tests := []struct {
		name       string
		sc         Schedule
		atOrBefore string
		want       string
	}{
		{"at the slot", berlin("08:00"), "2026-03-29T06:00:00Z", "2026-03-29T06:00:00Z"},
		{"a second before the slot", berlin("08:00"), "2026-03-29T05:59:59Z", "2026-03-28T07:00:00Z"},
		{"berlin summer time", berlin("08:00"), "2026-07-01T12:00:00Z", "2026-07-01T06:00:00Z"},
		{"berlin nonexistent time", berlin("02:30"), "2026-03-29T02:00:00Z", "2026-03-29T01:30:00Z"},
		{"berlin during the second 02:30", berlin("02:30"), "2026-10-25T01:45:00Z", "2026-10-25T00:30:00Z"},
		{"new york during the second 01:30", newYork("01:30"), "2026-11-01T06:45:00Z", "2026-11-01T05:30:00Z"},
		{"weekdays on sunday", weekdays("08:00", "Europe/Berlin"), "2026-03-29T12:00:00Z", "2026-03-27T07:00:00Z"},
		{"weekdays monday before the slot", weekdays("08:00", "Europe/Berlin"), "2026-03-30T05:00:00Z", "2026-03-27T07:00:00Z"},
		{"midnight at midnight", utcDaily("00:00"), "2026-03-29T00:00:00Z", "2026-03-29T00:00:00Z"},
		{"midnight just before", utcDaily("00:00"), "2026-03-28T23:59:59Z", "2026-03-28T00:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, err := Latest(tt.sc, utc(tt.atOrBefore))
			if err != nil || !ok {
				t.Fatalf("Latest = %v, %v, %v", got, ok, err)
			}
			if want := utc(tt.want); !got.Equal(want) {
				t.Errorf("Latest(%s %s %s, %s) = %s; want %s",
					tt.sc.At, tt.sc.Zone, tt.sc.Days, tt.atOrBefore, got.UTC().Format(time.RFC3339), tt.want)
			}
		})
	}
}

// Around every clock change, every local day has exactly one slot, at the
// wall-clock time asked for wherever that time exists.
func TestOneSlotPerDayAcrossDST(t *testing.T) {
	zones := []string{"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "UTC"}
	starts := []string{"2026-03-05T00:00:00Z", "2026-10-01T00:00:00Z"} // with 45 days: every change of 2026 in these zones
	for _, zone := range zones {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		for minutes := 0; minutes < 24*60; minutes += 30 {
			sc := Schedule{At: hhmm(minutes), Zone: zone, Days: Daily}
			for _, start := range starts {
				at := utc(start)
				prev := time.Time{}
				for range 45 {
					slot, err := Next(sc, at)
					if err != nil {
						t.Fatal(err)
					}
					if l, ok, _ := Latest(sc, slot); !ok || !l.Equal(slot) {
						t.Fatalf("%s %s: Latest(Next) = %s; want %s", zone, sc.At, l, slot)
					}
					local := slot.In(loc)
					if !prev.IsZero() {
						if got, want := civilDate(local), civilDate(prev.In(loc)).AddDate(0, 0, 1); !got.Equal(want) {
							t.Fatalf("%s %s: slot after %s is %s; want one on every day", zone, sc.At, prev.In(loc), local)
						}
					}
					if local.Format("15:04") != sc.At {
						// Only in a gap, and then later by less than the gap.
						naive := time.Date(local.Year(), local.Month(), local.Day(), minutes/60, minutes%60, 0, 0, loc)
						if naive.Format("15:04") == sc.At {
							t.Fatalf("%s %s: slot at %s though the time exists", zone, sc.At, local)
						}
					}
					prev, at = slot, slot
				}
			}
		}
	}
}

func TestSlotErrors(t *testing.T) {
	for _, sc := range []Schedule{
		{At: "25:99", Zone: "UTC", Days: Daily},
		{At: "08:00", Zone: "Mars/Olympus", Days: Daily},
		{At: "08:00", Zone: "UTC", Days: "weekends"},
	} {
		if _, err := Next(sc, utc("2026-03-29T00:00:00Z")); err == nil {
			t.Errorf("Next(%+v): no error", sc)
		}
		if _, _, err := Latest(sc, utc("2026-03-29T00:00:00Z")); err == nil {
			t.Errorf("Latest(%+v): no error", sc)
		}
	}
}

func hhmm(minutes int) string {
	return time.Date(2000, 1, 1, minutes/60, minutes%60, 0, 0, time.UTC).Format("15:04")
}

func berlin(at string) Schedule {
	return Schedule{At: at, Zone: "Europe/Berlin", Days: Daily}
}

func newYork(at string) Schedule {
	return Schedule{At: at, Zone: "America/New_York", Days: Daily}
}

func utcDaily(at string) Schedule {
	return Schedule{At: at, Zone: "UTC", Days: Daily}
}

func weekdays(at, zone string) Schedule {
	return Schedule{At: at, Zone: zone, Days: Weekdays}
}

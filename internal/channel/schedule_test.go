package channel

import (
	"errors"
	"testing"
)

func TestScheduleClock(t *testing.T) {
	h, m, err := Schedule{At: "23:59"}.Clock()
	if err != nil || h != 23 || m != 59 {
		t.Errorf("Clock(23:59) = %d, %d, %v", h, m, err)
	}
}

func TestParseClockAndZone(t *testing.T) {
	for _, tt := range []struct{ in, want, says string }{
		{"8:05", "08:05", ""},
		{"23:59", "23:59", ""},
		{"24:00", "", "is not a time of day"},
		{"8", "", "is not a time of day"},
	} {
		got, err := ParseClock(tt.in)
		if got != tt.want || (tt.says == "") != (err == nil) || (err != nil && !errors.Is(err, ErrInvalid)) {
			t.Errorf("ParseClock(%q) = %q, %v", tt.in, got, err)
		}
	}
	for _, tt := range []struct{ in, want string }{
		{"utc", "UTC"},
		{"Europe/Berlin", "Europe/Berlin"},
		{"Local", ""},
		{"../etc/passwd", ""},
		{"Mars/Olympus", ""},
	} {
		got, err := ParseZone(tt.in)
		if got != tt.want || (tt.want == "") != (err != nil) || (err != nil && !errors.Is(err, ErrInvalid)) {
			t.Errorf("ParseZone(%q) = %q, %v", tt.in, got, err)
		}
	}
	if got := Describe(Schedule{At: "08:00", Zone: "Europe/Berlin", Days: Weekdays}); got != "on weekdays at 08:00 Europe/Berlin" {
		t.Errorf("Describe = %q", got)
	}
}

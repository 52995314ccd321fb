// Package channel says what a channel is and when its digest is due: the
// Key that names a channel on a platform, the Schedule of its morning post
// (a wall-clock HH:MM in an IANA zone, daily or on weekdays), the slot
// arithmetic that turns a schedule into instants, and the parsing and
// describing of schedules for people. It is pure: no I/O, no clock of its
// own.
package channel

import "errors"

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

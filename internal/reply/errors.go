package reply

import "errors"

// A UserError is a failure the person who ran a command can act on: a
// mistake in the command, a page that is not an article, a feed that is not
// a feed. Msg is the sentence they read; Err, when set, is the cause, for
// the log. The package that knows the cause makes it; the router shows Msg
// instead of "something went wrong".
type UserError struct {
	Msg string
	Err error
	// Help: the command itself was malformed, so the reply shows how to
	// write it beside Msg: the usage of Command (a command's name, as
	// the router names them) or, with no Command, where the help is.
	Help    bool
	Command string
}

func (e *UserError) Error() string { return e.Msg }
func (e *UserError) Unwrap() error { return e.Err }

// AsUserError returns the *UserError err is or wraps.
func AsUserError(err error) (*UserError, bool) {
	var ue *UserError
	ok := errors.As(err, &ue)
	return ue, ok
}

package feeds

import (
	"errors"
	"fmt"
	"strings"

	"brief/internal/fetch"
	"brief/internal/reply"
	"brief/internal/store"
)

// CredentialsRefused is what a person reads who gives a feed address with
// a user name or password in it (fetch.ErrCredentials).
const CredentialsRefused = "A feed address with a user name or password in it can't be added: " +
	"brief never sends, keeps or shows passwords. Ask the site for a feed address without them."

// An addressError is an address that is not a feed's.
type addressError struct{ msg string }

func (e *addressError) Error() string { return e.msg }

// userError makes the failures the person subscribing can act on (not a
// feed, a private address, a 404, already subscribed) a *reply.UserError
// with the service's sentence; the rest stay errors, for the log.
func userError(err error) error {
	if err == nil {
		return nil
	}
	var se *fetch.StatusError
	var ae *addressError
	switch {
	case errors.Is(err, fetch.ErrCredentials):
		return &reply.UserError{Msg: CredentialsRefused, Err: err}
	case errors.Is(err, ErrNotFeed), errors.Is(err, store.ErrAlreadySubscribed),
		errors.Is(err, store.ErrInvalid), errors.Is(err, fetch.ErrScheme),
		errors.Is(err, fetch.ErrTooLarge), errors.As(err, &se), errors.As(err, &ae):
		return &reply.UserError{Msg: sentence(err), Err: err}
	case errors.Is(err, fetch.ErrBlocked):
		return &reply.UserError{Msg: "That address points at a private or local network, which this bot does not fetch.", Err: err}
	}
	if m := fetch.Unreachable(err); m != "" {
		return &reply.UserError{Msg: fmt.Sprintf(m, "That feed"), Err: err}
	}
	return err
}

// sentence is the error's message for people: without the package
// prefix, capitalised (unless it starts with an address), ending with a
// period.
func sentence(err error) string {
	msg := strings.TrimPrefix(err.Error(), "feeds: ")
	msg = strings.TrimPrefix(msg, "fetch: ")
	if msg == "" {
		return "That feed can't be used."
	}
	if !strings.HasPrefix(msg, "http") { // an address keeps its case
		msg = strings.ToUpper(msg[:1]) + msg[1:]
	}
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}

// Package ingest takes web pages into the library: /brief add <url> and
// `bot add URL` fetch a page through the one outbound client, reduce it to
// its article and store it once.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"syscall"

	"brief/internal/brief"
	"brief/internal/extract"
	"brief/internal/fetch"
	"brief/internal/library"
	"brief/internal/router"
	"brief/internal/textsafe"
)

// An Adder fetches pages into a library.
type Adder struct {
	Lib    *library.Library
	Client *fetch.Client
}

var _ router.Adder = (*Adder)(nil)

// AddURL fetches the page at url, extracts its article and stores it
// (once: the same text already stored gives the stored entry, created
// false). Failures the person adding it can act on (not a web page, no
// article on it, too large, refused address, 404) are *router.UserError
// with a sentence saying so.
func (a *Adder) AddURL(ctx context.Context, url string) (*library.Entry, bool, error) {
	if textsafe.HasCredentials(url) {
		return nil, false, &router.UserError{Msg: router.CredentialsRefused, Err: fetch.ErrCredentials}
	}
	art, err := extract.Page(ctx, a.Client, url)
	if err != nil {
		return nil, false, explain(url, err)
	}
	return a.Lib.Add(ctx, art)
}

// unreachable says why a site could not be reached, when that is the
// site's or the address's doing (a name that does not resolve, a refused
// connection, no answer in time), with a %s for the address; "" otherwise.
func unreachable(err error) string {
	var dns *net.DNSError
	var op *net.OpError
	switch {
	case errors.As(err, &dns) && (dns.IsNotFound || !dns.IsTemporary):
		return "%s can't be reached: its site name does not exist."
	case errors.As(err, &dns):
		return "%s can't be reached right now: its site name could not be looked up. Try again later."
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &op) && op.Timeout():
		return "%s did not answer in time. Try again later."
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return "%s can't be reached: the site refused or dropped the connection."
	}
	return ""
}

func explain(url string, err error) error {
	url = textsafe.RedactURL(url) // shown to the person and logged
	var se *fetch.StatusError
	msg := ""
	switch {
	case errors.Is(err, fetch.ErrCredentials):
		return &router.UserError{Msg: router.CredentialsRefused, Err: err}
	case errors.Is(err, extract.ErrNotHTML):
		msg = "%s is not a web page I can read (%v)."
	case errors.Is(err, extract.ErrNoArticle):
		msg = "%s has no article on it that I can find: is it a front page or a list of links?"
	case errors.Is(err, extract.ErrTooLarge), errors.Is(err, fetch.ErrTooLarge), errors.Is(err, brief.ErrTooLarge):
		msg = "%s is too large to be a news article."
	case errors.Is(err, fetch.ErrBlocked):
		msg = "%s points at a private or local address, which this bot does not fetch."
	case errors.Is(err, fetch.ErrScheme):
		msg = "%s is not an http or https address."
	case errors.As(err, &se):
		if se.Status == 404 || se.Status == 410 {
			msg = "%s was not found (the site answered " + fmt.Sprint(se.Status) + ")."
		} else if se.Status == 401 || se.Status == 403 || se.Status == 451 {
			msg = "%s can't be read: the site refused access (" + fmt.Sprint(se.Status) + "); it may need a subscription."
		}
	}
	if msg == "" {
		if m := unreachable(err); m != "" {
			return &router.UserError{Msg: fmt.Sprintf(m, url), Err: err}
		}
		return err // a failure on our side: logged, not shown
	}
	if errors.Is(err, extract.ErrNotHTML) {
		return &router.UserError{Msg: fmt.Sprintf(msg, url, err), Err: err}
	}
	return &router.UserError{Msg: fmt.Sprintf(msg, url), Err: err}
}

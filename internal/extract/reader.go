package extract

import (
	"context"
	"errors"
	"fmt"

	"brief/internal/brief"
	"brief/internal/fetch"
	"brief/internal/reply"
	"brief/internal/textsafe"
)

// A Reader fetches pages for the person who asked for them (/brief add,
// bot add): Page, with every failure that person can act on (not a web
// page, no article on it, too large, a refused or unreachable address, a
// 404) as a *reply.UserError that says so. A link with a user name or
// password is refused before anything is fetched.
type Reader struct {
	Client *fetch.Client
}

// Page fetches the page at url and extracts its article.
func (r Reader) Page(ctx context.Context, url string) (*brief.Article, error) {
	if textsafe.HasCredentials(url) {
		return nil, &reply.UserError{Msg: textsafe.CredentialsRefused, Err: fetch.ErrCredentials}
	}
	a, err := Page(ctx, r.Client, url)
	if err != nil {
		return nil, explain(url, err)
	}
	return a, nil
}

// explain turns a failure the person can act on into a *reply.UserError
// naming the page; any other error is ours, for the log, and stays as it is.
func explain(url string, err error) error {
	url = textsafe.RedactURL(url) // shown to the person and logged
	var se *fetch.StatusError
	msg := ""
	switch {
	case errors.Is(err, fetch.ErrCredentials):
		return &reply.UserError{Msg: textsafe.CredentialsRefused, Err: err}
	case errors.Is(err, ErrNotHTML):
		return &reply.UserError{Msg: fmt.Sprintf("%s is not a web page I can read (%v).", url, err), Err: err}
	case errors.Is(err, ErrNoArticle):
		msg = "%s has no article on it that I can find: is it a front page or a list of links?"
	case errors.Is(err, ErrTooLarge), errors.Is(err, fetch.ErrTooLarge), errors.Is(err, brief.ErrTooLarge):
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
		msg = fetch.Unreachable(err)
	}
	if msg == "" {
		return err
	}
	return &reply.UserError{Msg: fmt.Sprintf(msg, url), Err: err}
}

package ingest

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"brief/internal/channel"
	"brief/internal/feeds"
	"brief/internal/fetch"
	"brief/internal/router"
	"brief/internal/store"
)

// Feeds is the feed service as the router sees it: its failures that the
// person subscribing can act on (not a feed, a private address, a 404,
// already subscribed) become *router.UserError with the service's
// sentence; the rest stay errors for the log.
type Feeds struct {
	Service *feeds.Service
}

var _ router.FeedManager = Feeds{}

// Subscribe subscribes the channel to the feed at url.
func (f Feeds) Subscribe(ctx context.Context, ch channel.Key, url string) (store.Feed, int, error) {
	feed, added, err := f.Service.Subscribe(ctx, ch, url)
	return feed, added, feedError(err)
}

// Unsubscribe removes the channel's subscription to url.
func (f Feeds) Unsubscribe(ctx context.Context, ch channel.Key, url string) (bool, error) {
	ok, err := f.Service.Unsubscribe(ctx, ch, url)
	return ok, feedError(err)
}

// Feeds lists the channel's subscriptions.
func (f Feeds) Feeds(ctx context.Context, ch channel.Key) ([]store.Feed, error) {
	return f.Service.Feeds(ctx, ch)
}

func feedError(err error) error {
	if err == nil {
		return nil
	}
	var se *fetch.StatusError
	switch {
	case errors.Is(err, fetch.ErrCredentials):
		return &router.UserError{Msg: feeds.CredentialsRefused, Err: err}
	case errors.Is(err, feeds.ErrNotFeed), errors.Is(err, store.ErrAlreadySubscribed),
		errors.Is(err, store.ErrInvalid), errors.Is(err, fetch.ErrScheme),
		errors.Is(err, fetch.ErrTooLarge), errors.As(err, &se),
		strings.Contains(err.Error(), "is not a feed address"):
		return &router.UserError{Msg: sentence(err), Err: err}
	case errors.Is(err, fetch.ErrBlocked):
		return &router.UserError{Msg: "That address points at a private or local network, which this bot does not fetch.", Err: err}
	}
	if m := unreachable(err); m != "" {
		return &router.UserError{Msg: fmt.Sprintf(m, "That feed"), Err: err}
	}
	return err
}

// sentence is the error's message for people: without the package
// prefix, capitalised, ending with a period.
func sentence(err error) string {
	msg := strings.TrimPrefix(err.Error(), "feeds: ")
	msg = strings.TrimPrefix(msg, "fetch: ")
	if msg == "" {
		return "That feed can't be used."
	}
	msg = strings.ToUpper(msg[:1]) + msg[1:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}

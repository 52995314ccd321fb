// Package post is the contract between whatever sends messages to a
// channel (the scheduler, the router's shared digests) and the platform
// adapters that do it: the Poster interface and the errors a poster returns
// so the caller can decide between retrying, waiting and giving up.
package post

import (
	"context"
	"errors"
	"fmt"
	"time"

	"brief/internal/channel"
	"brief/internal/reply"
)

// A Poster posts messages to a channel of its platform, in order. The
// messages have been made to fit the rendering contract (reply.Split).
//
// Errors: a *Permanent error when posting to the channel can never work
// (the channel is gone, the bot was removed, the token was revoked); a
// *RetryAfter error when the platform asked to wait; anything else is
// treated as temporary and retried with backoff.
type Poster interface {
	Post(ctx context.Context, ch channel.Key, msgs []reply.Reply) error
}

// Permanent means the channel can't be posted to until someone acts.
type Permanent struct {
	Reason string // for people: "the bot is not in this channel"
	Err    error  // the platform's error
}

func (e *Permanent) Error() string {
	if e.Err == nil {
		return "post: " + e.Reason
	}
	return fmt.Sprintf("post: %s: %v", e.Reason, e.Err)
}

func (e *Permanent) Unwrap() error { return e.Err }

// RetryAfter means the platform rate-limited the post and said when to try
// again.
type RetryAfter struct {
	After time.Duration
	Err   error
}

func (e *RetryAfter) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("post: rate limited, retry after %s", e.After)
	}
	return fmt.Sprintf("post: rate limited, retry after %s: %v", e.After, e.Err)
}

func (e *RetryAfter) Unwrap() error { return e.Err }

// IsPermanent reports whether err is, or wraps, a *Permanent error, and
// returns it.
func IsPermanent(err error) (*Permanent, bool) {
	var p *Permanent
	ok := errors.As(err, &p)
	return p, ok
}

// RetryAfterOf reports how long to wait if err is, or wraps, a *RetryAfter.
func RetryAfterOf(err error) (time.Duration, bool) {
	var r *RetryAfter
	if errors.As(err, &r) {
		return r.After, true
	}
	return 0, false
}

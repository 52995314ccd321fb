// Package post is the contract between whatever sends messages to a
// channel unasked (the scheduler's digests, the feed service's reports)
// and the platform adapters that do it: the Poster interface, the errors a
// poster returns so the caller can decide between retrying, waiting and
// giving up, and the Registry of the posters that run.
package post

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	"brief/internal/channel"
	"brief/internal/reply"
)

// A Poster posts a reply to a channel of its platform. Its renderer makes
// the reply fit the platform (reply.Split): one message or several, posted
// in order, from the from-th (counting from 0) on; sent is how many of
// them went out in this call, also when it fails part-way, so that the
// caller can resume after the last one that did (the scheduler does).
//
// Errors: a *Permanent error when posting to the channel can never work
// (the channel is gone, the bot was removed, the token was revoked); a
// *RetryAfter error when the platform asked to wait; anything else is
// treated as temporary and retried with backoff.
type Poster interface {
	Post(ctx context.Context, ch channel.Key, r reply.Reply, from int) (sent int, err error)
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

// A Registry holds the posters of the platforms that run, by platform
// name (channel.Key.Platform). The service makes it before anything that
// posts, and each adapter adds itself when it is made. It is safe for
// concurrent use.
type Registry struct {
	mu      sync.RWMutex
	posters map[string]Poster
}

// NewRegistry is an empty registry.
func NewRegistry() *Registry { return &Registry{posters: map[string]Poster{}} }

// Add makes p the poster of platform.
func (r *Registry) Add(platform string, p Poster) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.posters[platform] = p
}

// Get returns the poster of platform, if one runs.
func (r *Registry) Get(platform string) (Poster, bool) {
	if r == nil {
		return nil, false
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	p, ok := r.posters[platform]
	return p, ok
}

// Platforms are the platforms that have a poster, sorted.
func (r *Registry) Platforms() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return slices.Sorted(maps.Keys(r.posters))
}

// Len is the number of posters.
func (r *Registry) Len() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.posters)
}

// Package ack is what both platform adapters need to answer within a
// platform's acknowledgement budget (Slack and Discord each wait 3 s for
// the first answer): a Group that runs the work behind an event in the
// background, under a context of its own that outlives the request that
// brought it and is waited for at shutdown, and Within, which waits for
// such work up to a budget and, when it is late, hands its result over
// once it comes, so that the adapter acknowledges now and follows up.
package ack

import (
	"context"
	"errors"
	"sync"
	"time"
)

// A Group runs background work and waits for it at shutdown.
type Group struct {
	base    context.Context
	cancel  context.CancelFunc
	timeout time.Duration

	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
}

// NewGroup makes a group whose work each gets at most timeout.
func NewGroup(timeout time.Duration) *Group {
	base, cancel := context.WithCancel(context.Background())
	return &Group{base: base, cancel: cancel, timeout: timeout}
}

// Go runs f in the background, with a context that ends after the
// group's timeout or when Close gives up waiting; false, and f is not
// run, once the group is closed.
func (g *Group) Go(f func(ctx context.Context)) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return false
	}
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		ctx, cancel := context.WithTimeout(g.base, g.timeout)
		defer cancel()
		f(ctx)
	}()
	return true
}

// Context is the group's base context: it ends when Close gives up
// waiting, or after Close.
func (g *Group) Context() context.Context { return g.base }

// ErrAbandoned is returned by Close when work was still running when its
// context ended, and was cancelled.
var ErrAbandoned = errors.New("work still in flight was abandoned")

// Close refuses new work and waits for the work in flight until ctx ends;
// then it cancels that work and waits for it to return (ErrAbandoned).
// Calling it again is harmless.
func (g *Group) Close(ctx context.Context) error {
	g.mu.Lock()
	g.closed = true
	g.mu.Unlock()
	done := make(chan struct{})
	go func() { g.wg.Wait(); close(done) }()
	defer g.cancel()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		g.cancel()
		<-done
		return ErrAbandoned
	}
}

// Within runs work in the group and waits up to budget for its result.
// inTime: it came, and r is it. Otherwise later delivers the result when
// work finishes (nobody needs to read it). started is false when the group
// is closed: work did not run.
func Within[T any](g *Group, budget time.Duration, work func(ctx context.Context) T) (r T, inTime bool, later <-chan T, started bool) {
	result := make(chan T, 1)
	if !g.Go(func(ctx context.Context) { result <- work(ctx) }) {
		return r, false, nil, false
	}
	t := time.NewTimer(budget)
	defer t.Stop()
	select {
	case r = <-result:
		return r, true, nil, true
	case <-t.C:
		return r, false, result, true
	}
}

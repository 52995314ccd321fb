package post

import (
	"context"
	"errors"
	"time"

	"brief/internal/channel"
	"brief/internal/reply"
)

// A Slot names one scheduled post: a channel's digest for one scheduled
// instant.
type Slot struct {
	Channel channel.Key
	At      time.Time // the scheduled instant
}

// A SlotPoster posts a scheduled digest so that it can be recognised
// afterwards: each message carries a marker naming the slot and the
// message's place in it (its part, counting from 0), and, where the
// platform offers it, an idempotency key that makes the platform refuse a
// second copy. from and sent are as in Poster.Post. The scheduler posts
// with PostSlot when a poster has it, and with Post otherwise.
type SlotPoster interface {
	PostSlot(ctx context.Context, s Slot, r reply.Reply, from int) (sent int, err error)
}

// A Finder looks for a slot's messages, as PostSlot posted them, among the
// channel's recent messages: the scheduler asks it before taking over a
// claim that a dead process left pending, so that a digest that went out
// is not posted again and one that did not is not lost.
type Finder interface {
	// FindSlot returns the parts of the slot's digest the channel has,
	// posted by this bot, in increasing order; none when it has none.
	//
	// Errors: ErrCannotLook (wrapped) when the platform does not let the
	// bot read the channel's messages, so that nothing can be known; a
	// *Permanent or *RetryAfter as for Post; anything else is temporary.
	FindSlot(ctx context.Context, s Slot) (parts []int, err error)
}

// ErrCannotLook means the bot may not read the channel's messages (a Slack
// app without the history scope), so a Finder can't tell whether a slot
// was posted.
var ErrCannotLook = errors.New("post: the bot can't read the channel's messages")

package digest

import (
	"context"
	"time"

	"brief/internal/channel"
	"brief/internal/library"
	"brief/internal/reply"
)

// Title heads every digest.
const Title = "Your news briefing"

// A Composer makes channels' digests from the library; the scheduler posts
// what it makes.
type Composer struct {
	Lib *library.Library
	Now func() time.Time // for recency; time.Now when nil
}

// Digest composes the digest of the articles that arrived in [since,
// until), as one reply: the poster's renderer splits it into messages that
// fit its platform. An empty digest has no article ids.
func (c *Composer) Digest(ctx context.Context, ch channel.Key, since, until time.Time) (reply.Reply, []string, error) {
	if err := ctx.Err(); err != nil {
		return reply.Reply{}, nil, err
	}
	es := c.Lib.Arrived(since, until)
	if len(es) == 0 {
		return reply.Reply{}, nil, nil
	}
	now := until
	if c.Now != nil {
		now = c.Now()
	}
	ranked := Rank(c.Lib, es, now)
	shown := ranked[:min(len(ranked), MaxItems)]
	var ids []string
	for _, it := range shown {
		for _, e := range it.Members() {
			ids = append(ids, e.Meta.ID)
		}
	}
	return Reply(ranked, Title, reply.Channel), ids, nil
}

// FirstWindow is what a channel's first digest covers: the arrivals of
// the day before it.
const FirstWindow = 24 * time.Hour

// A Ledger says when a channel's last digest was posted: the store's
// delivery ledger.
type Ledger interface {
	LastPosted(ctx context.Context, ch channel.Key) (until time.Time, ok bool, err error)
}

// Since is where a channel's next digest starts, for a digest made at at:
// where its previous digest ended, so that each article arrives in one
// digest; for a channel that never had one (or no channel at all), the
// FirstWindow before at. The scheduled post and /brief both keep to it.
func Since(ctx context.Context, l Ledger, ch channel.Key, at time.Time) (time.Time, error) {
	if ch.Platform == "" || ch.ID == "" {
		return at.Add(-FirstWindow), nil
	}
	last, ok, err := l.LastPosted(ctx, ch)
	if err != nil {
		return time.Time{}, err
	}
	if !ok {
		return at.Add(-FirstWindow), nil
	}
	return last, nil
}

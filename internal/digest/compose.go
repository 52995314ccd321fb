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
// until), split into messages that fit the rendering contract. An empty
// digest has no messages and no article ids.
func (c *Composer) Digest(ctx context.Context, ch channel.Key, since, until time.Time) ([]reply.Reply, []string, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	es := c.Lib.Arrived(since, until)
	if len(es) == 0 {
		return nil, nil, nil
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
	r := Reply(ranked, Title, reply.Channel)
	return reply.Split(r), ids, nil
}

package router

import (
	"context"
	"time"

	"brief/internal/channel"
	"brief/internal/digest"
	"brief/internal/reply"
)

// digest is the channel's digest since its last one (the last 24 hours
// for a channel that never had one), or the newest articles when nothing
// is new.
func (r *Router) digest(ctx context.Context, req Request, vis reply.Visibility) (reply.Reply, error) {
	now := r.cfg.Now()
	since, err := digest.Since(ctx, r.cfg.Store, channel.Key{Platform: req.Platform, ID: req.ChannelID}, now)
	if err != nil {
		return reply.Reply{}, err
	}
	es := r.cfg.Library.Arrived(since, now.Add(time.Nanosecond))
	if len(es) > 0 {
		return digest.Reply(digest.Rank(r.cfg.Library, es, now), digest.Title, vis), nil
	}
	recent := r.cfg.Library.Recent(5)
	if len(recent) == 0 {
		return r.emptyLibrary(), nil
	}
	rep := digest.Reply(digest.Rank(r.cfg.Library, recent, now), digest.Title, vis)
	rep.Summary = "Nothing new since the last digest. The newest articles:"
	return rep, nil
}

package router

import (
	"context"
	"fmt"
	"strings"

	"brief/internal/reply"
	"brief/internal/textsafe"
)

// feed lists, adds or removes the channel's feed subscriptions.
func (r *Router) feed(ctx context.Context, req Request, cmd Command) (reply.Reply, error) {
	if r.cfg.Feeds == nil {
		return notice("Feed subscriptions are not available here."), nil
	}
	ch, err := r.channel(req)
	if err != nil {
		return reply.Reply{}, err
	}
	switch cmd.FeedAction {
	case "add":
		if _, err := r.cfg.Store.EnsureChannel(ctx, ch.Platform, ch.ID, req.ChannelName); err != nil {
			return reply.Reply{}, err
		}
		f, added, err := r.cfg.Feeds.Subscribe(ctx, ch, cmd.URL)
		if err != nil {
			return reply.Reply{}, err
		}
		name := f.Title
		if name == "" {
			name = textsafe.RedactURL(f.URL)
		}
		if !sameAddress(f.URL, cmd.URL) {
			name += " (" + textsafe.RedactURL(f.URL) + "), the feed that page names"
		}
		return notice("Subscribed to " + name + ". " + backCatalogue(added)), nil
	case "remove":
		removed, err := r.cfg.Feeds.Unsubscribe(ctx, ch, cmd.URL)
		if err != nil {
			return reply.Reply{}, err
		}
		if !removed {
			return notice("This channel is not subscribed to " + textsafe.RedactURL(cmd.URL) + ". /brief feed list shows its feeds."), nil
		}
		return notice("Unsubscribed from " + textsafe.RedactURL(cmd.URL) + "."), nil
	}
	feeds, err := r.cfg.Feeds.Feeds(ctx, ch)
	if err != nil {
		return reply.Reply{}, err
	}
	if len(feeds) == 0 {
		return notice("This channel has no feeds. /brief feed add <url> subscribes to one."), nil
	}
	rep := reply.Reply{Kind: reply.List, Title: "This channel's feeds"}
	for _, f := range feeds {
		// A feed's address may carry a token that lets brief read it.
		shown := textsafe.RedactURL(f.URL)
		label := f.Title
		if label == "" {
			label = shown
		}
		var status string
		switch {
		case f.Failures > 0:
			status = fmt.Sprintf("failing (%d in a row): %s", f.Failures, f.LastError)
		case f.LastPolledAt.IsZero():
			status = "not read yet"
		default:
			status = "last read " + f.LastPolledAt.UTC().Format("2006-01-02 15:04 UTC")
		}
		rep.Sections = append(rep.Sections, reply.Section{Label: label, Text: shown + "\n" + status, URL: shown})
	}
	rep.Footer = "/brief feed remove <url> unsubscribes."
	return rep, nil
}

// backCatalogue says where a new feed's current items went.
func backCatalogue(n int) string {
	switch n {
	case 0:
		return "New items will reach this channel's digests."
	case 1:
		return "Its 1 current item is in the library (/brief list) but not in digests; new items will be."
	}
	return fmt.Sprintf("Its %d current items are in the library (/brief list) but not in digests; new items will be.", n)
}

// sameAddress reports whether two addresses name one feed, as the feed
// service writes them (lower-case host, "/" for an empty path).
func sameAddress(a, b string) bool {
	return strings.EqualFold(strings.TrimSuffix(a, "/"), strings.TrimSuffix(b, "/"))
}

package router

import (
	"context"
	"errors"
	"fmt"

	"brief/internal/brief"
	"brief/internal/library"
	"brief/internal/reply"
	"brief/internal/store"
)

// match is the briefing of the article that best matches the words, in
// the window held in memory or before it. When the store fails, the
// window's best match is still shown.
func (r *Router) match(ctx context.Context, query string) (reply.Reply, error) {
	e, ok, err := r.cfg.Library.Search(ctx, query)
	switch {
	case ok:
		return BriefingReply(e), nil
	case err != nil:
		return reply.Reply{}, err
	}
	return notice(fmt.Sprintf("No article matches %q. /brief list shows the newest articles.", query)), nil
}

// show is one article's briefing, by its id or a prefix of it.
func (r *Router) show(ctx context.Context, id string) (reply.Reply, error) {
	e, err := r.cfg.Library.Get(ctx, id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return notice(fmt.Sprintf("No article has the id %s. /brief list shows the ids.", id)), nil
	case errors.Is(err, store.ErrAmbiguous):
		return notice(fmt.Sprintf("More than one article has an id starting %s: give more of it.", id)), nil
	case err != nil:
		return reply.Reply{}, err
	}
	return BriefingReply(e), nil
}

// list is the newest articles, in the window or before it.
func (r *Router) list(ctx context.Context) (reply.Reply, error) {
	recent, err := r.cfg.Library.Newest(ctx, 10)
	if err != nil && len(recent) == 0 {
		return reply.Reply{}, err
	}
	if len(recent) == 0 {
		return r.emptyLibrary(), nil
	}
	total, err := r.cfg.Library.Count(ctx)
	if err != nil {
		total = r.cfg.Library.Len()
	}
	rep := reply.Reply{Kind: reply.List, Title: "Recent articles", Summary: fmt.Sprintf("The %d newest of %d articles:", len(recent), total)}
	for _, e := range recent {
		text := brief.Byline(e.Article)
		if text == "" {
			text = "arrived " + e.Meta.ArrivedAt.UTC().Format("2006-01-02 15:04 UTC")
		}
		rep.Sections = append(rep.Sections, reply.Section{Label: e.Meta.ID + "  " + e.Headline(), Text: text, URL: e.Article.URL})
	}
	rep.Footer = "/brief show <id> for an article's key points."
	return rep, nil
}

// add fetches a page into the library and replies with its briefing.
func (r *Router) add(ctx context.Context, url string) (reply.Reply, error) {
	if r.cfg.Pages == nil {
		return notice("Adding web pages is not available here. Put article files in the articles folder instead: they are read while the service runs."), nil
	}
	a, err := r.cfg.Pages.Page(ctx, url)
	if err != nil {
		return reply.Reply{}, err
	}
	e, created, err := r.cfg.Library.Add(ctx, a)
	if err != nil {
		return reply.Reply{}, err
	}
	rep := BriefingReply(e)
	if created {
		rep.Footer = "Added to the library as " + e.Meta.ID + "."
	} else {
		rep.Footer = "Already in the library as " + e.Meta.ID + "."
	}
	return rep, nil
}

// BriefingReply is an article's briefing as a reply.
func BriefingReply(e *library.Entry) reply.Reply {
	b := e.Briefing()
	rep := reply.Reply{
		Kind:     reply.Briefing,
		Title:    b.Headline,
		TitleURL: e.Article.URL,
		Summary:  b.TLDR,
		Sources:  []reply.Source{source(e)},
		Footer:   "id " + e.Meta.ID,
	}
	for _, p := range b.Points {
		rep.Sections = append(rep.Sections, reply.Section{Label: p.Label, Text: p.Text, URL: p.Link})
	}
	return rep
}

func source(e *library.Entry) reply.Source {
	return reply.Source{
		ID:        e.Meta.ID,
		Title:     e.Headline(),
		Publisher: e.Article.Source,
		Date:      e.Article.Date,
		URL:       e.Article.URL,
		Path:      e.Article.Path,
	}
}

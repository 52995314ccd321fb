package router

import (
	"context"
	"slices"

	"brief/internal/library"
	"brief/internal/reply"
)

// NotFound is what a user reads when nothing in the articles answers.
const NotFound = "I couldn't find that in the articles."

// Unsure opens the reply to a question whose best passages may not answer
// it; they follow.
const Unsure = "I'm not sure this answers it. The closest passages:"

// ask answers a question from the whole library (see library.Ask). When
// the store fails, the answer from the window held in memory is still
// given if there is one.
func (r *Router) ask(ctx context.Context, q string) (reply.Reply, error) {
	a, from, err := r.cfg.Library.Ask(ctx, q)
	if err != nil && !a.Answered && !a.Hedged() {
		return reply.Reply{}, err
	}
	rep := reply.Reply{Kind: reply.Answer, Title: reply.Clip(q, reply.MaxTitle)}
	if a.Hedged() && len(from) == len(a.Closest) {
		// Passages that may answer it, said to be no more than that. Each
		// article is named once: as the source, when all the passages
		// come from one, else as the label of its passages.
		rep.Summary = Unsure
		one := !slices.ContainsFunc(from, func(e *library.Entry) bool { return e.Meta.ID != from[0].Meta.ID })
		for i, p := range a.Closest {
			src := source(from[i])
			sec := reply.Section{Text: p.Text, URL: src.URL}
			if !one {
				sec.Label = src.Title
				if b := src.Byline(); b != "" {
					sec.Label += " (" + b + ")"
				}
			}
			rep.Sections = append(rep.Sections, sec)
		}
		if one {
			rep.Sources = []reply.Source{source(from[0])}
			rep.Footer = "/brief show " + from[0].Meta.ID + " for the article's key points."
		} else {
			rep.Footer = "/brief show " + from[0].Meta.ID + " for the first article's key points."
		}
		return rep, nil
	}
	if !a.Answered || len(from) == 0 {
		rep.Summary = NotFound
		if a.AboutQuestion() {
			rep.Summary += " (" + a.Reason + ".)"
		}
		return rep, nil
	}
	e := from[0]
	rep.Summary = a.Text
	src := source(e)
	rep.Sources = []reply.Source{src}
	// The source names the article; the footer says where to go next.
	rep.Footer = "/brief show " + e.Meta.ID + " for the article's key points."
	return rep, nil
}

package router

import (
	"slices"

	"brief/internal/reply"
)

// NotFound is what a user reads when nothing in the articles answers.
const NotFound = "I couldn't find that in the articles."

// Unsure opens the reply to a question whose best passages may not answer
// it; they follow.
const Unsure = "I'm not sure this answers it. The closest passages:"

func (r *Router) ask(q string) reply.Reply {
	a, from := r.cfg.Library.Ask(q)
	rep := reply.Reply{Kind: reply.Answer, Title: reply.Clip(q, reply.MaxTitle)}
	if a.Hedged() && len(from) == len(a.Closest) {
		// Passages that may answer it, said to be no more than that.
		rep.Summary = Unsure
		for i, p := range a.Closest {
			src := source(from[i])
			label := src.Title
			if b := src.Byline(); b != "" {
				label += " (" + b + ")"
			}
			rep.Sections = append(rep.Sections, reply.Section{Label: label, Text: p.Text, URL: src.URL})
			if !slices.ContainsFunc(rep.Sources, func(s reply.Source) bool { return s.ID == src.ID }) {
				rep.Sources = append(rep.Sources, src)
			}
		}
		rep.Footer = "/brief show " + from[0].Meta.ID + " for the first article's key points."
		return rep
	}
	if !a.Answered || len(from) == 0 {
		rep.Summary = NotFound
		if a.AboutQuestion() {
			rep.Summary += " (" + a.Reason + ".)"
		}
		return rep
	}
	e := from[0]
	rep.Summary = a.Text
	src := source(e)
	rep.Sources = []reply.Source{src}
	rep.Footer = "Quoted from " + e.Headline() + ". /brief show " + e.Meta.ID + " for its key points."
	return rep
}

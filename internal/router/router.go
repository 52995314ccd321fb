package router

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"brief/internal/answer"
	"brief/internal/brief"
	"brief/internal/channel"
	"brief/internal/digest"
	"brief/internal/library"
	"brief/internal/reply"
	"brief/internal/store"
	"brief/internal/textsafe"
)

// NotFound is what a user reads when nothing in the articles answers.
const NotFound = "I couldn't find that in the articles."

// Unsure opens the reply to a question whose best passages may not answer
// it; they follow.
const Unsure = "I'm not sure this answers it. The closest passages:"

// An Authorizer says whether the person behind a request may change the
// channel's settings (feeds, schedule). Each adapter fills it in: Discord
// from the member's Manage Channels permission, Slack from users.info and
// BRIEF_ADMINS, the console always.
type Authorizer interface {
	CanManage(ctx context.Context) (bool, error)
}

// AuthorizerFunc adapts a function to Authorizer.
type AuthorizerFunc func(ctx context.Context) (bool, error)

// CanManage calls f.
func (f AuthorizerFunc) CanManage(ctx context.Context) (bool, error) { return f(ctx) }

// Allow lets everyone change settings: the console, where the person at
// the terminal runs the service.
var Allow Authorizer = AuthorizerFunc(func(context.Context) (bool, error) { return true, nil })

// A Planner is told when a schedule changes so the next slot is planned at
// once (the scheduler).
type Planner interface {
	Plan(ctx context.Context) error
}

// An Adder fetches a web page into the library (/brief add): the page
// reduced to its article, stored once.
type Adder interface {
	AddURL(ctx context.Context, url string) (e *library.Entry, created bool, err error)
}

// A FeedManager keeps channels' feed subscriptions (/brief feed).
type FeedManager interface {
	Subscribe(ctx context.Context, ch channel.Key, url string) (f store.Feed, added int, err error)
	Unsubscribe(ctx context.Context, ch channel.Key, url string) (bool, error)
	Feeds(ctx context.Context, ch channel.Key) ([]store.Feed, error)
}

// A UserError is a failure the person who ran the command can act on (a
// page that is not an article, a feed that is not a feed): the router
// shows its message instead of "something went wrong". Adders and feed
// managers wrap such failures in it.
type UserError struct {
	Msg string
	Err error
}

func (e *UserError) Error() string { return e.Msg }
func (e *UserError) Unwrap() error { return e.Err }

// A Request is one command from one person in one channel.
type Request struct {
	Platform    string // "slack", "discord", "console"
	ChannelID   string
	ChannelName string
	UserID      string

	Text    string   // the words after /brief, when the platform passes text
	Command *Command // the command, when the platform passes it structured

	Auth Authorizer // nil: nobody may change settings
}

// Config wires a Router.
type Config struct {
	Library  *library.Library
	Store    *store.Store
	Composer *digest.Composer
	Zone     string // the default zone of schedules (BRIEF_TIMEZONE)
	Now      func() time.Time
	Planner  Planner     // may be nil
	Adder    Adder       // nil: /brief add says it is not available
	Feeds    FeedManager // nil: /brief feed says it is not available
	// Observe, when set, is told every command's name, how long it took
	// and its outcome: "ok", "invalid", "refused" or "error".
	Observe func(command string, took time.Duration, outcome string)
	Logger  *slog.Logger
}

// A Router runs commands.
type Router struct {
	cfg Config
}

// New makes a router.
func New(cfg Config) *Router {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Zone == "" {
		cfg.Zone = "UTC"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Composer == nil {
		cfg.Composer = &digest.Composer{Lib: cfg.Library, Now: cfg.Now}
	}
	return &Router{cfg: cfg}
}

// Handle runs the request's command and returns the reply. It never fails:
// a mistake in the command gets the help and what was wrong, a refusal
// says who may do it, and a failure on our side says so (the log has the
// cause).
func (r *Router) Handle(ctx context.Context, req Request) reply.Reply {
	start := time.Now()
	var cmd Command
	var err error
	if req.Command != nil {
		cmd = *req.Command
	} else {
		cmd, err = Parse(req.Text)
	}
	name := cmd.Name
	if err != nil {
		name = "invalid"
		r.observe(name, start, "invalid")
		return invalid(err)
	}
	if cmd.Settings() {
		ok, err := r.allowed(ctx, req)
		if err != nil {
			r.cfg.Logger.Error("permission check failed", slog.String("command", name), slog.String("channel", req.Platform+"/"+req.ChannelID), slog.String("user", req.UserID), slog.Any("err", err))
			r.observe(name, start, "error")
			return failure()
		}
		if !ok {
			r.observe(name, start, "refused")
			return refused(cmd)
		}
	}
	rep, err := r.run(ctx, req, cmd)
	var ue *UserError
	switch {
	case err == nil:
		r.observe(name, start, "ok")
		return rep
	case IsParseError(err):
		r.observe(name, start, "invalid")
		return invalid(err)
	case errors.As(err, &ue):
		r.cfg.Logger.Info("command refused by its input", slog.String("command", name), slog.Any("err", err))
		r.observe(name, start, "invalid")
		return reply.Reply{Kind: reply.Error, Summary: ue.Msg}
	}
	r.cfg.Logger.Error("command failed", slog.String("command", name), slog.String("channel", req.Platform+"/"+req.ChannelID), slog.Any("err", err))
	r.observe(name, start, "error")
	return failure()
}

func (r *Router) observe(name string, start time.Time, outcome string) {
	if r.cfg.Observe != nil {
		r.cfg.Observe(name, time.Since(start), outcome)
	}
}

func (r *Router) allowed(ctx context.Context, req Request) (bool, error) {
	if req.Auth == nil {
		return false, nil
	}
	return req.Auth.CanManage(ctx)
}

func (r *Router) run(ctx context.Context, req Request, cmd Command) (reply.Reply, error) {
	switch cmd.Name {
	case CmdHelp:
		return HelpReply(), nil
	case CmdDigest:
		return r.digest(ctx, req, reply.Caller)
	case CmdShare:
		return r.digest(ctx, req, reply.Channel)
	case CmdBrief:
		e, ok := r.cfg.Library.Match(cmd.Query)
		if !ok {
			return notice(fmt.Sprintf("No article matches %q. /brief list shows the newest articles.", cmd.Query)), nil
		}
		return BriefingReply(e), nil
	case CmdAsk:
		return r.ask(cmd.Query), nil
	case CmdList:
		return r.list(), nil
	case CmdShow:
		e, err := r.cfg.Library.Get(ctx, cmd.ID)
		switch {
		case errors.Is(err, store.ErrNotFound):
			return notice(fmt.Sprintf("No article has the id %s. /brief list shows the ids.", cmd.ID)), nil
		case errors.Is(err, store.ErrAmbiguous):
			return notice(fmt.Sprintf("More than one article has an id starting %s: give more of it.", cmd.ID)), nil
		case err != nil:
			return reply.Reply{}, err
		}
		return BriefingReply(e), nil
	case CmdAdd:
		return r.add(ctx, cmd.URL)
	case CmdFeed:
		return r.feed(ctx, req, cmd)
	case CmdSchedule:
		return r.schedule(ctx, req, cmd)
	}
	return reply.Reply{}, parseErr("There is no /brief %s.", cmd.Name)
}

func (r *Router) channel(req Request) (channel.Key, error) {
	ch := channel.Key{Platform: req.Platform, ID: req.ChannelID}
	if ch.Platform == "" || ch.ID == "" {
		return ch, parseErr("This command needs a channel, and the request named none.")
	}
	return ch, nil
}

// digest is the channel's digest since its last one (the last 24 hours
// for a channel that never had one), or the newest articles when nothing
// is new.
func (r *Router) digest(ctx context.Context, req Request, vis reply.Visibility) (reply.Reply, error) {
	now := r.cfg.Now()
	since := now.Add(-24 * time.Hour)
	if ch, err := r.channel(req); err == nil {
		last, ok, err := r.cfg.Store.LastPosted(ctx, ch)
		if err != nil {
			return reply.Reply{}, err
		}
		if ok {
			since = last
		}
	}
	es := r.cfg.Library.Arrived(since, now.Add(time.Nanosecond))
	if len(es) > 0 {
		return digest.Reply(digest.Rank(r.cfg.Library, es, now), digest.Title, vis), nil
	}
	recent := r.cfg.Library.Recent(5)
	if len(recent) == 0 {
		return notice("The library has no articles yet. Put article files in the articles folder, and they are read while the service runs."), nil
	}
	rep := digest.Reply(digest.Rank(r.cfg.Library, recent, now), digest.Title, vis)
	rep.Summary = "Nothing new since the last digest. The newest articles:"
	return rep, nil
}

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
		switch a.Reason {
		case answer.ReasonEmpty, answer.ReasonTooLong, answer.ReasonNoTerms, answer.ReasonNoLib:
			rep.Summary = NotFound + " (" + a.Reason + ".)"
		default:
			rep.Summary = NotFound
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

func (r *Router) list() reply.Reply {
	recent := r.cfg.Library.Recent(10)
	if len(recent) == 0 {
		return notice("The library has no articles yet.")
	}
	rep := reply.Reply{Kind: reply.List, Title: "Recent articles", Summary: fmt.Sprintf("The %d newest of %d articles:", len(recent), r.cfg.Library.Len())}
	for _, e := range recent {
		text := brief.Byline(e.Article)
		if text == "" {
			text = "arrived " + e.Meta.ArrivedAt.UTC().Format("2006-01-02 15:04 UTC")
		}
		rep.Sections = append(rep.Sections, reply.Section{Label: e.Meta.ID + "  " + e.Headline(), Text: text, URL: e.Article.URL})
	}
	rep.Footer = "/brief show <id> for an article's key points."
	return rep
}

// add fetches a page into the library and replies with its briefing.
func (r *Router) add(ctx context.Context, url string) (reply.Reply, error) {
	if r.cfg.Adder == nil {
		return notice("Adding web pages is not available here. Put article files in the articles folder instead: they are read while the service runs."), nil
	}
	e, created, err := r.cfg.Adder.AddURL(ctx, url)
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
		return notice(fmt.Sprintf("Subscribed to %s. Its %d current items are in the library (/brief list) but not in digests; new items will be.", name, added)), nil
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

func notice(msg string) reply.Reply {
	return reply.Reply{Kind: reply.Notice, Summary: msg}
}

func invalid(err error) reply.Reply {
	h := HelpReply()
	h.Kind = reply.Error
	h.Title = "That command didn't work"
	h.Summary = err.Error()
	return h
}

func refused(cmd Command) reply.Reply {
	what := "this channel's settings"
	switch cmd.Name {
	case CmdSchedule:
		what = "this channel's schedule"
	case CmdFeed:
		what = "this channel's feeds"
	}
	return reply.Reply{Kind: reply.Error, Summary: "Sorry, only a channel manager can change " + what + ". Ask one of them, or an admin of this service."}
}

func failure() reply.Reply {
	return reply.Reply{Kind: reply.Error, Summary: "Something went wrong on our side, and nothing was changed. Please try again; if it keeps happening, the service's log says why."}
}

// HelpReply lists the commands.
func HelpReply() reply.Reply {
	return reply.Reply{
		Kind:    reply.Help,
		Title:   "brief: the news that matters, in this channel",
		Summary: "Every answer is quoted from the articles, with its source.",
		Sections: []reply.Section{
			{Label: "/brief", Text: "today's digest for this channel (or the newest articles), just for you"},
			{Label: "/brief share", Text: "today's digest, posted in the channel for everyone"},
			{Label: "/brief <words>", Text: "the briefing of the article that best matches the words"},
			{Label: "/brief ask <question>", Text: "the sentence that answers it, with its source, or a plain \"not in the articles\""},
			{Label: "/brief list", Text: "recent articles with their short ids"},
			{Label: "/brief show <id>", Text: "one article's full briefing"},
			{Label: "/brief add <url>", Text: "fetch an article into the library"},
			{Label: "/brief feed add|remove|list [url]", Text: "this channel's feed subscriptions (channel managers)"},
			{Label: "/brief schedule [HH:MM] [zone] [daily|weekdays]", Text: "a morning digest in this channel, such as /brief schedule 08:00 Europe/Berlin; /brief schedule off stops it (channel managers)"},
			{Label: "/brief help", Text: "this help"},
		},
	}
}

// schedule shows, sets or removes the channel's schedule.
func (r *Router) schedule(ctx context.Context, req Request, cmd Command) (reply.Reply, error) {
	ch, err := r.channel(req)
	if err != nil {
		return reply.Reply{}, err
	}
	now := r.cfg.Now()
	switch {
	case cmd.Off:
		removed, err := r.cfg.Store.DeleteSchedule(ctx, ch)
		if err != nil {
			return reply.Reply{}, err
		}
		if !removed {
			return notice("This channel has no schedule to turn off."), nil
		}
		r.plan(ctx)
		return notice("Scheduled digests are off for this channel. /brief schedule 08:00 turns them on again."), nil
	case cmd.At == "":
		sc, err := r.cfg.Store.Schedule(ctx, ch)
		if errors.Is(err, store.ErrNotFound) {
			return notice(fmt.Sprintf("This channel has no scheduled digest. /brief schedule 08:00 %s posts one every morning.", r.cfg.Zone)), nil
		}
		if err != nil {
			return reply.Reply{}, err
		}
		msg := "This channel gets a digest " + channel.Describe(sc) + "."
		if sc.PausedReason != "" {
			return notice(msg + " It is paused: " + sc.PausedReason + ". Set it again (/brief schedule " + sc.At + " " + sc.Zone + ") to resume."), nil
		}
		return notice(msg + " " + r.nextText(sc, now)), nil
	}
	sc := channel.Schedule{At: cmd.At, Zone: cmd.Zone, Days: cmd.Days}
	if sc.Zone == "" {
		sc.Zone = r.cfg.Zone
	}
	if sc.Days == "" {
		sc.Days = channel.Daily
	}
	if _, err := r.cfg.Store.EnsureChannel(ctx, ch.Platform, ch.ID, req.ChannelName); err != nil {
		return reply.Reply{}, err
	}
	if err := sc.Validate(); err != nil {
		return reply.Reply{}, parseErr("%s", err)
	}
	if err := r.cfg.Store.SetSchedule(ctx, ch, sc); err != nil {
		return reply.Reply{}, err
	}
	r.plan(ctx)
	return notice("Scheduled: a digest in this channel " + channel.Describe(sc) + ". " + r.nextText(sc, now)), nil
}

func (r *Router) plan(ctx context.Context) {
	if r.cfg.Planner == nil {
		return
	}
	if err := r.cfg.Planner.Plan(ctx); err != nil {
		r.cfg.Logger.Warn("planning after a schedule change failed; the planner's next round retries", slog.Any("err", err))
	}
}

// nextText says when the next post is, in the schedule's zone.
func (r *Router) nextText(sc channel.Schedule, now time.Time) string {
	next, err := channel.Next(sc, now)
	if err != nil {
		return ""
	}
	loc, err := sc.Location()
	if err != nil {
		loc = time.UTC
	}
	return "Next: " + next.In(loc).Format("Mon 2 Jan 2006 15:04 MST") + " (in " + until(next.Sub(now)) + ")."
}

// until is a duration as people say it: "6h 12m", "45m", "under a minute".
func until(d time.Duration) string {
	if d < time.Minute {
		return "under a minute"
	}
	d = d.Round(time.Minute)
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case h >= 48:
		return fmt.Sprintf("%d days", (h+12)/24)
	case h > 0 && m > 0:
		return fmt.Sprintf("%dh %dm", h, m)
	case h > 0:
		return fmt.Sprintf("%dh", h)
	}
	return fmt.Sprintf("%dm", m)
}

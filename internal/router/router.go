// Package router runs commands: it takes a command, as text ("/brief ask
// where is Kim?") or already structured by an adapter, checks that the
// person may run it, calls the library, the store, the feeds and the
// scheduler, and returns a platform-neutral reply. Handle never fails: a
// mistake gets the help and what was wrong, a refusal says who may do it,
// and a failure on our side (a panic included) says so while the log
// keeps the cause. The text grammar is in grammar.go; each command group
// has a file of its own.
package router

import (
	"context"
	"errors"
	"log/slog"
	"runtime/debug"
	"time"

	"brief/internal/brief"
	"brief/internal/channel"
	"brief/internal/library"
	"brief/internal/reply"
	"brief/internal/store"
)

// A Handler runs a command and returns the reply: what every adapter
// hands its commands to. *Router is one.
type Handler interface {
	Handle(ctx context.Context, req Request) reply.Reply
}

var _ Handler = (*Router)(nil)

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

// A PageReader fetches a web page and reduces it to its article (/brief
// add). Failures the person adding it can act on are *reply.UserError.
type PageReader interface {
	Page(ctx context.Context, url string) (*brief.Article, error)
}

// A FeedManager keeps channels' feed subscriptions (/brief feed).
// Failures the person subscribing can act on are *reply.UserError.
type FeedManager interface {
	Subscribe(ctx context.Context, ch channel.Key, url string) (f store.Feed, added int, err error)
	Unsubscribe(ctx context.Context, ch channel.Key, url string) (bool, error)
	Feeds(ctx context.Context, ch channel.Key) ([]store.Feed, error)
}

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
	Library *library.Library
	Store   *store.Store
	Zone    string // the default zone of schedules (BRIEF_TIMEZONE)
	// ArticlesDir is the service's articles folder (BRIEF_ARTICLES_DIR),
	// named when the library is empty; "" names none.
	ArticlesDir string
	Now         func() time.Time
	Planner     Planner     // may be nil
	Pages       PageReader  // nil: /brief add says it is not available
	Feeds       FeedManager // nil: /brief feed says it is not available
	// Observe, when set, is told every command's name, how long it took
	// and its outcome: "ok", "invalid", "refused" or "error".
	Observe func(command string, took time.Duration, outcome string)
	Logger  *slog.Logger
}

// A Router runs commands.
type Router struct {
	cfg Config
	log *slog.Logger
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
	return &Router{cfg: cfg, log: cfg.Logger.With(slog.String("component", "router"))}
}

// Handle runs the request's command and returns the reply. It never fails:
// a mistake in the command gets what was wrong and that command's usage, a refusal
// says who may do it, and a failure on our side, a panic included, says so
// (the log has the cause).
func (r *Router) Handle(ctx context.Context, req Request) (rep reply.Reply) {
	start := time.Now()
	name := "invalid"
	defer func() {
		if p := recover(); p != nil {
			r.log.Error("command panicked", slog.String("command", name), slog.String("channel", req.Platform+"/"+req.ChannelID),
				slog.Any("panic", p), slog.String("stack", string(debug.Stack())))
			r.observe(name, start, "error")
			rep = Failure()
		}
	}()
	var cmd Command
	var err error
	if req.Command != nil {
		cmd = *req.Command
	} else {
		cmd, err = Parse(req.Text)
	}
	if err != nil {
		r.observe(name, start, "invalid")
		return Invalid(err)
	}
	name = cmd.Name
	if cmd.Settings() {
		ok, err := r.allowed(ctx, req)
		if err != nil {
			r.log.Error("permission check failed", slog.String("command", name), slog.String("channel", req.Platform+"/"+req.ChannelID), slog.String("user", req.UserID), slog.Any("err", err))
			r.observe(name, start, "error")
			return failure(err)
		}
		if !ok {
			r.observe(name, start, "refused")
			return refused(cmd)
		}
	}
	rep, err = r.run(ctx, req, cmd)
	if err == nil {
		r.observe(name, start, "ok")
		return rep
	}
	if ue, ok := reply.AsUserError(err); ok {
		if ue.Help {
			r.observe(name, start, "invalid")
			return Invalid(ue)
		}
		r.log.Info("command refused by its input", slog.String("command", name), slog.Any("err", err))
		r.observe(name, start, "invalid")
		return reply.Reply{Kind: reply.Error, Summary: ue.Msg}
	}
	r.log.Error("command failed", slog.String("command", name), slog.String("channel", req.Platform+"/"+req.ChannelID), slog.Any("err", err))
	r.observe(name, start, "error")
	return failure(err)
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
		return r.match(ctx, cmd.Query)
	case CmdAsk:
		return r.ask(ctx, cmd.Query)
	case CmdList:
		return r.list(ctx)
	case CmdShow:
		return r.show(ctx, cmd.ID)
	case CmdAdd:
		return r.add(ctx, cmd.URL)
	case CmdFeed:
		return r.feed(ctx, req, cmd)
	case CmdSchedule:
		return r.schedule(ctx, req, cmd)
	}
	return reply.Reply{}, invalidf("There is no /brief %s.", cmd.Name)
}

func (r *Router) channel(req Request) (channel.Key, error) {
	ch := channel.Key{Platform: req.Platform, ID: req.ChannelID}
	if ch.Platform == "" || ch.ID == "" {
		return ch, invalidf("This command needs a channel, and the request named none.")
	}
	return ch, nil
}

// emptyLibrary is the reply when the library has no articles: what a
// person in the channel can do about it, and the folder the service reads.
func (r *Router) emptyLibrary() reply.Reply {
	msg := "The library has no articles yet. Add one with /brief add <url>, or subscribe this channel to a feed with /brief feed add <url>."
	if r.cfg.ArticlesDir != "" {
		msg += " Article files put in the service's folder " + r.cfg.ArticlesDir + " are read too."
	}
	return notice(msg)
}

func notice(msg string) reply.Reply {
	return reply.Reply{Kind: reply.Notice, Summary: msg}
}

// Invalid is the reply to a mistaken command: what was wrong, then how to
// write that command (its line of the help) and where the rest of the help
// is. Adapters use it for what they can't turn into a command.
func Invalid(err error) reply.Reply {
	r := reply.Reply{Kind: reply.Error, Title: "That command didn't work", Summary: err.Error(), Footer: "/brief help lists every command."}
	if ue, ok := reply.AsUserError(err); ok {
		if line, text, ok := Usage(ue.Command); ok {
			r.Sections = []reply.Section{{Label: line, Text: text}}
		}
	}
	return r
}

// Failure is the reply to a command that failed on our side.
func Failure() reply.Reply {
	return reply.Reply{Kind: reply.Error, Summary: "Something went wrong on our side, and nothing was changed. Please try again; if it keeps happening, the service's log says why."}
}

// Unavailable is the reply to a command that needed the database while
// it could not be reached (store.ErrUnavailable: Postgres restarting or
// down): nothing is wrong with the command, and it may work in a moment.
func Unavailable() reply.Reply {
	return reply.Reply{Kind: reply.Error, Summary: "The database is unavailable right now, so this command could not run and nothing was changed. Please try again in a minute."}
}

// IsUnavailable reports whether err says the database could not be
// reached (store.ErrUnavailable): Unavailable is then the reply. Adapters
// that reach the store before a command runs (the replay ledger) ask it.
func IsUnavailable(err error) bool { return errors.Is(err, store.ErrUnavailable) }

// failure is the reply to a command that failed on our side with err.
func failure(err error) reply.Reply {
	if IsUnavailable(err) {
		return Unavailable()
	}
	return Failure()
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

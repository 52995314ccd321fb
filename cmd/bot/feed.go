package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"brief/internal/app"
	"brief/internal/channel"
	"brief/internal/config"
	"brief/internal/opml"
	"brief/internal/reply"
	"brief/internal/store"
)

// feedUsage is what bot feed says when it is not given an action it knows.
const feedUsage = "feed: use bot feed [--channel PLATFORM:ID] add URL, remove URL, list, import FILE.opml or export"

// cmdFeed is `bot feed [--channel PLATFORM:ID] add|remove|list|import|export`:
// a channel's feed subscriptions, which `bot run` polls. The flag may come
// before or after the action.
func cmdFeed(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("feed", stderr)
	chFlag := fs.String("channel", "console", "the channel, as PLATFORM:ID: slack:C0123ABCD, discord:1234567890123456789 or console")
	var words []string
	for {
		if err := parse(fs, args, stdout); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		words = append(words, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(words) == 0 {
		return errors.New(feedUsage)
	}
	action, rest := words[0], words[1:]
	switch {
	case (action == "list" || action == "export") && len(rest) == 0:
	case (action == "add" || action == "remove" || action == "import") && len(rest) == 1:
	default:
		return errors.New(feedUsage)
	}
	ch, err := channel.ParseKey(*chFlag)
	if err != nil {
		return fmt.Errorf("feed: --channel: %w", err)
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	st, lib, err := app.OpenLibrary(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	svc, err := app.NewFeeds(cfg, st, lib, app.FetchClient(cfg), nil, log)
	if err != nil {
		return err
	}
	f := feedCmd{st: st, svc: svc, ch: ch, stdout: stdout, stderr: stderr}
	switch action {
	case "add":
		return f.add(ctx, rest[0])
	case "remove":
		return f.remove(ctx, rest[0])
	case "import":
		return f.importOPML(ctx, rest[0])
	case "export":
		return f.export(ctx)
	}
	return f.list(ctx)
}

// feedService is what bot feed needs of the feed service.
type feedService interface {
	Subscribe(ctx context.Context, ch channel.Key, url string) (store.Feed, int, error)
	Unsubscribe(ctx context.Context, ch channel.Key, url string) (bool, error)
	Feeds(ctx context.Context, ch channel.Key) ([]store.Feed, error)
}

// feedCmd is one bot feed run on one channel.
type feedCmd struct {
	st             *store.Store
	svc            feedService
	ch             channel.Key
	stdout, stderr io.Writer
}

// cause is what the command line shows of an error: the cause, as it
// does for every other error, rather than the chat sentence.
func cause(err error) error {
	if ue, ok := reply.AsUserError(err); ok && ue.Err != nil {
		return privateHint(ue.Err)
	}
	return privateHint(err)
}

func (f feedCmd) name() string {
	if f.ch == app.ConsoleChannel {
		return "the console"
	}
	return f.ch.String()
}

// subscribe subscribes the channel and says what happened.
func (f feedCmd) subscribe(ctx context.Context, url string) error {
	name := ""
	if f.ch == app.ConsoleChannel {
		name = app.ConsoleName
	}
	if _, err := f.st.EnsureChannel(ctx, f.ch.Platform, f.ch.ID, name); err != nil {
		return err
	}
	fd, added, err := f.svc.Subscribe(ctx, f.ch, url)
	if err != nil {
		return cause(err)
	}
	title := fd.Title
	if title == "" {
		title = fd.URL
	}
	named := ""
	if !strings.EqualFold(strings.TrimSuffix(fd.URL, "/"), strings.TrimSuffix(strings.TrimSpace(url), "/")) {
		named = ", the feed that page names"
	}
	fmt.Fprintf(f.stdout, "Subscribed %s to %s (%s%s). %s\n", f.name(), title, fd.URL, named, backCatalogue(added))
	return nil
}

// backCatalogue says where a new feed's current items went.
func backCatalogue(n int) string {
	switch n {
	case 0:
		return "bot run polls it for new items."
	case 1:
		return "Its 1 current item is in the library but not in digests; bot run polls it for new ones."
	}
	return fmt.Sprintf("Its %d current items are in the library but not in digests; bot run polls it for new ones.", n)
}

func (f feedCmd) add(ctx context.Context, url string) error { return f.subscribe(ctx, url) }

func (f feedCmd) remove(ctx context.Context, url string) error {
	removed, err := f.svc.Unsubscribe(ctx, f.ch, url)
	if err != nil {
		return cause(err)
	}
	if !removed {
		return fmt.Errorf("feed: %s is not subscribed to %s", f.name(), url)
	}
	fmt.Fprintf(f.stdout, "Unsubscribed %s from %s.\n", f.name(), url)
	return nil
}

func (f feedCmd) list(ctx context.Context) error {
	list, err := f.svc.Feeds(ctx, f.ch)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		fmt.Fprintf(f.stdout, "%s has no feeds. bot feed add URL subscribes to one.\n", capitalize(f.name()))
	}
	for _, fd := range list {
		status := "not read yet"
		switch {
		case fd.Failures > 0:
			status = fmt.Sprintf("failing (%d in a row): %s", fd.Failures, fd.LastError)
		case !fd.LastPolledAt.IsZero():
			status = "last read " + fd.LastPolledAt.UTC().Format("2006-01-02 15:04 UTC")
		}
		fmt.Fprintf(f.stdout, "%s\t%s\t%s\n", fd.URL, fd.Title, status)
	}
	return nil
}

// importOPML subscribes the channel to every feed of an OPML file, going on
// past the ones that fail; the exit status is 1 if any did.
func (f feedCmd) importOPML(ctx context.Context, path string) error {
	file, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("feed import: %w", err)
	}
	defer file.Close()
	list, err := opml.Read(file)
	if err != nil {
		return fmt.Errorf("feed import: %s: %w", path, err)
	}
	if len(list) == 0 {
		return fmt.Errorf("feed import: %s lists no feeds (no outline has an xmlUrl)", path)
	}
	failed, subscribed := 0, 0
	for _, fd := range list {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("feed import: stopped: %w", err)
		}
		err := f.subscribe(ctx, fd.URL)
		switch {
		case errors.Is(err, store.ErrAlreadySubscribed):
			fmt.Fprintf(f.stdout, "Already subscribed to %s.\n", fd.URL)
		case err != nil:
			failed++
			fmt.Fprintf(f.stderr, "bot: feed import: %s: %v\n", fd.URL, err)
		default:
			subscribed++
		}
	}
	fmt.Fprintf(f.stdout, "%d of the %d feeds in %s subscribed; %d failed.\n", subscribed, len(list), path, failed)
	if failed > 0 {
		return errReported
	}
	return nil
}

// export writes the channel's feeds as OPML on stdout.
func (f feedCmd) export(ctx context.Context) error {
	list, err := f.svc.Feeds(ctx, f.ch)
	if err != nil {
		return err
	}
	out := make([]opml.Feed, len(list))
	for i, fd := range list {
		out[i] = opml.Feed{Title: fd.Title, URL: fd.URL}
	}
	return opml.Write(f.stdout, "brief: the feeds of "+f.ch.String(), out, time.Now())
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"brief/internal/app"
	"brief/internal/config"
	"brief/internal/reply"
)

// cmdFeed is `bot feed add|list|remove [URL]`: the console channel's feed
// subscriptions, which `bot run` polls.
func cmdFeed(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	const usage = "feed: use bot feed add URL, bot feed remove URL or bot feed list"
	if len(args) == 0 {
		return errors.New(usage)
	}
	action, rest := args[0], args[1:]
	switch {
	case action == "list" && len(rest) == 0:
	case (action == "add" || action == "remove") && len(rest) == 1:
	default:
		return errors.New(usage)
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
	ch := app.ConsoleChannel
	// The command line shows the cause, as it does for every other error.
	cause := func(err error) error {
		if ue, ok := reply.AsUserError(err); ok && ue.Err != nil {
			return ue.Err
		}
		return err
	}
	switch action {
	case "add":
		if _, err := st.EnsureChannel(ctx, ch.Platform, ch.ID, app.ConsoleName); err != nil {
			return err
		}
		f, added, err := svc.Subscribe(ctx, ch, rest[0])
		if err != nil {
			return cause(err)
		}
		name := f.Title
		if name == "" {
			name = f.URL
		}
		fmt.Fprintf(stdout, "Subscribed to %s (%s). Its %d current items are in the library but not in digests; bot run polls it for new ones.\n", name, f.URL, added)
	case "remove":
		removed, err := svc.Unsubscribe(ctx, ch, rest[0])
		if err != nil {
			return cause(err)
		}
		if !removed {
			return fmt.Errorf("feed: the console is not subscribed to %s", rest[0])
		}
		fmt.Fprintf(stdout, "Unsubscribed from %s.\n", rest[0])
	case "list":
		list, err := svc.Feeds(ctx, ch)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			fmt.Fprintln(stdout, "No feeds. bot feed add URL subscribes to one.")
		}
		for _, f := range list {
			status := "not read yet"
			switch {
			case f.Failures > 0:
				status = fmt.Sprintf("failing (%d in a row): %s", f.Failures, f.LastError)
			case !f.LastPolledAt.IsZero():
				status = "last read " + f.LastPolledAt.UTC().Format("2006-01-02 15:04 UTC")
			}
			fmt.Fprintf(stdout, "%s\t%s\t%s\n", f.URL, f.Title, status)
		}
	}
	return nil
}

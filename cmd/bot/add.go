package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"brief/internal/app"
	"brief/internal/brief"
	"brief/internal/config"
	"brief/internal/extract"
	"brief/internal/fetch"
	"brief/internal/library"
	"brief/internal/router"
)

// cmdAdd is `bot add [--json] URL ...`: fetch web pages into the library
// and print their briefings.
func cmdAdd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("add", stderr)
	asJSON := fs.Bool("json", false, "one JSON object per line, as bot brief --json")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errors.New("add: give the address of a web page: bot add https://example.com/story")
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
	pages := extract.Reader{Client: app.FetchClient(cfg)}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	failed := false
	for i, u := range fs.Args() {
		cmd, err := router.Parse("add " + u)
		if err == nil {
			var a *brief.Article
			var e *library.Entry
			var created bool
			if a, err = pages.Page(ctx, cmd.URL); err == nil {
				e, created, err = lib.Add(ctx, a)
			}
			if err == nil {
				b := e.Briefing()
				if *asJSON {
					err = enc.Encode(briefJSON{
						Path: e.Article.Path, ID: e.Meta.ID, Title: e.Headline(), Source: e.Article.Source,
						Date: e.Article.Date, URL: e.Article.URL, TLDR: b.TLDR, Points: b.Points,
					})
				} else {
					if i > 0 {
						fmt.Fprintln(stdout, "\n────────")
					}
					state := "added"
					if !created {
						state = "already in the library"
					}
					fmt.Fprintf(stdout, "[%s] %s\n%s", e.Meta.ID, state, brief.PlainText(e.Article, b))
				}
			}
		}
		if err != nil {
			failed = true
			fmt.Fprintf(stderr, "bot: add %s: %v\n", u, privateHint(err))
		}
	}
	if failed {
		return errReported
	}
	return nil
}

// privateHint adds, to a refusal of a private or local address, the
// setting that allows them.
func privateHint(err error) error {
	if errors.Is(err, fetch.ErrBlocked) {
		return fmt.Errorf("%w (to fetch private and local addresses, set BRIEF_ALLOW_PRIVATE_NETWORKS=true)", err)
	}
	return err
}

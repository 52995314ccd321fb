package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"brief/internal/articlefile"
	"brief/internal/brief"
	"brief/internal/config"
)

// briefJSON is the --json contract of `bot brief` (DESIGN.md).
type briefJSON struct {
	Path   string        `json:"path"`
	ID     string        `json:"id"`
	Title  string        `json:"title"`
	Source string        `json:"source"`
	Date   string        `json:"date"`
	URL    string        `json:"url"`
	TLDR   string        `json:"tldr"`
	Points []brief.Point `json:"points"`
}

// formatSet reports whether --format was given.
func formatSet(fs *flag.FlagSet) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == "format" })
	return set
}

func cmdBrief(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("brief", stderr)
	asJSON := fs.Bool("json", false, "one JSON object per line")
	format := fs.String("format", "text", "output format: text, md or json")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if *asJSON {
		if formatSet(fs) && *format != "json" {
			return fmt.Errorf("brief: --json and --format %s ask for two formats: give one", *format)
		}
		*format = "json"
	}
	switch *format {
	case "text", "md", "json":
	default:
		return fmt.Errorf("brief: unknown --format %q (want text, md or json)", *format)
	}
	paths := fs.Args()
	if len(paths) == 0 {
		paths = []string{config.ArticlesDir(getenv)}
	}
	arts, errs := articlefile.Load(ctx, paths)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("brief: stopped: %w", err)
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	for i, a := range arts {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("brief: stopped: %w", err)
		}
		b := brief.Brief(a)
		if b.Points == nil {
			b.Points = []brief.Point{}
		}
		switch *format {
		case "json":
			title := a.Title
			if title == "" {
				title = b.Headline
			}
			if err := enc.Encode(briefJSON{
				Path: a.Path, ID: a.ID(), Title: title, Source: a.Source, Date: a.Date,
				URL: a.URL, TLDR: b.TLDR, Points: b.Points,
			}); err != nil {
				return err
			}
		case "md":
			if i > 0 {
				fmt.Fprintln(stdout)
			}
			fmt.Fprint(stdout, brief.Markdown(a, b))
		default:
			if i > 0 {
				fmt.Fprintln(stdout, "\n"+"────────")
			}
			fmt.Fprint(stdout, brief.PlainText(a, b))
		}
	}
	if reportLoad("brief", errs, stderr) {
		return errReported
	}
	if len(arts) == 0 {
		return fmt.Errorf("brief: no article files in %s", strings.Join(paths, ", "))
	}
	return nil
}

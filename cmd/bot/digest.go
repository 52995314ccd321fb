package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"brief/internal/app"
	"brief/internal/articlefile"
	"brief/internal/config"
	"brief/internal/digest"
	"brief/internal/library"
	"brief/internal/reply"
	"brief/internal/store"
)

// digestJSON is one story of `bot digest --json`.
type digestJSON struct {
	ID      string      `json:"id"`
	Path    string      `json:"path"`
	Title   string      `json:"title"`
	Source  string      `json:"source"`
	Date    string      `json:"date"`
	URL     string      `json:"url"`
	TLDR    string      `json:"tldr"`
	Score   float64     `json:"score"`
	Sources int         `json:"sources"`
	Also    []alsoJSON  `json:"also"`
	Points  []pointJSON `json:"points"`
}

type alsoJSON struct {
	ID     string `json:"id"`
	Path   string `json:"path"`
	Title  string `json:"title"`
	Source string `json:"source"`
	URL    string `json:"url"`
}

type pointJSON struct {
	Label string `json:"label"`
	Text  string `json:"text"`
}

// cmdDigest is `bot digest [--json] [PATH ...]`: the digest of the
// articles, as it would be posted, ranked and grouped into stories. It
// reads the files into a throwaway library, so it needs no database.
func cmdDigest(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("digest", stderr)
	asJSON := fs.Bool("json", false, "one JSON object per story, most important first")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	paths := fs.Args()
	if len(paths) == 0 {
		paths = []string{config.ArticlesDir(getenv)}
	}
	arts, errs := articlefile.Load(ctx, paths)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("digest: stopped: %w", err)
	}
	failed := reportLoad("digest", errs, stderr)
	if len(arts) == 0 {
		if failed {
			return errReported
		}
		return fmt.Errorf("digest: no article files in %s", strings.Join(paths, ", "))
	}
	dir, err := os.MkdirTemp("", "brief-digest-")
	if err != nil {
		return fmt.Errorf("digest: %w", err)
	}
	defer os.RemoveAll(dir)
	st, err := store.Open(ctx, filepath.Join(dir, "digest.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	now := time.Now()
	lib, err := library.Open(ctx, st, func() time.Time { return now })
	if err != nil {
		return err
	}
	var entries []*library.Entry
	for _, a := range arts {
		e, created, err := lib.Add(ctx, a)
		if err != nil {
			return err
		}
		if created {
			entries = append(entries, e)
		}
	}
	items := digest.Rank(lib, entries, now)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		for _, it := range items {
			if err := enc.Encode(storyJSON(it)); err != nil {
				return err
			}
		}
	} else {
		fmt.Fprint(stdout, app.Text(digest.Reply(items, digest.Title, reply.Channel)))
	}
	if failed {
		return errReported
	}
	return nil
}

func storyJSON(it digest.Item) digestJSON {
	e := it.Entry
	b := e.Briefing()
	out := digestJSON{
		ID: e.Meta.ID, Path: e.Article.Path, Title: e.Headline(), Source: e.Article.Source,
		Date: e.Article.Date, URL: e.Article.URL, TLDR: b.TLDR, Score: it.Score, Sources: it.Sources,
		Also: []alsoJSON{}, Points: []pointJSON{},
	}
	for _, o := range it.Others {
		out.Also = append(out.Also, alsoJSON{ID: o.Meta.ID, Path: o.Article.Path, Title: o.Headline(), Source: o.Article.Source, URL: o.Article.URL})
	}
	for _, p := range b.Points {
		out.Points = append(out.Points, pointJSON{Label: p.Label, Text: p.Text})
	}
	return out
}

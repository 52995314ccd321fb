package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"brief/internal/answer"
	"brief/internal/brief"
	"brief/internal/library"
)

// askJSON is the --json contract of `bot ask` (DESIGN.md).
type askJSON struct {
	Question string      `json:"question"`
	Answered bool        `json:"answered"`
	Answer   string      `json:"answer"`
	Sources  []sourceRef `json:"sources"`
}

type sourceRef struct {
	Path     string `json:"path"`
	Title    string `json:"title"`
	URL      string `json:"url"`
	Sentence int    `json:"sentence"`
}

// notFound is what a user reads when nothing answers the question.
const notFound = "I couldn't find that in the articles."

func cmdAsk(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("ask", stderr)
	asJSON := fs.Bool("json", false, "one JSON object per line")
	dir := fs.String("articles", "", "article file or folder (default BRIEF_ARTICLES_DIR)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" {
		*dir = articlesDir(getenv)
	}
	arts, errs := library.Load(ctx, []string{*dir})
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("ask: stopped: %w", err)
	}
	reportLoad("ask", errs, stderr)
	if len(arts) == 0 {
		return fmt.Errorf("ask: no articles to answer from in %s", *dir)
	}
	ix := answer.NewIndex(arts...)
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	reply := func(q string) error {
		a := ix.Ask(q)
		if *asJSON {
			enc := json.NewEncoder(w)
			enc.SetEscapeHTML(false)
			return enc.Encode(toAskJSON(q, a))
		}
		_, err := fmt.Fprintln(w, askText(a))
		return err
	}
	if fs.NArg() > 0 {
		return reply(strings.Join(fs.Args(), " "))
	}
	// One question per line; the index is built once. The lines are read
	// on their own goroutine, so that a signal stops the command even
	// while it waits for the next line.
	lines := make(chan string)
	readErr := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(stdin)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
		readErr <- sc.Err()
	}()
	for {
		select {
		case <-ctx.Done():
			return fmt.Errorf("ask: stopped: %w", ctx.Err())
		case err := <-readErr:
			if err != nil {
				return fmt.Errorf("ask: read questions: %w", err)
			}
			return nil
		case q := <-lines:
			if strings.TrimSpace(q) == "" {
				continue
			}
			if err := reply(q); err != nil {
				return err
			}
			if !*asJSON {
				w.Flush()
			}
		}
	}
}

func toAskJSON(q string, a answer.Answer) askJSON {
	out := askJSON{Question: q, Answered: a.Answered, Sources: []sourceRef{}}
	if !a.Answered {
		return out
	}
	out.Answer = a.Text
	title := a.Article.Title
	if title == "" && len(a.Article.Sentences) > 0 {
		title = headline(a)
	}
	out.Sources = append(out.Sources, sourceRef{Path: a.Article.Path, Title: title, URL: a.Article.URL, Sentence: a.Sentence})
	return out
}

// askText is one line: the answer and its source, or a plain "not found".
func askText(a answer.Answer) string {
	if !a.Answered {
		return notFound
	}
	src := headline(a)
	if a.Article.Source != "" {
		src += ", " + a.Article.Source
	}
	if a.Article.Date != "" {
		src += ", " + a.Article.Date
	}
	if a.Article.URL != "" {
		src += " <" + a.Article.URL + ">"
	}
	return a.Text + " (" + src + ")"
}

// headline names the article an answer comes from.
func headline(a answer.Answer) string {
	if a.Article.Title != "" {
		return a.Article.Title
	}
	return brief.Brief(a.Article).Headline
}

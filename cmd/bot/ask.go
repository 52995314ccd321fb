package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"brief/internal/answer"
	"brief/internal/articlefile"
	"brief/internal/brief"
	"brief/internal/config"
)

// askJSON is the --json contract of `bot ask` (DESIGN.md). Closest holds
// the passages that come nearest when the answer is not given with
// confidence (answered false); it is empty when nothing touches the
// question.
type askJSON struct {
	Question string       `json:"question"`
	Answered bool         `json:"answered"`
	Answer   string       `json:"answer"`
	Sources  []sourceRef  `json:"sources"`
	Closest  []closestRef `json:"closest"`
}

// closestRef is a source and the passage quoted from it.
type closestRef struct {
	sourceRef
	Text string `json:"text"`
}

type sourceRef struct {
	Path     string `json:"path"`
	Title    string `json:"title"`
	URL      string `json:"url"`
	Sentence int    `json:"sentence"`
}

// notFound is what a user reads when nothing answers the question;
// unsure opens the reply that shows the closest passages instead.
const (
	notFound = "I couldn't find that in the articles."
	unsure   = "I'm not sure this answers it. The closest passages:"
)

func cmdAsk(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("ask", stderr)
	asJSON := fs.Bool("json", false, "one JSON object per line")
	dir := fs.String("articles", "", "article file or folder (default BRIEF_ARTICLES_DIR)")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if *dir == "" {
		*dir = config.ArticlesDir(getenv)
	}
	arts, errs := articlefile.Load(ctx, []string{*dir})
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
	out := askJSON{Question: q, Answered: a.Answered, Sources: []sourceRef{}, Closest: []closestRef{}}
	if a.Answered {
		out.Answer = a.Text
		out.Sources = append(out.Sources, sourceRef{Path: a.Article.Path, Title: headline(a.Article), URL: a.Article.URL, Sentence: a.Sentence})
	}
	for _, p := range a.Closest {
		ref := sourceRef{Path: p.Article.Path, Title: headline(p.Article), URL: p.Article.URL, Sentence: p.Sentence}
		out.Closest = append(out.Closest, closestRef{sourceRef: ref, Text: p.Text})
	}
	return out
}

// askText is one line: the answer and its source; or, when Ask is not
// sure, the closest passages with theirs; or a plain "not found".
func askText(a answer.Answer) string {
	switch {
	case a.Answered:
		return a.Text + " (" + sourceText(a.Article) + ")"
	case a.Hedged():
		parts := make([]string, len(a.Closest))
		for i, p := range a.Closest {
			parts[i] = "“" + p.Text + "” (" + sourceText(p.Article) + ")"
		}
		return unsure + " " + strings.Join(parts, " ")
	}
	return notFound
}

// sourceText names an article: headline, publisher, date and URL where known.
func sourceText(a *brief.Article) string {
	src := headline(a)
	if a.Source != "" {
		src += ", " + a.Source
	}
	if a.Date != "" {
		src += ", " + a.Date
	}
	if a.URL != "" {
		src += " <" + a.URL + ">"
	}
	return src
}

// headline names the article an answer comes from.
func headline(a *brief.Article) string {
	if a.Title != "" {
		return a.Title
	}
	return brief.Brief(a).Headline
}

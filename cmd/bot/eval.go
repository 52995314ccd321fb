package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"brief/internal/answer"
	"brief/internal/articlefile"
)

// dirList is a flag that may be given more than once.
type dirList []string

func (d *dirList) String() string     { return strings.Join(*d, ",") }
func (d *dirList) Set(s string) error { *d = append(*d, s); return nil }

// evalAnswers asks every question of a SQuAD-format file against its own
// article's paragraphs and against another article's, beside a
// word-overlap baseline (answer.EvalSQuAD); with --library DIR (more than
// once for several folders), also of a library of those folders' articles
// and the file's articles together (answer.EvalSQuADLibrary).
func evalAnswers(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("eval answers", stderr)
	var dirs dirList
	fs.Var(&dirs, "library", "a folder of other articles to ask the questions among (may be repeated)")
	var files []string
	for {
		if err := parse(fs, args, stdout); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(files) != 1 {
		return errors.New("eval answers: want one SQuAD-format FILE.json")
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		return fmt.Errorf("eval answers: %w", err)
	}
	r, err := answer.EvalSQuAD(strings.NewReader(string(data)))
	if err != nil {
		return fmt.Errorf("eval answers: %s: %w", files[0], err)
	}
	fmt.Fprint(stdout, r.String())
	if len(dirs) == 0 {
		return nil
	}
	others, errs := articlefile.Load(ctx, dirs)
	for _, err := range errs {
		fmt.Fprintln(stderr, "bot: eval answers:", err)
	}
	if len(others) == 0 {
		return fmt.Errorf("eval answers: no articles in %s", dirs.String())
	}
	lr, err := answer.EvalSQuADLibrary(strings.NewReader(string(data)), others)
	if err != nil {
		return fmt.Errorf("eval answers: %s: %w", files[0], err)
	}
	fmt.Fprint(stdout, "\n", lr.String())
	return nil
}

func cmdEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) < 1 {
		return errors.New("eval: want `eval summaries DIR` or `eval answers FILE.json [--library DIR ...]`")
	}
	if isHelp(args[0]) {
		fmt.Fprint(stdout, groupHelp("eval"))
		return errHelp
	}
	switch args[0] {
	case "summaries":
		return evalSummaries(args[1:], stdout, stderr)
	case "answers":
		return evalAnswers(ctx, args[1:], stdout, stderr)
	}
	return fmt.Errorf("eval: unknown set %q (want summaries or answers)", args[0])
}

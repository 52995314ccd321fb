package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"brief/internal/answer"
)

// evalAnswers asks every question of a SQuAD-format file against its own
// article's paragraphs and against another article's, beside a
// word-overlap baseline (answer.EvalSQuAD).
func evalAnswers(args []string, stdout io.Writer) error {
	if len(args) != 1 {
		return errors.New("eval answers: want one SQuAD-format FILE.json")
	}
	f, err := os.Open(args[0])
	if err != nil {
		return fmt.Errorf("eval answers: %w", err)
	}
	defer f.Close()
	r, err := answer.EvalSQuAD(f)
	if err != nil {
		return fmt.Errorf("eval answers: %s: %w", args[0], err)
	}
	fmt.Fprint(stdout, r.String())
	return nil
}

func cmdEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) < 1 {
		return errors.New("eval: want `eval summaries DIR`")
	}
	switch args[0] {
	case "summaries":
		return evalSummaries(args[1:], stdout, stderr)
	case "answers":
		return evalAnswers(args[1:], stdout)
	}
	return fmt.Errorf("eval: unknown set %q (want summaries or answers)", args[0])
}

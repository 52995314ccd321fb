package main

import (
	"context"
	"errors"
	"fmt"
	"io"
)

func cmdEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) < 1 {
		return errors.New("eval: want `eval summaries DIR`")
	}
	switch args[0] {
	case "summaries":
		return evalSummaries(args[1:], stdout, stderr)
	}
	return fmt.Errorf("eval: unknown set %q (want summaries)", args[0])
}

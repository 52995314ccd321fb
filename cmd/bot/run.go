package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"brief/internal/articlefile"
)

// errReported means the failure was already written to stderr.
var errReported = errors.New("failed")

// run is the whole program, with its environment injected.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	err := dispatch(ctx, args, getenv, stdin, stdout, stderr)
	if errors.Is(err, errHelp) {
		return nil
	}
	return err
}

func dispatch(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage())
		return errors.New("no command given")
	}
	switch args[0] {
	case "brief":
		return cmdBrief(ctx, args[1:], getenv, stdout, stderr)
	case "ask":
		return cmdAsk(ctx, args[1:], getenv, stdin, stdout, stderr)
	case "eval":
		return cmdEval(ctx, args[1:], stdout, stderr)
	case "add":
		return cmdAdd(ctx, args[1:], getenv, stdout, stderr)
	case "feed":
		return cmdFeed(ctx, args[1:], getenv, stdout, stderr)
	case "digest":
		return cmdDigest(ctx, args[1:], getenv, stdout, stderr)
	case "run":
		return cmdRun(ctx, args[1:], getenv, stdin, stdout, stderr)
	case "backup":
		return cmdBackup(ctx, args[1:], getenv, stdout, stderr)
	case "migrate-db":
		return cmdMigrateDB(ctx, args[1:], stdout, stderr)
	case "discord":
		return cmdDiscord(ctx, args[1:], getenv, stdout, stderr)
	case "health":
		return cmdHealth(ctx, args[1:], getenv, stdout, stderr)
	case "version", "--version":
		return cmdVersion(args[1:], stdout, stderr)
	case "help", "-h", "--help", "-help":
		return cmdHelp(args[1:], stdout, stderr, func(args []string) error {
			return dispatch(ctx, args, getenv, stdin, stdout, stderr)
		})
	}
	fmt.Fprint(stderr, usage())
	return fmt.Errorf("unknown command %q", args[0])
}

// reportLoad writes what articlefile.Load could not read to stderr, as
// "bot: cmd: path: why" ("warning:" for a folder's entry passed over),
// and reports whether any of it is a failure (a warning is not).
func reportLoad(cmd string, errs []error, stderr io.Writer) (failed bool) {
	for _, err := range errs {
		if articlefile.IsSkipped(err) {
			fmt.Fprintf(stderr, "bot: %s: warning: %v\n", cmd, err)
			continue
		}
		fmt.Fprintf(stderr, "bot: %s: %v\n", cmd, err)
		failed = true
	}
	return failed
}

// report writes an error to stderr, each of its lines (errors.Join puts
// one problem on each) starting with "bot: ".
func report(stderr io.Writer, err error) {
	for line := range strings.SplitSeq(err.Error(), "\n") {
		fmt.Fprintln(stderr, "bot:", line)
	}
}

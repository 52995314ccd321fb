package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"brief/internal/articlefile"
)

// errReported means the failure was already written to stderr.
var errReported = errors.New("failed")

const usage = `usage: bot <command> [flags] [args]

commands:
  brief [--json | --format text|md|json] [PATH ...]   briefings of article files or folders
  ask [--json] [--articles PATH] [QUESTION]           an answer from the articles; with no QUESTION,
                                                      one question per stdin line, one answer per line
  add [--json] URL ...                                fetch web pages into the library (BRIEF_DB) and brief them
  feed add|remove URL | feed list                     the console channel's feed subscriptions (bot run polls them)
  digest [--json] [PATH ...]                          the digest of the articles, as it would be posted:
                                                      one item per story, most important first
  eval summaries DIR                                  ROUGE of the briefings against reference summaries
  eval answers FILE.json [--library DIR ...]          answer accuracy and abstention on SQuAD-format questions;
                                                      with --library, also asked of those articles and the file's together
  run                                                 the service: every adapter whose credentials are set;
                                                      with none, the console (commands on stdin, posts on stdout)
  help                                                this text

PATH defaults to BRIEF_ARTICLES_DIR (./articles).
`

// run is the whole program, with its environment injected.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
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
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}

// newFlags makes a flag set that reports to stderr and does not exit.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
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

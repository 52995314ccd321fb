package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"brief/internal/app"
	"brief/internal/config"
)

// cmdRun is `bot run`: the service, until ctx ends (SIGINT or SIGTERM).
func cmdRun(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) (err error) {
	fs := newFlags("run", stderr)
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("run takes no arguments (got %q); settings come from the environment, see .env.example", fs.Args())
	}
	started := time.Now()
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	a, err := app.New(ctx, cfg, app.Options{Logger: log, Stdin: stdin, Stdout: stdout, Started: started})
	if err != nil {
		return err
	}
	defer func() {
		if cerr := a.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	return a.Run(ctx)
}

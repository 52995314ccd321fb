// Command bot is brief: news briefings for Slack, Discord and the terminal.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // IANA zones for schedules, even on minimal images

	"brief/internal/config"
)

func main() {
	getenv, err := config.Environ(".", os.LookupEnv)
	if err != nil {
		report(os.Stderr, err)
		os.Exit(1)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// After the first signal, restore the default: a second one exits at once.
	go func() { <-ctx.Done(); stop() }()
	err = run(ctx, os.Args[1:], getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if err != errReported {
			report(os.Stderr, err)
		}
		os.Exit(1)
	}
}

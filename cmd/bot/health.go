package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"brief/internal/config"
)

// healthTimeout bounds `bot health`: under the image's HEALTHCHECK
// --timeout.
const healthTimeout = 3 * time.Second

// cmdHealth is `bot health [--ready]`: GET /healthz (or /readyz) of the
// service on BRIEF_HTTP_ADDR, exit status 0 when it answers 200. It reads
// BRIEF_HTTP_ADDR alone, so that it works in the service's environment
// whatever else is set.
func cmdHealth(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("health", stderr)
	ready := fs.Bool("ready", false, "ask GET /readyz (store and platforms connected) instead of GET /healthz (the process is up)")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("health takes no arguments (got %q)", fs.Args())
	}
	addr := config.Value(getenv, "BRIEF_HTTP_ADDR")
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("health: BRIEF_HTTP_ADDR %q must be host:port", addr)
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::", "[::]":
		host = "::1"
	}
	path := "/healthz"
	if *ready {
		path = "/readyz"
	}
	url := "http://" + net.JoinHostPort(host, port) + path
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("health: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("health: %s: %w (is bot run running?)", url, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	text := strings.TrimSpace(string(body))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("health: %s: %s: %s", url, resp.Status, text)
	}
	fmt.Fprintln(stdout, text)
	return nil
}

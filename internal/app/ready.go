package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// readyPoll is how often Run looks at the platforms' readiness.
const readyPoll = 200 * time.Millisecond

// notReadyAfter is how long Run waits at start before it logs what the
// service is still waiting for.
const notReadyAfter = 10 * time.Second

// A readiness is one platform's: nil when it is connected, else why not.
type readiness struct {
	platform string
	ready    func() error
}

// platformsReady reports whether every configured platform is connected:
// nil, or one line per platform that is not, naming it.
func (a *App) platformsReady() error {
	var errs []error
	for _, r := range a.readies {
		if err := r.ready(); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", r.platform, err))
		}
	}
	return errors.Join(errs...)
}

// ready is GET /readyz: the store answers and every configured platform
// is connected.
func (a *App) ready(ctx context.Context) error {
	var errs []error
	if _, err := a.st.CountArticles(ctx); err != nil {
		if !strings.HasPrefix(err.Error(), "store: ") {
			err = fmt.Errorf("store: %w", err) // name the part once
		}
		errs = append(errs, err)
	}
	if err := a.platformsReady(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// platformReadiness is brief_platform_ready: 1 for each configured
// platform that is connected, 0 for one that is not.
func (a *App) platformReadiness() map[string]float64 {
	out := make(map[string]float64, len(a.readies))
	for _, r := range a.readies {
		v := 0.0
		if r.ready() == nil {
			v = 1
		}
		out[r.platform] = v
	}
	return out
}

// watchReady logs "ready" when the service becomes ready (the store
// answers, every configured platform is connected), "not ready" with the
// reason when it stops being so, and once, notReadyAfter after start,
// what it is still waiting for. It returns when ctx ends.
func (a *App) watchReady(ctx context.Context) {
	t := time.NewTicker(a.opts.ReadyPoll)
	defer t.Stop()
	start := time.Now()
	wasReady, first, told := false, true, false
	for {
		err := a.platformsReady()
		if err == nil && !wasReady {
			err = a.ready(ctx)
		}
		switch {
		case ctx.Err() != nil:
			return
		case err == nil && !wasReady:
			attrs := []any{
				slog.String("http", "http://"+a.srv.Addr()),
				slog.Int("articles", a.lib.Len()),
				slog.Any("platforms", a.posters.Platforms()),
			}
			if first {
				attrs = append(attrs, slog.Duration("startup", time.Since(a.opts.Started).Round(time.Millisecond)))
			}
			a.log.Info("ready", attrs...)
			wasReady, first = true, false
		case err != nil && wasReady:
			a.log.Warn("not ready", slog.String("reason", oneLine(err)))
			wasReady = false
		case err != nil && first && !told && time.Since(start) >= notReadyAfter:
			a.log.Warn("not ready yet", slog.String("reason", oneLine(err)))
			told = true
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// oneLine is an error joined from several as one line.
func oneLine(err error) string { return strings.ReplaceAll(err.Error(), "\n", "; ") }

package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"brief/internal/articlefile"
	"brief/internal/brief"
)

// Run starts the service (the scheduler and the jobs it runs, the HTTP
// server, every adapter, the articles folder's rescan) and serves until ctx
// ends; then it stops them, and returns. Close closes the store after.
func (a *App) Run(ctx context.Context) error {
	a.mu.Lock()
	if a.running {
		a.mu.Unlock()
		return errors.New("app: already running")
	}
	a.running = true
	runCtx, cancel := context.WithCancel(ctx)
	a.cancel = cancel
	a.mu.Unlock()

	if err := a.sched.Start(runCtx); err != nil {
		return err
	}
	if err := a.srv.Start(); err != nil {
		return err
	}
	a.log.Info("listening", slog.String("http", "http://"+a.srv.Addr()))
	a.wg.Go(func() { a.rescan(runCtx) })
	a.wg.Go(func() { a.lib.Warm(runCtx) })
	for _, run := range a.runners {
		a.wg.Go(func() {
			if err := run(runCtx); err != nil && runCtx.Err() == nil {
				a.log.Error("adapter stopped", slog.Any("err", err))
			}
		})
	}
	a.wg.Go(func() { a.watchReady(runCtx) })
	<-ctx.Done()
	a.log.Info("shutting down (a second Ctrl-C exits at once)")
	return a.stop()
}

// stop ends what Run started, once, in reverse: the goroutines, the HTTP
// server, the replies adapters still owe, and the scheduler with its
// jobs. Each step has shutdownGrace.
func (a *App) stop() error {
	a.stopOnce.Do(func() {
		a.mu.Lock()
		if a.cancel != nil {
			a.cancel()
		}
		a.mu.Unlock()
		a.wg.Wait()
		steps := []step{{"http server", a.srv.Shutdown}}
		for _, stop := range a.stops {
			steps = append(steps, step{"adapter", stop})
		}
		steps = append(steps, step{"scheduler", a.sched.Stop})
		var errs []error
		for _, s := range steps {
			ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
			if err := s.stop(ctx); err != nil {
				a.log.Error("stop", slog.String("part", s.name), slog.Any("err", err))
				errs = append(errs, fmt.Errorf("app: stop %s: %w", s.name, err))
			}
			cancel()
		}
		a.stopErr = errors.Join(errs...)
	})
	return a.stopErr
}

// A step is one part of the shutdown.
type step struct {
	name string
	stop func(context.Context) error
}

// importArticles reads new and changed files of the articles folder into
// the library, logging the ones that fail.
func (a *App) importArticles(ctx context.Context) {
	added, errs := a.folder.Import(ctx, func(ctx context.Context, art *brief.Article) (bool, error) {
		_, created, err := a.lib.Add(ctx, art)
		return created, err
	})
	for _, err := range errs {
		switch {
		case ctx.Err() != nil:
		case articlefile.IsSkipped(err):
			a.log.Warn("article file skipped", slog.Any("err", err))
		default:
			a.log.Warn("article not read", slog.Any("err", err))
		}
	}
	if added > 0 {
		a.log.Info("articles added", slog.Int("added", added), slog.String("dir", a.folder.Dir()), slog.Int("total", a.lib.Len()))
	}
}

// rescan reads the articles folder again every RescanEvery until ctx
// ends, so new files are picked up without a restart, and loads what
// other processes (`bot add`, `bot feed add`) stored meanwhile.
func (a *App) rescan(ctx context.Context) {
	t := time.NewTicker(a.opts.RescanEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := a.lib.Sync(ctx); err != nil && ctx.Err() == nil {
				a.log.Warn("reading articles other processes stored", slog.Any("err", err))
			} else if n > 0 {
				a.log.Info("articles added by another process", slog.Int("added", n))
			}
			a.importArticles(ctx)
			a.lib.Warm(ctx)
		}
	}
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"brief/internal/adapters/console"
	"brief/internal/config"
	"brief/internal/digest"
	"brief/internal/httpserver"
	"brief/internal/library"
	"brief/internal/metrics"
	"brief/internal/post"
	"brief/internal/router"
	"brief/internal/scheduler"
	"brief/internal/store"
)

// rescanEvery is how often the articles folder is read again while the
// service runs.
const rescanEvery = 10 * time.Second

// shutdownGrace bounds a clean shutdown; a second signal exits at once.
const shutdownGrace = 15 * time.Second

// cmdRun is `bot run`: the service, until ctx ends (SIGINT or SIGTERM).
func cmdRun(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) (err error) {
	fs := newFlags("run", stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("run takes no arguments (got %q); settings come from the environment, see .env.example", fs.Args())
	}
	start := time.Now()
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	log.Info("starting", slog.Any("config", cfg))
	if cfg.DBDriver() == config.DriverPostgres {
		return errors.New("BRIEF_DB: Postgres is not supported by this version yet; set BRIEF_DB to a SQLite file path such as ./data/brief.db")
	}
	if dir := filepath.Dir(cfg.DB); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("BRIEF_DB: cannot create the folder of %s: %w", cfg.DB, err)
		}
	}
	st, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := st.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	lib, err := library.Open(ctx, st, time.Now)
	if err != nil {
		return err
	}
	importArticles(ctx, lib, cfg.ArticlesDir, log)

	m := metrics.New(start)
	m.Gauge("brief_articles", func() float64 { return float64(lib.Len()) })

	var sched *scheduler.Scheduler
	planner := planFunc(func(ctx context.Context) error { return sched.Plan(ctx) })
	rt := router.New(router.Config{
		Library: lib,
		Store:   st,
		Zone:    cfg.Timezone.String(),
		Next:    scheduler.Next,
		Planner: planner,
		Observe: m.Command,
		Logger:  log,
	})
	posters := map[string]post.Poster{}
	var cons *console.Console
	if !cfg.SlackEnabled() && !cfg.DiscordEnabled() {
		cons = console.New(rt, stdin, stdout)
		posters[console.Platform] = cons
	}
	if cfg.SlackEnabled() {
		log.Error("SLACK_BOT_TOKEN is set, but this build has no Slack adapter yet; Slack is not served")
	}
	if cfg.DiscordEnabled() {
		log.Error("DISCORD_BOT_TOKEN is set, but this build has no Discord adapter yet; Discord is not served")
	}
	sched, err = scheduler.New(scheduler.Config{
		Store:    st,
		Digester: &digest.Composer{Lib: lib},
		Posters:  posters,
		Logger:   log,
		Observe:  m.Post,
	})
	if err != nil {
		return err
	}
	if err := sched.Start(ctx); err != nil {
		return err
	}
	defer func() {
		stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
		defer cancel()
		if serr := sched.Stop(stopCtx); serr != nil {
			log.Error("scheduler stop", slog.Any("err", serr))
		}
	}()

	srv := httpserver.New(cfg.HTTPAddr, func(ctx context.Context) error {
		_, err := st.CountArticles(ctx)
		return err
	}, m, log)
	if err := srv.Start(); err != nil {
		return err
	}
	defer func() {
		stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
		defer cancel()
		if serr := srv.Shutdown(stopCtx); serr != nil {
			log.Error("http shutdown", slog.Any("err", serr))
		}
	}()

	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Go(func() { rescan(ctx, lib, cfg.ArticlesDir, log) })
	wg.Go(func() { lib.Warm(ctx) })
	if cons != nil {
		wg.Go(func() { cons.Run(ctx) })
	}
	log.Info("ready",
		slog.String("http", "http://"+srv.Addr()),
		slog.Int("articles", lib.Len()),
		slog.Bool("console", cons != nil),
		slog.Duration("startup", time.Since(start).Round(time.Millisecond)))
	<-ctx.Done()
	log.Info("shutting down (a second Ctrl-C exits at once)")
	return nil
}

type planFunc func(ctx context.Context) error

func (f planFunc) Plan(ctx context.Context) error { return f(ctx) }

// importArticles reads new and changed files of the articles folder into
// the library, logging the ones that fail.
func importArticles(ctx context.Context, lib *library.Library, dir string, log *slog.Logger) {
	added, errs := lib.ImportDir(ctx, dir)
	for _, err := range errs {
		if ctx.Err() == nil {
			log.Warn("article not read", slog.Any("err", err))
		}
	}
	if added > 0 {
		log.Info("articles added", slog.Int("added", added), slog.String("dir", dir), slog.Int("total", lib.Len()))
	}
}

// rescan reads the articles folder again every rescanEvery until ctx ends,
// so new files are picked up without a restart.
func rescan(ctx context.Context, lib *library.Library, dir string, log *slog.Logger) {
	t := time.NewTicker(rescanEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			importArticles(ctx, lib, dir, log)
			lib.Warm(ctx)
		}
	}
}

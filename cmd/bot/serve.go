package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"brief/internal/adapters/console"
	"brief/internal/adapters/discord"
	slackadapter "brief/internal/adapters/slack"
	"brief/internal/articlefile"
	"brief/internal/brief"
	"brief/internal/config"
	"brief/internal/digest"
	"brief/internal/extract"
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
	folder := articlefile.NewFolder(cfg.ArticlesDir)
	importArticles(ctx, lib, folder, log)

	m := metrics.New(start)
	m.Gauge("brief_articles", func() float64 { return float64(lib.Len()) })

	client := newFetchClient(cfg)
	// Posters are filled in below, once the adapters exist; the feed
	// service reports failing feeds through them.
	posters := map[string]post.Poster{}
	fsvc, err := newFeedService(st, lib, client, posters, log)
	if err != nil {
		return err
	}
	var sched *scheduler.Scheduler
	planner := planFunc(func(ctx context.Context) error { return sched.Plan(ctx) })
	rt := router.New(router.Config{
		Library: lib,
		Store:   st,
		Zone:    cfg.Timezone.String(),
		Planner: planner,
		Pages:   extract.Reader{Client: client},
		Feeds:   fsvc,
		Observe: m.Command,
		Logger:  log,
	})
	srv := httpserver.New(cfg.HTTPAddr, func(ctx context.Context) error {
		_, err := st.CountArticles(ctx)
		return err
	}, m, log, httpserver.Options{MaxConns: cfg.HTTPMaxConns})
	m.Gauge("brief_http_connections", func() float64 { open, _ := srv.Conns(); return float64(open) })
	m.Gauge("brief_http_connections_closed_for_room", func() float64 { _, evicted := srv.Conns(); return float64(evicted) })

	// The adapters: every platform whose credentials are set; with none,
	// the console.
	var runners []func(context.Context) error
	var cons *console.Console
	var sl *slackadapter.Adapter
	if cfg.SlackEnabled() {
		sc := slackadapter.Config{
			BotToken: cfg.Slack.BotToken.Reveal(),
			APIURL:   cfg.Slack.APIURL,
			Admins:   cfg.Admins,
			Handler:  rt,
			Replays:  st, // a replay is refused on every replica, before and after a restart
			Logger:   log.With(slog.String("platform", "slack")),
		}
		if cfg.SlackSocketMode() {
			sc.AppToken = cfg.Slack.AppToken.Reveal()
		}
		if cfg.SlackHTTP() {
			sc.SigningSecret = cfg.Slack.SigningSecret.Reveal()
		}
		if sl, err = slackadapter.New(sc); err != nil {
			return err
		}
		sl.Routes(srv)
		posters[slackadapter.Platform] = sl
		runners = append(runners, sl.Run)
	}
	if cfg.DiscordEnabled() {
		dc, err := discord.New(discord.Config{
			BotToken:  cfg.Discord.BotToken.Reveal(),
			AppID:     cfg.Discord.AppID,
			GuildID:   cfg.Discord.GuildID,
			PublicKey: cfg.Discord.PublicKey,
			APIURL:    cfg.Discord.APIURL,
			Handler:   rt,
			Replays:   st,
			Logger:    log.With(slog.String("platform", "discord")),
		})
		if err != nil {
			return err
		}
		dc.Routes(srv)
		posters["discord"] = dc
		runners = append(runners, dc.Run, func(ctx context.Context) error {
			// One bulk overwrite, only when the definition changed. A
			// failure is logged: the rest of the service goes on.
			if err := dc.Register(ctx); err != nil && ctx.Err() == nil {
				log.Error("discord: register the /brief command", slog.Any("err", err))
			}
			return nil
		})
	}
	if len(posters) == 0 {
		cons = console.New(rt, stdin, stdout)
		posters[console.Platform] = cons
		runners = append(runners, cons.Run)
	}

	sched, err = scheduler.New(scheduler.Config{
		Store:    st,
		Digester: &digest.Composer{Lib: lib},
		Posters:  posters,
		Logger:   log,
		Observe:  m.Post,
		Work:     []scheduler.Work{fsvc.Work(0)},
	})
	if err != nil {
		return err
	}
	if err := sched.Start(ctx); err != nil {
		return err
	}
	// Deferred calls run last first: goroutines end, then the HTTP server,
	// Slack's replies in flight, the scheduler, and the store.
	defer func() {
		stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
		defer cancel()
		if serr := sched.Stop(stopCtx); serr != nil {
			log.Error("scheduler stop", slog.Any("err", serr))
		}
	}()
	if sl != nil {
		defer func() {
			stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
			defer cancel()
			if serr := sl.Shutdown(stopCtx); serr != nil {
				log.Error("slack shutdown", slog.Any("err", serr))
			}
		}()
	}
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
	wg.Go(func() { rescan(ctx, lib, folder, rescanEvery, log) })
	wg.Go(func() { lib.Warm(ctx) })
	for _, run := range runners {
		wg.Go(func() {
			if err := run(ctx); err != nil && ctx.Err() == nil {
				log.Error("adapter stopped", slog.Any("err", err))
			}
		})
	}
	log.Info("ready",
		slog.String("http", "http://"+srv.Addr()),
		slog.Int("articles", lib.Len()),
		slog.Any("platforms", slices.Sorted(maps.Keys(posters))),
		slog.Duration("startup", time.Since(start).Round(time.Millisecond)))
	<-ctx.Done()
	log.Info("shutting down (a second Ctrl-C exits at once)")
	return nil
}

type planFunc func(ctx context.Context) error

func (f planFunc) Plan(ctx context.Context) error { return f(ctx) }

// importArticles reads new and changed files of the articles folder into
// the library, logging the ones that fail.
func importArticles(ctx context.Context, lib *library.Library, dir *articlefile.Folder, log *slog.Logger) {
	added, errs := dir.Import(ctx, func(ctx context.Context, a *brief.Article) (bool, error) {
		_, created, err := lib.Add(ctx, a)
		return created, err
	})
	for _, err := range errs {
		switch {
		case ctx.Err() != nil:
		case articlefile.IsSkipped(err):
			log.Warn("article file skipped", slog.Any("err", err))
		default:
			log.Warn("article not read", slog.Any("err", err))
		}
	}
	if added > 0 {
		log.Info("articles added", slog.Int("added", added), slog.String("dir", dir.Dir()), slog.Int("total", lib.Len()))
	}
}

// rescan reads the articles folder again every interval until ctx ends,
// so new files are picked up without a restart, and loads what other
// processes (`bot add`, `bot feed add`) stored meanwhile.
func rescan(ctx context.Context, lib *library.Library, dir *articlefile.Folder, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := lib.Sync(ctx); err != nil && ctx.Err() == nil {
				log.Warn("reading articles other processes stored", slog.Any("err", err))
			} else if n > 0 {
				log.Info("articles added by another process", slog.Int("added", n))
			}
			importArticles(ctx, lib, dir, log)
			lib.Warm(ctx)
		}
	}
}

// Package app is the service that `bot run` runs: New builds it in the
// order each part needs the one before (the store, the library, the
// poster registry, the feed service, the jobs client and the scheduler on
// it, the router, the HTTP server and the platform adapters, which add
// themselves to the registry), Run starts it and serves until its context
// ends, and Close takes it down in reverse. It also reads the articles
// folder again every RescanEvery while it runs.
package app

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"sync"
	"time"

	"brief/internal/articlefile"
	"brief/internal/brief"
	"brief/internal/buildinfo"
	"brief/internal/config"
	"brief/internal/digest"
	"brief/internal/extract"
	"brief/internal/feeds"
	"brief/internal/fetch"
	"brief/internal/httpserver"
	"brief/internal/jobs"
	"brief/internal/library"
	"brief/internal/lockfile"
	"brief/internal/metrics"
	"brief/internal/post"
	"brief/internal/router"
	"brief/internal/scheduler"
	"brief/internal/store"
)

// RescanEvery is how often the articles folder is read again while the
// service runs.
const RescanEvery = 10 * time.Second

// shutdownGrace bounds each step of a clean shutdown.
const shutdownGrace = 15 * time.Second

// Options are what the service takes from the process besides its
// configuration.
type Options struct {
	Logger *slog.Logger // default: discard
	// Stdin and Stdout are the console's, when no platform's credentials
	// are set.
	Stdin  io.Reader
	Stdout io.Writer
	// Started is when the process started, for the start-up time logged
	// and the uptime in /metrics; default: when New is called.
	Started time.Time
	// RescanEvery overrides RescanEvery, for tests.
	RescanEvery time.Duration
	// ReadyPoll overrides how often readiness is looked at, for tests.
	ReadyPoll time.Duration
}

// An App is the running service.
type App struct {
	cfg  *config.Config
	opts Options
	log  *slog.Logger

	st      *store.Store
	lib     *library.Library
	folder  *articlefile.Folder
	posters *post.Registry
	feeds   *feeds.Service
	jobs    *jobs.Client
	sched   *scheduler.Scheduler
	router  *router.Router
	metrics *metrics.Metrics
	srv     *httpserver.Server
	client  *fetch.Client  // every outbound fetch: pages and feeds
	lock    *lockfile.Lock // BRIEF_DB's lock file, when this process holds it
	// runners are the adapters' loops (and Discord's command
	// registration), run by Run; stops are their shutdowns, run by Close.
	runners []func(context.Context) error
	stops   []func(context.Context) error
	// readies say whether each configured platform is connected.
	readies []readiness

	mu      sync.Mutex
	running bool
	cancel  context.CancelFunc // ends what Run started
	wg      sync.WaitGroup

	stopOnce  sync.Once
	stopErr   error
	closeOnce sync.Once
	closeErr  error
}

// New builds the service from its configuration: every part is made and
// wired, the store opened and the articles folder read; nothing listens
// or runs until Run. On an error, what was opened is closed again.
func New(ctx context.Context, cfg *config.Config, opts Options) (_ *App, err error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Started.IsZero() {
		opts.Started = time.Now()
	}
	if opts.RescanEvery <= 0 {
		opts.RescanEvery = RescanEvery
	}
	if opts.ReadyPoll <= 0 {
		opts.ReadyPoll = readyPoll
	}
	a := &App{cfg: cfg, opts: opts, log: opts.Logger.With(slog.String("component", "app"))}
	a.log.Info("starting", slog.Any("config", cfg))
	if a.st, err = OpenStore(ctx, cfg); err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			a.st.Close()
			a.lock.Release()
		}
	}()
	a.takeLock()
	if a.lib, err = library.Open(ctx, a.st, time.Now, library.WithWindow(cfg.LibraryWindow())); err != nil {
		return nil, err
	}
	a.folder = articlefile.NewFolder(cfg.ArticlesDir)
	a.checkArticlesDir()
	a.importArticles(ctx)
	build := buildinfo.Read()
	a.metrics = metrics.New(opts.Started, metrics.Build{Version: build.Version, Revision: build.ShortRevision(), Go: build.Go}, opts.Logger)
	a.metrics.Gauge("brief_articles", "Articles in the library.", func() float64 { return float64(a.lib.Len()) })
	a.posters = post.NewRegistry()
	a.client = FetchClient(cfg)
	if err := a.newWork(); err != nil {
		return nil, err
	}
	a.router = router.New(router.Config{
		Library:     a.lib,
		Store:       a.st,
		Zone:        cfg.Timezone.String(),
		ArticlesDir: cfg.ArticlesDir,
		Planner:     a.sched,
		Pages:       extract.Reader{Client: a.client},
		Feeds:       a.feeds,
		Observe:     a.metrics.Command,
		Logger:      opts.Logger,
	})
	a.newHTTPServer()
	if err := a.newAdapters(); err != nil {
		return nil, err
	}
	a.metrics.LabeledGauge("brief_platform_ready", "Whether each configured platform is connected (1) or not (0), as GET /readyz reports it.", "platform", a.platformReadiness)
	return a, nil
}

// newWork makes the feed service and the scheduler, on one jobs client.
func (a *App) newWork() (err error) {
	if a.feeds, err = NewFeeds(a.cfg, a.st, a.lib, a.client, a.posters, a.opts.Logger); err != nil {
		return err
	}
	if a.jobs, err = jobs.New(jobs.Config{Store: a.st, Logger: a.opts.Logger}); err != nil {
		return err
	}
	a.metrics.Gauge("brief_leader", "Whether this replica is River's leader (1), which plans the scheduled digests and polls the feeds, or not (0).", a.leader)
	if err := a.jobs.Register(a.feeds.Work(0)); err != nil {
		return err
	}
	a.sched, err = scheduler.New(scheduler.Config{
		Store:    a.st,
		Jobs:     a.jobs,
		Digester: &digest.Composer{Lib: a.lib},
		Posters:  a.posters,
		Logger:   a.opts.Logger,
		Observe:  a.metrics.Post,

		PostTimeout: a.cfg.DigestTimeout,
	})
	return err
}

// leader is brief_leader: whether River elected this replica's client.
func (a *App) leader() float64 {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if ok, err := a.jobs.Leader(ctx); err != nil || !ok {
		return 0
	}
	return 1
}

func (a *App) newHTTPServer() {
	a.srv = httpserver.New(a.cfg.HTTPAddr, a.ready, a.metrics, a.opts.Logger, httpserver.Options{MaxConns: a.cfg.HTTPMaxConns})
	a.metrics.Gauge("brief_http_connections", "HTTP connections open now.", func() float64 { open, _ := a.srv.Conns(); return float64(open) })
	a.metrics.Counter("brief_http_connections_closed_for_room_total", "HTTP connections closed to make room at BRIEF_HTTP_MAX_CONNS since the start.",
		func() float64 { _, evicted := a.srv.Conns(); return float64(evicted) })
}

// checkArticlesDir warns when the articles folder is missing or not a
// folder: the service still runs, with what /brief add and feeds bring,
// and reads the folder once it appears.
func (a *App) checkArticlesDir() {
	dir := a.cfg.ArticlesDir
	switch fi, err := os.Stat(dir); {
	case errors.Is(err, fs.ErrNotExist):
		a.log.Warn("the articles folder does not exist: create it, or set BRIEF_ARTICLES_DIR; until then articles come only from /brief add and feeds", slog.String("dir", dir))
	case err != nil:
		a.log.Warn("the articles folder can't be read", slog.String("dir", dir), slog.Any("err", err))
	case !fi.IsDir():
		a.log.Warn("BRIEF_ARTICLES_DIR is a file, not a folder: set it to the folder that holds the article files", slog.String("dir", dir))
	}
}

// takeLock takes the lock file beside a SQLite database, which names this
// process, and warns, naming it, when another service holds it: two
// services on one file work, but each posts from the same schedules and
// polls the same feeds, which surprises.
func (a *App) takeLock() {
	if a.cfg.DBDriver() != config.DriverSQLite || a.cfg.DB == store.Memory {
		return
	}
	path := a.cfg.DB + ".lock"
	lock, other, err := lockfile.Take(path, a.opts.Started)
	switch {
	case err != nil:
		a.log.Warn("could not take the database's lock file; a second service on it would not be noticed", slog.Any("err", err))
	case other != nil:
		a.log.Warn("another bot run is using this database: both work, but each runs the schedules and polls the feeds; stop one, or give each its own BRIEF_DB",
			slog.String("db", a.cfg.DB), slog.String("other", other.String()), slog.String("lock", path))
	default:
		a.lock = lock
	}
}

// OpenStore opens the configured database (BRIEF_DB): an SQLite file,
// created with its folder when missing, or a Postgres URL.
func OpenStore(ctx context.Context, cfg *config.Config) (*store.Store, error) {
	return store.Open(ctx, cfg.DB)
}

// FetchClient is the one outbound HTTP client of the configuration.
func FetchClient(cfg *config.Config) *fetch.Client {
	return fetch.New(fetch.Options{AllowPrivate: cfg.AllowPrivateNetworks})
}

// NewFeeds is the feed service on the outbound client, fetching full
// pages for teaser items through the extractor and polling no feed more
// often than BRIEF_FEED_MIN_INTERVAL; posters (nil from the command line)
// tell channels about failing feeds.
func NewFeeds(cfg *config.Config, st *store.Store, lib *library.Library, client *fetch.Client, posters *post.Registry, log *slog.Logger) (*feeds.Service, error) {
	return feeds.New(feeds.Config{
		MinInterval: cfg.FeedMinInterval,
		Store:       st,
		Library:     lib,
		Client:      client,
		Page: func(ctx context.Context, url string) (*brief.Article, error) {
			return extract.Page(ctx, client, url)
		},
		Text:    extract.Text,
		Posters: posters,
		Logger:  log,
	})
}

// Close stops what Run started, if it still runs, and closes the store.
// Calling it again does nothing and returns what the first call did.
func (a *App) Close() error {
	a.closeOnce.Do(func() {
		a.closeErr = errors.Join(a.stop(), a.st.Close(), a.lock.Release())
	})
	return a.closeErr
}

package scheduler

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"brief/internal/channel"
	"brief/internal/post"
	"brief/internal/reply"
	"brief/internal/store"
)

// A Digester composes a channel's digest.
type Digester interface {
	// Digest composes the channel's digest of the articles that arrived in
	// [since, until). An empty digest has no articleIDs.
	Digest(ctx context.Context, ch channel.Key, since, until time.Time) (msgs []reply.Reply, articleIDs []string, err error)
}

// Config is what a Scheduler needs.
type Config struct {
	Store    *store.Store
	Digester Digester
	Posters  map[string]post.Poster // by channel.Key.Platform

	// Now is the clock, for tests: schedules, the ledger (pass the same
	// clock to store.WithClock) and River's queue read it. Leave it nil in
	// production: time.Now. River's maintenance (rescuing stuck jobs,
	// deleting old ones) keeps to the real clock.
	Now func() time.Time

	Logger *slog.Logger // default: discard

	// CatchUp: a slot missed while no scheduler ran is posted at start if it
	// is less than this late, else skipped and logged. Default 1h.
	CatchUp time.Duration

	// PlanEvery is how often the planner reads the schedules. Default 15s.
	PlanEvery time.Duration

	// Observe, when set, is told every delivery outcome: "posted",
	// "skipped", "retry", "failed" (gave up) or "paused" (permanent error).
	// It is called from worker goroutines.
	Observe func(platform, outcome string)

	// Work is more work for the scheduler's River client, each on its own
	// queue (feed polling: feeds.Service.Work). Optional.
	Work []Work

	// river adjusts River's configuration; tests use it for speed.
	river func(*river.Config)
}

// Work is periodic work that runs on the scheduler's River client beside
// the digests, on a queue of its own so that it never holds up a digest.
//
// It joins this client rather than start a second one because River
// inserts periodic jobs only in the client elected leader, and clients on
// one database elect a single leader among them: a second client's
// periodic jobs would wait for a leadership it may never get. One client
// also keeps SQLite's single connection shared by one poller.
type Work struct {
	Queue      string                     // the queue's name: not "digest", unique among Work
	MaxWorkers int                        // jobs of the queue run at once; default 1
	Register   func(*river.Workers) error // adds the workers of the queue's job kinds
	Periodic   []*river.PeriodicJob       // jobs River inserts on a schedule (leader only)
}

// Defaults and limits.
const (
	defaultCatchUp   = time.Hour
	defaultPlanEvery = 15 * time.Second

	queue = "digest"

	// postTimeout bounds one attempt (compose and post). River cancels the
	// attempt's context after it.
	postTimeout = 2 * time.Minute
	// staleClaim: a pending ledger row older than this was left by an
	// attempt that died (the attempt's context ended long ago).
	staleClaim = postTimeout + time.Minute
	// giveUpAfter: retries stop once a slot is this late.
	giveUpAfter = 3 * time.Hour
	maxAttempts = 24
	// firstRetry doubles with each attempt up to maxRetry.
	firstRetry = 10 * time.Second
	maxRetry   = 15 * time.Minute
	// markTimeout bounds a ledger write made after the attempt's context
	// ended, so the outcome is still recorded.
	markTimeout = 10 * time.Second
)

// Outcomes passed to Config.Observe.
const (
	OutcomePosted  = "posted"
	OutcomeSkipped = "skipped"
	OutcomeRetry   = "retry"
	OutcomeFailed  = "failed"
	OutcomePaused  = "paused"
)

// A Scheduler posts scheduled digests. Start it once, Stop it on shutdown,
// before closing the store.
type Scheduler struct {
	cfg    Config
	st     *store.Store
	now    func() time.Time
	log    *slog.Logger
	client *river.Client[*sql.Tx]

	// retry is the first retry's delay; tests shorten it.
	retry time.Duration

	partialMu sync.Mutex
	partials  map[DigestArgs]*partial // digests part-posted by this process, by slot

	planMu  sync.Mutex
	planned map[planKey]bool // jobs this process inserted, to skip re-inserting

	mu           sync.Mutex
	started      bool
	stopped      bool // planning stopped
	riverStopped bool
	cancel       context.CancelFunc
	loop         chan struct{} // closed when the planner loop ends
}

// New builds a Scheduler. It touches no database until Start.
func New(cfg Config) (*Scheduler, error) {
	if cfg.Store == nil {
		return nil, errors.New("scheduler: no store")
	}
	if cfg.Digester == nil {
		return nil, errors.New("scheduler: no digester")
	}
	s := &Scheduler{
		cfg:      cfg,
		st:       cfg.Store,
		now:      cfg.Now,
		log:      cfg.Logger,
		retry:    firstRetry,
		planned:  make(map[planKey]bool),
		partials: make(map[DigestArgs]*partial),
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.cfg.CatchUp <= 0 {
		s.cfg.CatchUp = defaultCatchUp
	}
	if s.cfg.PlanEvery <= 0 {
		s.cfg.PlanEvery = defaultPlanEvery
	}

	workers := river.NewWorkers()
	if err := river.AddWorkerSafely(workers, &digestWorker{s: s}); err != nil {
		return nil, fmt.Errorf("scheduler: %w", err)
	}
	queues := map[string]river.QueueConfig{queue: {MaxWorkers: 4}}
	var periodic []*river.PeriodicJob
	for _, w := range cfg.Work {
		if w.Queue == "" || queues[w.Queue] != (river.QueueConfig{}) {
			return nil, fmt.Errorf("scheduler: work queue %q: name each Work's queue, once, and not %q", w.Queue, queue)
		}
		queues[w.Queue] = river.QueueConfig{MaxWorkers: max(w.MaxWorkers, 1)}
		if w.Register != nil {
			if err := w.Register(workers); err != nil {
				return nil, fmt.Errorf("scheduler: work queue %q: %w", w.Queue, err)
			}
		}
		periodic = append(periodic, w.Periodic...)
	}
	rc := &river.Config{
		Logger:       slog.New(minLevel{slog.LevelWarn, s.log.Handler()}),
		JobTimeout:   postTimeout,
		MaxAttempts:  maxAttempts,
		Queues:       queues,
		Workers:      workers,
		PeriodicJobs: periodic,
	}
	if cfg.Now != nil {
		// River decides when a job is due with the same clock.
		rc.Test.Time = clock(cfg.Now)
	}
	if cfg.river != nil {
		cfg.river(rc)
	}
	client, err := river.NewClient(riversqlite.New(s.st.DB()), rc)
	if err != nil {
		return nil, fmt.Errorf("scheduler: %w", err)
	}
	s.client = client
	return s, nil
}

// Start brings River's tables up to date, starts working jobs, plans the due
// slots (posting those missed less than CatchUp ago) and keeps planning
// every PlanEvery until ctx ends or Stop is called.
func (s *Scheduler) Start(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started {
		return errors.New("scheduler: already started")
	}
	if s.stopped {
		return errors.New("scheduler: stopped")
	}
	if err := s.migrate(ctx); err != nil {
		return err
	}
	if err := s.client.Start(ctx); err != nil {
		return fmt.Errorf("scheduler: start river: %w", err)
	}
	s.started = true
	if err := s.Plan(ctx); err != nil {
		s.log.Error("scheduler: plan at start", slog.Any("err", err))
	}
	loopCtx, cancel := context.WithCancel(ctx)
	s.cancel = cancel
	s.loop = make(chan struct{})
	go s.planLoop(loopCtx)
	return nil
}

// migrate applies River's migrations inside one IMMEDIATE transaction, so
// that two processes starting on one file apply each migration once.
func (s *Scheduler) migrate(ctx context.Context) error {
	m, err := rivermigrate.New(riversqlite.New(s.st.DB()), &rivermigrate.Config{
		Logger: slog.New(minLevel{slog.LevelWarn, s.log.Handler()}),
	})
	if err != nil {
		return fmt.Errorf("scheduler: migrate river: %w", err)
	}
	err = s.st.WithTx(ctx, func(tx *sql.Tx) error {
		// MigrateTx, not Migrate: Migrate reads the applied versions
		// outside its transactions, and two processes would race.
		_, err := m.MigrateTx(ctx, tx, rivermigrate.DirectionUp, nil)
		return err
	})
	if err != nil {
		return fmt.Errorf("scheduler: migrate river tables in %s: %w", s.st.Path(), err)
	}
	return nil
}

func (s *Scheduler) planLoop(ctx context.Context) {
	defer close(s.loop)
	t := time.NewTicker(s.cfg.PlanEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := s.Plan(ctx); err != nil && ctx.Err() == nil {
				s.log.Error("scheduler: plan", slog.Any("err", err))
			}
		}
	}
}

// Stop stops planning and stops River: no new job starts, and running
// ones may finish until ctx ends; then their contexts are cancelled (an
// attempt cut short while posting is recorded as interrupted, not retried)
// and Stop waits for them a little longer. Call it on SIGTERM, before
// closing the store. It is safe to call more than once, and before Start;
// after a Stop that returned nil, later calls return nil at once.
func (s *Scheduler) Stop(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.stopped {
		s.stopped = true
		if s.started {
			s.cancel()
			<-s.loop
		}
	}
	if !s.started || s.riverStopped {
		return nil
	}
	err := s.client.Stop(ctx)
	if err != nil && ctx.Err() != nil {
		hard, cancel := context.WithTimeout(context.WithoutCancel(ctx), markTimeout)
		defer cancel()
		err = s.client.StopAndCancel(hard)
	}
	if err != nil {
		return fmt.Errorf("scheduler: stop: %w", err)
	}
	s.riverStopped = true
	return nil
}

// minLevel drops records below a level: River's informational chatter.
type minLevel struct {
	min slog.Level
	slog.Handler
}

func (h minLevel) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}

func (h minLevel) WithAttrs(as []slog.Attr) slog.Handler {
	return minLevel{h.min, h.Handler.WithAttrs(as)}
}

func (h minLevel) WithGroup(name string) slog.Handler {
	return minLevel{h.min, h.Handler.WithGroup(name)}
}

// clock is River's time generator reading the scheduler's clock.
type clock func() time.Time

func (c clock) Now() time.Time { return c() }

func (c clock) NowOrNil() *time.Time {
	t := c().UTC()
	return &t
}

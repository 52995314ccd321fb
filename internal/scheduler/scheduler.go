package scheduler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/riverqueue/river"

	"brief/internal/channel"
	"brief/internal/jobs"
	"brief/internal/post"
	"brief/internal/reply"
	"brief/internal/store"
)

// A Digester composes a channel's digest.
type Digester interface {
	// Digest composes the channel's digest of the articles that arrived in
	// [since, until). An empty digest has no articleIDs.
	Digest(ctx context.Context, ch channel.Key, since, until time.Time) (msg reply.Reply, articleIDs []string, err error)
}

// Config is what a Scheduler needs.
type Config struct {
	Store    *store.Store
	Jobs     *jobs.Client // the River client the digests run on
	Digester Digester
	Posters  *post.Registry // by channel.Key.Platform

	// Now is the clock, for tests: schedules and the ledger (pass the same
	// clock to store.WithClock and jobs.Config.Now) read it. Leave it nil
	// in production: time.Now.
	Now func() time.Time

	Logger *slog.Logger // default: discard

	// CatchUp: a slot missed while no scheduler ran is posted at start if it
	// is less than this late, else skipped and logged. Default 1h.
	CatchUp time.Duration

	// PlanEvery is how often River's leader plans (reads the schedules and
	// queues the due slots). Default 15s.
	PlanEvery time.Duration

	// PostTimeout bounds one attempt to compose and post a digest; a claim
	// pending for longer than it plus a margin (as long again, at most a
	// minute) was left by an attempt that died, and is reconciled. Default
	// 2m.
	PostTimeout time.Duration

	// Observe, when set, is told every delivery outcome: "posted",
	// "skipped", "retry", "failed" (gave up) or "paused" (permanent error).
	// It is called from worker goroutines.
	Observe func(platform, outcome string)
}

// Defaults and limits.
const (
	defaultCatchUp   = time.Hour
	defaultPlanEvery = 15 * time.Second

	// Queue is the jobs queue of the digests.
	Queue = "digest"

	// defaultPostTimeout bounds one attempt (compose and post). River
	// cancels the attempt's context after it.
	defaultPostTimeout = 2 * time.Minute
	// giveUpAfter: retries stop once a slot is this late.
	giveUpAfter = 3 * time.Hour
	maxAttempts = 24
	// firstRetry doubles with each attempt up to maxRetry.
	firstRetry = 10 * time.Second
	maxRetry   = 15 * time.Minute
	// markTimeout bounds a ledger write made after the attempt's context
	// ended, so the outcome is still recorded.
	markTimeout = 10 * time.Second
	// markRetryFor bounds the retries of recording a posted digest while
	// the database is unavailable.
	markRetryFor = time.Minute
)

// Outcomes passed to Config.Observe.
const (
	OutcomePosted  = "posted"
	OutcomeSkipped = "skipped"
	OutcomeRetry   = "retry"
	OutcomeFailed  = "failed"
	OutcomePaused  = "paused"
)

// A Scheduler posts scheduled digests. It runs on a jobs.Client, which it
// starts with itself and stops with itself; other work registered on the
// same client (feed polling) runs as long as it does. Start it once, Stop
// it on shutdown, before closing the store.
type Scheduler struct {
	cfg  Config
	st   *store.Store
	jobs *jobs.Client
	now  func() time.Time
	log  *slog.Logger

	// retry is the first retry's delay; tests shorten it.
	retry time.Duration

	partialMu sync.Mutex
	partials  map[DigestArgs]*partial // digests part-posted by this process, by slot

	planMu  sync.Mutex
	planned map[planKey]bool // jobs this process inserted, to skip re-inserting

	mu      sync.Mutex
	started bool
	stopped bool
}

// New builds a Scheduler and registers the digests' work with the jobs
// client. It touches no database until Start.
func New(cfg Config) (*Scheduler, error) {
	switch {
	case cfg.Store == nil:
		return nil, errors.New("scheduler: no store")
	case cfg.Jobs == nil:
		return nil, errors.New("scheduler: no jobs client")
	case cfg.Digester == nil:
		return nil, errors.New("scheduler: no digester")
	}
	if cfg.Posters == nil {
		cfg.Posters = post.NewRegistry()
	}
	s := &Scheduler{
		cfg:      cfg,
		st:       cfg.Store,
		jobs:     cfg.Jobs,
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
	s.log = s.log.With(slog.String("component", "scheduler"))
	if s.cfg.CatchUp <= 0 {
		s.cfg.CatchUp = defaultCatchUp
	}
	if s.cfg.PlanEvery <= 0 {
		s.cfg.PlanEvery = defaultPlanEvery
	}
	if s.cfg.PostTimeout <= 0 {
		s.cfg.PostTimeout = defaultPostTimeout
	}
	err := cfg.Jobs.Register(jobs.Work{
		Queue:      Queue,
		MaxWorkers: 4,
		Register: func(w *river.Workers) error {
			if err := river.AddWorkerSafely(w, &digestWorker{s: s}); err != nil {
				return err
			}
			return river.AddWorkerSafely(w, &planWorker{s: s})
		},
		Periodic: []*river.PeriodicJob{planJob(s.cfg.PlanEvery)},
	})
	if err != nil {
		return nil, fmt.Errorf("scheduler: %w", err)
	}
	return s, nil
}

// Start starts the jobs client (bringing River's tables up to date). The
// planning is River's periodic work: the replica River elects leader plans
// the due slots as soon as it leads (posting those missed less than
// CatchUp ago) and again every PlanEvery, until Stop.
func (s *Scheduler) Start(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started {
		return errors.New("scheduler: already started")
	}
	if s.stopped {
		return errors.New("scheduler: stopped")
	}
	if err := s.jobs.Start(ctx); err != nil {
		return fmt.Errorf("scheduler: %w", err)
	}
	s.started = true
	return nil
}

// Stop stops the jobs client, and with it the planning: no new job starts, and
// running ones may finish until ctx ends; then their contexts are
// cancelled (an attempt cut short while posting is recorded as
// interrupted, not retried) and Stop waits for them a little longer. Call
// it on SIGTERM, before closing the store. It is safe to call more than
// once, and before Start; after a Stop that returned nil, later calls
// return nil at once.
func (s *Scheduler) Stop(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopped = true
	if err := s.jobs.Stop(ctx); err != nil {
		return fmt.Errorf("scheduler: %w", err)
	}
	return nil
}

// staleClaim is the age past which a pending ledger row was left by an
// attempt that died: the attempt's context ended a margin ago.
func (s *Scheduler) staleClaim() time.Duration {
	return s.cfg.PostTimeout + min(s.cfg.PostTimeout, time.Minute)
}

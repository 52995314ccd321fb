// Package jobs is the service's one River client, on the store's own
// database: on SQLite its single connection (riversqlite), on Postgres its
// pgx pool (riverpgxv5). It applies River's migrations, starts and stops
// the client, and runs the work the other packages register with it, each
// kind of work on a queue of its own (the scheduler's digests, the feed
// service's polling).
//
// With several replicas on one Postgres database, every replica's client
// works jobs, and River elects one leader among them, which alone inserts
// the periodic jobs and runs River's maintenance (rescuing jobs a dead
// process left running). Leader says whether this client leads.
//
// There is one client rather than one per package because River inserts
// periodic jobs only in the client elected leader, and clients on one
// database elect a single leader among them: a second client's periodic
// jobs would wait for a leadership it may never get. One client also keeps
// SQLite's single connection shared by one poller.
package jobs

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"

	"brief/internal/store"
)

// Work is what one package runs on the client: a queue of its own, the
// workers of its job kinds, and the jobs River inserts on a schedule.
type Work struct {
	Queue      string                     // the queue's name, unique on the client
	MaxWorkers int                        // jobs of the queue run at once; default 1
	Register   func(*river.Workers) error // adds the workers of the queue's job kinds
	Periodic   []*river.PeriodicJob       // jobs River inserts on a schedule (leader only)
}

// Config is what a Client needs.
type Config struct {
	Store *store.Store

	// Now is the clock River decides with when a job is due, for tests;
	// nil in production (the real clock). River's maintenance (rescuing
	// stuck jobs, deleting old ones) keeps to the real clock.
	Now func() time.Time

	Logger *slog.Logger // River's warnings and errors; default: discard

	// Adjust changes River's configuration last: tests make it fast.
	Adjust func(*river.Config)
}

// Defaults for every job; each kind of work may set its own.
const (
	jobTimeout  = 2 * time.Minute
	maxAttempts = 24
	// rescueAfter: a job still running this long was left by a process
	// that died; River's leader makes it available again (its own default
	// is an hour). Past the job timeout, no live process still works it.
	rescueAfter = jobTimeout + time.Minute
	// stopTimeout bounds the hard stop that follows a Stop whose context
	// ended while jobs still ran.
	stopTimeout = 10 * time.Second
)

// A Client runs registered work on River. Register all work, then Start
// it once; Stop it on shutdown, before closing the store.
type Client struct {
	cfg Config
	log *slog.Logger

	life sync.Mutex // serializes Start and Stop, which wait on River

	mu       sync.Mutex // guards the fields below; never held while River waits
	workers  *river.Workers
	queues   map[string]river.QueueConfig
	periodic []*river.PeriodicJob
	river    riverClient // built on the first Start or Insert
	id       string      // the River client's id, unique among replicas
	started  bool
	stopped  bool
}

// riverClient is what this package uses of River's client, whichever the
// driver (*river.Client[*sql.Tx] on SQLite, *river.Client[pgx.Tx] on
// Postgres).
type riverClient interface {
	Start(ctx context.Context) error
	Stop(ctx context.Context) error
	StopAndCancel(ctx context.Context) error
	Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
	JobList(ctx context.Context, params *river.JobListParams) (*river.JobListResult, error)
	ID() string
}

var (
	_ riverClient = (*river.Client[*sql.Tx])(nil)
	_ riverClient = (*river.Client[pgx.Tx])(nil)
)

// New makes a client. It touches no database until Start.
func New(cfg Config) (*Client, error) {
	if cfg.Store == nil {
		return nil, errors.New("jobs: no store")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Client{
		cfg:     cfg,
		log:     cfg.Logger.With(slog.String("component", "jobs")),
		workers: river.NewWorkers(),
		queues:  map[string]river.QueueConfig{},
		id:      clientID(),
	}, nil
}

// Register adds work, before the client is started or used.
func (c *Client) Register(w Work) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.river != nil {
		return fmt.Errorf("jobs: work queue %q: register work before the client starts", w.Queue)
	}
	if _, taken := c.queues[w.Queue]; w.Queue == "" || taken {
		return fmt.Errorf("jobs: work queue %q: name each queue, once", w.Queue)
	}
	if w.Register != nil {
		if err := w.Register(c.workers); err != nil {
			return fmt.Errorf("jobs: work queue %q: %w", w.Queue, err)
		}
	}
	c.queues[w.Queue] = river.QueueConfig{MaxWorkers: max(w.MaxWorkers, 1)}
	c.periodic = append(c.periodic, w.Periodic...)
	return nil
}

// build makes the River client from the work registered; c.mu is held.
func (c *Client) build() (riverClient, error) {
	if c.river != nil {
		return c.river, nil
	}
	if len(c.queues) == 0 {
		return nil, errors.New("jobs: no work registered")
	}
	rc := &river.Config{
		ID:                   c.id,
		Logger:               slog.New(minLevel{slog.LevelWarn, newQuiet(c.log.Handler(), time.Now)}),
		RescueStuckJobsAfter: rescueAfter,
		JobTimeout:           jobTimeout,
		MaxAttempts:          maxAttempts,
		Queues:               c.queues,
		Workers:              c.workers,
		PeriodicJobs:         c.periodic,
	}
	if c.cfg.Now != nil {
		rc.Test.Time = clock(c.cfg.Now) // River decides when a job is due with the same clock
	}
	if c.cfg.Adjust != nil {
		c.cfg.Adjust(rc)
	}
	var client riverClient
	var err error
	if pool := c.cfg.Store.Pool(); pool != nil {
		client, err = river.NewClient(riverpgxv5.New(pool), rc)
	} else {
		client, err = river.NewClient(riversqlite.New(c.cfg.Store.DB()), rc)
	}
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	c.river = client
	return client, nil
}

// Start brings River's tables up to date and starts working jobs. Calling
// it again is harmless; after Stop it fails.
func (c *Client) Start(ctx context.Context) error {
	c.life.Lock()
	defer c.life.Unlock()
	c.mu.Lock()
	stopped, started := c.stopped, c.started
	client, err := c.build()
	c.mu.Unlock()
	switch {
	case stopped:
		return errors.New("jobs: stopped")
	case started:
		return nil
	case err != nil:
		return err
	}
	if err := c.Migrate(ctx); err != nil {
		return err
	}
	if err := client.Start(ctx); err != nil {
		return fmt.Errorf("jobs: start river: %w", err)
	}
	c.mu.Lock()
	c.started = true
	c.mu.Unlock()
	return nil
}

// Migrate brings River's tables up to date; Start does it, so call it
// only to have the tables without running jobs. Replicas starting together
// apply each migration once: on SQLite inside one IMMEDIATE transaction,
// on Postgres under a session advisory lock (River's Postgres migrations
// can't all run in one transaction).
func (c *Client) Migrate(ctx context.Context) error {
	st := c.cfg.Store
	logger := slog.New(minLevel{slog.LevelWarn, c.log.Handler()})
	var err error
	if pool := st.Pool(); pool != nil {
		err = migratePostgres(ctx, pool, logger)
	} else {
		err = migrateSQLite(ctx, st, logger)
	}
	if err != nil {
		return fmt.Errorf("jobs: migrate river tables in %s: %w", st.Path(), err)
	}
	return nil
}

func migrateSQLite(ctx context.Context, st *store.Store, logger *slog.Logger) error {
	m, err := rivermigrate.New(riversqlite.New(st.DB()), &rivermigrate.Config{Logger: logger})
	if err != nil {
		return err
	}
	return st.WithTx(ctx, func(tx *sql.Tx) error {
		// MigrateTx, not Migrate: Migrate reads the applied versions
		// outside its transactions, and two processes would race.
		_, err := m.MigrateTx(ctx, tx, rivermigrate.DirectionUp, nil)
		return err
	})
}

// migrateLock is the advisory lock key River's migrations run under on
// Postgres ("brief-river" in ASCII, as a number).
const migrateLock = 0x6272696566726976

func migratePostgres(ctx context.Context, pool *pgxpool.Pool, logger *slog.Logger) error {
	m, err := rivermigrate.New(riverpgxv5.New(pool), &rivermigrate.Config{Logger: logger})
	if err != nil {
		return err
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", int64(migrateLock)); err != nil {
		return err
	}
	defer func() {
		// Unlocked on the same session; should that fail, closing the
		// connection ends the session and its lock.
		uctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if _, err := conn.Exec(uctx, "SELECT pg_advisory_unlock($1)", int64(migrateLock)); err != nil {
			conn.Conn().Close(uctx)
		}
	}()
	_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	return err
}

// Insert queues a job. It must not be called inside a store transaction
// (the database has one connection).
func (c *Client) Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error) {
	c.mu.Lock()
	client, err := c.build()
	c.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return client.Insert(ctx, args, opts)
}

// JobList lists jobs, for tests and diagnostics.
func (c *Client) JobList(ctx context.Context, params *river.JobListParams) (*river.JobListResult, error) {
	c.mu.Lock()
	client, err := c.build()
	c.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return client.JobList(ctx, params)
}

// ID is the River client's id, unique among the replicas.
func (c *Client) ID() string { return c.id }

// Leader reports whether this client is River's elected leader now: the
// one replica that inserts periodic jobs and runs River's maintenance.
func (c *Client) Leader(ctx context.Context) (bool, error) {
	var leader string
	err := c.cfg.Store.DB().QueryRowContext(ctx, `SELECT leader_id FROM river_leader`).Scan(&leader)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("jobs: read river's leader: %w", err)
	}
	return leader == c.id, nil
}

// clientID names this process's River client uniquely among replicas on
// one database, in the characters River allows.
func clientID() string {
	host, _ := os.Hostname()
	var b [4]byte
	rand.Read(b[:])
	id := fmt.Sprintf("brief_%s_%d_%s", host, os.Getpid(), hex.EncodeToString(b[:]))
	id = strings.Map(func(r rune) rune {
		if r == '_' || r == '-' || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return '_'
	}, id)
	if len(id) > 90 {
		id = id[len(id)-90:]
	}
	return id
}

// Stop stops River: no new job starts, and running ones may finish until
// ctx ends; then their contexts are cancelled and Stop waits for them a
// little longer. Call it on SIGTERM, before closing the store (otherwise
// the next leader waits for this one's lease). It is safe to call more
// than once, and before Start; after a Stop that returned nil, later calls
// return nil at once.
func (c *Client) Stop(ctx context.Context) error {
	c.life.Lock()
	defer c.life.Unlock()
	c.mu.Lock()
	c.stopped = true
	started, client := c.started, c.river
	c.mu.Unlock()
	if !started {
		return nil
	}
	err := client.Stop(ctx)
	if err != nil && ctx.Err() != nil {
		hard, cancel := context.WithTimeout(context.WithoutCancel(ctx), stopTimeout)
		defer cancel()
		err = client.StopAndCancel(hard)
	}
	if err != nil {
		return fmt.Errorf("jobs: stop: %w", err)
	}
	c.mu.Lock()
	c.started = false
	c.mu.Unlock()
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

// clock is River's time generator reading the configured clock.
type clock func() time.Time

func (c clock) Now() time.Time { return c() }

func (c clock) NowOrNil() *time.Time {
	t := c().UTC()
	return &t
}

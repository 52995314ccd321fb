// Package lease runs work that one process at a time may do among the
// replicas sharing a database, such as holding the Discord gateway (two
// gateway connections would answer every interaction twice).
//
// A lease is a row in the store with a holder and an expiry. The holder
// renews it well before it expires; a holder that dies stops renewing, and
// another replica takes the lease once it has expired. The work runs with
// a context that ends as soon as the holder can no longer be sure it holds
// the lease: a renewal refused, or renewals failing until the lease would
// have expired.
package lease

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"time"
)

// A Store keeps leases; *store.Store is one.
type Store interface {
	TakeLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
	ReleaseLease(ctx context.Context, name, holder string) error
}

// Config says which lease to hold, how, and what to run under it.
type Config struct {
	Store  Store
	Name   string        // the lease's name, "discord-gateway"
	Holder string        // this process; default NewHolder()
	TTL    time.Duration // how long a lease lasts unrenewed; default 15s
	Logger *slog.Logger

	// Held is told when this process takes (true) and loses (false) the
	// lease; may be nil.
	Held func(bool)
}

// DefaultTTL is how long a lease lasts without renewal: the time another
// replica waits before taking over from a holder that died.
const DefaultTTL = 15 * time.Second

// NewHolder names this process uniquely among replicas: host, pid and a
// random suffix (a restarted process with the same pid is another holder).
func NewHolder() string {
	host, _ := os.Hostname()
	var b [4]byte
	rand.Read(b[:])
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}

// Run holds the lease whenever it can and runs work while it does, until
// ctx ends. When the lease is lost, work's context is cancelled and Run
// waits for work to return before trying to take the lease again. It
// returns nil when ctx ends; work's own errors are logged and work is run
// again on the next tenure.
func Run(ctx context.Context, cfg Config, work func(context.Context) error) error {
	if cfg.TTL <= 0 {
		cfg.TTL = DefaultTTL
	}
	if cfg.Holder == "" {
		cfg.Holder = NewHolder()
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	log := cfg.Logger.With(slog.String("component", "lease"), slog.String("lease", cfg.Name))
	every := cfg.TTL / 3
	held := func(b bool) {
		if cfg.Held != nil {
			cfg.Held(b)
		}
	}
	for {
		ok, err := take(ctx, cfg)
		if err != nil && ctx.Err() == nil {
			log.Warn("can't take the lease; trying again", slog.Any("err", err))
		}
		if ok {
			log.Info("lease taken", slog.String("holder", cfg.Holder))
			held(true)
			hold(ctx, cfg, every, log, work)
			held(false)
			release(cfg, log)
		}
		if !wait(ctx, every) {
			return nil
		}
	}
}

// take asks for the lease, bounded so a hung database can't outlast it.
func take(ctx context.Context, cfg Config) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, cfg.TTL/3)
	defer cancel()
	return cfg.Store.TakeLease(ctx, cfg.Name, cfg.Holder, cfg.TTL)
}

// hold runs work and renews the lease until ctx ends, a renewal is
// refused, or renewals have failed for as long as the lease lasts (less a
// renewal period, so work stops before another replica may start).
func hold(ctx context.Context, cfg Config, every time.Duration, log *slog.Logger, work func(context.Context) error) {
	wctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := work(wctx); err != nil && wctx.Err() == nil {
			log.Warn("work under the lease ended", slog.Any("err", err))
		}
	}()
	defer func() { cancel(); <-done }()

	renewed := time.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case <-done:
			return
		case <-time.After(every):
		}
		ok, err := take(ctx, cfg)
		switch {
		case ctx.Err() != nil:
			return
		case err == nil && ok:
			renewed = time.Now()
		case err == nil:
			log.Warn("lease lost to another replica; stopping the work it guards")
			return
		case time.Since(renewed) > cfg.TTL-every:
			log.Warn("can't renew the lease before it expires; stopping the work it guards", slog.Any("err", err))
			return
		default:
			log.Warn("can't renew the lease; trying again", slog.Any("err", err))
		}
	}
}

// release gives the lease up on a clean stop, so a replica takes over at
// once instead of after the TTL.
func release(cfg Config, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), cfg.TTL/3)
	defer cancel()
	if err := cfg.Store.ReleaseLease(ctx, cfg.Name, cfg.Holder); err != nil {
		log.Warn("can't release the lease; another replica takes it when it expires", slog.Any("err", err))
	}
}

func wait(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

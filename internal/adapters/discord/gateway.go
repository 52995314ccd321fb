package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Reconnection backoff bounds.
const (
	minBackoff = 500 * time.Millisecond
	maxBackoff = 2 * time.Minute
)

var errOpenTimeout = errors.New("discord: gateway didn't answer in time")

// Run serves until ctx ends, then waits (at most Timeout) for replies still
// being sent. Without a public key it also keeps a gateway connection:
// Open bounded by Timeout, and after a lost connection a new one that
// resumes the session, with backoff while the gateway is down. It never
// fails because the gateway does (that is logged): run it in its own
// goroutine, and the rest of the service, HTTP interactions included,
// carries on either way.
func (a *Adapter) Run(ctx context.Context) error {
	defer a.drain(a.cfg.Timeout)
	if a.HTTPMode() {
		<-ctx.Done()
		return nil
	}
	down := make(chan struct{}, 1)
	removers := []func(){
		a.s.AddHandler(a.onEvent),
		a.s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) {
			a.setGateway("the connection was lost; reconnecting")
			select {
			case down <- struct{}{}:
			default:
			}
		}),
		a.s.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) {
			a.setGateway("")
			a.log.Info("gateway ready", slog.String("session", r.SessionID), slog.Int("servers", len(r.Guilds)))
			if len(r.Guilds) == 0 {
				a.logInvite()
			}
		}),
		a.s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Resumed) {
			a.setGateway("")
			a.log.Info("gateway session resumed")
		}),
	}
	defer func() {
		for _, rm := range removers {
			rm()
		}
	}()

	backoff := minBackoff
	connected := false
	for {
		err := a.open(ctx)
		switch {
		case ctx.Err() != nil:
			a.setGateway("stopped")
			a.closeGateway()
			return nil
		case err == nil || errors.Is(err, discordgo.ErrWSAlreadyOpen):
			if !connected {
				a.log.Info("gateway connected")
			}
			connected = true
			backoff = minBackoff
		default:
			a.setGateway(fmt.Sprintf("can't connect (%v); trying again", err))
			a.log.Warn("gateway connection failed; HTTP and scheduled posts carry on", slog.Duration("retry_in", backoff), slog.Any("err", err))
			connected = false
			if !sleep(ctx, backoff) {
				a.closeGateway()
				return nil
			}
			backoff = min(2*backoff, maxBackoff)
			continue
		}
		select {
		case <-ctx.Done():
			a.closeGateway()
			return nil
		case <-down:
			a.log.Warn("gateway connection lost; reconnecting to resume the session")
		}
	}
}

// open calls Open with a bound: Open holds the session's lock while it
// dials and waits for Hello and READY, so a gateway that never answers
// would otherwise wedge it and every later Close. On timeout the raw
// connection is closed, which makes Open return.
func (a *Adapter) open(ctx context.Context) error {
	done := make(chan error, 1)
	go func() { done <- a.s.Open() }()
	t := time.NewTimer(a.cfg.Timeout)
	defer t.Stop()
	select {
	case err := <-done:
		return err
	case <-t.C:
	case <-ctx.Done():
	}
	a.gwConns.closeAll()
	select {
	case err := <-done:
		if err == nil {
			// It connected just as time ran out: keep it unless stopping.
			if ctx.Err() == nil {
				return nil
			}
			return ctx.Err()
		}
	case <-time.After(a.cfg.Timeout):
		a.log.Error("gateway Open is stuck even after its connection was closed")
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return errOpenTimeout
}

// closeGateway closes the session within Timeout (discordgo's Close waits
// a second for the gateway to close its side).
func (a *Adapter) closeGateway() {
	done := make(chan struct{})
	go func() { _ = a.s.Close(); close(done) }()
	t := time.NewTimer(a.cfg.Timeout + time.Second)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
		a.gwConns.closeAll()
		a.log.Warn("gateway Close timed out; connection dropped")
	}
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

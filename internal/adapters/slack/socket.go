package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// ackTimeout bounds handing an acknowledgement to the connection.
const ackTimeout = 5 * time.Second

// stableAfter: a connection that lasted this long resets the backoff.
const stableAfter = time.Minute

// Run serves Slack over Socket Mode until ctx ends, when an app token is
// set; without one it returns nil at once. The socketmode client
// reconnects by itself when Slack asks it to or the connection goes quiet
// (no ping for PingInterval); when the client gives up (it returns an
// error), Run starts a new one after a capped, jittered backoff. Commands
// already acknowledged finish and reply through their response_url
// whatever happens to the connection. Run returns nil when ctx ends.
func (a *Adapter) Run(ctx context.Context) error {
	if a.cfg.AppToken == "" {
		return nil
	}
	delay := a.cfg.ReconnectMin
	for {
		start := time.Now()
		err := a.runSocket(ctx)
		if ctx.Err() != nil {
			a.setSocket("stopped")
			return nil
		}
		a.setSocket(fmt.Sprintf("the connection stopped (%v); starting again", err))
		if time.Since(start) > stableAfter {
			delay = a.cfg.ReconnectMin
		}
		wait := jitter(delay)
		a.log.Warn("socket mode stopped; starting again", slog.Duration("backoff", wait), slog.Any("err", err))
		if !sleep(ctx, wait) {
			return nil
		}
		delay = min(2*delay, a.cfg.ReconnectMax)
	}
}

// Ready reports whether Slack can reach the adapter: over Socket Mode,
// once Slack's hello has come on the connection (nil), or what it is
// waiting for; over HTTP always, since Slack calls the service.
func (a *Adapter) Ready() error {
	if a.cfg.AppToken == "" {
		return nil
	}
	if why := a.socket.Load(); why != nil && *why != "" {
		return errors.New("Socket Mode is not connected: " + *why)
	}
	return nil
}

// setSocket records Socket Mode's state: "" when connected, else why not.
func (a *Adapter) setSocket(why string) { a.socket.Store(&why) }

// jitter is d plus or minus up to a quarter.
func jitter(d time.Duration) time.Duration {
	q := int64(d / 4)
	if q <= 0 {
		return d
	}
	return d - time.Duration(q) + time.Duration(rand.Int64N(2*q+1))
}

// runSocket runs one socketmode client until it gives up or ctx ends.
func (a *Adapter) runSocket(ctx context.Context) error {
	api := slack.New(a.cfg.BotToken,
		slack.OptionAppLevelToken(a.cfg.AppToken),
		slack.OptionAPIURL(a.cfg.APIURL),
		slack.OptionHTTPClient(a.cfg.HTTPClient))
	client := socketmode.New(api,
		socketmode.OptionPingInterval(a.cfg.PingInterval),
		socketmode.OptionLog(libLogger{a.log}))
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Go(func() { a.events(runCtx, client, &wg) })
	err := client.RunContext(runCtx)
	cancel()
	wg.Wait()
	if err == nil {
		err = errors.New("slack: socket mode client stopped")
	}
	return err
}

// events handles what the socketmode client emits until ctx ends. Every
// envelope is acknowledged: slash commands with their reply (or "Working
// on it…"), interactions and events at once.
func (a *Adapter) events(ctx context.Context, client *socketmode.Client, wg *sync.WaitGroup) {
	for {
		var evt socketmode.Event
		select {
		case <-ctx.Done():
			return
		case evt = <-client.Events:
		}
		switch evt.Type {
		case socketmode.EventTypeConnecting:
			a.setSocket("connecting")
			a.log.Debug("socket mode connecting")
		case socketmode.EventTypeConnected:
			a.setSocket("connected, waiting for Slack's hello")
			a.log.Info("socket mode connected")
		case socketmode.EventTypeHello:
			a.setSocket("")
			a.log.Debug("socket mode hello")
		case socketmode.EventTypeConnectionError:
			a.setSocket(fmt.Sprintf("the connection failed (%v); trying again", evt.Data))
			a.log.Warn("socket mode connection failed; the client tries again", slog.Any("err", evt.Data))
		case socketmode.EventTypeInvalidAuth:
			a.setSocket("Slack refused the app token: check SLACK_APP_TOKEN (xapp-, with connections:write)")
			a.log.Error("the app token was refused in socket mode; check SLACK_APP_TOKEN (xapp-, connections:write)")
		case socketmode.EventTypeIncomingError, socketmode.EventTypeErrorBadMessage, socketmode.EventTypeErrorWriteFailed:
			a.log.Warn("socket mode error", slog.String("type", string(evt.Type)), slog.Any("err", evt.Data))
		case socketmode.EventTypeSlashCommand:
			cmd, ok := evt.Data.(slack.SlashCommand)
			if !ok || evt.Request == nil {
				continue
			}
			envelope := evt.Request.EnvelopeID
			// The ack waits up to the ack budget: not on this loop.
			wg.Go(func() { a.ackCommand(client, envelope, cmd) })
		case socketmode.EventTypeInteractive:
			if evt.Request != nil {
				a.ack(client, evt.Request.EnvelopeID, nil)
			}
			if cb, ok := evt.Data.(slack.InteractionCallback); ok {
				a.interaction(cb)
			}
		case socketmode.EventTypeEventsAPI:
			if evt.Request != nil {
				a.ack(client, evt.Request.EnvelopeID, nil)
			}
		}
	}
}

// ackCommand runs a slash command and acknowledges its envelope. A reply
// Socket Mode can't carry (Slack drops responses of 20 KB or more) is
// acknowledged empty and sent through the response_url instead.
func (a *Adapter) ackCommand(client *socketmode.Client, envelope string, cmd slack.SlashCommand) {
	m := a.command(cmd)
	if m == nil || fitsSocket(m) {
		a.ack(client, envelope, m)
		return
	}
	a.ack(client, envelope, nil)
	msg := *m
	to := target{responseURL: cmd.ResponseURL, channelID: cmd.ChannelID, userID: cmd.UserID}
	a.work.Go(func(ctx context.Context) { a.deliver(ctx, to, []Message{msg}) })
}

// maxSocketPayload leaves room under Slack's 20 KB for the envelope.
const maxSocketPayload = 20*1024 - 256

func fitsSocket(m *Message) bool {
	b, err := json.Marshal(m)
	return err == nil && len(b) < maxSocketPayload
}

func (a *Adapter) ack(client *socketmode.Client, envelope string, payload *Message) {
	ctx, cancel := context.WithTimeout(a.work.Context(), ackTimeout)
	defer cancel()
	var err error
	if payload == nil {
		err = client.AckCtx(ctx, envelope, nil)
	} else {
		err = client.AckCtx(ctx, envelope, payload)
	}
	if err != nil {
		a.log.Warn("socket mode ack failed", slog.String("envelope_id", envelope), slog.Any("err", err))
	}
}

// libLogger passes the socketmode client's own log lines to slog, at debug.
type libLogger struct{ log *slog.Logger }

func (l libLogger) Output(_ int, s string) error {
	l.log.Debug(strings.TrimSpace(s), slog.String("from", "socketmode"))
	return nil
}

// Package slack is the Slack adapter: /brief slash commands over Socket
// Mode or HTTP (both go through one handler; only the acknowledgement
// differs), the "Share in channel" button, Block Kit rendering, and
// chat.postMessage for scheduled digests.
package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"

	"brief/internal/ack"
	"brief/internal/config"
	"brief/internal/post"
	"brief/internal/replay"
	"brief/internal/router"
)

// Platform is the name of Slack in channel keys and requests.
const Platform = "slack"

// Config wires an Adapter.
type Config struct {
	BotToken      string // SLACK_BOT_TOKEN, xoxb-: the Web API (chat.postMessage, users.info)
	AppToken      string // SLACK_APP_TOKEN, xapp-: Socket Mode; empty: Run returns at once
	SigningSecret string // SLACK_SIGNING_SECRET: the HTTP routes; empty: Routes mounts nothing
	APIURL        string // SLACK_API_URL, with its trailing "/"; default config.DefaultSlackAPIURL

	Admins  []string // BRIEF_ADMINS: Slack user ids that may change any channel's settings
	Handler router.Handler
	Logger  *slog.Logger
	Now     func() time.Time // signature timestamps and the replay window; default time.Now
	// Replays records the signed requests served over HTTP, to refuse
	// them if they come again: the store, so that a replay is refused on
	// every replica and after a restart. Default: a replay.Memory, which
	// protects one process until it stops.
	Replays replay.Ledger

	// HTTPClient makes every outbound call: the Web API and response_url
	// posts. Default: a client with a 15 s timeout.
	HTTPClient *http.Client

	// AckBudget is how long a command may run before the acknowledgement
	// says "Working on it…" and the reply follows through response_url.
	// Default 2 s (Slack waits 3 s for the acknowledgement).
	AckBudget time.Duration
	// CommandTimeout bounds one command's work and its delivery. Default 2 min.
	CommandTimeout time.Duration
	// AdminCacheTTL is how long a users.info answer is trusted. Default 1 min.
	AdminCacheTTL time.Duration

	// Socket Mode supervision. PingInterval: the connection counts as dead
	// when Slack sends no ping for this long (default 30 s). Backoff between
	// reconnections after the client gives up: from ReconnectMin (default
	// 1 s) doubling to ReconnectMax (default 2 min), jittered.
	PingInterval, ReconnectMin, ReconnectMax time.Duration
}

// An Adapter serves one Slack workspace.
type Adapter struct {
	cfg    Config
	log    *slog.Logger
	api    *slack.Client
	verify *verifier
	admins *adminCache

	// work runs what outlives a request (a slow command, its
	// response_url posts), so Shutdown can wait for it.
	work *ack.Group

	// socket is why Socket Mode is not connected, "" once it is (Ready).
	socket atomic.Pointer[string]

	self atomic.Pointer[string] // the bot's id, once FindSlot asked (history.go)
}

var _ post.Poster = (*Adapter)(nil)

// New checks the configuration and makes an adapter.
func New(cfg Config) (*Adapter, error) {
	if cfg.Handler == nil {
		return nil, errors.New("slack: a handler is required")
	}
	if cfg.BotToken == "" {
		return nil, errors.New("slack: SLACK_BOT_TOKEN is required: install the app to the workspace and copy its bot token (xoxb-…)")
	}
	if cfg.APIURL == "" {
		cfg.APIURL = config.DefaultSlackAPIURL
	}
	if !strings.HasSuffix(cfg.APIURL, "/") {
		cfg.APIURL += "/"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Replays == nil {
		cfg.Replays = replay.NewMemory()
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 15 * time.Second}
	}
	if cfg.AckBudget <= 0 {
		cfg.AckBudget = 2 * time.Second
	}
	if cfg.CommandTimeout <= 0 {
		cfg.CommandTimeout = 2 * time.Minute
	}
	if cfg.AdminCacheTTL <= 0 {
		cfg.AdminCacheTTL = time.Minute
	}
	if cfg.PingInterval <= 0 {
		cfg.PingInterval = 30 * time.Second
	}
	if cfg.ReconnectMin <= 0 {
		cfg.ReconnectMin = time.Second
	}
	if cfg.ReconnectMax < cfg.ReconnectMin {
		cfg.ReconnectMax = max(2*time.Minute, cfg.ReconnectMin)
	}
	a := &Adapter{
		cfg: cfg,
		log: cfg.Logger.With(slog.String("component", "adapter"), slog.String("platform", Platform)),
		api: slack.New(cfg.BotToken, slack.OptionAPIURL(cfg.APIURL), slack.OptionHTTPClient(cfg.HTTPClient)),
	}
	if cfg.SigningSecret != "" {
		a.verify = newVerifier(cfg.SigningSecret, cfg.Now)
	}
	a.admins = newAdminCache(a.api, cfg.Admins, cfg.AdminCacheTTL, cfg.Now)
	a.work = ack.NewGroup(cfg.CommandTimeout)
	a.setSocket("not started")
	return a, nil
}

// Shutdown waits for commands in flight to deliver their replies, until
// ctx ends; then it abandons them. Later commands are refused. Calling
// it again is harmless.
func (a *Adapter) Shutdown(ctx context.Context) error {
	if err := a.work.Close(ctx); err != nil {
		return fmt.Errorf("slack: shutdown: replies still in flight were abandoned: %w", ctx.Err())
	}
	return nil
}

// request is the router's request for a slash command.
func (a *Adapter) request(cmd slack.SlashCommand) router.Request {
	return router.Request{
		Platform:    Platform,
		ChannelID:   cmd.ChannelID,
		ChannelName: cmd.ChannelName,
		UserID:      cmd.UserID,
		Text:        unwrapLinks(cmd.Text),
		Auth:        a.admins.authorizer(cmd.UserID),
	}
}

// unwrapLinks writes the links Slack wraps in a command's text
// (<https://example.com/a|example.com/a>, <https://example.com/a>) as the
// addresses they are: each word that is one such link becomes its address.
func unwrapLinks(text string) string {
	words := strings.Fields(text)
	changed := false
	for i, w := range words {
		if len(w) > 2 && strings.HasPrefix(w, "<") && strings.HasSuffix(w, ">") {
			u, _, _ := strings.Cut(w[1:len(w)-1], "|")
			words[i], changed = u, true
		}
	}
	if !changed {
		return text
	}
	return strings.Join(words, " ")
}

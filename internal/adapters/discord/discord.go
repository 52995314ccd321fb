// Package discord is the Discord adapter: the /brief application command
// over the gateway or the HTTP interactions endpoint, replies rendered as
// embeds, and scheduled digests posted through the REST API.
//
// One discordgo session does all of it. Its HTTP client rewrites the
// scheme and host of every REST call to Config.APIURL (discordgo computes
// its endpoints once, from https://discord.com), never retries a 429 on
// its own, and turns a 429 that isn't JSON into one discordgo can read.
package discord

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"brief/internal/ack"
	"brief/internal/config"
	"brief/internal/post"
	"brief/internal/replay"
	"brief/internal/router"
)

// Platform is the platform name in requests and channel keys.
const Platform = "discord"

// Defaults.
const (
	DefaultTimeout   = 10 * time.Second
	DefaultAckBudget = 2 * time.Second
	// TimestampWindow is how far X-Signature-Timestamp may be from now.
	TimestampWindow = 5 * time.Minute
	// tokenLife bounds the work behind one interaction: its token lives 15
	// minutes, after which nothing can be sent with it.
	tokenLife = 14 * time.Minute
)

// Config wires an Adapter.
type Config struct {
	BotToken string // DISCORD_BOT_TOKEN, without "Bot "
	AppID    string // DISCORD_APP_ID
	GuildID  string // DISCORD_GUILD_ID: register the command there; "" for global
	// PublicKey set: interactions arrive over HTTP (Routes); unset: over
	// the gateway (Run).
	PublicKey ed25519.PublicKey
	APIURL    string // DISCORD_API_URL: scheme and host of every REST call
	Handler   router.Handler
	Logger    *slog.Logger
	Now       func() time.Time // the signature timestamp window
	// Replays records the HTTP interactions served, by id, to refuse
	// them if they come again: the store, so that a replay is refused on
	// every replica and after a restart. Default: a replay.Memory, which
	// protects one process until it stops.
	Replays replay.Ledger
	// Timeout bounds each REST call, and the gateway's Open and Close.
	Timeout time.Duration
	// AckBudget is how long a command may run before the interaction is
	// deferred (Discord wants a first answer within 3 s).
	AckBudget time.Duration
	// RegisterMin and RegisterMax bound the backoff between attempts to
	// register /brief (KeepRegistering): 1 s doubling to 5 min by default.
	RegisterMin, RegisterMax time.Duration
}

// Adapter is the Discord adapter.
type Adapter struct {
	cfg     Config
	log     *slog.Logger
	s       *discordgo.Session
	gwConns *connTracker

	work *ack.Group // background work: commands, follow-ups after the first answer

	// gateway and commands say why the gateway is not READY and why
	// /brief is not registered; "" once they are (Ready).
	gateway, commands atomic.Pointer[string]
	standby           atomic.Bool // another replica holds the gateway (SetStandby)

	self atomic.Pointer[string] // the bot's user id, once FindSlot asked (nonce.go)
}

var (
	_ post.Poster = (*Adapter)(nil)
)

// New makes an adapter. It does not connect to anything.
func New(cfg Config) (*Adapter, error) {
	if cfg.BotToken == "" {
		return nil, errors.New("discord: DISCORD_BOT_TOKEN is required")
	}
	if cfg.Handler == nil {
		return nil, errors.New("discord: a handler is required")
	}
	if cfg.PublicKey != nil && len(cfg.PublicKey) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("discord: DISCORD_PUBLIC_KEY must be %d bytes, got %d", ed25519.PublicKeySize, len(cfg.PublicKey))
	}
	if cfg.APIURL == "" {
		cfg.APIURL = config.DefaultDiscordAPIURL
	}
	api, err := url.Parse(cfg.APIURL)
	if err != nil || (api.Scheme != "http" && api.Scheme != "https") || api.Host == "" {
		return nil, fmt.Errorf("discord: DISCORD_API_URL %q must be a scheme and host, such as https://discord.com", cfg.APIURL)
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
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.AckBudget <= 0 {
		cfg.AckBudget = DefaultAckBudget
	}
	if cfg.RegisterMin <= 0 {
		cfg.RegisterMin = defaultRegisterMin
	}
	if cfg.RegisterMax < cfg.RegisterMin {
		cfg.RegisterMax = max(defaultRegisterMax, cfg.RegisterMin)
	}

	s, err := discordgo.New("Bot " + trimBot(cfg.BotToken))
	if err != nil {
		return nil, fmt.Errorf("discord: session: %w", err)
	}
	s.Client = &http.Client{
		Timeout:   cfg.Timeout,
		Transport: &rewrite{base: http.DefaultTransport, scheme: api.Scheme, host: api.Host},
	}
	s.ShouldRetryOnRateLimit = false // a 429 comes back as *discordgo.RateLimitError
	s.MaxRestRetries = 0             // the scheduler retries, with backoff
	s.ShouldReconnectOnError = false // Run reconnects, and stops when told
	s.ShouldReconnectVoiceOnSessionError = false
	s.StateEnabled = false
	s.Identify.Intents = discordgo.IntentsNone // interactions need no intents
	s.LogLevel = -1                            // discordgo logs with log.Printf; we log what matters
	tracker := &connTracker{}
	s.Dialer = &websocket.Dialer{
		Proxy:            http.ProxyFromEnvironment,
		HandshakeTimeout: cfg.Timeout,
		NetDialContext:   tracker.dial,
	}

	a := &Adapter{
		cfg:     cfg,
		log:     cfg.Logger.With(slog.String("component", "adapter"), slog.String("platform", Platform)),
		s:       s,
		gwConns: tracker,
		work:    ack.NewGroup(tokenLife),
	}
	a.setGateway("not connected yet")
	a.setCommands("not yet")
	return a, nil
}

// HTTPMode reports whether interactions arrive over HTTP (a public key is
// set) rather than the gateway.
func (a *Adapter) HTTPMode() bool { return len(a.cfg.PublicKey) != 0 }

// drain waits for background work, at most d, then cancels what is left.
func (a *Adapter) drain(d time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	if err := a.work.Close(ctx); err != nil {
		a.log.Warn("interaction work still running at shutdown was cancelled")
	}
}

// rewrite sends every request to one scheme and host, keeping the path
// and query, and makes every 429 readable by discordgo.
type rewrite struct {
	base         http.RoundTripper
	scheme, host string
}

func (t *rewrite) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.URL.Scheme = t.scheme
	r.URL.Host = t.host
	r.Host = t.host
	resp, err := t.base.RoundTrip(r)
	if err != nil || resp.StatusCode != http.StatusTooManyRequests {
		return resp, err
	}
	return normalize429(resp), nil
}

// connTracker remembers the gateway's raw connections so a wedged Open or
// Close can be cut loose by closing them.
type connTracker struct {
	mu    sync.Mutex
	conns map[net.Conn]struct{}
}

func (c *connTracker) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	tc := &trackedConn{Conn: conn, t: c}
	c.mu.Lock()
	if c.conns == nil {
		c.conns = map[net.Conn]struct{}{}
	}
	c.conns[tc] = struct{}{}
	c.mu.Unlock()
	return tc, nil
}

// closeAll closes every open gateway connection.
func (c *connTracker) closeAll() {
	c.mu.Lock()
	conns := make([]net.Conn, 0, len(c.conns))
	for conn := range c.conns {
		conns = append(conns, conn)
	}
	c.mu.Unlock()
	for _, conn := range conns {
		_ = conn.Close()
	}
}

type trackedConn struct {
	net.Conn
	t    *connTracker
	once sync.Once
}

func (c *trackedConn) Close() error {
	c.once.Do(func() {
		c.t.mu.Lock()
		delete(c.t.conns, c)
		c.t.mu.Unlock()
	})
	return c.Conn.Close()
}

func userID(i *discordgo.Interaction) string {
	switch {
	case i.Member != nil && i.Member.User != nil:
		return i.Member.User.ID
	case i.User != nil:
		return i.User.ID
	}
	return ""
}

func trimBot(token string) string { return strings.TrimPrefix(token, "Bot ") }

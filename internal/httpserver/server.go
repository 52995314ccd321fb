// Package httpserver is the service's one HTTP listener: health,
// readiness and metrics, and the webhook routes adapters mount on it.
// GET /healthz answers 200 while the process serves at all (liveness);
// GET /readyz answers 200 when the service's readiness check passes (the
// store answers, every configured platform is connected) and 503 with the
// reason when it does not.
//
// It is bounded for what a webhook receiver gets from the open internet:
// request bodies (MaxBodyBytes) and headers, timeouts on reading headers,
// whole requests, writing answers and idle keep-alive connections, and a
// cap on the connections open at once (Options.MaxConns), well under the
// process's file descriptor limit. At the cap, connections idle between
// requests (or silent since they opened) are closed to make room, so a
// flood of connections that do nothing can't keep a signed webhook out.
// GET /healthz, /readyz and /metrics answer a few requests at a time (the
// rest get 503 at once) and the readiness check's result is reused for a
// second, so a flood of them neither queues ahead of the webhooks nor
// reaches the database more than once a second.
package httpserver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// MaxBodyBytes bounds every request body: webhooks are small.
const MaxBodyBytes = 1 << 20

// Defaults of Options.
const (
	DefaultMaxConns          = 1024
	DefaultReadHeaderTimeout = 5 * time.Second
	DefaultReadTimeout       = 10 * time.Second
	DefaultWriteTimeout      = 15 * time.Second // Slack and Discord want an answer within 3 s
	DefaultIdleTimeout       = 30 * time.Second
	DefaultNewConnGrace      = time.Second
	// MaxHeaderBytes bounds a request's headers; webhooks send a few hundred bytes.
	MaxHeaderBytes = 64 << 10
	// maxLight is how many GET /healthz, /readyz and /metrics run at once.
	maxLight = 8
	// readyTTL is how long a readiness check's result is reused.
	readyTTL = time.Second
)

// Options bound the server; zero fields take the defaults.
type Options struct {
	// MaxConns caps the connections open at once (BRIEF_HTTP_MAX_CONNS).
	// It is lowered to half the process's file descriptor limit when that
	// is lower, so the service always has descriptors for its files.
	MaxConns          int
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration
	// NewConnGrace is how long a connection may stay silent after it
	// opened before, at the cap, it may be closed to make room.
	NewConnGrace time.Duration
}

func (o Options) withDefaults() Options {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if o.MaxConns <= 0 {
		o.MaxConns = DefaultMaxConns
	}
	def(&o.ReadHeaderTimeout, DefaultReadHeaderTimeout)
	def(&o.ReadTimeout, DefaultReadTimeout)
	def(&o.WriteTimeout, DefaultWriteTimeout)
	def(&o.IdleTimeout, DefaultIdleTimeout)
	def(&o.NewConnGrace, DefaultNewConnGrace)
	return o
}

// A Server serves GET /healthz, GET /readyz, GET /metrics and whatever
// adapters Handle.
type Server struct {
	mux    *http.ServeMux
	srv    *http.Server
	opts   Options
	ln     net.Listener
	limit  *limitListener
	log    *slog.Logger
	done   chan struct{}
	stopMu sync.Mutex
}

// New makes a server for addr. ready reports whether the service is ready
// to serve, or why not (GET /readyz); metrics serves /metrics.
func New(addr string, ready func(context.Context) error, metrics http.Handler, log *slog.Logger, opts ...Options) *Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	o = o.withDefaults()
	s := &Server{mux: http.NewServeMux(), log: log.With(slog.String("component", "httpserver")), opts: o, done: make(chan struct{})}
	light := make(chan struct{}, maxLight)
	s.mux.Handle("GET /healthz", limited(light, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		fmt.Fprintln(w, "ok")
	})))
	if ready == nil {
		ready = func(context.Context) error { return nil }
	}
	check := &cachedCheck{check: ready, ttl: readyTTL, now: time.Now}
	s.mux.Handle("GET /readyz", limited(light, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if err := check.get(r.Context()); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "not ready: "+strings.ReplaceAll(err.Error(), "\n", "; "))
			return
		}
		fmt.Fprintln(w, "ready")
	})))
	if metrics != nil {
		s.mux.Handle("GET /metrics", limited(light, metrics))
	}
	s.srv = &http.Server{
		Addr:              addr,
		Handler:           http.MaxBytesHandler(s.mux, MaxBodyBytes),
		ReadHeaderTimeout: o.ReadHeaderTimeout,
		ReadTimeout:       o.ReadTimeout,
		WriteTimeout:      o.WriteTimeout,
		IdleTimeout:       o.IdleTimeout,
		MaxHeaderBytes:    MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	return s
}

// limited runs h for at most cap(sem) requests at once; the others get
// 503 with Retry-After at once instead of waiting.
func limited(sem chan struct{}, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case sem <- struct{}{}:
			defer func() { <-sem }()
			h.ServeHTTP(w, r)
		default:
			w.Header().Set("Retry-After", "1")
			http.Error(w, "busy", http.StatusServiceUnavailable)
		}
	})
}

// cachedCheck runs the readiness check at most once per ttl, one at a
// time, and hands its result to the requests in between.
type cachedCheck struct {
	check func(context.Context) error
	ttl   time.Duration
	now   func() time.Time

	mu  sync.Mutex
	at  time.Time
	err error
}

func (c *cachedCheck) get(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.at.IsZero() && c.now().Sub(c.at) < c.ttl {
		return c.err
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	c.err = c.check(ctx)
	c.at = c.now()
	return c.err
}

// Handle mounts an adapter's handler; call it before Start.
func (s *Server) Handle(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }

// Start listens on the address and serves in the background. A port that
// is taken fails here, at start-up, with the address named.
func (s *Server) Start() error {
	ln, err := net.Listen("tcp", s.srv.Addr)
	if err != nil {
		return fmt.Errorf("httpserver: listen on %s (BRIEF_HTTP_ADDR): %w", s.srv.Addr, err)
	}
	limit := s.opts.MaxConns
	if fds := openFileLimit(); fds > 0 && limit > fds/2 {
		s.log.Warn("connection cap lowered to half the file descriptor limit",
			slog.Int("max_conns", limit), slog.Int("fd_limit", fds), slog.Int("cap", max(1, fds/2)))
		limit = max(1, fds/2)
	}
	s.limit = newLimitListener(ln, limit, s.opts.NewConnGrace)
	s.srv.ConnState = s.limit.track
	s.ln = s.limit
	go func() {
		defer close(s.done)
		if err := s.srv.Serve(s.limit); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("http server stopped", slog.Any("err", err))
		}
	}()
	return nil
}

// Addr is the address the server listens on (with the port chosen when
// the configured one was 0).
func (s *Server) Addr() string {
	if s.ln == nil {
		return s.srv.Addr
	}
	return s.ln.Addr().String()
}

// Conns reports the connections open now and how many were closed to make
// room at the cap, since Start.
func (s *Server) Conns() (open, evicted int) {
	if s.limit == nil {
		return 0, 0
	}
	return s.limit.stats()
}

// Shutdown stops accepting requests and waits for those in flight, until
// ctx ends. Calling it again, or before Start, is harmless.
func (s *Server) Shutdown(ctx context.Context) error {
	s.stopMu.Lock()
	defer s.stopMu.Unlock()
	if s.ln == nil {
		return nil
	}
	err := s.srv.Shutdown(ctx)
	<-s.done
	s.ln = nil
	if err != nil {
		return fmt.Errorf("httpserver: shutdown: %w", err)
	}
	return nil
}

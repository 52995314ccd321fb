// Package httpserver is the service's one HTTP listener: health and
// metrics, and the webhook routes adapters mount on it.
package httpserver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// MaxBodyBytes bounds every request body: webhooks are small.
const MaxBodyBytes = 1 << 20

// A Server serves GET /healthz, GET /metrics and whatever adapters Handle.
type Server struct {
	mux    *http.ServeMux
	srv    *http.Server
	ln     net.Listener
	log    *slog.Logger
	done   chan struct{}
	stopMu sync.Mutex
}

// New makes a server for addr. health reports whether the service can
// serve (the store answers); metrics serves /metrics.
func New(addr string, health func(context.Context) error, metrics http.Handler, log *slog.Logger) *Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{mux: http.NewServeMux(), log: log, done: make(chan struct{})}
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := health(ctx); err != nil {
			log.Warn("health check failed", slog.Any("err", err))
			http.Error(w, "unhealthy", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	if metrics != nil {
		s.mux.Handle("GET /metrics", metrics)
	}
	s.srv = &http.Server{
		Addr:              addr,
		Handler:           http.MaxBytesHandler(s.mux, MaxBodyBytes),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	return s
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
	s.ln = ln
	go func() {
		defer close(s.done)
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
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

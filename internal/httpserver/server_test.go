package httpserver

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func start(t *testing.T, health func(context.Context) error) *Server {
	t.Helper()
	s := New("127.0.0.1:0", health, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "brief_up 1\n") }), nil)
	s.Handle("POST /echo", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, "too large", http.StatusRequestEntityTooLarge)
			return
		}
		w.Write(body)
	}))
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Shutdown(context.Background()) })
	return s
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestRoutes(t *testing.T) {
	var ready atomic.Bool
	ready.Store(true)
	s := start(t, func(context.Context) error {
		if !ready.Load() {
			return errors.Join(errors.New("slack: Socket Mode is not connected: connecting"), errors.New("discord: /brief is not registered: not yet"))
		}
		return nil
	})
	base := "http://" + s.Addr()
	if code, body := get(t, base+"/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("/healthz: %d %q", code, body)
	}
	if code, body := get(t, base+"/readyz"); code != 200 || body != "ready\n" {
		t.Errorf("/readyz: %d %q", code, body)
	}
	if code, body := get(t, base+"/metrics"); code != 200 || body != "brief_up 1\n" {
		t.Errorf("/metrics: %d %q", code, body)
	}
	if code, _ := get(t, base+"/nope"); code != 404 {
		t.Errorf("/nope: %d", code)
	}
	ready.Store(false)
	// The last check's result is reused for a second.
	deadline := time.Now().Add(3 * time.Second)
	code, body := get(t, base+"/readyz")
	for code == 200 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		code, body = get(t, base+"/readyz")
	}
	if want := "not ready: slack: Socket Mode is not connected: connecting; discord: /brief is not registered: not yet\n"; code != 503 || body != want {
		t.Errorf("unready /readyz: %d %q, want 503 %q", code, body, want)
	}
	// The process is still up.
	if code, _ := get(t, base+"/healthz"); code != 200 {
		t.Errorf("/healthz while not ready: %d", code)
	}
	resp, err := http.Post(base+"/healthz", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /healthz: %d", resp.StatusCode)
	}
}

func TestBodiesAreBounded(t *testing.T) {
	s := start(t, func(context.Context) error { return nil })
	resp, err := http.Post("http://"+s.Addr()+"/echo", "text/plain", strings.NewReader(strings.Repeat("x", MaxBodyBytes+1)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized body: %d", resp.StatusCode)
	}
}

func TestPortTakenFailsAtStart(t *testing.T) {
	s := start(t, func(context.Context) error { return nil })
	other := New(s.Addr(), func(context.Context) error { return nil }, nil, nil)
	err := other.Start()
	if err == nil || !strings.Contains(err.Error(), "BRIEF_HTTP_ADDR") {
		t.Errorf("second listener on %s: %v", s.Addr(), err)
	}
}

func TestShutdownIsIdempotent(t *testing.T) {
	s := start(t, func(context.Context) error { return nil })
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for range 2 {
		if err := s.Shutdown(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := http.Get("http://" + s.Addr() + "/healthz"); err == nil {
		t.Error("still serving after Shutdown")
	}
	never := New("127.0.0.1:0", nil, nil, nil)
	if err := never.Shutdown(ctx); err != nil {
		t.Errorf("Shutdown before Start: %v", err)
	}
}

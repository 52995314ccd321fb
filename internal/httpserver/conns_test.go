package httpserver

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// startWith starts a server with opts and a POST /hook route that waits
// for release (when set) before answering.
func startWith(t *testing.T, opts Options, release chan struct{}) *Server {
	t.Helper()
	s := New("127.0.0.1:0", func(context.Context) error { return nil }, nil, nil, opts)
	s.Handle("POST /hook", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if release != nil {
			<-release
		}
		io.WriteString(w, "hooked")
	}))
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		s.Shutdown(ctx)
	})
	return s
}

// idleConn opens a connection, sends one keep-alive GET /healthz, reads
// the answer, and leaves the connection open: what a flood of idle
// connections does.
func idleConn(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	fmt.Fprintf(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("GET /healthz: %v", err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return c
}

// closedByServer reports whether the server has closed c (a read ends
// with EOF or a reset rather than waiting).
func closedByServer(c net.Conn, wait time.Duration) bool {
	c.SetReadDeadline(time.Now().Add(wait))
	_, err := c.Read(make([]byte, 1))
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		return false
	}
	return err != nil
}

func hook(t *testing.T, addr string) (int, string) {
	t.Helper()
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Post("http://"+addr+"/hook", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatalf("POST /hook: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestIdleConnectionsAreClosedToMakeRoom(t *testing.T) {
	const max = 10
	s := startWith(t, Options{MaxConns: max}, nil)
	var flood []net.Conn
	for range 4 * max {
		flood = append(flood, idleConn(t, s.Addr()))
	}
	// A webhook still gets in, and its answer, with the flood holding on.
	for range 3 {
		if code, body := hook(t, s.Addr()); code != 200 || body != "hooked" {
			t.Fatalf("POST /hook: %d %q", code, body)
		}
	}
	closed := 0
	for _, c := range flood {
		if closedByServer(c, 50*time.Millisecond) {
			closed++
		}
	}
	if open := len(flood) - closed; open > max {
		t.Errorf("%d of %d idle connections are still open; the cap is %d", open, len(flood), max)
	}
	if open, evicted := s.Conns(); open > max || evicted < 3*max {
		t.Errorf("Conns() = %d open, %d closed to make room", open, evicted)
	}
}

func TestBusyConnectionsAreNeverClosed(t *testing.T) {
	const max = 4
	release := make(chan struct{})
	s := startWith(t, Options{MaxConns: max}, release)
	var wg sync.WaitGroup
	codes := make(chan int, max)
	for range max {
		wg.Go(func() {
			code, _ := hook(t, s.Addr())
			codes <- code
		})
	}
	// Wait until all max requests are in the handler.
	deadline := time.Now().Add(5 * time.Second)
	for {
		if open, _ := s.Conns(); open == max {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the requests never all arrived")
		}
		time.Sleep(10 * time.Millisecond)
	}
	// One more connection waits for room: nothing can be closed.
	extra, err := net.DialTimeout("tcp", s.Addr(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer extra.Close()
	fmt.Fprintf(extra, "POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx")
	time.Sleep(100 * time.Millisecond)
	if _, evicted := s.Conns(); evicted != 0 {
		t.Errorf("%d busy connections were closed", evicted)
	}
	close(release)
	wg.Wait()
	close(codes)
	for code := range codes {
		if code != 200 {
			t.Errorf("a busy request got %d", code)
		}
	}
	extra.SetReadDeadline(time.Now().Add(5 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(extra), nil)
	if err != nil || resp.StatusCode != 200 {
		t.Errorf("the waiting request: %v %v", resp, err)
	}
}

func TestSilentConnectionsMakeRoomAfterTheirGrace(t *testing.T) {
	const max = 5
	s := startWith(t, Options{MaxConns: max, NewConnGrace: 100 * time.Millisecond}, nil)
	var silent []net.Conn
	for range max {
		c, err := net.Dial("tcp", s.Addr())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		silent = append(silent, c)
	}
	if code, _ := hook(t, s.Addr()); code != 200 {
		t.Fatalf("POST /hook: %d", code)
	}
	closed := 0
	for _, c := range silent {
		if closedByServer(c, 50*time.Millisecond) {
			closed++
		}
	}
	if closed == 0 {
		t.Error("no silent connection was closed to make room")
	}
}

func TestTimeoutsCloseSilentAndIdleConnections(t *testing.T) {
	s := startWith(t, Options{ReadHeaderTimeout: 200 * time.Millisecond, IdleTimeout: 300 * time.Millisecond}, nil)
	silent, err := net.Dial("tcp", s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	idle := idleConn(t, s.Addr())
	for name, c := range map[string]net.Conn{"a connection that sends nothing": silent, "an idle keep-alive connection": idle} {
		if !closedByServer(c, 3*time.Second) {
			t.Errorf("%s is still open", name)
		}
	}
}

func TestDefaultsSuitWebhooks(t *testing.T) {
	s := New("127.0.0.1:0", func(context.Context) error { return nil }, nil, nil)
	if s.opts.MaxConns != DefaultMaxConns || s.srv.ReadHeaderTimeout != DefaultReadHeaderTimeout ||
		s.srv.ReadTimeout != DefaultReadTimeout || s.srv.WriteTimeout != DefaultWriteTimeout ||
		s.srv.IdleTimeout != DefaultIdleTimeout || s.srv.MaxHeaderBytes != MaxHeaderBytes {
		t.Errorf("defaults %+v, server %+v", s.opts, s.srv)
	}
	// Slack and Discord wait 3 s for an answer; a client may keep a
	// connection but not for minutes.
	if s.srv.WriteTimeout < 3*time.Second || s.srv.IdleTimeout > time.Minute || DefaultMaxConns > 4096 {
		t.Errorf("timeouts or cap unfit for webhooks: %+v", s.opts)
	}
}

func TestHealthAndMetricsFloodsDoNotQueue(t *testing.T) {
	var mu sync.Mutex
	checks := 0
	hold := make(chan struct{})
	s := New("127.0.0.1:0", func(ctx context.Context) error {
		mu.Lock()
		checks++
		mu.Unlock()
		return nil
	}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-hold; io.WriteString(w, "m 1\n") }), nil)
	s.Handle("POST /hook", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "hooked") }))
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	defer s.Shutdown(context.Background())
	base := "http://" + s.Addr()
	// Fill /metrics's room with requests that hang.
	var wg sync.WaitGroup
	for range maxLight {
		wg.Go(func() {
			resp, err := http.Get(base + "/metrics")
			if err == nil {
				resp.Body.Close()
			}
		})
	}
	time.Sleep(200 * time.Millisecond)
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Errorf("/healthz while /metrics is full: %d, want 503 with Retry-After", resp.StatusCode)
	}
	if code, body := hook(t, s.Addr()); code != 200 || body != "hooked" {
		t.Errorf("a webhook while /metrics is full: %d %q", code, body)
	}
	close(hold)
	wg.Wait()
	for range 50 {
		resp, err := http.Get(base + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	mu.Lock()
	defer mu.Unlock()
	if checks > 3 {
		t.Errorf("50 /healthz in a moment ran the health check %d times", checks)
	}
}

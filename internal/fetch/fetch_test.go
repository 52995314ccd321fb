package fetch

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"
)

// names is a resolver for tests: a fixed map from names to addresses.
type names map[string][]netip.Addr

func (n names) LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error) {
	if ips, ok := n[host]; ok {
		return ips, nil
	}
	return nil, errors.New("no such host")
}

func addrs(ss ...string) []netip.Addr {
	var out []netip.Addr
	for _, s := range ss {
		out = append(out, netip.MustParseAddr(s))
	}
	return out
}

func TestBlocked(t *testing.T) {
	for ip, want := range map[string]bool{
		"127.0.0.1": true, "127.1.2.3": true, "10.0.0.8": true, "172.16.5.4": true, "192.168.1.1": true,
		"169.254.169.254": true, "100.64.0.1": true, "0.0.0.0": true, "0.1.2.3": true, "224.0.0.1": true,
		"255.255.255.255": true, "::1": true, "::": true, "fe80::1": true, "fc00::1": true, "fd12:3456::1": true,
		"::ffff:127.0.0.1": true, "::ffff:169.254.169.254": true, "64:ff9b::a9fe:a9fe": true, "ff02::1": true,
		"93.184.216.34": false, "8.8.8.8": false, "2606:4700::1111": false, "::ffff:8.8.8.8": false, "64:ff9b::808:808": false,
	} {
		if got := Blocked(netip.MustParseAddr(ip)); got != want {
			t.Errorf("Blocked(%s) = %v, want %v", ip, got, want)
		}
	}
}

func TestGuardRefusesPrivateAddresses(t *testing.T) {
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++ }))
	defer srv.Close()
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	c := New(Options{Timeout: 2 * time.Second, Resolver: names{
		"loopback.test":  addrs("127.0.0.1"),
		"metadata.test":  addrs("169.254.169.254"),
		"private.test":   addrs("10.1.2.3"),
		"mixed.test":     addrs("192.168.0.1", "127.0.0.1"),
		"mapped.test":    addrs("::ffff:127.0.0.1"),
		"localhost.test": addrs("::1", "127.0.0.1"),
	}})
	for _, u := range []string{
		srv.URL, "http://127.0.0.1:" + port, "http://[::1]:" + port, "http://169.254.169.254/latest/meta-data/",
		"http://10.0.0.1/", "http://loopback.test:" + port, "http://metadata.test/", "http://private.test/",
		"http://mixed.test:" + port, "http://mapped.test:" + port, "http://localhost.test:" + port,
	} {
		_, err := c.Get(context.Background(), u, Validators{})
		if !errors.Is(err, ErrBlocked) || !strings.Contains(err.Error(), "BRIEF_ALLOW_PRIVATE_NETWORKS") {
			t.Errorf("Get(%s) = %v, want refused", u, err)
		}
	}
	if hits != 0 {
		t.Errorf("the server was reached %d times", hits)
	}
}

func TestRedirectToPrivateIsRefused(t *testing.T) {
	// The first hop is "public" (the test resolver says so, though it is the
	// loopback server); it redirects to 127.0.0.1, which must be refused.
	inner := 0
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { inner++ }))
	defer target.Close()
	public := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL+"/secret", http.StatusFound)
	}))
	defer public.Close()
	c := New(Options{Resolver: names{}})
	// Dial the "public" hop through a wrapper that allows only its port.
	c.opts.AllowPrivate = false
	tr := c.http.Transport.(*http.Transport)
	publicAddr := strings.TrimPrefix(public.URL, "http://")
	dial := tr.DialContext
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if addr == "public.test:80" {
			return (&net.Dialer{}).DialContext(ctx, network, publicAddr)
		}
		return dial(ctx, network, addr)
	}
	_, err := c.Get(context.Background(), "http://public.test/", Validators{})
	if !errors.Is(err, ErrBlocked) {
		t.Errorf("redirect to loopback: %v, want refused", err)
	}
	if inner != 0 {
		t.Error("the private target was reached")
	}
}

func TestGetWithPrivateAllowed(t *testing.T) {
	var gotUA, gotINM string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotUA, gotINM = r.UserAgent(), r.Header.Get("If-None-Match")
		switch r.URL.Path {
		case "/page":
			if gotINM == `"v1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", `"v1"`)
			w.Header().Set("Last-Modified", "Sun, 29 Nov 2026 06:00:00 GMT")
			w.Header().Set("Content-Type", "text/html; charset=ISO-8859-1")
			w.Write([]byte("<html>hello</html>"))
		case "/moved":
			http.Redirect(w, r, "/page", http.StatusMovedPermanently)
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case "/busy":
			w.Header().Set("Retry-After", "120")
			w.WriteHeader(http.StatusTooManyRequests)
		case "/huge":
			w.Write([]byte(strings.Repeat("x", 2048)))
		case "/huge-declared":
			w.Header().Set("Content-Length", "999999999")
			w.WriteHeader(200)
		case "/ftp":
			http.Redirect(w, r, "ftp://example.com/x", http.StatusFound)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	c := New(Options{AllowPrivate: true, MaxBytes: 1024, Timeout: 5 * time.Second})
	ctx := context.Background()

	resp, err := c.Get(ctx, srv.URL+"/moved", Validators{})
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != "<html>hello</html>" || resp.URL != srv.URL+"/page" || resp.ContentType != "text/html" || resp.Charset != "iso-8859-1" {
		t.Errorf("response %+v", resp)
	}
	if !strings.HasPrefix(gotUA, "brief/") {
		t.Errorf("User-Agent %q does not name the bot", gotUA)
	}
	again, err := c.Get(ctx, srv.URL+"/page", resp.Validators)
	if err != nil || !again.NotModified || gotINM != `"v1"` || again.Validators.ETag != `"v1"` {
		t.Errorf("conditional GET: %+v %v (If-None-Match %q)", again, err, gotINM)
	}
	var se *StatusError
	if _, err := c.Get(ctx, srv.URL+"/busy", Validators{}); !errors.As(err, &se) || se.Status != 429 || se.RetryAfter != 2*time.Minute {
		t.Errorf("429: %v", err)
	}
	if _, err := c.Get(ctx, srv.URL+"/nope", Validators{}); !errors.As(err, &se) || se.Status != 404 {
		t.Errorf("404: %v", err)
	}
	for _, p := range []string{"/huge", "/huge-declared"} {
		if _, err := c.Get(ctx, srv.URL+p, Validators{}); !errors.Is(err, ErrTooLarge) {
			t.Errorf("%s: %v, want too large", p, err)
		}
	}
	if _, err := c.Get(ctx, srv.URL+"/loop", Validators{}); err == nil || !strings.Contains(err.Error(), "redirects") {
		t.Errorf("redirect loop: %v", err)
	}
	if _, err := c.Get(ctx, srv.URL+"/ftp", Validators{}); !errors.Is(err, ErrScheme) {
		t.Errorf("redirect to ftp: %v", err)
	}
	for _, u := range []string{"file:///etc/passwd", "gopher://x", "http://", "::not a url"} {
		if _, err := c.Get(ctx, u, Validators{}); err == nil {
			t.Errorf("Get(%q) succeeded", u)
		}
	}
}

func TestTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release }))
	defer srv.Close()
	defer close(release)
	c := New(Options{AllowPrivate: true, Timeout: 200 * time.Millisecond})
	start := time.Now()
	_, err := c.Get(context.Background(), srv.URL, Validators{})
	if err == nil || time.Since(start) > 5*time.Second {
		t.Errorf("slow server: %v after %s", err, time.Since(start))
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 29, 6, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"": 0, "30": 30 * time.Second, "1.5": 1500 * time.Millisecond, "-5": 0, "NaN": 0, "Inf": 0, "1e300": 24 * time.Hour,
		"Sun, 29 Nov 2026 06:02:00 GMT": 2 * time.Minute, "Sun, 29 Nov 2026 05:00:00 GMT": 0, "soon": 0,
	} {
		if got := ParseRetryAfter(v, now); got != want {
			t.Errorf("ParseRetryAfter(%q) = %s, want %s", v, got, want)
		}
	}
}

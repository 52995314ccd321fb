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
	tests := []struct {
		name    string
		ips     []string
		blocked bool
	}{
		{"loopback", []string{"127.0.0.1", "127.1.2.3", "::1"}, true},
		{"private", []string{"10.0.0.8", "172.16.5.4", "192.168.1.1", "fc00::1", "fd12:3456::1"}, true},
		{"link-local and metadata", []string{"169.254.169.254", "fe80::1", "fe80::1%eth0"}, true},
		{"unspecified and this network", []string{"0.0.0.0", "0.1.2.3", "::"}, true},
		{"multicast and broadcast", []string{"224.0.0.1", "239.1.1.1", "255.255.255.255", "ff02::1", "ff0e::1"}, true},
		{"carrier-grade NAT", []string{"100.64.0.1", "100.127.255.254"}, true},
		{"IETF protocol assignments", []string{"192.0.0.1", "192.0.0.170"}, true},
		{"documentation", []string{"192.0.2.1", "198.51.100.7", "203.0.113.9", "2001:db8::1", "3fff::1"}, true},
		{"benchmarking", []string{"198.18.0.0", "198.19.255.255", "2001:2::1"}, true},
		{"6to4 relay anycast", []string{"192.88.99.1"}, true},
		{"reserved class E", []string{"240.0.0.1", "250.1.2.3", "255.255.255.254"}, true},
		{"IPv6 discard, dummy, SRv6, site-local", []string{"100::1", "100:0:0:1::1", "5f00::1", "fec0::1"}, true},
		{"local-use NAT64", []string{"64:ff9b:1::a9fe:a9fe", "64:ff9b:1::808:808"}, true},
		{"IPv4-mapped loopback and metadata", []string{"::ffff:127.0.0.1", "::ffff:169.254.169.254"}, true},
		{"IPv4-compatible loopback and private", []string{"::127.0.0.1", "::7f00:1", "::10.0.0.1", "::169.254.169.254"}, true},
		{"NAT64 of metadata", []string{"64:ff9b::a9fe:a9fe", "64:ff9b::127.0.0.1"}, true},
		{"6to4 of loopback and private", []string{"2002:7f00:1::", "2002:7f00:0001:0:0:0:0:1", "2002:a00:1::1", "2002:c0a8:101::1", "2002:a9fe:a9fe::"}, true},
		{"Teredo of a private client", []string{"2001:0:4136:e378:8000:63bf:f5ff:fffe"}, true}, // client 10.0.0.1
		{"Teredo through a loopback server", []string{"2001:0:7f00:1:0:0:f7f7:f7f7"}, true},
		{"IPv4-translated loopback", []string{"::ffff:0:7f00:1"}, true},
		{"public IPv4", []string{"93.184.216.34", "8.8.8.8", "1.1.1.1", "198.17.255.255", "198.20.0.0", "192.0.1.1", "223.255.255.254"}, false},
		{"public IPv6", []string{"2606:4700::1111", "2a00:1450:4001::200e"}, false},
		{"IPv4 carried in IPv6, public", []string{"::ffff:8.8.8.8", "64:ff9b::808:808", "::8.8.8.8", "2002:808:808::1", "2001:0:4136:e378:8000:63bf:f7f7:f7f7"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, s := range tt.ips {
				if got := Blocked(netip.MustParseAddr(s)); got != tt.blocked {
					t.Errorf("Blocked(%s) = %v, want %v", s, got, tt.blocked)
				}
			}
		})
	}
	if !Blocked(netip.Addr{}) {
		t.Error("the zero address is not blocked")
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
		"compat.test":    addrs("::127.0.0.1"),
		"sixtofour.test": addrs("2002:7f00:1::"),
	}})
	for _, u := range []string{
		srv.URL, "http://127.0.0.1:" + port, "http://[::1]:" + port, "http://169.254.169.254/latest/meta-data/",
		"http://10.0.0.1/", "http://loopback.test:" + port, "http://metadata.test/", "http://private.test/",
		"http://mixed.test:" + port, "http://mapped.test:" + port, "http://localhost.test:" + port,
		"http://[::127.0.0.1]:" + port, "http://[2002:7f00:1::]:" + port, "http://198.18.0.1:" + port,
		"http://compat.test:" + port, "http://sixtofour.test:" + port,
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

func TestCredentialsAreNeverSent(t *testing.T) {
	var hits int
	var auths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		if a := r.Header.Get("Authorization"); a != "" {
			auths = append(auths, a)
		}
		if r.URL.Path == "/redirect" {
			http.Redirect(w, r, "http://bob:hunter2@"+r.Host+"/page", http.StatusFound)
			return
		}
		w.Write([]byte("<html>page</html>"))
	}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	c := New(Options{AllowPrivate: true, Timeout: 5 * time.Second})
	tests := []struct {
		name, url string
		hits      int
	}{
		{"user and password", "http://alice:secret@" + host + "/page", 0},
		{"user alone", "http://alice@" + host + "/page", 0},
		{"redirect to an address with a password", srv.URL + "/redirect", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, auths = 0, nil
			_, err := c.Get(context.Background(), tt.url, Validators{})
			if !errors.Is(err, ErrCredentials) {
				t.Fatalf("Get = %v, want ErrCredentials", err)
			}
			for _, secret := range []string{"secret", "hunter2", "alice", "bob"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("the error %q shows %q", err, secret)
				}
			}
			if hits != tt.hits || len(auths) != 0 {
				t.Errorf("the server got %d requests (want %d), Authorization %q", hits, tt.hits, auths)
			}
		})
	}
}

func TestErrorsRedactAddresses(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }))
	defer srv.Close()
	c := New(Options{Timeout: 2 * time.Second, Resolver: names{"private.test": addrs("10.0.0.1")}})
	open := New(Options{AllowPrivate: true, Timeout: 2 * time.Second})
	tests := []struct {
		name   string
		client *Client
		url    string
	}{
		{"refused by the guard", c, "http://private.test/feed?token=s3cr3t"},
		{"not found", open, srv.URL + "/feed?api_key=s3cr3t"},
		{"not http", c, "ftp://x.example/?password=s3cr3t"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.client.Get(context.Background(), tt.url, Validators{})
			if err == nil {
				t.Fatal("Get succeeded")
			}
			if strings.Contains(err.Error(), "s3cr3t") || !strings.Contains(err.Error(), "redacted") {
				t.Errorf("error %q", err)
			}
		})
	}
}

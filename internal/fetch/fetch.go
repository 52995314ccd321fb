// Package fetch is the one HTTP client for everything the bot reads from
// the web (pages for /brief add, feeds): timeouts, a size cap, a
// User-Agent naming the bot, limited redirects re-checked at every hop,
// conditional GET, Retry-After, and a guard that refuses private,
// loopback, link-local and metadata addresses on the resolved IP, so a
// DNS name pointing at 127.0.0.1 or 169.254.169.254 is refused too.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"brief/internal/textsafe"
)

// Defaults.
const (
	DefaultMaxBytes     = 5 << 20 // a page over 5 MB is refused
	DefaultTimeout      = 20 * time.Second
	DefaultMaxRedirects = 5
	DefaultUserAgent    = "brief/1.0 (news-briefing bot; +https://github.com/brief)"
)

// Errors a caller may want to tell apart.
var (
	ErrBlocked  = errors.New("address is private, loopback, link-local or otherwise not public")
	ErrTooLarge = errors.New("response is larger than the size cap")
	ErrScheme   = errors.New("only http and https addresses can be fetched")
	// ErrCredentials refuses an address with a user name or password in
	// it: brief never sends one to a site, nor keeps or shows it.
	ErrCredentials = errors.New("addresses with a user name or password are not fetched")
)

// A Resolver looks up a host's addresses (net.DefaultResolver does).
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// Options configure a Client; the zero value is the safe default.
type Options struct {
	// AllowPrivate lets the client reach private and loopback addresses
	// (BRIEF_ALLOW_PRIVATE_NETWORKS): tests and intranets.
	AllowPrivate bool
	Timeout      time.Duration // whole request, default DefaultTimeout
	MaxBytes     int64         // body cap, default DefaultMaxBytes
	MaxRedirects int           // default DefaultMaxRedirects
	UserAgent    string        // default DefaultUserAgent
	Resolver     Resolver      // default net.DefaultResolver
}

// A Client fetches pages and feeds. It is safe for concurrent use.
type Client struct {
	opts Options
	http *http.Client
}

// New makes a client.
func New(opts Options) *Client {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.MaxRedirects <= 0 {
		opts.MaxRedirects = DefaultMaxRedirects
	}
	if opts.UserAgent == "" {
		opts.UserAgent = DefaultUserAgent
	}
	if opts.Resolver == nil {
		opts.Resolver = net.DefaultResolver
	}
	c := &Client{opts: opts}
	tr := &http.Transport{
		Proxy:                 nil, // a proxy would dial for us and bypass the guard
		DialContext:           c.dial,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: opts.Timeout,
		MaxIdleConns:          20,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	c.http = &http.Client{
		Transport: tr,
		Timeout:   opts.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > opts.MaxRedirects {
				return fmt.Errorf("fetch: more than %d redirects", opts.MaxRedirects)
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("fetch: redirect to %s: %w", Redact(req.URL), ErrScheme)
			}
			if req.URL.User != nil {
				return fmt.Errorf("fetch: redirect to %s: %w", Redact(req.URL), ErrCredentials)
			}
			return nil // the dial of the next hop checks its address
		},
	}
	return c
}

// dial resolves the host itself, refuses blocked addresses unless private
// networks are allowed, and connects to the checked IP (not the name, so
// a second lookup can't return something else).
func (c *Client) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	var ips []netip.Addr
	if ip, err := netip.ParseAddr(host); err == nil {
		ips = []netip.Addr{ip}
	} else {
		ips, err = c.opts.Resolver.LookupNetIP(ctx, "ip", host)
		if err != nil {
			return nil, fmt.Errorf("fetch: look up %s: %w", host, err)
		}
	}
	var d net.Dialer
	var lastErr error = fmt.Errorf("fetch: %s has no addresses", host)
	for _, ip := range ips {
		ip = ip.Unmap()
		if !c.opts.AllowPrivate && Blocked(ip) {
			lastErr = fmt.Errorf("fetch: %s resolves to %s: %w", host, ip, ErrBlocked)
			continue
		}
		conn, err := d.DialContext(ctx, network, net.JoinHostPort(ip.String(), port))
		if err == nil {
			return conn, nil
		}
		lastErr = err
	}
	return nil, lastErr
}

// nonPublic are the IANA special-purpose ranges (RFC 6890 and its
// updates) that are not globally reachable, beside what netip's
// predicates cover (loopback, RFC 1918 and ULA, link-local, multicast,
// unspecified).
var nonPublic = func() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range []string{
		"0.0.0.0/8",       // "this network"
		"100.64.0.0/10",   // carrier-grade NAT (RFC 6598)
		"192.0.0.0/24",    // IETF protocol assignments
		"192.0.2.0/24",    // documentation (TEST-NET-1)
		"192.88.99.0/24",  // 6to4 relay anycast (deprecated)
		"198.18.0.0/15",   // benchmarking (RFC 2544)
		"198.51.100.0/24", // documentation (TEST-NET-2)
		"203.0.113.0/24",  // documentation (TEST-NET-3)
		"240.0.0.0/4",     // reserved, and 255.255.255.255
		"64:ff9b:1::/48",  // local-use IPv4/IPv6 translation (RFC 8215)
		"100::/64",        // discard-only (RFC 6666)
		"100:0:0:1::/64",  // dummy prefix (RFC 9780)
		"2001::/23",       // IETF protocol assignments (Teredo is judged apart)
		"2001:db8::/32",   // documentation
		"3fff::/20",       // documentation (RFC 9637)
		"5f00::/16",       // segment routing SIDs (RFC 9602)
		"fec0::/10",       // site-local (deprecated)
	} {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}()

// Prefixes of IPv6 addresses that carry an IPv4 address.
var (
	nat64     = netip.MustParsePrefix("64:ff9b::/96")    // NAT64 well-known prefix: the last 32 bits
	sixToFour = netip.MustParsePrefix("2002::/16")       // 6to4: bits 16–47
	teredo    = netip.MustParsePrefix("2001::/32")       // Teredo: the server in bits 32–63, the client inverted in the last 32
	compat    = netip.MustParsePrefix("::/96")           // IPv4-compatible (deprecated): the last 32 bits
	siit      = netip.MustParsePrefix("::ffff:0:0:0/96") // IPv4-translated (SIIT): the last 32 bits
)

// Blocked reports whether ip is not a public unicast address: loopback,
// private (RFC 1918, IPv6 ULA), link-local (169.254.0.0/16, where cloud
// metadata services live, and fe80::/10), multicast, unspecified, and
// the other special-purpose ranges (CGNAT, benchmarking, documentation,
// reserved; see nonPublic). An IPv6 address that carries an IPv4 one
// (IPv4-mapped, IPv4-compatible, NAT64, 6to4, Teredo, SIIT) is judged by
// the IPv4 address it carries.
func Blocked(ip netip.Addr) bool {
	if !ip.IsValid() {
		return true
	}
	ip = ip.WithZone("").Unmap()
	if ip.Is6() {
		if carried := embeddedIPv4(ip); len(carried) > 0 {
			for _, v4 := range carried {
				if Blocked(v4) {
					return true
				}
			}
			return false
		}
	}
	if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() {
		return true
	}
	for _, p := range nonPublic {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// embeddedIPv4 returns the IPv4 addresses an IPv6 address carries, or
// none when it carries none.
func embeddedIPv4(ip netip.Addr) []netip.Addr {
	b := ip.As16()
	v4 := func(i int) netip.Addr { return netip.AddrFrom4([4]byte{b[i], b[i+1], b[i+2], b[i+3]}) }
	switch {
	case compat.Contains(ip), siit.Contains(ip), nat64.Contains(ip):
		return []netip.Addr{v4(12)}
	case sixToFour.Contains(ip):
		return []netip.Addr{v4(2)}
	case teredo.Contains(ip):
		client := netip.AddrFrom4([4]byte{^b[12], ^b[13], ^b[14], ^b[15]})
		return []netip.Addr{v4(4), client}
	}
	return nil
}

// Validators are a previous response's, for a conditional GET.
type Validators struct {
	ETag         string
	LastModified string
}

// A Response is a fetched page or feed.
type Response struct {
	URL         string // after redirects
	Status      int
	ContentType string // the media type, lower-case, without parameters
	Charset     string
	Body        []byte
	NotModified bool // 304: Body is empty, the caller's copy is current
	Validators  Validators
	Header      http.Header
}

// A StatusError is a response that was not a success.
type StatusError struct {
	URL        string // redacted (Redact): fit to log and show
	Status     int
	RetryAfter time.Duration // from Retry-After on 429 and 503, else 0
}

func (e *StatusError) Error() string {
	msg := fmt.Sprintf("fetch: %s answered %d %s", e.URL, e.Status, http.StatusText(e.Status))
	if e.RetryAfter > 0 {
		msg += fmt.Sprintf(" (retry after %s)", e.RetryAfter)
	}
	return msg
}

// Get fetches rawURL. With validators it asks conditionally and reports
// NotModified on 304. A non-2xx status is a *StatusError; a body over the
// cap is ErrTooLarge; a blocked address is ErrBlocked.
func (c *Client) Get(ctx context.Context, rawURL string, v Validators) (*Response, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		// url.Parse's error repeats the address: not wrapped.
		return nil, fmt.Errorf("fetch: %q is not a web address", textsafe.RedactURL(rawURL))
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("fetch: %s: %w", Redact(u), ErrScheme)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("fetch: %q has no host", textsafe.RedactURL(rawURL))
	}
	if u.User != nil {
		return nil, fmt.Errorf("fetch: %s: %w", Redact(u), ErrCredentials)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("fetch: %w", err)
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	req.Header.Set("Accept", "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, */*;q=0.5")
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Header.Set("If-Modified-Since", v.LastModified)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, explain(u, err)
	}
	defer resp.Body.Close()
	out := &Response{
		URL:        resp.Request.URL.String(),
		Status:     resp.StatusCode,
		Header:     resp.Header,
		Validators: Validators{ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")},
	}
	if mt, params, err := mime.ParseMediaType(resp.Header.Get("Content-Type")); err == nil {
		out.ContentType = strings.ToLower(mt)
		out.Charset = strings.ToLower(params["charset"])
	}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		out.NotModified = true
		if out.Validators == (Validators{}) {
			out.Validators = v
		}
		return out, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return nil, &StatusError{URL: Redact(resp.Request.URL), Status: resp.StatusCode, RetryAfter: retryAfter(resp, time.Now())}
	}
	shown := Redact(resp.Request.URL)
	if resp.ContentLength > c.opts.MaxBytes {
		return nil, fmt.Errorf("fetch: %s is %d bytes, over the %d-byte cap: %w", shown, resp.ContentLength, c.opts.MaxBytes, ErrTooLarge)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.opts.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("fetch: read %s: %w", shown, err)
	}
	if int64(len(body)) > c.opts.MaxBytes {
		return nil, fmt.Errorf("fetch: %s is over the %d-byte cap: %w", shown, c.opts.MaxBytes, ErrTooLarge)
	}
	out.Body = body
	return out, nil
}

// explain turns the transport's error into one that says what happened,
// keeping ErrBlocked, ErrScheme and ErrCredentials reachable with
// errors.Is. The transport's own error names the address unredacted
// (url.Error), so only its cause is kept.
func explain(u *url.URL, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	shown := Redact(u)
	switch {
	case errors.Is(err, ErrBlocked):
		return fmt.Errorf("fetch: %s: refused: %w (set BRIEF_ALLOW_PRIVATE_NETWORKS=true to allow it)", shown, ErrBlocked)
	case errors.Is(err, ErrScheme):
		return fmt.Errorf("fetch: %s: %w", shown, ErrScheme)
	case errors.Is(err, ErrCredentials):
		return fmt.Errorf("fetch: %s: %w", shown, ErrCredentials)
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("fetch: %s: timed out: %w", shown, err)
	}
	return fmt.Errorf("fetch: %s: %w", shown, err)
}

// Redact is the address as brief logs and shows it: textsafe.RedactURL,
// without user name, password or credential-like parameters.
func Redact(u *url.URL) string {
	if u == nil {
		return ""
	}
	return textsafe.RedactURL(u.String())
}

// retryAfter reads Retry-After (seconds or an HTTP date) on 429 and 503.
func retryAfter(resp *http.Response, now time.Time) time.Duration {
	if resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable {
		return 0
	}
	return ParseRetryAfter(resp.Header.Get("Retry-After"), now)
}

// ParseRetryAfter reads a Retry-After value: delay seconds or an HTTP
// date. It returns 0 when the value is missing or unreadable, and caps
// the wait at a day.
func ParseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if !(secs > 0) || math.IsInf(secs, 0) { // also NaN
			return 0
		}
		if secs > 86400 {
			return 24 * time.Hour
		}
		d = time.Duration(secs * float64(time.Second))
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	if d < 0 {
		return 0
	}
	return min(d, 24*time.Hour)
}

// Unreachable says why a site could not be reached, when that is the
// site's or the address's doing (a name that does not resolve, a refused
// connection, no answer in time): a sentence with a %s for what was
// fetched ("That feed", an address). It is "" for any other error.
func Unreachable(err error) string {
	var dns *net.DNSError
	var op *net.OpError
	switch {
	case errors.As(err, &dns) && (dns.IsNotFound || !dns.IsTemporary):
		return "%s can't be reached: its site name does not exist."
	case errors.As(err, &dns):
		return "%s can't be reached right now: its site name could not be looked up. Try again later."
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &op) && op.Timeout():
		return "%s did not answer in time. Try again later."
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return "%s can't be reached: the site refused or dropped the connection."
	}
	return ""
}

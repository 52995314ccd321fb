package feeds

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Poll intervals.
const (
	DefaultInterval = 30 * time.Minute // when the feed says nothing
	MinInterval     = 5 * time.Minute  // however often the feed asks
	MaxInterval     = 24 * time.Hour   // however rarely it asks, and the longest backoff
)

// bounds are the poll intervals a Service keeps to.
type bounds struct{ min, def, max time.Duration }

var defaultBounds = bounds{MinInterval, DefaultInterval, MaxInterval}

// interval is how long to wait before polling again: the longest of the
// feed's <ttl> and the response's freshness (Cache-Control max-age, else
// Expires), clamped to [b.min, b.max]. ok is false when neither says
// anything (the caller keeps what it had, or the default).
func (b bounds) interval(ttl time.Duration, h http.Header, now time.Time) (d time.Duration, ok bool) {
	hint := max(ttl, freshness(h, now))
	if hint <= 0 {
		return b.def, false
	}
	return b.clamp(hint), true
}

func (b bounds) clamp(d time.Duration) time.Duration {
	return min(max(d, b.min), b.max)
}

// freshness reads how long a response stays fresh: Cache-Control max-age
// (s-maxage for a shared cache is not ours), else Expires minus the
// response's Date (or now). no-store, no-cache and max-age=0 say nothing
// about how often to poll, so they count as no hint.
func freshness(h http.Header, now time.Time) time.Duration {
	if h == nil {
		return 0
	}
	for _, cc := range h.Values("Cache-Control") {
		for _, dir := range strings.Split(cc, ",") {
			k, v, _ := strings.Cut(strings.TrimSpace(dir), "=")
			if !strings.EqualFold(strings.TrimSpace(k), "max-age") {
				continue
			}
			secs, err := strconv.ParseInt(strings.Trim(strings.TrimSpace(v), `"`), 10, 64)
			if err != nil || secs <= 0 {
				return 0
			}
			return time.Duration(min(secs, int64(MaxInterval/time.Second))) * time.Second
		}
	}
	exp, err := http.ParseTime(h.Get("Expires"))
	if err != nil {
		return 0
	}
	from := now
	if date, err := http.ParseTime(h.Get("Date")); err == nil {
		from = date
	}
	if d := exp.Sub(from); d > 0 {
		return min(d, MaxInterval)
	}
	return 0
}

// backoff is the wait after the nth consecutive failure: the feed's
// interval, doubling with each failure, at most b.max.
func (b bounds) backoff(every time.Duration, failures int) time.Duration {
	d := b.clamp(every)
	for i := 1; i < failures && d < b.max; i++ {
		d *= 2
	}
	return min(d, b.max)
}

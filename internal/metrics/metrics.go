// Package metrics counts what the service does and serves it in the
// Prometheus text format (version 0.0.4) at GET /metrics: commands by name
// and outcome, their latency, posts by platform and outcome, and the size
// of the library. It is a handful of counters, so it is written out here
// rather than pulling in a client library.
package metrics

import (
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Buckets are the upper bounds, in seconds, of the command latency histogram.
var Buckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5}

// Metrics holds the service's counters. The zero value is not ready: use New.
type Metrics struct {
	start time.Time

	mu       sync.Mutex
	commands map[[2]string]uint64  // command, outcome
	latency  map[string]*histogram // by command
	posts    map[[2]string]uint64  // platform, outcome
	gauges   map[string]func() float64
}

type histogram struct {
	counts []uint64 // per bucket, not cumulative; the last is +Inf
	sum    float64
	n      uint64
}

// New makes an empty set of metrics.
func New(start time.Time) *Metrics {
	return &Metrics{
		start:    start,
		commands: map[[2]string]uint64{},
		latency:  map[string]*histogram{},
		posts:    map[[2]string]uint64{},
		gauges:   map[string]func() float64{},
	}
}

// Command records one command: its name, how long it took, its outcome.
func (m *Metrics) Command(name string, took time.Duration, outcome string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.commands[[2]string{name, outcome}]++
	h := m.latency[name]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(Buckets)+1)}
		m.latency[name] = h
	}
	s := took.Seconds()
	i, _ := slices.BinarySearch(Buckets, s)
	h.counts[i]++
	h.sum += s
	h.n++
}

// Post records one scheduled post attempt's outcome on a platform.
func (m *Metrics) Post(platform, outcome string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.posts[[2]string{platform, outcome}]++
}

// Gauge registers a value read at every scrape, under a name that must
// start with brief_.
func (m *Metrics) Gauge(name string, read func() float64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gauges[name] = read
}

// ServeHTTP writes the metrics in the Prometheus text format.
func (m *Metrics) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	m.WriteTo(w)
}

// WriteTo writes the metrics in the Prometheus text format.
func (m *Metrics) WriteTo(w io.Writer) (int64, error) {
	m.mu.Lock()
	var sb strings.Builder
	sb.WriteString("# HELP brief_commands_total Commands handled, by command and outcome.\n# TYPE brief_commands_total counter\n")
	for _, k := range sortedKeys(m.commands) {
		fmt.Fprintf(&sb, "brief_commands_total{command=%s,outcome=%s} %d\n", quote(k[0]), quote(k[1]), m.commands[k])
	}
	sb.WriteString("# HELP brief_command_duration_seconds How long commands took.\n# TYPE brief_command_duration_seconds histogram\n")
	for _, name := range slices.Sorted(maps.Keys(m.latency)) {
		h := m.latency[name]
		var cum uint64
		for i, le := range Buckets {
			cum += h.counts[i]
			fmt.Fprintf(&sb, "brief_command_duration_seconds_bucket{command=%s,le=\"%s\"} %d\n", quote(name), strconv.FormatFloat(le, 'g', -1, 64), cum)
		}
		cum += h.counts[len(Buckets)]
		fmt.Fprintf(&sb, "brief_command_duration_seconds_bucket{command=%s,le=\"+Inf\"} %d\n", quote(name), cum)
		fmt.Fprintf(&sb, "brief_command_duration_seconds_sum{command=%s} %s\n", quote(name), strconv.FormatFloat(h.sum, 'g', -1, 64))
		fmt.Fprintf(&sb, "brief_command_duration_seconds_count{command=%s} %d\n", quote(name), h.n)
	}
	sb.WriteString("# HELP brief_posts_total Scheduled posts, by platform and outcome.\n# TYPE brief_posts_total counter\n")
	for _, k := range sortedKeys(m.posts) {
		fmt.Fprintf(&sb, "brief_posts_total{platform=%s,outcome=%s} %d\n", quote(k[0]), quote(k[1]), m.posts[k])
	}
	gauges := maps.Clone(m.gauges)
	m.mu.Unlock()
	// Gauges are read without the lock: they may take their own.
	for _, name := range slices.Sorted(maps.Keys(gauges)) {
		fmt.Fprintf(&sb, "# TYPE %s gauge\n%s %s\n", name, name, strconv.FormatFloat(gauges[name](), 'g', -1, 64))
	}
	fmt.Fprintf(&sb, "# HELP brief_start_time_seconds When the service started, in Unix seconds.\n# TYPE brief_start_time_seconds gauge\nbrief_start_time_seconds %d\n", m.start.Unix())
	n, err := io.WriteString(w, sb.String())
	return int64(n), err
}

func sortedKeys(m map[[2]string]uint64) [][2]string {
	keys := slices.Collect(maps.Keys(m))
	slices.SortFunc(keys, func(a, b [2]string) int {
		if c := strings.Compare(a[0], b[0]); c != 0 {
			return c
		}
		return strings.Compare(a[1], b[1])
	})
	return keys
}

var labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)

// quote is a label value in the exposition format.
func quote(s string) string { return `"` + labelEscaper.Replace(s) + `"` }

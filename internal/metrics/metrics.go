// Package metrics counts what the service does and serves it at GET
// /metrics with the Prometheus client library: commands by name and
// outcome, their latency, scheduled posts by platform and outcome, the
// build (brief_build_info), the start time, whatever gauges and counters
// the service's parts register (Gauge, Counter), and the Go runtime and
// process metrics (go_*, process_*) operators expect. Every metric has a
// HELP line.
//
// Each Metrics has a registry of its own: no global state, so tests and
// several services in one process don't collide.
package metrics

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Buckets are the upper bounds, in seconds, of the command latency histogram.
var Buckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5}

// Build names the running build in brief_build_info.
type Build struct {
	Version  string // module version, or "(devel)"
	Revision string // VCS revision; "" when the build was not stamped
	Go       string // Go version
}

// Metrics holds the service's metrics. The zero value is not ready: use New.
type Metrics struct {
	reg      *prometheus.Registry
	commands *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	posts    *prometheus.CounterVec
	handler  http.Handler
}

// New registers the service's metrics, brief_build_info for b, the start
// time, and the Go runtime and process collectors. log receives the
// handler's errors (nil: discard).
func New(start time.Time, b Build, log *slog.Logger) *Metrics {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	reg := prometheus.NewRegistry()
	m := &Metrics{
		reg: reg,
		commands: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "brief_commands_total", Help: "Commands handled, by command and outcome (ok, invalid, refused, error).",
		}, []string{"command", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "brief_command_duration_seconds", Help: "How long commands took, by command.", Buckets: Buckets,
		}, []string{"command"}),
		posts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "brief_posts_total", Help: "Scheduled post attempts, by platform and outcome.",
		}, []string{"platform", "outcome"}),
	}
	build := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        "brief_build_info",
		Help:        "The running build: module version, VCS revision and Go version as labels; the value is 1.",
		ConstLabels: prometheus.Labels{"version": b.Version, "revision": b.Revision, "goversion": b.Go},
	})
	build.Set(1)
	started := prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "brief_start_time_seconds", Help: "When the service started, in Unix seconds.",
	})
	started.Set(float64(start.Unix()))
	reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.commands, m.latency, m.posts, build, started,
	)
	m.handler = promhttp.HandlerFor(reg, promhttp.HandlerOpts{
		ErrorLog: slog.NewLogLogger(log.With(slog.String("component", "metrics")).Handler(), slog.LevelWarn),
		Timeout:  5 * time.Second,
	})
	return m
}

// Command records one command: its name, how long it took, its outcome.
func (m *Metrics) Command(name string, took time.Duration, outcome string) {
	m.commands.WithLabelValues(name, outcome).Inc()
	m.latency.WithLabelValues(name).Observe(took.Seconds())
}

// Post records one scheduled post attempt's outcome on a platform.
func (m *Metrics) Post(platform, outcome string) { m.posts.WithLabelValues(platform, outcome).Inc() }

// Gauge registers a value read at every scrape, such as the articles in
// the library or whether this replica leads. The name must start with
// brief_ and be new; help says what it measures.
func (m *Metrics) Gauge(name, help string, read func() float64) {
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, read))
}

// LabeledGauge registers a gauge with one label, read at every scrape:
// read returns the value of each label value, such as each platform's.
func (m *Metrics) LabeledGauge(name, help, label string, read func() map[string]float64) {
	m.reg.MustRegister(&labeledGauge{desc: prometheus.NewDesc(name, help, []string{label}, nil), read: read})
}

// Counter registers a count read at every scrape that only goes up while
// the process runs, such as connections closed to make room. Its name
// ends in _total.
func (m *Metrics) Counter(name, help string, read func() float64) {
	m.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, read))
}

// ServeHTTP serves the metrics in the format the scraper asks for (the
// Prometheus text format by default).
func (m *Metrics) ServeHTTP(w http.ResponseWriter, r *http.Request) { m.handler.ServeHTTP(w, r) }

// Gatherer is the registry, for tests that read the metrics as values.
func (m *Metrics) Gatherer() prometheus.Gatherer { return m.reg }

// labeledGauge is a gauge vector whose values are read at scrape time.
type labeledGauge struct {
	desc *prometheus.Desc
	read func() map[string]float64
}

func (g *labeledGauge) Describe(ch chan<- *prometheus.Desc) { ch <- g.desc }

func (g *labeledGauge) Collect(ch chan<- prometheus.Metric) {
	for label, v := range g.read() {
		ch <- prometheus.MustNewConstMetric(g.desc, prometheus.GaugeValue, v, label)
	}
}

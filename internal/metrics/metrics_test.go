package metrics

import (
	"io"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"
)

func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("content type %q", ct)
	}
	body, _ := io.ReadAll(rec.Body)
	return string(body)
}

func TestExposition(t *testing.T) {
	m := New(time.Unix(1_800_000_000, 0), Build{Version: "v0.3.0", Revision: "a52d202f0354", Go: "go1.26.8"}, nil)
	m.Command("ask", 3*time.Millisecond, "ok")
	m.Command("ask", 2*time.Second, "ok")
	m.Command("schedule", time.Millisecond/2, "invalid")
	m.Post("slack", "posted")
	m.Post("slack", "posted")
	m.Post("discord", "paused")
	m.Gauge("brief_articles", "Articles in the library.", func() float64 { return 1124 })
	m.Counter("brief_http_connections_closed_for_room_total", "Connections closed to make room.", func() float64 { return 7 })
	m.LabeledGauge("brief_platform_ready", "Whether each platform is ready.", "platform", func() map[string]float64 {
		return map[string]float64{"slack": 1, "discord": 0}
	})

	text := scrape(t, m)
	for _, line := range []string{
		`brief_commands_total{command="ask",outcome="ok"} 2`,
		`brief_commands_total{command="schedule",outcome="invalid"} 1`,
		`brief_command_duration_seconds_bucket{command="ask",le="0.0025"} 0`,
		`brief_command_duration_seconds_bucket{command="ask",le="0.005"} 1`,
		`brief_command_duration_seconds_bucket{command="ask",le="2.5"} 2`,
		`brief_command_duration_seconds_bucket{command="ask",le="+Inf"} 2`,
		`brief_command_duration_seconds_count{command="ask"} 2`,
		`brief_command_duration_seconds_sum{command="ask"} 2.003`,
		`brief_command_duration_seconds_bucket{command="schedule",le="0.001"} 1`,
		`brief_posts_total{outcome="paused",platform="discord"} 1`,
		`brief_posts_total{outcome="posted",platform="slack"} 2`,
		`brief_articles 1124`,
		`brief_http_connections_closed_for_room_total 7`,
		`brief_platform_ready{platform="discord"} 0`,
		`brief_platform_ready{platform="slack"} 1`,
		`brief_start_time_seconds 1.8e+09`,
		`brief_build_info{goversion="go1.26.8",revision="a52d202f0354",version="v0.3.0"} 1`,
		`# TYPE brief_command_duration_seconds histogram`,
		`# TYPE brief_http_connections_closed_for_room_total counter`,
	} {
		if !strings.Contains(text, line+"\n") {
			t.Errorf("missing line %q in\n%s", line, text)
		}
	}
	// What operators expect from any Go service.
	for _, family := range []string{"go_goroutines", "go_memstats_heap_alloc_bytes", "process_resident_memory_bytes", "process_open_fds"} {
		if !regexp.MustCompile(`(?m)^` + family + ` `).MatchString(text) {
			t.Errorf("no %s", family)
		}
	}
}

// Every metric family has a HELP line.
func TestEveryMetricHasHelp(t *testing.T) {
	m := New(time.Now(), Build{Version: "(devel)"}, nil)
	m.Command("ask", time.Millisecond, "ok")
	m.Gauge("brief_articles", "Articles in the library.", func() float64 { return 1 })
	text := scrape(t, m)
	types := regexp.MustCompile(`(?m)^# TYPE (\S+) `).FindAllStringSubmatch(text, -1)
	if len(types) < 20 {
		t.Fatalf("only %d families:\n%s", len(types), text)
	}
	for _, ty := range types {
		if !regexp.MustCompile(`(?m)^# HELP ` + regexp.QuoteMeta(ty[1]) + ` \S`).MatchString(text) {
			t.Errorf("%s has no HELP", ty[1])
		}
	}
}

func TestLabelValuesAreEscaped(t *testing.T) {
	m := New(time.Now(), Build{}, nil)
	m.Command("a\"b\\c\nd", time.Millisecond, "ok")
	if text := scrape(t, m); !strings.Contains(text, `command="a\"b\\c\nd"`) {
		t.Errorf("label not escaped:\n%s", text)
	}
}

// A second metric of one name is a programming error, caught at once.
func TestDuplicateNamePanics(t *testing.T) {
	m := New(time.Now(), Build{}, nil)
	m.Gauge("brief_articles", "Articles.", func() float64 { return 1 })
	defer func() {
		if recover() == nil {
			t.Error("registering brief_articles twice did not panic")
		}
	}()
	m.Gauge("brief_articles", "Articles.", func() float64 { return 2 })
}

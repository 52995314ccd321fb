package metrics

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestExposition(t *testing.T) {
	m := New(time.Unix(1_800_000_000, 0))
	m.Command("ask", 3*time.Millisecond, "ok")
	m.Command("ask", 2*time.Second, "ok")
	m.Command("schedule", time.Millisecond/2, "invalid")
	m.Post("slack", "posted")
	m.Post("slack", "posted")
	m.Post("discord", "paused")
	m.Gauge("brief_articles", func() float64 { return 1124 })

	rec := httptest.NewRecorder()
	m.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("content type %q", ct)
	}
	body, _ := io.ReadAll(rec.Body)
	text := string(body)
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
		`brief_posts_total{platform="discord",outcome="paused"} 1`,
		`brief_posts_total{platform="slack",outcome="posted"} 2`,
		`brief_articles 1124`,
		`brief_start_time_seconds 1800000000`,
		`# TYPE brief_command_duration_seconds histogram`,
	} {
		if !strings.Contains(text, line+"\n") {
			t.Errorf("missing line %q in\n%s", line, text)
		}
	}
}

func TestLabelValuesAreEscaped(t *testing.T) {
	m := New(time.Now())
	m.Command("a\"b\\c\nd", time.Millisecond, "ok")
	var sb strings.Builder
	m.WriteTo(&sb)
	if !strings.Contains(sb.String(), `command="a\"b\\c\nd"`) {
		t.Errorf("label not escaped:\n%s", sb.String())
	}
}

package jobs

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestQuietLogsAnUnreachableDatabaseOncePerInterval(t *testing.T) {
	var buf bytes.Buffer
	now := time.Date(2026, 12, 2, 2, 0, 0, 0, time.UTC)
	log := slog.New(newQuiet(slog.NewTextHandler(&buf, nil), func() time.Time { return now })).With(slog.String("component", "jobs"))
	refused := errors.New("failed to connect to `user=brief database=brief`: 127.0.0.1:5432 (127.0.0.1): dial error: dial tcp 127.0.0.1:5432: connect: connection refused")
	for range 120 { // two minutes of River's producers, each once a second
		log.Error("producer: Error fetching jobs", slog.Any("err", refused), slog.String("queue", "digest"))
		log.Error("producer: Error fetching jobs", slog.Any("err", refused), slog.String("queue", "feeds"))
		log.Error("jobexecutor: Job errored", slog.String("error", "slack: 500"))
		now = now.Add(time.Second)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	var fetch, job []string
	for _, l := range lines {
		switch {
		case strings.Contains(l, "Error fetching jobs"):
			fetch = append(fetch, l)
		case strings.Contains(l, "Job errored"):
			job = append(job, l)
		}
	}
	if len(job) != 120 {
		t.Errorf("%d of 120 other errors logged, want all", len(job))
	}
	if len(fetch) != 2 || strings.Contains(fetch[0], "repeated=") || !strings.Contains(fetch[1], "repeated=119") {
		t.Errorf("the unreachable database's 240 records in two minutes logged as:\n%s\nwant two lines, the second saying repeated=119", strings.Join(fetch, "\n"))
	}
	if !strings.Contains(fetch[0], "component=jobs") || !strings.Contains(fetch[0], "connection refused") {
		t.Errorf("the line lost its attributes: %s", fetch[0])
	}
}

package jobs

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"
)

// quietEvery is how often one of River's "can't reach the database"
// messages is logged while the database stays unreachable.
const quietEvery = time.Minute

// quiet passes River's records on, except that while Postgres can't be
// reached each of River's loops (fetching jobs, once a second per queue;
// electing a leader; the notifier; every maintenance service) says so on
// every attempt, thousands of lines an hour: of those records, each
// message is passed once per quietEvery, with how many were left out
// ("repeated"). Everything else passes.
type quiet struct {
	slog.Handler
	st *quietState
}

type quietState struct {
	now     func() time.Time
	mu      sync.Mutex
	last    map[string]time.Time
	dropped map[string]int
}

func newQuiet(h slog.Handler, now func() time.Time) quiet {
	return quiet{h, &quietState{now: now, last: map[string]time.Time{}, dropped: map[string]int{}}}
}

func (h quiet) Handle(ctx context.Context, r slog.Record) error {
	if r.Level >= slog.LevelWarn && unreachable(r) {
		now := h.st.now()
		h.st.mu.Lock()
		if t, ok := h.st.last[r.Message]; ok && now.Sub(t) < quietEvery {
			h.st.dropped[r.Message]++
			h.st.mu.Unlock()
			return nil
		}
		n := h.st.dropped[r.Message]
		h.st.dropped[r.Message], h.st.last[r.Message] = 0, now
		h.st.mu.Unlock()
		if n > 0 {
			r = r.Clone()
			r.AddAttrs(slog.Int("repeated", n))
		}
	}
	return h.Handler.Handle(ctx, r)
}

func (h quiet) WithAttrs(as []slog.Attr) slog.Handler { return quiet{h.Handler.WithAttrs(as), h.st} }

func (h quiet) WithGroup(name string) slog.Handler { return quiet{h.Handler.WithGroup(name), h.st} }

// unreachable reports whether the record says a connection to the
// database could not be made (pgconn's "failed to connect to ...").
func unreachable(r slog.Record) bool {
	found := false
	r.Attrs(func(a slog.Attr) bool {
		found = strings.Contains(a.Value.String(), "failed to connect to")
		return !found
	})
	return found
}

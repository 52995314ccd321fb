// Package replay is what the webhook adapters need to refuse a request
// they have served before: a Ledger that records each accepted request's
// key (Slack's signature, Discord's interaction id) until its timestamp
// leaves the platform's window. *store.Store is the Ledger the service
// uses, shared by every replica and kept across restarts; Memory is one
// for tests and for running an adapter without a store.
package replay

import (
	"context"
	"errors"
	"sync"
	"time"
)

// A Ledger records accepted requests. RecordRequest reports whether key
// is new: false means a request with that key was accepted before and has
// not expired, so this one is a replay.
type Ledger interface {
	RecordRequest(ctx context.Context, key string, seen, expires time.Time) (fresh bool, err error)
}

// MaxMemory bounds what a Memory remembers; past it the oldest go first.
// A platform would have to send more than this many signed requests
// within one window for it to matter.
const MaxMemory = 100_000

// Memory is a Ledger in this process's memory: forgotten at restart and
// private to one process. It is safe for concurrent use.
type Memory struct {
	mu    sync.Mutex
	seen  map[string]time.Time // key → when it can be forgotten
	order []entry              // insertion order, for expiry and the bound
}

type entry struct {
	key    string
	expiry time.Time
}

var _ Ledger = (*Memory)(nil)

// NewMemory makes an empty Memory.
func NewMemory() *Memory { return &Memory{seen: make(map[string]time.Time)} }

// RecordRequest implements Ledger. Expired keys are forgotten as new ones
// arrive.
func (m *Memory) RecordRequest(_ context.Context, key string, seen, expires time.Time) (bool, error) {
	if key == "" {
		return false, errors.New("replay: empty key")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for len(m.order) > 0 && (m.order[0].expiry.Before(seen) || len(m.order) >= MaxMemory) {
		old := m.order[0]
		if m.seen[old.key].Equal(old.expiry) {
			delete(m.seen, old.key)
		}
		m.order[0] = entry{}
		m.order = m.order[1:]
	}
	if exp, ok := m.seen[key]; ok && !exp.Before(seen) {
		return false, nil
	}
	m.seen[key] = expires
	m.order = append(m.order, entry{key, expires})
	return true, nil
}

// Len is how many keys are remembered.
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.seen)
}

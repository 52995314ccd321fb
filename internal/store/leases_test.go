package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeClock is a clock several stores (replicas) share.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// openWithClock opens a store on dsn reading clock, closed at cleanup.
func openWithClock(t *testing.T, dsn string, clock *fakeClock) *Store {
	t.Helper()
	s, err := Open(context.Background(), dsn, WithClock(clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestLeases(t *testing.T) {
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		clock := &fakeClock{now: t0}
		dsn := tdb.dsn(t)
		a, b := openWithClock(t, dsn, clock), openWithClock(t, dsn, clock) // two replicas
		const name, ttl = "discord-gateway", 30 * time.Second

		take := func(s *Store, holder string) bool {
			t.Helper()
			held, err := s.TakeLease(ctx, name, holder, ttl)
			if err != nil {
				t.Fatal(err)
			}
			return held
		}
		holder := func() string {
			t.Helper()
			h, _, err := b.Lease(ctx, name)
			if errors.Is(err, ErrNotFound) {
				return ""
			}
			if err != nil {
				t.Fatal(err)
			}
			return h
		}
		if h := holder(); h != "" {
			t.Fatalf("a new database's lease is held by %q", h)
		}
		if !take(a, "replica-a") {
			t.Fatal("a free lease was not taken")
		}
		if take(b, "replica-b") {
			t.Fatal("a held lease was taken by another")
		}
		if h, exp, _ := b.Lease(ctx, name); h != "replica-a" || !exp.Equal(t0.Add(ttl)) {
			t.Errorf("Lease = %q until %v; want replica-a until %v", h, exp, t0.Add(ttl))
		}

		clock.Add(20 * time.Second) // a renews before the end
		if !take(a, "replica-a") {
			t.Fatal("the holder could not renew")
		}
		clock.Add(20 * time.Second) // 40 s after taking it, 20 s after renewing
		if take(b, "replica-b") {
			t.Fatal("a renewed lease was taken over before it expired")
		}
		if _, exp, _ := a.Lease(ctx, name); !exp.Equal(t0.Add(20*time.Second + ttl)) {
			t.Errorf("renewed lease expires %v; want %v", exp, t0.Add(20*time.Second+ttl))
		}

		clock.Add(10 * time.Second) // a stopped renewing: expired now
		if !take(b, "replica-b") {
			t.Fatal("an expired lease was not taken over")
		}
		if take(a, "replica-a") {
			t.Fatal("the old holder took its lease back from the new one")
		}
		if h := holder(); h != "replica-b" {
			t.Errorf("holder = %q; want replica-b", h)
		}

		if err := a.ReleaseLease(ctx, name, "replica-a"); err != nil {
			t.Fatal(err)
		}
		if h := holder(); h != "replica-b" {
			t.Errorf("another's release gave up replica-b's lease: holder %q", h)
		}
		if err := b.ReleaseLease(ctx, name, "replica-b"); err != nil {
			t.Fatal(err)
		}
		if h := holder(); h != "" {
			t.Errorf("released lease still held by %q", h)
		}
		if !take(a, "replica-a") {
			t.Error("a released lease could not be taken at once")
		}
		if err := b.ReleaseLease(ctx, name, "replica-b"); err != nil {
			t.Errorf("releasing a lease one does not hold: %v; want nothing done", err)
		}

		// Leases are by name.
		if held, err := b.TakeLease(ctx, "other", "replica-b", ttl); err != nil || !held {
			t.Errorf("another lease = %v, %v", held, err)
		}

		for _, bad := range []struct {
			name, holder string
			ttl          time.Duration
		}{
			{"", "x", ttl}, {"x", "", ttl}, {"x", "y", 0}, {"x", "y", -time.Second},
		} {
			if _, err := a.TakeLease(ctx, bad.name, bad.holder, bad.ttl); !errors.Is(err, ErrInvalid) {
				t.Errorf("TakeLease(%q, %q, %v) = %v; want ErrInvalid", bad.name, bad.holder, bad.ttl, err)
			}
		}
	})
}

// Replicas racing for a free or expired lease: exactly one wins each time.
func TestLeaseRace(t *testing.T) {
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		clock := &fakeClock{now: t0}
		dsn := tdb.dsn(t)
		stores := []*Store{openWithClock(t, dsn, clock), openWithClock(t, dsn, clock)}
		const rounds, perStore, ttl = 10, 4, time.Minute
		for r := range rounds {
			var wins atomic.Int32
			var winner atomic.Value
			var wg sync.WaitGroup
			for i, s := range stores {
				for j := range perStore {
					holder := fmt.Sprintf("replica-%d-%d", i, j)
					wg.Go(func() {
						held, err := s.TakeLease(ctx, "gateway", holder, ttl)
						if err != nil {
							t.Error(err)
						} else if held {
							wins.Add(1)
							winner.Store(holder)
						}
					})
				}
			}
			wg.Wait()
			if n := wins.Load(); n != 1 {
				t.Fatalf("round %d: %d replicas hold the lease; want 1", r, n)
			}
			if h, _, _ := stores[0].Lease(ctx, "gateway"); h != winner.Load() {
				t.Fatalf("round %d: the lease names %q, the winner was %q", r, h, winner.Load())
			}
			clock.Add(ttl) // expires: the next round races again
		}
	})
}

func TestArticlesArrivedSinceAndMaxSeq(t *testing.T) {
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		s := tdb.open(t)
		if seq, err := s.MaxSeq(ctx); err != nil || seq != 0 {
			t.Fatalf("MaxSeq of an empty store = %d, %v; want 0", seq, err)
		}
		save := func(n int, at time.Time, back bool) string {
			t.Helper()
			save := s.SaveArticle
			if back {
				save = s.SaveBackCatalogue
			}
			id, _, err := save(ctx, article(n), at)
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		save(1, t0.Add(-48*time.Hour), false) // long before the window: out
		late := save(2, t0.Add(time.Hour), false)
		edge := save(3, t0, false)                 // exactly at the window's start: in
		back := save(4, t0.Add(2*time.Hour), true) // back catalogue: in the window, marked
		save(5, t0.Add(-time.Millisecond), false)  // a millisecond before: out

		list, err := s.ArticlesArrivedSince(ctx, t0)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, sa := range list {
			ids = append(ids, sa.Meta.ID)
		}
		if want := []string{late, edge, back}; fmt.Sprint(ids) != fmt.Sprint(want) {
			t.Errorf("ArticlesArrivedSince(t0) = %v; want %v, in the order stored", ids, want)
		}
		if len(list) == 3 && (!list[2].Meta.BackCatalogue || list[2].Article.Title != "Story 4") {
			t.Errorf("window's last article = %+v; want story 4 marked back catalogue", list[2].Meta)
		}
		if seq, err := s.MaxSeq(ctx); err != nil || seq != 5 {
			t.Errorf("MaxSeq = %d, %v; want 5", seq, err)
		}
		if list, err := s.ArticlesArrivedSince(ctx, t0.Add(3*time.Hour)); err != nil || len(list) != 0 {
			t.Errorf("ArticlesArrivedSince(after all) = %d articles, %v; want none", len(list), err)
		}
	})
}

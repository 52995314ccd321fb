package lease

import (
	"context"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"brief/internal/pgtest"
	"brief/internal/store"
)

// stores opens n stores on one database: SQLite, and Postgres when
// BRIEF_TEST_POSTGRES is set, as replicas would.
func stores(t *testing.T, n int) map[string][]*store.Store {
	t.Helper()
	ctx := context.Background()
	dsns := map[string]string{"sqlite": filepath.Join(t.TempDir(), "brief.db")}
	if pgtest.Available() {
		dsns["postgres"] = pgtest.URL(t)
	} else {
		t.Log("Postgres not configured (" + pgtest.Env + "): SQLite only")
	}
	out := map[string][]*store.Store{}
	for name, dsn := range dsns {
		for range n {
			st, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			out[name] = append(out[name], st)
		}
	}
	return out
}

// One holder at a time runs the work; when it stops (its context ends, as
// when its process stops), another takes over, and never two at once.
func TestOneHolderAtATimeAndTakeover(t *testing.T) {
	for name, sts := range stores(t, 3) {
		t.Run(name, func(t *testing.T) {
			var running, most atomic.Int32
			var mu sync.Mutex
			ran := map[int]int{}
			ctxs := make([]context.CancelFunc, len(sts))
			var wg sync.WaitGroup
			for i, st := range sts {
				ctx, cancel := context.WithCancel(context.Background())
				ctxs[i] = cancel
				wg.Add(1)
				go func() {
					defer wg.Done()
					Run(ctx, Config{Store: st, Name: "gateway", TTL: 600 * time.Millisecond}, func(ctx context.Context) error {
						n := running.Add(1)
						for {
							m := most.Load()
							if n <= m || most.CompareAndSwap(m, n) {
								break
							}
						}
						mu.Lock()
						ran[i]++
						mu.Unlock()
						<-ctx.Done()
						running.Add(-1)
						return nil
					})
				}()
			}
			defer func() {
				for _, c := range ctxs {
					c()
				}
				wg.Wait()
			}()
			holder := waitHolder(t, &mu, ran, -1)
			ctxs[holder]() // its process stops: the lease is released
			next := waitHolder(t, &mu, ran, holder)
			if next == holder {
				t.Fatalf("replica %d took the lease back after stopping", holder)
			}
			if m := most.Load(); m != 1 {
				t.Errorf("%d holders ran the work at once", m)
			}
		})
	}
}

func waitHolder(t *testing.T, mu *sync.Mutex, ran map[int]int, not int) int {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		mu.Lock()
		for i, n := range ran {
			if i != not && n > 0 {
				mu.Unlock()
				return i
			}
		}
		mu.Unlock()
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("nobody took the lease")
	return -1
}

// A holder that stops renewing without releasing (it died) is replaced
// once the lease expires, not before.
func TestDeadHolderIsReplacedAfterTTL(t *testing.T) {
	for name, sts := range stores(t, 2) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			const ttl = time.Second
			if ok, err := sts[0].TakeLease(ctx, "gateway", "dead", ttl); err != nil || !ok {
				t.Fatalf("take: %v %v", ok, err)
			}
			took := make(chan time.Time, 1)
			start := time.Now()
			rctx, cancel := context.WithCancel(ctx)
			defer cancel()
			go Run(rctx, Config{Store: sts[1], Name: "gateway", TTL: ttl}, func(ctx context.Context) error {
				took <- time.Now()
				<-ctx.Done()
				return nil
			})
			select {
			case at := <-took:
				if at.Sub(start) < ttl/2 {
					t.Errorf("took the lease %s after a holder renewed it: before it expired", at.Sub(start))
				}
			case <-time.After(10 * time.Second):
				t.Fatal("the lease of a dead holder was never taken over")
			}
		})
	}
}

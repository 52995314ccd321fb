package store

import (
	"brief/internal/channel"
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestConcurrentUse(t *testing.T) {
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		s := tdb.open(t)
		ch, _ := s.EnsureChannel(ctx, "console", "console", "")
		const workers, rounds, stories, slots = 8, 40, 30, 20
		var claims [slots]atomic.Int32
		var wg sync.WaitGroup
		errs := make(chan error, workers*rounds)
		for w := range workers {
			wg.Go(func() {
				for i := range rounds {
					n := (w*rounds + i) % stories
					if _, _, err := s.SaveArticle(ctx, article(n), t0.Add(time.Duration(n)*time.Second)); err != nil {
						errs <- err
					}
					k := (w + i) % slots
					_, claimed, err := s.ClaimSlot(ctx, nil, ch, t0.Add(time.Duration(k)*time.Hour))
					if err != nil {
						errs <- err
					} else if claimed {
						claims[k].Add(1)
					}
					if _, err := s.ArticlesAfter(ctx, 0); err != nil {
						errs <- err
					}
					if i%10 == 0 {
						if err := s.SetSchedule(ctx, ch, channel.Schedule{At: "08:00", Zone: "UTC", Days: channel.Daily}); err != nil {
							errs <- err
						}
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		for k := range claims {
			if n := claims[k].Load(); n != 1 {
				t.Errorf("slot %d claimed %d times; want once", k, n)
			}
		}
		if n, _ := s.CountArticles(ctx); n != stories {
			t.Errorf("%d articles stored; want %d distinct stories", n, stories)
		}
	})
}

// Two stores on one file stand for two processes or replicas: they start
// together (migrating at the same time) and race for the same slots.
func TestTwoStoresOneFile(t *testing.T) {
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		path := tdb.dsn(t)
		stores := make([]*Store, 2)
		var wg sync.WaitGroup
		for i := range stores {
			wg.Go(func() {
				var err error
				if stores[i], err = Open(ctx, path); err != nil {
					t.Errorf("Open #%d: %v", i, err)
				}
			})
		}
		wg.Wait()
		if t.Failed() {
			t.FailNow()
		}
		for _, s := range stores {
			t.Cleanup(func() { s.Close() })
		}
		ch, _ := stores[0].EnsureChannel(ctx, "slack", "C1", "")
		const slots = 30
		var claims [slots]atomic.Int32
		for _, s := range stores {
			for range 3 {
				wg.Go(func() {
					for k := range slots {
						_, claimed, err := s.ClaimSlot(ctx, nil, ch, t0.Add(time.Duration(k)*24*time.Hour))
						if err != nil {
							t.Error(err)
						} else if claimed {
							claims[k].Add(1)
						}
					}
				})
			}
		}
		wg.Wait()
		for k := range claims {
			if n := claims[k].Load(); n != 1 {
				t.Errorf("slot %d claimed %d times across two stores; want once", k, n)
			}
		}
		ms, _ := loadMigrations(tdb.dialect)
		if v, _ := stores[1].SchemaVersion(ctx); v != len(ms) {
			t.Errorf("SchemaVersion = %d after concurrent opens; want %d", v, len(ms))
		}
	})
}

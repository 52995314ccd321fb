package store

import (
	"context"
	"testing"
	"time"
)

func TestRecordRequestRefusesReplaysAcrossRestartsAndReplicas(t *testing.T) {
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		path := tdb.dsn(t)
		window := 5 * time.Minute
		record := func(t *testing.T, s *Store, key string, at time.Time) bool {
			t.Helper()
			fresh, err := s.RecordRequest(ctx, key, at, at.Add(window))
			if err != nil {
				t.Fatal(err)
			}
			return fresh
		}
		one := openAt(t, path)
		two := openAt(t, path) // a second replica on the same database
		steps := []struct {
			name  string
			store func() *Store
			key   string
			at    time.Time
			fresh bool
		}{
			{"first time", func() *Store { return one }, "slack:abc", t0, true},
			{"again", func() *Store { return one }, "slack:abc", t0.Add(time.Second), false},
			{"on another replica", func() *Store { return two }, "slack:abc", t0.Add(2 * time.Second), false},
			{"another request", func() *Store { return two }, "slack:def", t0.Add(2 * time.Second), true},
			{"after a restart", func() *Store {
				one.Close()
				one = openAt(t, path)
				return one
			}, "slack:abc", t0.Add(3 * time.Second), false},
			{"another platform's key", func() *Store { return one }, "discord:abc", t0.Add(3 * time.Second), true},
			{"once the window has passed", func() *Store { return one }, "slack:abc", t0.Add(window + time.Second), true},
			{"and again after that", func() *Store { return two }, "slack:abc", t0.Add(window + 2*time.Second), false},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				if got := record(t, st.store(), st.key, st.at); got != st.fresh {
					t.Errorf("RecordRequest(%s) fresh = %v, want %v", st.key, got, st.fresh)
				}
			})
		}
		if _, err := one.RecordRequest(ctx, "", t0, t0); err == nil {
			t.Error("an empty key was recorded")
		}
	})
}

func TestRecordRequestPrunesExpired(t *testing.T) {
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		s := tdb.open(t)
		for i := range 50 {
			at := t0.Add(time.Duration(i) * time.Second)
			if _, err := s.RecordRequest(ctx, "k"+string(rune('A'+i)), at, at.Add(5*time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
		if n, _ := s.SeenRequests(ctx); n != 50 {
			t.Fatalf("%d requests remembered, want 50", n)
		}
		later := t0.Add(time.Hour)
		if _, err := s.RecordRequest(ctx, "new", later, later.Add(5*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.SeenRequests(ctx); n != 1 {
			t.Errorf("%d requests remembered an hour later, want only the new one", n)
		}
	})
}

package jobs

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"brief/internal/pgtest"
	"brief/internal/store"
)

func openStore(t *testing.T) *store.Store {
	t.Helper()
	return openAt(t, filepath.Join(t.TempDir(), "brief.db"))
}

func openAt(t *testing.T, dsn string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// databases names a fresh database per dialect: SQLite, and Postgres when
// BRIEF_TEST_POSTGRES is set.
func databases(t *testing.T) map[string]string {
	t.Helper()
	dbs := map[string]string{"sqlite": filepath.Join(t.TempDir(), "brief.db")}
	if pgtest.Available() {
		dbs["postgres"] = pgtest.URL(t)
	} else {
		t.Log("Postgres not configured (" + pgtest.Env + "): SQLite only")
	}
	return dbs
}

func fast(rc *river.Config) {
	rc.FetchPollInterval, rc.FetchCooldown = 50*time.Millisecond, 10*time.Millisecond
}

func TestWorkQueuesChecked(t *testing.T) {
	st := openStore(t)
	bad := errors.New("no such worker")
	tests := []struct {
		name string
		work []Work
		want string
	}{
		{"no queue name", []Work{{}}, `work queue ""`},
		{"a queue twice", []Work{{Queue: "digest"}, {Queue: "digest"}}, `work queue "digest"`},
		{"register fails", []Work{{Queue: "feeds", Register: func(*river.Workers) error { return bad }}}, "no such worker"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(Config{Store: st})
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.work {
				err = errors.Join(err, c.Register(w))
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Register = %v; want an error saying %q", err, tt.want)
			}
		})
	}
	c, _ := New(Config{Store: st})
	if err := c.Register(Work{Queue: "feeds", MaxWorkers: 2}); err != nil {
		t.Errorf("Register with a valid Work = %v", err)
	}
}

// pingArgs is a job that says it ran.
type pingArgs struct{}

func (pingArgs) Kind() string { return "ping" }

type pingWorker struct {
	river.WorkerDefaults[pingArgs]
	ran chan struct{}
}

func (w *pingWorker) Work(context.Context, *river.Job[pingArgs]) error {
	w.ran <- struct{}{}
	return nil
}

func TestStartRunsRegisteredWorkAndStopIsIdempotent(t *testing.T) {
	for name, db := range databases(t) {
		t.Run(name, func(t *testing.T) { startRunsRegisteredWork(t, openAt(t, db)) })
	}
}

func startRunsRegisteredWork(t *testing.T, st *store.Store) {
	c, err := New(Config{Store: st, Adjust: fast})
	if err != nil {
		t.Fatal(err)
	}
	w := &pingWorker{ran: make(chan struct{}, 1)}
	if err := c.Register(Work{Queue: "ping", Register: func(ws *river.Workers) error { return river.AddWorkerSafely(ws, w) }}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.Start(ctx); err != nil {
		t.Errorf("a second Start: %v", err)
	}
	if err := c.Register(Work{Queue: "late"}); err == nil {
		t.Error("Register after Start succeeded")
	}
	if _, err := c.Insert(ctx, pingArgs{}, &river.InsertOpts{Queue: "ping"}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-w.ran:
	case <-time.After(10 * time.Second):
		t.Fatal("the job never ran")
	}
	for i := range 2 {
		if err := c.Stop(ctx); err != nil {
			t.Errorf("Stop #%d: %v", i+1, err)
		}
	}
	if err := c.Start(ctx); err == nil {
		t.Error("Start after Stop succeeded")
	}
}

// Replicas starting together on one database migrate River's tables once
// between them, and River elects exactly one of them leader; when the
// leader stops, another takes over.
func TestReplicasMigrateTogetherAndElectOneLeader(t *testing.T) {
	for name, db := range databases(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			const n = 3
			clients := make([]*Client, n)
			errs := make(chan error, n)
			for i := range n {
				c, err := New(Config{Store: openAt(t, db), Adjust: func(rc *river.Config) {
					fast(rc)
				}})
				if err != nil {
					t.Fatal(err)
				}
				w := &pingWorker{ran: make(chan struct{}, 1)}
				if err := c.Register(Work{Queue: "ping", Register: func(ws *river.Workers) error { return river.AddWorkerSafely(ws, w) }}); err != nil {
					t.Fatal(err)
				}
				clients[i] = c
				go func() { errs <- c.Start(ctx) }()
			}
			for range n {
				if err := <-errs; err != nil {
					t.Fatalf("a replica's Start: %v", err)
				}
			}
			t.Cleanup(func() {
				for _, c := range clients {
					c.Stop(ctx)
				}
			})
			leader := leaderOf(t, clients, -1)
			if err := clients[leader].Stop(ctx); err != nil {
				t.Fatal(err)
			}
			if next := leaderOf(t, clients, leader); next == leader {
				t.Fatal("the stopped client still leads")
			}
		})
	}
}

// leaderOf waits until exactly one client other than not leads.
func leaderOf(t *testing.T, clients []*Client, not int) int {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		var leaders []int
		for i, c := range clients {
			if i == not {
				continue
			}
			ok, err := c.Leader(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if ok {
				leaders = append(leaders, i)
			}
		}
		if len(leaders) > 1 {
			t.Fatalf("clients %v all lead", leaders)
		}
		if len(leaders) == 1 {
			return leaders[0]
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("no client was elected leader")
	return -1
}

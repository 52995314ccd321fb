package jobs

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"brief/internal/store"
)

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "brief.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
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
	st := openStore(t)
	c, err := New(Config{Store: st, Adjust: func(rc *river.Config) {
		rc.FetchPollInterval, rc.FetchCooldown = 50*time.Millisecond, 10*time.Millisecond
	}})
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

package ack

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestWithinAnswersInTimeOrHandsTheResultOver(t *testing.T) {
	g := NewGroup(time.Minute)
	defer g.Close(context.Background())

	r, inTime, _, started := Within(g, time.Second, func(context.Context) string { return "quick" })
	if !started || !inTime || r != "quick" {
		t.Errorf("quick work: %q in time %v started %v", r, inTime, started)
	}

	release := make(chan struct{})
	_, inTime, later, started := Within(g, 20*time.Millisecond, func(context.Context) string {
		<-release
		return "slow"
	})
	if !started || inTime || later == nil {
		t.Fatalf("slow work: in time %v started %v", inTime, started)
	}
	close(release)
	select {
	case r := <-later:
		if r != "slow" {
			t.Errorf("late result %q", r)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the late result never came")
	}
}

func TestCloseWaitsThenAbandonsAndRefusesNewWork(t *testing.T) {
	g := NewGroup(time.Minute)
	finished := make(chan struct{})
	g.Go(func(ctx context.Context) {
		time.Sleep(20 * time.Millisecond)
		close(finished)
	})
	if err := g.Close(context.Background()); err != nil {
		t.Errorf("Close: %v", err)
	}
	select {
	case <-finished:
	default:
		t.Error("Close returned before the work finished")
	}
	if g.Go(func(context.Context) {}) {
		t.Error("work started after Close")
	}
	if _, _, _, started := Within(g, time.Second, func(context.Context) int { return 1 }); started {
		t.Error("Within started work after Close")
	}

	stuck := NewGroup(time.Minute)
	cancelled := make(chan struct{})
	stuck.Go(func(ctx context.Context) {
		<-ctx.Done()
		close(cancelled)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := stuck.Close(ctx); !errors.Is(err, ErrAbandoned) {
		t.Errorf("Close of stuck work: %v, want ErrAbandoned", err)
	}
	select {
	case <-cancelled:
	default:
		t.Error("the stuck work's context was not cancelled")
	}
	if err := stuck.Close(context.Background()); err != nil {
		t.Errorf("a second Close: %v", err)
	}
}

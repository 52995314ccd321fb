package scheduler

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/riverqueue/river"

	"brief/internal/store"
)

func TestWorkQueuesChecked(t *testing.T) {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "brief.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	bad := errors.New("no such worker")
	tests := []struct {
		name string
		work []Work
		want string
	}{
		{"no queue name", []Work{{}}, `work queue ""`},
		{"the digest queue", []Work{{Queue: queue}}, `work queue "digest"`},
		{"a queue twice", []Work{{Queue: "feeds"}, {Queue: "feeds"}}, `work queue "feeds"`},
		{"register fails", []Work{{Queue: "feeds", Register: func(*river.Workers) error { return bad }}}, "no such worker"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(Config{Store: st, Digester: &fakeDigester{}, Work: tt.work})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("New = %v; want an error saying %q", err, tt.want)
			}
		})
	}
	if _, err := New(Config{Store: st, Digester: &fakeDigester{}, Work: []Work{{Queue: "feeds", MaxWorkers: 2}}}); err != nil {
		t.Errorf("New with a valid Work = %v", err)
	}
}

package replay

import (
	"context"
	"fmt"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 4, 8, 0, 0, 0, time.UTC)

func TestMemory(t *testing.T) {
	ctx := context.Background()
	m := NewMemory()
	const window = 5 * time.Minute
	for i := range 1000 {
		if fresh, err := m.RecordRequest(ctx, fmt.Sprint(i), t0, t0.Add(window)); err != nil || !fresh {
			t.Fatalf("key %d: fresh %v, %v", i, fresh, err)
		}
	}
	steps := []struct {
		name  string
		key   string
		at    time.Time
		fresh bool
	}{
		{"a key seen before", "7", t0.Add(time.Second), false},
		{"a new key", "new", t0.Add(time.Second), true},
		{"past the window", "7", t0.Add(window + time.Second), true},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			fresh, err := m.RecordRequest(ctx, st.key, st.at, st.at.Add(window))
			if err != nil || fresh != st.fresh {
				t.Errorf("RecordRequest(%s) = %v, %v; want %v", st.key, fresh, err, st.fresh)
			}
		})
	}
	if n := m.Len(); n != 2 {
		t.Errorf("%d keys remembered after the window; want 2 (new, and 7 again)", n)
	}
	if _, err := m.RecordRequest(ctx, "", t0, t0); err == nil {
		t.Error("an empty key was recorded")
	}
}

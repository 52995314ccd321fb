package scheduler

import (
	"testing"
	"time"
)

// staleClaim is the default configuration's: the tests' schedulers keep
// the default PostTimeout.
const staleClaim = defaultPostTimeout + time.Minute

func TestStaleClaimFollowsPostTimeout(t *testing.T) {
	for _, tc := range []struct{ timeout, stale time.Duration }{
		{5 * time.Second, 10 * time.Second},
		{10 * time.Minute, 11 * time.Minute},
	} {
		s := &Scheduler{cfg: Config{PostTimeout: tc.timeout}}
		if got := s.staleClaim(); got != tc.stale {
			t.Errorf("PostTimeout %s: a claim is stale after %s, want %s", tc.timeout, got, tc.stale)
		}
	}
}

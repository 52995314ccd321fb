package feeds

import (
	"context"
	"testing"
	"time"

	"brief/internal/jobs"
)

// The periodic job on the scheduler's River client polls due feeds: at
// start, and then every tick.
func TestPeriodicJobPollsDueFeeds(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.srv.set("/feed", fixResp{body: rssDoc("Periodic", 0, []fixItem{item(1, t0)})})
	e.srv.set("/other", fixResp{body: rssDoc("Other", 0, []fixItem{item(2, t0)})})
	svc, err := New(Config{Store: e.st, Library: e.lib, Client: e.client})
	if err != nil {
		t.Fatal(err)
	}
	// Subscribed in the store only, so due now and never fetched.
	if _, err := e.st.Subscribe(ctx, slack, e.url("/feed")); err != nil {
		t.Fatal(err)
	}
	jc, err := jobs.New(jobs.Config{Store: e.st})
	if err != nil {
		t.Fatal(err)
	}
	if err := jc.Register(svc.Work(500 * time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	if err := jc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stop, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		if err := jc.Stop(stop); err != nil {
			t.Error(err)
		}
	})
	wait := func(path string) {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		for e.srv.hitsOf(path) == 0 {
			if time.Now().After(deadline) {
				t.Fatalf("%s not polled within 15s", path)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	wait("/feed") // the job run at start
	// A feed subscribed later is polled by a later tick.
	if _, err := e.st.Subscribe(ctx, slack, e.url("/other")); err != nil {
		t.Fatal(err)
	}
	wait("/other")
	// Fetched is not yet stored: the poll takes its items in after.
	deadline := time.Now().Add(15 * time.Second)
	for e.count() < 2 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := e.count(); n != 2 {
		t.Errorf("%d articles; want the two feeds' items", n)
	}
}

package scheduler

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"brief/internal/channel"
	"brief/internal/jobs"
	"brief/internal/post"
	"brief/internal/reply"
	"brief/internal/store"
	"brief/internal/store/storetest"
)

// testClock reads real time shifted to a chosen instant, so it ticks (River
// needs time to pass) and can jump (a restart an hour later).
type testClock struct {
	mu  sync.Mutex
	off time.Duration
}

func newClock(at time.Time) *testClock {
	c := &testClock{}
	c.Set(at)
	return c
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.off)
}

func (c *testClock) Set(at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.off = at.Sub(time.Now().Round(0))
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.off += d
}

// A delivery the fake platform accepted.
type delivery struct {
	ch   channel.Key
	msgs []reply.Reply
	slot *post.Slot // set by PostSlot, with the part: the message's marks
	part int
}

// fakePoster is a platform that records what it accepted. Its renderer
// makes a message of each section of a reply that has several (and one of
// a reply that has none), as reply.Split makes messages of a long digest.
// fail, when set, is asked before each message's attempt (numbered from 1)
// whether to refuse it; accepted, when set, runs after a message was
// accepted (to die there).
type fakePoster struct {
	mu       sync.Mutex
	calls    int
	posts    []delivery
	fail     func(call int) error
	accepted func(call int)
}

func (p *fakePoster) Post(ctx context.Context, ch channel.Key, r reply.Reply, from int) (sent int, err error) {
	return p.post(ch, r, from, nil, false)
}

// post posts the messages from the from-th; a slot marks them, and with
// dedupe a message whose slot and part the channel has already got is
// answered with that one and not posted again (Discord's nonce).
func (p *fakePoster) post(ch channel.Key, r reply.Reply, from int, slot *post.Slot, dedupe bool) (sent int, err error) {
	msgs := []reply.Reply{r}
	if len(r.Sections) > 1 {
		msgs = nil
		for _, s := range r.Sections {
			m := r
			m.Title, m.Sections = s.Label, nil
			msgs = append(msgs, m)
		}
	}
	for i := from; i < len(msgs); i++ {
		m := msgs[i]
		p.mu.Lock()
		if dedupe && p.has(ch, slot, i) {
			p.calls++
			p.mu.Unlock()
			sent++
			continue
		}
		p.calls++
		call, fail, accepted := p.calls, p.fail, p.accepted
		p.mu.Unlock()
		if fail != nil {
			if err := fail(call); err != nil {
				return sent, err
			}
		}
		p.mu.Lock()
		p.posts = append(p.posts, delivery{ch: ch, msgs: []reply.Reply{m}, slot: slot, part: i})
		p.mu.Unlock()
		sent++
		if accepted != nil {
			accepted(call)
		}
	}
	return sent, nil
}

// has reports whether the channel has the slot's part; p.mu is held.
func (p *fakePoster) has(ch channel.Key, slot *post.Slot, part int) bool {
	for _, d := range p.posts {
		if d.ch == ch && d.slot != nil && slot != nil && d.slot.At.Equal(slot.At) && d.part == part {
			return true
		}
	}
	return false
}

// titles are the titles of the messages the channel got, in order.
func (p *fakePoster) titles() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for _, d := range p.posts {
		for _, m := range d.msgs {
			out = append(out, m.Title)
		}
	}
	return out
}

func (p *fakePoster) count() (calls, posts int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.calls, len(p.posts)
}

var _ post.Poster = (*fakePoster)(nil)

// markingPoster is a platform whose scheduled posts carry the slot's
// marks, and whose channel the bot can read back (post.Finder), as Slack
// with the history scope; dedupe makes it refuse a second copy of a part,
// as Discord does with a nonce. lookErr, when set, is FindSlot's error.
type markingPoster struct {
	*fakePoster
	dedupe  bool
	lookErr error

	finds atomic.Int32
}

func (p *markingPoster) PostSlot(ctx context.Context, s post.Slot, r reply.Reply, from int) (int, error) {
	return p.post(s.Channel, r, from, &s, p.dedupe)
}

func (p *markingPoster) FindSlot(ctx context.Context, s post.Slot) ([]int, error) {
	p.finds.Add(1)
	if p.lookErr != nil {
		return nil, p.lookErr
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	parts := []int{}
	for _, d := range p.posts {
		if d.ch == s.Channel && d.slot != nil && d.slot.At.Equal(s.At) && !slices.Contains(parts, d.part) {
			parts = append(parts, d.part)
		}
	}
	slices.Sort(parts)
	return parts, nil
}

var (
	_ post.SlotPoster = (*markingPoster)(nil)
	_ post.Finder     = (*markingPoster)(nil)
)

// fakeDigester returns a digest of one article, or nothing when empty.
type fakeDigester struct {
	mu    sync.Mutex
	empty bool
	parts int            // messages the digest is posted as, when above 1
	calls [][2]time.Time // since, until
}

func (d *fakeDigester) Digest(_ context.Context, ch channel.Key, since, until time.Time) (reply.Reply, []string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.calls = append(d.calls, [2]time.Time{since, until})
	if d.empty {
		return reply.Reply{}, nil, nil
	}
	msg := reply.Reply{Kind: reply.Digest, Title: "Digest for " + ch.String(), Visibility: reply.Channel}
	for i := range d.parts {
		if d.parts > 1 {
			// fakePoster posts each section as a message titled by its label.
			label := fmt.Sprintf("%s (%d/%d) composed at %s", msg.Title, i+1, d.parts, until.Format(time.RFC3339Nano))
			msg.Sections = append(msg.Sections, reply.Section{Label: label})
		}
	}
	return msg, []string{"a1b2c3d4"}, nil
}

func (d *fakeDigester) windows() [][2]time.Time {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([][2]time.Time(nil), d.calls...)
}

// logBuffer collects log lines for assertions.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// outcomes counts what Observe was told.
type outcomes struct {
	mu sync.Mutex
	n  map[string]int
}

func (o *outcomes) observe(platform, outcome string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.n == nil {
		o.n = make(map[string]int)
	}
	o.n[platform+" "+outcome]++
}

func (o *outcomes) get(key string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.n[key]
}

// template is a database file with the store's and River's tables, made
// once: migrating River takes a good part of a second under -race, and
// every test starts from a copy.
var template struct {
	once  sync.Once
	bytes []byte
	err   error
}

func migratedDB(t *testing.T) []byte {
	t.Helper()
	template.once.Do(func() {
		ctx := context.Background()
		dir, err := os.MkdirTemp("", "scheduler-test-")
		if err != nil {
			template.err = err
			return
		}
		defer os.RemoveAll(dir)
		path := filepath.Join(dir, "template.db")
		st, err := store.Open(ctx, path)
		if err != nil {
			template.err = err
			return
		}
		jc, err := jobs.New(jobs.Config{Store: st})
		if err == nil {
			err = jc.Migrate(ctx)
		}
		if err := st.Close(); err != nil && template.err == nil {
			template.err = err
		}
		if err != nil {
			template.err = err
			return
		}
		template.bytes, template.err = os.ReadFile(path)
	})
	if template.err != nil {
		t.Fatalf("template database: %v", template.err)
	}
	return template.bytes
}

// harness is one database file with one channel, slack/C1, and the fakes
// that every scheduler opened on it shares.
type harness struct {
	t      *testing.T
	path   string
	clock  *testClock
	ch     channel.Key
	poster *fakePoster
	dig    *fakeDigester
	logs   *logBuffer
	seen   *outcomes
	st     *store.Store // the first store opened

	planEvery time.Duration // Config.PlanEvery of the schedulers made next; 0: the default
}

// newHarness records the schedule at setAt, in a copy of the template
// database.
func newHarness(t *testing.T, setAt time.Time, sc channel.Schedule) *harness {
	t.Helper()
	return setUp(t, setAt, sc, migratedDB(t))
}

// dialects runs f on SQLite and on Postgres (storetest.Run: the Postgres
// subtest skips, saying why, unless BRIEF_TEST_POSTGRES names a server).
func dialects(t *testing.T, f func(t *testing.T, dialect string)) {
	t.Helper()
	storetest.Run(t, f)
}

// newHarnessOn is newHarness on the dialect: on Postgres, a schema of its
// own (River's tables are made by the first Start).
func newHarnessOn(t *testing.T, dialect string, setAt time.Time, sc channel.Schedule) *harness {
	t.Helper()
	if dialect == store.DialectPostgres {
		return setUpAt(t, storetest.DSN(t, dialect), setAt, sc, nil)
	}
	return newHarness(t, setAt, sc)
}

// setUp is newHarness starting from the database file db, or from no file.
func setUp(t *testing.T, setAt time.Time, sc channel.Schedule, db []byte) *harness {
	t.Helper()
	return setUpAt(t, filepath.Join(t.TempDir(), "brief.db"), setAt, sc, db)
}

// setUpAt is setUp on the database at path (a file, or a postgres:// URL).
func setUpAt(t *testing.T, path string, setAt time.Time, sc channel.Schedule, db []byte) *harness {
	t.Helper()
	h := &harness{
		t:      t,
		path:   path,
		clock:  newClock(setAt),
		poster: &fakePoster{},
		dig:    &fakeDigester{},
		logs:   &logBuffer{},
		seen:   &outcomes{},
	}
	if db != nil {
		if err := os.WriteFile(h.path, db, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	h.st = h.open()
	ctx := context.Background()
	ch, err := h.st.EnsureChannel(ctx, "slack", "C1", "general")
	if err != nil {
		t.Fatal(err)
	}
	h.ch = ch
	if err := h.st.SetSchedule(ctx, ch, sc); err != nil {
		t.Fatal(err)
	}
	return h
}

// open opens the database file once more: another process, or a restart.
func (h *harness) open() *store.Store {
	h.t.Helper()
	st, err := store.Open(context.Background(), h.path, store.WithClock(h.clock.Now))
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { st.Close() })
	return st
}

// scheduler builds a scheduler on st, fast for tests, stopped at cleanup.
func (h *harness) scheduler(st *store.Store, posters map[string]post.Poster) *Scheduler {
	h.t.Helper()
	if posters == nil {
		posters = map[string]post.Poster{"slack": h.poster}
	}
	reg := post.NewRegistry()
	for platform, p := range posters {
		reg.Add(platform, p)
	}
	log := slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	jc, err := jobs.New(jobs.Config{
		Store:  st,
		Now:    h.clock.Now,
		Logger: log,
		Adjust: func(rc *river.Config) {
			rc.FetchPollInterval = 50 * time.Millisecond
			rc.FetchCooldown = 10 * time.Millisecond
			rc.TestOnly = true
			// River's job cleaner and stuck-job rescuer measure by the real
			// clock, months away from the test clock: a job the test clock
			// started "now" would look hours old. Keep finished jobs (tests
			// look at them) and rescue nothing.
			rc.RescueStuckJobsAfter = 100 * 365 * 24 * time.Hour
			rc.CompletedJobRetentionPeriod = -1
			rc.CancelledJobRetentionPeriod = -1
			rc.DiscardedJobRetentionPeriod = -1
		},
	})
	if err != nil {
		h.t.Fatal(err)
	}
	s, err := New(Config{
		Store:     st,
		Jobs:      jc,
		Digester:  h.dig,
		Posters:   reg,
		Now:       h.clock.Now,
		Logger:    log,
		Observe:   h.seen.observe,
		PlanEvery: h.planEvery,
	})
	if err != nil {
		h.t.Fatal(err)
	}
	s.retry = 20 * time.Millisecond
	h.t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := s.Stop(ctx); err != nil {
			h.t.Errorf("Stop: %v", err)
		}
	})
	return s
}

// start starts s and waits until a plan has run since (River's leader
// plans; s, or another scheduler on the database, once it leads).
func (h *harness) start(s *Scheduler) {
	h.t.Helper()
	before := plansDone(h.t, s)
	if err := s.Start(context.Background()); err != nil {
		h.t.Fatal(err)
	}
	waitFor(h.t, 15*time.Second, func() bool { return plansDone(h.t, s) > before },
		func() string { return "no plan ran after Start\n" + h.logs.String() })
}

// plansDone counts the plan jobs that have run to their end.
func plansDone(t *testing.T, s *Scheduler) int {
	t.Helper()
	res, err := s.jobs.JobList(context.Background(), river.NewJobListParams().Kinds(PlanArgs{}.Kind()).
		States(rivertype.JobStateCompleted, rivertype.JobStateDiscarded).First(10000))
	if err != nil {
		if strings.Contains(err.Error(), "no such table") || strings.Contains(err.Error(), "does not exist") {
			return 0 // River's tables come with Start
		}
		t.Fatal(err)
	}
	return len(res.Jobs)
}

// delivery returns the ledger's row, or a zero Delivery.
func (h *harness) delivery(slot time.Time) store.Delivery {
	h.t.Helper()
	d, err := h.st.Delivery(context.Background(), nil, h.ch, slot)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		h.t.Fatal(err)
	}
	return d
}

// waitStatus waits until the slot's ledger row has the status.
func (h *harness) waitStatus(slot time.Time, status string) store.Delivery {
	h.t.Helper()
	var d store.Delivery
	waitFor(h.t, 15*time.Second, func() bool {
		d = h.delivery(slot)
		return d.Status == status
	}, func() string { return fmt.Sprintf("slot %s is %q; want %q\nlog:\n%s", slot, d.Status, status, h.logs) })
	return d
}

// waitFor polls cond until it holds, or fails the test with why().
func waitFor(t *testing.T, timeout time.Duration, cond func() bool, why func() string) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal(why())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// settleJobs waits until no digest job is waiting to run or running: what
// River would do with the slot, it has done.
func settleJobs(t *testing.T, s *Scheduler) {
	t.Helper()
	var left []string
	waitFor(t, 15*time.Second, func() bool {
		left = left[:0]
		res, err := s.jobs.JobList(context.Background(), river.NewJobListParams().
			States(rivertype.JobStateAvailable, rivertype.JobStateRunning, rivertype.JobStateRetryable).First(100))
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range res.Jobs {
			left = append(left, fmt.Sprintf("%d %s %s", j.ID, j.State, j.EncodedArgs))
		}
		return len(left) == 0
	}, func() string { return "jobs still to run:\n" + strings.Join(left, "\n") })
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func berlin(at string) channel.Schedule {
	return channel.Schedule{At: at, Zone: "Europe/Berlin", Days: channel.Daily}
}

func newYork(at string) channel.Schedule {
	return channel.Schedule{At: at, Zone: "America/New_York", Days: channel.Daily}
}

func weekdays(at, zone string) channel.Schedule {
	return channel.Schedule{At: at, Zone: zone, Days: channel.Weekdays}
}

func utcDaily(at string) channel.Schedule {
	return channel.Schedule{At: at, Zone: "UTC", Days: channel.Daily}
}

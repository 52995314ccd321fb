package main

// The service when its Postgres server goes away: stopped under a running
// `bot run` and started again, unreachable at start, or holding a schema
// of a newer brief. They run a private Postgres server (pgtest.NewServer),
// so stopping it disturbs no other test, and it trusts 127.0.0.1, so a
// password put in BRIEF_DB can be checked never to show; they skip
// without BRIEF_TEST_POSTGRES (all but the unreachable one, which needs no
// server).

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"brief/internal/channel"
	"brief/internal/pgtest"
	"brief/internal/standin"
	"brief/internal/store"
)

// pgPassword is put in BRIEF_DB to check it never shows. The private
// server trusts 127.0.0.1, so any password logs in.
const pgPassword = "s3cret-pw"

// withPassword is dsn with pgPassword as the user's password.
func withPassword(t *testing.T, dsn string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword(u.User.Username(), pgPassword)
	return u.String()
}

// readyz is GET /readyz's status and body.
func readyz(t *testing.T, base string) (int, string) {
	t.Helper()
	resp, err := http.Get(base + "/readyz")
	if err != nil {
		t.Fatalf("/readyz: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// waitReadyz polls /readyz until its status is code, and returns the body.
func waitReadyz(t *testing.T, base string, code int) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		got, body := readyz(t, base)
		if got == code {
			return body
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz still %d %q after 30s, want %d", got, body, code)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// command sends a console command and returns its reply: what stdout
// gained before the answer to a line the console refuses at once, sent
// after it (the console answers in order).
func (s *service) command(line string) string {
	s.t.Helper()
	const mark = "/end"
	const marked = "Commands start with /brief. Type /brief help for the list.\n\n"
	before := len(s.out.String())
	s.send(line)
	s.send(mark)
	deadline := time.Now().Add(30 * time.Second)
	for {
		got := s.out.String()[before:]
		if i := strings.Index(got, marked); i >= 0 {
			return got[:i]
		}
		select {
		case err := <-s.done:
			s.t.Fatalf("bot run ended (%v) after %q\nstdout:\n%s\nstderr:\n%s", err, line, s.out.String(), s.errb.String())
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("no reply to %q within 30s (a hang); stdout gained:\n%s\nstderr:\n%s", line, s.out.String()[before:], s.errb.String())
		}
	}
}

const scheduledPost = "── scheduled post ──"

func TestRunThroughPostgresRestart(t *testing.T) {
	t.Parallel() // with the Slack one: both wait for a slot
	pg := pgtest.NewServer(t)
	env := serviceEnv(t)
	env["BRIEF_DB"] = withPassword(t, pg.URL())
	s := startService(t, env)
	base := s.httpAddr()

	// Stored before the outage: the sample article (read at start) and a
	// schedule set through the console for the next whole minute.
	slot := nextSlot(5 * time.Second)
	want := fmt.Sprintf("This channel gets a digest every day at %s UTC.", slot.Format("15:04"))
	if got := s.command("/brief schedule " + slot.Format("15:04") + " UTC"); !strings.Contains(got, "Scheduled: a digest in this channel every day at "+slot.Format("15:04")+" UTC.") {
		t.Fatalf("setting the schedule: %q", got)
	}
	if code, body := readyz(t, base); code != 200 {
		t.Fatalf("/readyz before the outage: %d %q", code, body)
	}

	if err := pg.Stop(); err != nil {
		t.Fatal(err)
	}
	down := time.Now()
	if down.After(slot) {
		t.Fatalf("Postgres went down after the slot at %s: the machine is too slow for this test", slot.Format("15:04:05"))
	}
	t.Logf("Postgres stopped %s before the slot at %s", time.Until(slot).Round(time.Millisecond), slot.Format("15:04:05"))

	// While it is down: what needs the store says the database is
	// unavailable and to try again; what the library holds in memory works.
	for _, cmd := range []string{"/brief schedule 07:00 UTC", "/brief schedule", "/brief feed list", "/brief"} {
		got := s.command(cmd)
		if !strings.Contains(got, "The database is unavailable right now") || !strings.Contains(got, "try again") {
			t.Errorf("%s while Postgres is down: %q, want it to say the database is unavailable and to try again", cmd, got)
		}
	}
	if got := s.command("/brief kim train russia"); !strings.Contains(got, "TL;DR: Kim Jong Un is traveling by train to Russia") {
		t.Errorf("/brief kim train russia from the library while Postgres is down: %q", got)
	}
	if got := s.command("/brief ask where could Kim and Putin meet?"); !strings.Contains(got, "Vladivostok") {
		t.Errorf("/brief ask from the library while Postgres is down: %q", got)
	}
	body := waitReadyz(t, base, http.StatusServiceUnavailable)
	if !strings.Contains(body, "store: ") || !strings.Contains(body, "database is unavailable") || !strings.Contains(body, pg.Addr()) || strings.Contains(body, "store: store:") {
		t.Errorf("/readyz while Postgres is down: %q, want it to name the store, once, and the server", body)
	}

	// Down across the slot.
	time.Sleep(time.Until(slot.Add(2 * time.Second)))
	if strings.Contains(s.out.String(), scheduledPost) {
		t.Fatalf("a post while Postgres was down:\n%s", s.out.String())
	}
	if err := pg.Start(); err != nil {
		t.Fatal(err)
	}
	up := time.Now()

	// Commands answer again, and find what was stored before.
	got := s.command("/brief schedule")
	answered := time.Since(up)
	if !strings.Contains(got, want) {
		t.Errorf("/brief schedule once Postgres is back: %q, want %q (the schedule set before the outage, unchanged by the command that failed)", got, want)
	}
	waitReadyz(t, base, http.StatusOK)
	ready := time.Since(up)
	if got := s.command("/brief list"); !strings.Contains(got, "Kim Jong Un") {
		t.Errorf("/brief list once Postgres is back: %q", got)
	}

	// The slot that fell due meanwhile is posted, once.
	s.waitForWithin(s.out, scheduledPost, 3*time.Minute)
	posted := time.Since(slot)
	t.Logf("Postgres down %s, across the slot; after it came back a command answered normally in %s, /readyz was ready in %s, and the slot was posted %s late (%s after Postgres came back)",
		up.Sub(down).Round(time.Millisecond), answered.Round(time.Millisecond), ready.Round(time.Millisecond), posted.Round(time.Millisecond), (posted - up.Sub(slot)).Round(time.Millisecond))
	if got := s.command("/brief"); !strings.Contains(got, "Nothing new since the last digest") {
		t.Errorf("/brief after the scheduled post: %q, want the ledger to have the slot's digest", got)
	}
	// A second post would come from the planner's next round (every 15s)
	// or a retry of the job.
	time.Sleep(20 * time.Second)
	if n := strings.Count(s.out.String(), scheduledPost); n != 1 {
		t.Errorf("the slot was posted %d times, want once:\n%s", n, s.out.String())
	}
	if all := s.out.String() + s.errb.String(); strings.Contains(all, pgPassword) {
		t.Errorf("the password of BRIEF_DB shows in the output")
	}
}

// waitForWithin is waitFor with a deadline of its own.
func (s *service) waitForWithin(buf *syncBuffer, want string, within time.Duration) string {
	s.t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if text := buf.String(); strings.Contains(text, want) {
			return text
		}
		select {
		case err := <-s.done:
			s.t.Fatalf("bot run ended (%v) before printing %q\nstdout:\n%s\nstderr:\n%s", err, want, s.out.String(), s.errb.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	s.t.Fatalf("no %q after %s\nstdout:\n%s\nstderr:\n%s", want, within, s.out.String(), s.errb.String())
	return ""
}

// tableCounts is every table of the schema dsn names with its row count,
// one "name rows" line each, sorted.
func tableCounts(t *testing.T, dsn string) string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`)
	if err != nil {
		t.Fatal(err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		var c int64
		if err := conn.QueryRow(ctx, `SELECT COUNT(*) FROM `+pgx.Identifier{n}.Sanitize()).Scan(&c); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s %d\n", n, c)
	}
	return b.String()
}

func TestRunRefusesANewerPostgresSchemaUntouched(t *testing.T) {
	dsn := withPassword(t, pgtest.NewServer(t).URL())
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := st.EnsureChannel(ctx, "slack", "C1", "news")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetSchedule(ctx, ch, channel.Schedule{At: "08:00", Zone: "UTC", Days: channel.Daily}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (99, 0)`); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)
	before := tableCounts(t, dsn)

	env := serviceEnv(t)
	env["BRIEF_DB"] = dsn
	_, stderr, err := runBot(t, env, "run")
	if err == nil {
		t.Fatalf("bot run on a newer schema started:\n%s", stderr)
	}
	msg := err.Error()
	for _, want := range []string{"newer than this version of brief", "BRIEF_DB", "schema version 99"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the error lacks %q: %s", want, msg)
		}
	}
	if strings.Contains(msg+stderr, pgPassword) {
		t.Errorf("the error or the log shows BRIEF_DB's password: %s\n%s", msg, stderr)
	}
	if after := tableCounts(t, dsn); after != before {
		t.Errorf("the schema changed:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	t.Logf("bot run: %s", msg)
}

func TestRunPostgresUnreachableAtStart(t *testing.T) {
	// No server needed: a port nothing listens on, taken, then closed.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()

	env := serviceEnv(t)
	env["BRIEF_DB"] = "postgres://brief:" + pgPassword + "@" + addr + "/brief?sslmode=disable"
	start := time.Now()
	_, stderr, err := runBot(t, env, "run")
	took := time.Since(start)
	if err == nil {
		t.Fatalf("bot run started without its database:\n%s", stderr)
	}
	msg := err.Error()
	for _, want := range []string{"BRIEF_DB", addr, "connection refused"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the error lacks %q: %s", want, msg)
		}
	}
	if strings.Contains(msg+stderr, pgPassword) {
		t.Errorf("the error or the log shows BRIEF_DB's password: %s\n%s", msg, stderr)
	}
	if took > 5*time.Second {
		t.Errorf("bot run took %s to give up on a refused connection, want well under the 10s connect timeout", took)
	}
	t.Logf("bot run gave up after %s: %s", took.Round(time.Millisecond), msg)
}

// slackCommand sends a signed /brief slash command for channel C1 and
// returns what the user reads: the ack's body, or what came through
// response_url when the ack deferred it.
func slackCommand(t *testing.T, s *service, api *standIn, secret, text string, n *int) string {
	t.Helper()
	*n++
	respond := fmt.Sprintf("/respond/%d", *n)
	form := url.Values{
		"command": {"/brief"}, "text": {text}, "channel_id": {"C1"}, "channel_name": {"news"},
		"user_id": {"U1"}, "team_id": {"T1"}, "response_url": {api.URL + respond}, "trigger_id": {"1.2.3"},
	}.Encode()
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	code, body, _ := postSigned(t, s.httpAddr()+"/slack/commands", map[string]string{
		"Content-Type":              "application/x-www-form-urlencoded",
		"X-Slack-Request-Timestamp": ts,
		"X-Slack-Signature":         slackSign(secret, ts, form),
	}, form)
	if code != http.StatusOK {
		t.Fatalf("/brief %s: %d %s", text, code, body)
	}
	if strings.Contains(body, `"text"`) || strings.Contains(body, `"blocks"`) {
		return body
	}
	got := api.waitFor(t, respond, 1)
	return got[0].body
}

func TestRunSlackThroughPostgresRestart(t *testing.T) {
	t.Parallel()
	pg := pgtest.NewServer(t)
	api := newStandIn(t, func(w http.ResponseWriter, r *http.Request, body string) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.HasSuffix(r.URL.Path, "/chat.postMessage"):
			io.WriteString(w, `{"ok":true,"channel":"C1","ts":"1700000000.000100"}`)
		case strings.HasSuffix(r.URL.Path, "/users.info"):
			io.WriteString(w, `{"ok":true,"user":{"id":"U1","is_admin":true}}`) // may change the schedule
		default:
			io.WriteString(w, `{"ok":true}`)
		}
	})
	const secret = "8f742231b10e8888abcd99yyyzzz85a5"
	env := serviceEnv(t)
	env["BRIEF_DB"] = withPassword(t, pg.URL())
	env["SLACK_BOT_TOKEN"] = "xoxb-test-token"
	env["SLACK_SIGNING_SECRET"] = secret
	env["SLACK_API_URL"] = api.URL + "/api/"
	slot := nextSlot(8 * time.Second)
	presetSchedule(t, pg.URL(), "slack", "C1", slot)
	s := startService(t, env)
	n := 0

	if err := pg.Stop(); err != nil {
		t.Fatal(err)
	}
	down := time.Now()
	if down.After(slot) {
		t.Fatalf("Postgres went down after the slot at %s: the machine is too slow for this test", slot.Format("15:04:05"))
	}
	for _, text := range []string{"schedule 07:00 UTC", "schedule"} {
		got := slackCommand(t, s, api, secret, text, &n)
		if !strings.Contains(got, "The database is unavailable right now") || strings.Contains(got, "BRIEF_DB") {
			t.Errorf("/brief %s on Slack while Postgres is down: %s, want it to say the database is unavailable and to try again", text, got)
		}
	}

	time.Sleep(time.Until(slot.Add(2 * time.Second)))
	if got := api.matching("/chat.postMessage"); len(got) != 0 {
		t.Fatalf("posted while Postgres was down: %+v", got)
	}
	if err := pg.Start(); err != nil {
		t.Fatal(err)
	}
	up := time.Now()
	got := slackCommand(t, s, api, secret, "schedule", &n)
	answered := time.Since(up)
	if want := "every day at " + slot.Format("15:04") + " UTC"; !strings.Contains(got, want) {
		t.Errorf("/brief schedule on Slack once Postgres is back: %s, want %q", got, want)
	}

	deadline := time.Now().Add(3 * time.Minute)
	for len(api.matching("/chat.postMessage")) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	posted := time.Since(slot)
	// A second post would come from the planner's next round (every 15s)
	// or a retry of the job.
	time.Sleep(20 * time.Second)
	posts := api.matching("/chat.postMessage")
	if len(posts) != 1 {
		t.Fatalf("%d posts of the slot that fell due while Postgres was down, want 1: %+v\n%s", len(posts), posts, s.errb.String())
	}
	if sent, _ := url.ParseQuery(posts[0].body); sent.Get("channel") != "C1" || !strings.Contains(sent.Get("blocks"), "Kim Jong Un") {
		t.Errorf("the scheduled post: %s", posts[0].body)
	}
	t.Logf("Slack: Postgres down %s, across the slot; after it came back a slash command answered normally in %s, and the slot was posted %s late (%s after Postgres came back)",
		up.Sub(down).Round(time.Millisecond), answered.Round(time.Millisecond), posted.Round(time.Millisecond), (posted - up.Sub(slot)).Round(time.Millisecond))
	if strings.Contains(s.errb.String(), pgPassword) {
		t.Errorf("the password of BRIEF_DB shows in the log")
	}
}

// presetSchedule records, before the service starts, the channel with a
// daily schedule at slot (UTC), set an hour ago.
func presetSchedule(t *testing.T, dsn, platform, channelID string, slot time.Time) {
	t.Helper()
	ctx := context.Background()
	set := time.Now().Add(-time.Hour)
	st, err := store.Open(ctx, dsn, store.WithClock(func() time.Time { return set }))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ch, err := st.EnsureChannel(ctx, platform, channelID, "news")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetSchedule(ctx, ch, channel.Schedule{At: slot.UTC().Format("15:04"), Zone: "UTC", Days: channel.Daily}); err != nil {
		t.Fatal(err)
	}
}

func TestRunPostgresStopsWhileASlotIsPosted(t *testing.T) {
	t.Parallel()
	pg := pgtest.NewServer(t)
	arrived, release := make(chan struct{}, 1), make(chan struct{})
	api := newStandIn(t, func(w http.ResponseWriter, r *http.Request, body string) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.HasSuffix(r.URL.Path, "/chat.postMessage"):
			select {
			case arrived <- struct{}{}:
			default:
			}
			<-release // the post is in flight until the test lets it through
			io.WriteString(w, `{"ok":true,"channel":"C1","ts":"1700000000.000100"}`)
		case strings.HasSuffix(r.URL.Path, "/users.info"):
			io.WriteString(w, `{"ok":true,"user":{"id":"U1","is_admin":false}}`)
		default:
			io.WriteString(w, `{"ok":true}`)
		}
	})
	const secret = "8f742231b10e8888abcd99yyyzzz85a5"
	env := serviceEnv(t)
	env["BRIEF_DB"] = withPassword(t, pg.URL())
	env["SLACK_BOT_TOKEN"] = "xoxb-test-token"
	env["SLACK_SIGNING_SECRET"] = secret
	env["SLACK_API_URL"] = api.URL + "/api/"
	presetMissedSlot(t, env, "slack", "C1") // posted at start
	s := startService(t, env)

	select {
	case <-arrived:
	case <-time.After(30 * time.Second):
		t.Fatalf("the missed slot was not posted at start:\n%s", s.errb.String())
	}
	// Postgres goes away while Slack has the post; Slack then takes it.
	if err := pg.Stop(); err != nil {
		t.Fatal(err)
	}
	close(release)
	time.Sleep(2 * time.Second)
	if err := pg.Start(); err != nil {
		t.Fatal(err)
	}

	s.waitForWithin(s.errb, `msg="digest posted"`, time.Minute)
	if strings.Contains(s.errb.String(), "digest posted but not recorded") {
		t.Errorf("the digest Slack took was not recorded once Postgres came back:\n%s", s.errb.String())
	}
	// Recorded: the channel's next digest starts after it.
	n := 0
	if got := slackCommand(t, s, api, secret, "", &n); !strings.Contains(got, "Nothing new since the last digest") {
		t.Errorf("/brief after the scheduled post: %s, want nothing new since it", got)
	}
	time.Sleep(20 * time.Second) // the planner's next round
	if posts := api.matching("/chat.postMessage"); len(posts) != 1 {
		t.Errorf("%d posts of the slot, want 1", len(posts))
	}
}

func TestRunDiscordGatewayComesBackAfterPostgres(t *testing.T) {
	t.Parallel()
	pg := pgtest.NewServer(t)
	p := standin.New(t, 1)
	env := serviceEnv(t)
	env["BRIEF_DB"] = withPassword(t, pg.URL())
	env["DISCORD_BOT_TOKEN"] = "test.discord.token"
	env["DISCORD_APP_ID"] = standin.AppID
	env["DISCORD_API_URL"] = p.URL(0)
	s := startService(t, env)
	base := s.httpAddr()
	connected := func(within time.Duration) bool {
		deadline := time.Now().Add(within)
		for time.Now().Before(deadline) {
			if p.Gateways()[0] == 1 {
				return true
			}
			time.Sleep(50 * time.Millisecond)
		}
		return false
	}
	if !connected(30 * time.Second) {
		t.Fatalf("no gateway connection at start:\n%s", s.errb.String())
	}

	// Down for longer than the gateway's lease lasts unrenewed (15s).
	if err := pg.Stop(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Second)
	t.Logf("gateway connections with Postgres down 20s: %v", p.Gateways())
	if err := pg.Start(); err != nil {
		t.Fatal(err)
	}
	up := time.Now()
	waitReadyz(t, base, http.StatusOK)
	if !connected(time.Minute) {
		t.Fatalf("the gateway is not connected a minute after Postgres came back: %v\n%s", p.Gateways(), s.errb.String())
	}
	t.Logf("gateway connected again %s after Postgres came back", time.Since(up).Round(time.Millisecond))
	if gw := p.Gateways(); len(gw) != 1 || gw[0] != 1 {
		t.Errorf("gateway connections: %v, want one", gw)
	}
}

// nextSlot is the first whole minute at least lead from now.
func nextSlot(lead time.Duration) time.Time {
	return time.Now().Add(lead).Truncate(time.Minute).Add(time.Minute)
}

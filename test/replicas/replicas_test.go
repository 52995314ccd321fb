// Package replicas holds black-box tests of several `bot run` replicas on
// one Postgres database, each a process of the bot binary built by
// TestMain, against Slack and Discord stand-ins on loopback. They need
// BRIEF_TEST_POSTGRES and skip without it.
package replicas

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"brief/internal/channel"
	"brief/internal/pgtest"
	"brief/internal/standin"
	"brief/internal/store"
)

// A replica is one `bot run` process.
type replica struct {
	t    *testing.T
	i    int
	cmd  *exec.Cmd
	logs *standin.Buffer
	done chan struct{}
	addr string // http://host:port of its HTTP server
}

// startReplica starts replica i with env and waits until it is ready.
func startReplica(t *testing.T, i int, env map[string]string) *replica {
	t.Helper()
	cmd := exec.Command(botBinary, "run")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "TMPDIR=" + os.TempDir()}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	r := &replica{t: t, i: i, cmd: cmd, logs: &standin.Buffer{}, done: make(chan struct{})}
	cmd.Stdout = r.logs
	cmd.Stderr = r.logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { cmd.Wait(); close(r.done) }()
	t.Cleanup(r.stop)
	deadline := time.Now().Add(60 * time.Second)
	addr := regexp.MustCompile(`http=(http://[0-9.:]+)`)
	for {
		text := r.logs.String()
		if m := addr.FindStringSubmatch(text); m != nil && strings.Contains(text, "msg=ready") {
			r.addr = m[1]
			return r
		}
		select {
		case <-r.done:
			t.Fatalf("replica %d ended before it was ready:\n%s", i, text)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("replica %d not ready after a minute:\n%s", i, text)
		}
	}
}

func (r *replica) alive() bool {
	select {
	case <-r.done:
		return false
	default:
		return true
	}
}

// kill is kill -9: no shutdown, no lease released, nothing marked.
func (r *replica) kill() {
	r.cmd.Process.Signal(syscall.SIGKILL)
	<-r.done
}

func (r *replica) stop() {
	if !r.alive() {
		return
	}
	r.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-r.done:
	case <-time.After(20 * time.Second):
		r.t.Logf("replica %d did not stop on SIGTERM; killed", r.i)
		r.kill()
	}
	if r.t.Failed() {
		r.t.Logf("replica %d's log:\n%s", r.i, r.logs.String())
	}
}

// gauge reads a gauge without labels from the replica's /metrics; -1 when
// it can't.
func (r *replica) gauge(name string) float64 {
	resp, err := http.Get(r.addr + "/metrics")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err == nil {
				return f
			}
		}
	}
	return -1
}

// only waits until exactly one of rs reports the gauge at 1 and returns it.
func only(t *testing.T, rs []*replica, name string, within time.Duration) (*replica, time.Duration) {
	t.Helper()
	start := time.Now()
	for time.Since(start) < within {
		var ones []*replica
		for _, r := range rs {
			if r.alive() && r.gauge(name) == 1 {
				ones = append(ones, r)
			}
		}
		if len(ones) == 1 {
			return ones[0], time.Since(start)
		}
		if len(ones) > 1 {
			t.Logf("%d replicas report %s 1 at once", len(ones), name)
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no single replica reports %s 1 after %s", name, within)
	return nil, 0
}

// replicaEnv makes the environment of replica i.
func replicaEnvFor(base map[string]string, p *standin.Platform, i int) map[string]string {
	env := map[string]string{}
	for k, v := range base {
		env[k] = v
	}
	env["DISCORD_API_URL"] = p.URL(i)
	env["SLACK_API_URL"] = p.URL(i) + "/api/"
	return env
}

// replicaBase is the environment every replica shares: one Postgres
// schema, the sample article, Slack over HTTP and Discord over the gateway.
func replicaBase(t *testing.T) map[string]string {
	t.Helper()
	dir := t.TempDir()
	arts := filepath.Join(dir, "articles")
	if err := os.Mkdir(arts, 0o755); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("../../articles/2023-09-11-kim-jong-un-train-to-russia.txt")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(arts, "kim.txt"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	return map[string]string{
		"BRIEF_DB":             pgtest.URL(t),
		"BRIEF_ARTICLES_DIR":   arts,
		"BRIEF_HTTP_ADDR":      "127.0.0.1:0",
		"BRIEF_LOG_LEVEL":      "debug",
		"SLACK_BOT_TOKEN":      "xoxb-test-token",
		"SLACK_SIGNING_SECRET": "8f742231b10e8888abcd99yyyzzz85a5",
		"DISCORD_BOT_TOKEN":    "test.discord.token",
		"DISCORD_APP_ID":       standin.AppID,
	}
}

// scheduleAt records daily schedules at slot (UTC) for the channels.
func scheduleAt(t *testing.T, db string, slot time.Time, channels map[string]string) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for id, platform := range channels {
		ch, err := st.EnsureChannel(ctx, platform, id, "news")
		if err != nil {
			t.Fatal(err)
		}
		if err := st.SetSchedule(ctx, ch, channel.Schedule{At: slot.UTC().Format("15:04"), Zone: "UTC", Days: channel.Daily}); err != nil {
			t.Fatal(err)
		}
	}
}

// nextSlot is the first whole minute at least lead from now.
func nextSlot(lead time.Duration) time.Time {
	return time.Now().Add(lead).Truncate(time.Minute).Add(time.Minute)
}

// waitMessages waits until the channel has n messages or the time is up,
// and returns what it has.
func waitMessages(p *standin.Platform, ch string, n int, until time.Time) []standin.Message {
	for time.Now().Before(until) {
		if got := p.Messages(ch); len(got) >= n {
			return got
		}
		time.Sleep(100 * time.Millisecond)
	}
	return p.Messages(ch)
}

const (
	replicaSlack   = "C0REPLICA"
	replicaDiscord = "1200000000000000009"
)

// TestReplicasLeaderKilledBeforeSlot: three replicas; River's leader is
// killed (kill -9) three seconds before a slot. The slot reaches each
// channel once, from a survivor; a survivor becomes leader; the Discord
// gateway is held by one replica at a time and moves when its holder dies.
func TestReplicasLeaderKilledBeforeSlot(t *testing.T) {
	base := replicaBase(t)
	p := standin.New(t, 3)
	// Replica 2 alone reads a folder with one more article.
	own := t.TempDir()
	for name, text := range map[string]string{
		"kim.txt":    mustRead(t, filepath.Join(base["BRIEF_ARTICLES_DIR"], "kim.txt")),
		"halden.txt": haldenArticle,
	} {
		if err := os.WriteFile(filepath.Join(own, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var rs []*replica
	for i := range 3 {
		env := replicaEnvFor(base, p, i)
		if i == 2 {
			env["BRIEF_ARTICLES_DIR"] = own
		}
		rs = append(rs, startReplica(t, i, env))
	}
	// What one replica stored reaches another's library.
	took := time.Now()
	if !slackFinds(t, rs[0], base["SLACK_SIGNING_SECRET"], p.URL(0), "halden bridge", "Halden", 30*time.Second) {
		t.Fatal("replica 0 never found the article replica 2 stored")
	}
	t.Logf("replica 0 found the article replica 2 stored %.1fs after all were ready", time.Since(took).Seconds())
	// The schedule is set after the start, as through a command: the
	// leader's planner picks it up (every 15 s), before the slot.
	slot := nextSlot(35 * time.Second)
	scheduleAt(t, base["BRIEF_DB"], slot, map[string]string{replicaSlack: "slack", replicaDiscord: "discord"})
	leader, _ := only(t, rs, "brief_leader", 30*time.Second)
	holder, _ := only(t, rs, "brief_discord_gateway", 30*time.Second)
	if gw := p.Gateways(); len(gw) != 1 || gw[holder.i] != 1 {
		t.Fatalf("gateway connections by replica: %v, want one, from replica %d (the lease holder)", gw, holder.i)
	}
	t.Logf("replica %d leads River; replica %d holds the Discord gateway; slot at %s", leader.i, holder.i, slot.Format(time.TimeOnly))

	if wait := time.Until(slot.Add(-3 * time.Second)); wait > 0 {
		time.Sleep(wait)
	}
	killed := time.Now()
	leader.kill()
	var survivors []*replica
	for _, r := range rs {
		if r.alive() {
			survivors = append(survivors, r)
		}
	}
	next, took2 := only(t, survivors, "brief_leader", 90*time.Second)
	t.Logf("leadership: replica %d leads %.1fs after the leader was killed", next.i, took2.Seconds())
	_ = killed

	for _, ch := range []string{replicaSlack, replicaDiscord} {
		got := waitMessages(p, ch, 1, slot.Add(90*time.Second))
		if len(got) == 0 {
			t.Fatalf("channel %s got nothing within 90s of the slot", ch)
		}
		t.Logf("channel %s: posted by replica %d, %.1fs after the slot", ch, got[0].Replica, got[0].At.Sub(slot).Seconds())
	}
	time.Sleep(5 * time.Second) // a double post would come now
	for _, ch := range []string{replicaSlack, replicaDiscord} {
		if got := p.Messages(ch); len(got) != 1 {
			t.Errorf("channel %s got %d messages for one slot, want 1", ch, len(got))
		}
	}

	// The gateway: one holder among the survivors; kill it and the last
	// replica takes over.
	holder, _ = only(t, survivors, "brief_discord_gateway", 60*time.Second)
	holder.kill()
	var last *replica
	for _, r := range survivors {
		if r.alive() {
			last = r
		}
	}
	start := time.Now()
	for time.Since(start) < 60*time.Second && last.gauge("brief_discord_gateway") != 1 {
		time.Sleep(100 * time.Millisecond)
	}
	if last.gauge("brief_discord_gateway") != 1 {
		t.Fatalf("replica %d did not take the gateway over within a minute", last.i)
	}
	took2 = time.Since(start)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) && p.Gateways()[last.i] != 1 {
		time.Sleep(50 * time.Millisecond)
	}
	if gw := p.Gateways(); len(gw) != 1 || gw[last.i] != 1 {
		t.Fatalf("gateway connections after the takeover: %v, want one from replica %d", gw, last.i)
	}
	t.Logf("gateway lease: replica %d holds it %.1fs after its holder was killed", last.i, took2.Seconds())
}

const haldenArticle = `date 2026-12-01 Test Wire

The Halden harbour bridge reopened to traffic on Tuesday after two years of repairs, the city council said.

Engineers replaced the bridge's steel cables and its deck, at a cost of 40 million kroner.

Drivers had used a ferry while the bridge was closed.
`

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// slackFinds asks replica r `/brief words` over Slack's HTTP slash command
// until the answer (the ack or the response_url message) holds want.
func slackFinds(t *testing.T, r *replica, secret, api, words, want string, within time.Duration) bool {
	t.Helper()
	deadline := time.Now().Add(within)
	for n := 0; time.Now().Before(deadline); n++ {
		form := url.Values{
			"command": {"/brief"}, "text": {words}, "channel_id": {replicaSlack}, "channel_name": {"news"},
			"user_id": {"U1"}, "team_id": {"T1"}, "response_url": {fmt.Sprintf("%s/respond/%d", api, n)}, "trigger_id": {fmt.Sprintf("1.2.%d", n)},
		}.Encode()
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		code, body, _ := standin.PostSigned(t, r.addr+"/slack/commands", map[string]string{
			"Content-Type":              "application/x-www-form-urlencoded",
			"X-Slack-Request-Timestamp": ts,
			"X-Slack-Signature":         standin.SlackSign(secret, ts, form),
		}, form)
		if code == 200 && strings.Contains(body, want) {
			return true
		}
		time.Sleep(time.Second)
	}
	return false
}

// TestReplicaKilledWhilePosting: two replicas; the platforms are slow to
// answer a scheduled post, and the replica whose post is in flight is
// killed (kill -9). Each channel gets the slot once: when the platform had
// the message, the survivor finds it and marks the slot posted (Discord by
// the message's slot marker, and its nonce would dedupe a repost; Slack by
// the message's metadata); when it did not, the survivor posts it.
func TestReplicaKilledWhilePosting(t *testing.T) {
	for _, tc := range []struct {
		name       string
		storeFirst bool
	}{
		{"the platform got the post", true},
		{"the platform never got it", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := replicaBase(t)
			base["BRIEF_DIGEST_TIMEOUT"] = "5s"
			p := standin.New(t, 2)
			p.SetDelay(time.Minute, tc.storeFirst)
			p.Say(replicaSlack, "morning all")
			p.Say(replicaDiscord, "morning all")
			slot := nextSlot(25 * time.Second)
			scheduleAt(t, base["BRIEF_DB"], slot, map[string]string{replicaSlack: "slack", replicaDiscord: "discord"})
			rs := []*replica{startReplica(t, 0, replicaEnvFor(base, p, 0)), startReplica(t, 1, replicaEnvFor(base, p, 1))}

			// The first post to arrive names the replica to kill.
			var victim int
			select {
			case victim = <-p.Posting:
			case <-time.After(time.Until(slot) + time.Minute):
				t.Fatal("no scheduled post arrived within a minute of the slot")
			}
			killed := time.Now()
			rs[victim].kill()
			p.SetDelay(0, false)
			survivor := rs[1-victim]

			for _, ch := range []string{replicaSlack, replicaDiscord} {
				got := waitMessages(p, ch, 1, time.Now().Add(2*time.Minute))
				if len(got) == 0 {
					dumpJobs(t, base["BRIEF_DB"])
					t.Fatalf("channel %s got nothing within two minutes of the kill:\n%s", ch, survivor.logs.String())
				}
			}
			time.Sleep(5 * time.Second) // a double post would come now
			for _, ch := range []string{replicaSlack, replicaDiscord} {
				got := p.Messages(ch)
				if len(got) != 1 {
					t.Errorf("channel %s got %d messages for one slot, want 1", ch, len(got))
					continue
				}
				t.Logf("channel %s: the slot's message from replica %d; settled %.1fs after the kill", ch, got[0].Replica, settledAfter(t, base["BRIEF_DB"], ch, slot).Sub(killed).Seconds())
			}
		})
	}
}

// settledAfter waits until the ledger has the channel's slot posted and
// returns when it was marked.
func settledAfter(t *testing.T, db, ch string, slot time.Time) time.Time {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	platform := "slack"
	if ch == replicaDiscord {
		platform = "discord"
	}
	key := channel.Key{Platform: platform, ID: ch}
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		d, err := st.Delivery(ctx, nil, key, slot)
		if err == nil && d.Status == "posted" {
			return d.UpdatedAt
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("the ledger never marked %s's slot posted", ch)
	return time.Time{}
}

func dumpJobs(t *testing.T, db string) {
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Log(err)
		return
	}
	defer st.Close()
	rows, err := st.DB().Query(`SELECT kind, state, args::text, attempt, errors::text, attempted_by::text, scheduled_at FROM river_job ORDER BY id`)
	if err != nil {
		t.Log(err)
		return
	}
	defer rows.Close()
	for rows.Next() {
		var k, s, a, e, by sql.NullString
		var n int
		var at time.Time
		rows.Scan(&k, &s, &a, &n, &e, &by, &at)
		t.Logf("job %s %s %s attempt=%d by=%s at=%s errors=%s", k.String, s.String, a.String, n, by.String, at.Format(time.TimeOnly), e.String)
	}
	rows2, _ := st.DB().Query(`SELECT platform, channel_id, slot, status, attempts, claimed_at, error FROM deliveries`)
	defer rows2.Close()
	for rows2.Next() {
		var p, c, stt, e string
		var sl, cl, n int64
		rows2.Scan(&p, &c, &sl, &stt, &n, &cl, &e)
		t.Logf("delivery %s/%s %s %s attempts=%d claimed=%s err=%s", p, c, time.UnixMilli(sl).UTC().Format(time.TimeOnly), stt, n, time.UnixMilli(cl).UTC().Format(time.TimeOnly), e)
	}
	var leader string
	st.DB().QueryRow(`SELECT leader_id FROM river_leader`).Scan(&leader)
	t.Logf("leader %s", leader)
}

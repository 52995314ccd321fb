package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

const floodSecret = "8f742231b10e8888abcd99yyyzzz85a5"

// floodEnv is a Slack-over-HTTP service whose Web API is a stand-in.
func floodEnv(t *testing.T, maxConns int) map[string]string {
	t.Helper()
	api := newStandIn(t, func(w http.ResponseWriter, r *http.Request, body string) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"ok":true}`)
	})
	env := serviceEnv(t)
	env["SLACK_BOT_TOKEN"] = "xoxb-test-token"
	env["SLACK_SIGNING_SECRET"] = floodSecret
	env["SLACK_API_URL"] = api.URL + "/api/"
	env["BRIEF_HTTP_MAX_CONNS"] = strconv.Itoa(maxConns)
	return env
}

var asks atomic.Int64

// signedAsk sends a signed /brief ask (each one a new request) and
// returns its status, whether it carries the answer, and how long it took.
func signedAsk(base string) (int, bool, time.Duration, error) {
	n := asks.Add(1)
	body := url.Values{
		"command": {"/brief"}, "text": {"ask where could Kim and Putin meet?"}, "channel_id": {"C1"},
		"user_id": {"U0123ABCD"}, "team_id": {"T1"}, "response_url": {"http://127.0.0.1:9/respond/" + strconv.FormatInt(n, 10)},
	}.Encode()
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req, err := http.NewRequest(http.MethodPost, base+"/slack/commands", strings.NewReader(body))
	if err != nil {
		return 0, false, 0, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", slackSign(floodSecret, ts, body))
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return 0, false, time.Since(start), err
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, strings.Contains(string(out), "Vladivostok"), time.Since(start), nil
}

// floodConn is one idle connection of a flood: it connects, sends one
// keep-alive GET /healthz, reads the answer and holds the connection
// until the server closes it or stop closes.
type floodStats struct {
	dialed, answered, closedByServer, dialFailed atomic.Int64
}

// connected, when not nil, is called once the connection is made and
// answered (or not), before it is held.
func floodConn(addr string, stop <-chan struct{}, st *floodStats, connected func()) {
	done := func() {
		if connected != nil {
			connected()
			connected = nil
		}
	}
	defer done()
	c, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		st.dialFailed.Add(1)
		return
	}
	defer c.Close()
	st.dialed.Add(1)
	fmt.Fprintf(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
	c.SetReadDeadline(time.Now().Add(30 * time.Second))
	br := bufio.NewReader(c)
	if resp, err := http.ReadResponse(br, nil); err == nil {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		st.answered.Add(1)
	}
	done()
	closed := make(chan struct{})
	go func() {
		c.SetReadDeadline(time.Time{})
		br.ReadByte() // returns when the server closes the connection
		close(closed)
	}()
	select {
	case <-closed:
		st.closedByServer.Add(1)
	case <-stop:
	}
}

// A flood of idle connections far over the cap: the server closes the
// idle ones to make room, and every signed /brief ask is answered.
func TestRunBoundsIdleConnections(t *testing.T) {
	const max, flood = 20, 100
	s := startService(t, floodEnv(t, max))
	addr := strings.TrimPrefix(s.httpAddr(), "http://")
	stop := make(chan struct{})
	var st floodStats
	var wg sync.WaitGroup
	for range flood {
		wg.Go(func() { floodConn(addr, stop, &st, nil) })
	}
	for i := range 5 {
		code, answered, _, err := signedAsk(s.httpAddr())
		if err != nil || code != 200 || !answered {
			t.Errorf("signed ask %d during the flood: %d, answered %v, %v", i+1, code, answered, err)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for st.closedByServer.Load() < flood-max-5 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	if got := st.closedByServer.Load(); got < flood-max-5 {
		t.Errorf("the server closed %d of %d idle connections (%d answered); with a cap of %d it holds at most that many", got, st.dialed.Load(), st.answered.Load(), max)
	}
}

// TestConnectionFlood is the maintainers' measurement of problem 3:
//
//	BRIEF_FLOOD=20000 go test -run TestConnectionFlood -v ./cmd/bot/
//
// The service runs in a process of its own (this test binary, re-run as
// TestFloodService) with BRIEF_HTTP_MAX_CONNS (default 1024); this
// process makes BRIEF_FLOOD idle connection attempts (each one GET
// /healthz, kept alive) while it sends a signed /brief ask every 50 ms,
// then 20 more with the flood's connections held open, and reports the
// asks' latencies and the service's open descriptors. It fails if an ask
// is not answered, or takes 1 s or more. BRIEF_FLOOD_SERVICE_NOFILE sets
// the service's descriptor limit apart from this process's.
func TestConnectionFlood(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("BRIEF_FLOOD"))
	if n <= 0 {
		t.Skip("set BRIEF_FLOOD to the number of idle connection attempts, such as 20000")
	}
	maxConns := 1024
	if v, err := strconv.Atoi(os.Getenv("BRIEF_HTTP_MAX_CONNS")); err == nil {
		maxConns = v
	}
	env := floodEnv(t, maxConns)
	cmd := exec.Command(os.Args[0], "-test.run=^TestFloodService$")
	cmd.Env = append(os.Environ(), "BRIEF_FLOOD_SERVICE=1")
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}()
	addrs := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		re := regexp.MustCompile(`http=(http://[0-9.:]+)`)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addrs <- m[1]
			}
		}
	}()
	var base string
	select {
	case base = <-addrs:
	case <-time.After(30 * time.Second):
		t.Fatal("the service did not start")
	}
	addr := strings.TrimPrefix(base, "http://")
	fds := func() int {
		ents, err := os.ReadDir(filepath.Join("/proc", strconv.Itoa(cmd.Process.Pid), "fd"))
		if err != nil {
			return -1
		}
		return len(ents)
	}
	idleFDs := fds()

	stop := make(chan struct{})
	var st floodStats
	var wg sync.WaitGroup
	// At most 4096 attempts connecting at once; connected, they are held
	// as long as the server keeps them.
	sem := make(chan struct{}, 4096)
	start := time.Now()
	wg.Go(func() {
		for range n {
			sem <- struct{}{}
			wg.Go(func() { floodConn(addr, stop, &st, func() { <-sem }) })
		}
	})

	var mu sync.Mutex
	var lat []time.Duration
	failed := 0
	peakFDs := 0
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for st.dialed.Load()+st.dialFailed.Load() < int64(n) || len(lat)+failed < 20 {
		<-tick.C
		peakFDs = max(peakFDs, fds())
		code, answered, took, err := signedAsk(base)
		mu.Lock()
		if err != nil || code != 200 || !answered {
			failed++
			t.Logf("ask: %d answered=%v after %s: %v", code, answered, took.Round(time.Millisecond), err)
		} else {
			lat = append(lat, took)
		}
		mu.Unlock()
		if time.Since(start) > 5*time.Minute {
			t.Error("the flood did not finish within 5 minutes")
			break
		}
	}
	floodTook := time.Since(start)
	during, failedDuring := lat, failed

	// Then with the flood's connections held open, idle.
	lat, failed = nil, 0
	held := st.dialed.Load() - st.closedByServer.Load()
	for range 20 {
		code, answered, took, err := signedAsk(base)
		if err != nil || code != 200 || !answered {
			failed++
			t.Logf("ask: %d answered=%v after %s: %v", code, answered, took.Round(time.Millisecond), err)
		} else {
			lat = append(lat, took)
		}
		time.Sleep(50 * time.Millisecond)
	}
	peakFDs = max(peakFDs, fds())
	close(stop)
	wg.Wait()
	pct := func(lat []time.Duration, p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		lat = slices.Sorted(slices.Values(lat))
		return lat[min(len(lat)-1, int(p*float64(len(lat))))].Round(time.Millisecond)
	}
	t.Logf("flood: %d idle connection attempts in %s: %d connected, %d got an answer to GET /healthz, %d closed by the server, %d failed to connect",
		n, floodTook.Round(time.Millisecond), st.dialed.Load(), st.answered.Load(), st.closedByServer.Load(), st.dialFailed.Load())
	t.Logf("service: BRIEF_HTTP_MAX_CONNS=%d, open descriptors %d before the flood, %d at most during it", maxConns, idleFDs, peakFDs)
	t.Logf("signed /brief ask during the flood: %d answered, %d failed; latency p50 %s, p95 %s, max %s",
		len(during), failedDuring, pct(during, 0.5), pct(during, 0.95), pct(during, 1))
	t.Logf("signed /brief ask after it, %d idle connections held open: %d answered, %d failed; latency p50 %s, p95 %s, max %s",
		held, len(lat), failed, pct(lat, 0.5), pct(lat, 0.95), pct(lat, 1))
	if failed+failedDuring > 0 || pct(during, 1) >= time.Second || pct(lat, 1) >= time.Second {
		t.Errorf("a signed ask failed or took 1 s or more")
	}
}

// TestFloodService is the service of TestConnectionFlood, in its own process.
func TestFloodService(t *testing.T) {
	if os.Getenv("BRIEF_FLOOD_SERVICE") == "" {
		t.Skip("run by TestConnectionFlood")
	}
	if n, err := strconv.ParseUint(os.Getenv("BRIEF_FLOOD_SERVICE_NOFILE"), 10, 64); err == nil {
		// The service's own descriptor limit, below this process's (to
		// see how a service at its limit fares).
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &syscall.Rlimit{Cur: n, Max: n}); err != nil {
			t.Fatal(err)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	r, w := io.Pipe() // stdin that never ends
	defer w.Close()
	if err := run(ctx, []string{"run"}, os.Getenv, r, io.Discard, os.Stderr); err != nil {
		t.Fatal(err)
	}
}

package replicas

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"brief/internal/pgtest"
)

// botBinary is the bot, built once for the package's tests (with the race
// detector when the tests have it), so that each replica is a real
// process that a test can kill -9.
var botBinary string

func TestMain(m *testing.M) {
	os.Exit(func() int {
		if !pgtest.Available() {
			return m.Run() // every test skips, saying why
		}
		dir, err := os.MkdirTemp("", "brief-replicas-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		botBinary = filepath.Join(dir, "bot")
		args := []string{"build", "-o", botBinary}
		if raceEnabled {
			args = append(args, "-race")
		}
		build := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), append(args, "brief/cmd/bot")...)
		build.Stderr = os.Stderr
		if err := build.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "build the bot:", err)
			return 1
		}
		return m.Run()
	}())
}

// syncBuffer is a bytes.Buffer safe for a process's output and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func slackSign(secret, ts, body string) string {
	m := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(m, "v0:%s:%s", ts, body)
	return "v0=" + hex.EncodeToString(m.Sum(nil))
}

func postSigned(t *testing.T, url string, headers map[string]string, body string) (int, string, time.Duration) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out), time.Since(start)
}

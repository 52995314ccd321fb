package pgtest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// A Server is a private Postgres server of one test: its own data folder
// and port, so stopping and starting it disturbs no other test. Its URL
// logs in the superuser "brief" without a password (trust on 127.0.0.1)
// to the database "brief".
type Server struct {
	tb   testing.TB
	bin  string // the folder of initdb, pg_ctl and postgres
	root string // holds data/, the socket and the log
	port int
	as   []string // runuser -u postgres -- when running as root

	mu      sync.Mutex
	running bool
}

// NewServer initialises and starts a private server, stopped and removed
// when the test ends. It skips the test when BRIEF_TEST_POSTGRES is not
// set (the Postgres tests are off) or Postgres's programs are not under
// /usr/lib/postgresql/*/bin.
func NewServer(tb testing.TB) *Server {
	tb.Helper()
	if !Available() {
		tb.Skip("Postgres not configured: set " + Env + " to a postgres:// URL to run this test (.ci/postgres prints one)")
	}
	bin := serverBin()
	if bin == "" {
		tb.Skip("no initdb, pg_ctl and postgres under /usr/lib/postgresql/*/bin: install PostgreSQL's server package to run this test")
	}
	s := &Server{tb: tb, bin: bin}
	// Postgres refuses to run as root (CI's case): then it runs as the
	// postgres user, in a folder that user owns under /tmp (a test's
	// TempDir sits in a folder only root may enter).
	var uid, gid = -1, -1
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			tb.Skip("running as root and there is no postgres user to run a private Postgres server as")
		}
		uid, _ = strconv.Atoi(u.Uid)
		gid, _ = strconv.Atoi(u.Gid)
		s.as = []string{"runuser", "-u", "postgres", "--"}
	}
	root, err := os.MkdirTemp("", "brief-pg-")
	if err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	tb.Cleanup(func() { os.RemoveAll(root) })
	if uid >= 0 {
		if err := os.Chown(root, uid, gid); err != nil {
			tb.Fatalf("pgtest: %v", err)
		}
	}
	s.root = root
	if s.port, err = freePort(); err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	if out, err := s.cmd("initdb", "-D", s.dataDir(), "-U", "brief", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions").CombinedOutput(); err != nil {
		tb.Fatalf("pgtest: initdb: %v\n%s", err, out)
	}
	tb.Cleanup(func() {
		if err := s.Stop(); err != nil {
			tb.Logf("pgtest: stop the private server: %v", err)
		}
	})
	if err := s.Start(); err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, s.url("postgres"))
	if err != nil {
		tb.Fatalf("pgtest: connect to the private server: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE brief"); err != nil {
		tb.Fatalf("pgtest: create database: %v", err)
	}
	return s
}

// serverBin is the newest /usr/lib/postgresql/*/bin holding initdb,
// pg_ctl and postgres, or "".
func serverBin() string {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		ok := true
		for _, p := range []string{"initdb", "pg_ctl", "postgres"} {
			if fi, err := os.Stat(filepath.Join(d, p)); err != nil || fi.IsDir() {
				ok = false
			}
		}
		if ok {
			return d
		}
	}
	return ""
}

func version(bin string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(bin)))
	return n
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func (s *Server) dataDir() string { return filepath.Join(s.root, "data") }

func (s *Server) cmd(prog string, args ...string) *exec.Cmd {
	argv := append(append(append([]string{}, s.as...), filepath.Join(s.bin, prog)), args...)
	c := exec.Command(argv[0], argv[1:]...)
	c.Dir = s.root
	return c
}

// URL is the database "brief" on the server.
func (s *Server) URL() string { return s.url("brief") }

func (s *Server) url(db string) string {
	return fmt.Sprintf("postgres://brief@127.0.0.1:%d/%s?sslmode=disable", s.port, db)
}

// Addr is the server's host:port.
func (s *Server) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port)) }

// Start starts the server again on its data folder and port, and returns
// once it accepts connections. Starting a running server does nothing.
func (s *Server) Start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running {
		return nil
	}
	opts := strings.Join([]string{
		"-p", strconv.Itoa(s.port),
		"-k", s.root,
		"-c", "listen_addresses=127.0.0.1",
		"-c", "fsync=off",
		"-c", "max_connections=50",
	}, " ")
	out, err := s.cmd("pg_ctl", "start", "-D", s.dataDir(), "-l", filepath.Join(s.root, "log"), "-w", "-t", "60", "-o", opts).CombinedOutput()
	if err != nil {
		log, _ := os.ReadFile(filepath.Join(s.root, "log"))
		return fmt.Errorf("pgtest: start the private server: %v\n%s\n%s", err, out, lastLines(log, 20))
	}
	s.running = true
	return nil
}

// Stop stops the server (pg_ctl stop -m fast: open sessions are ended)
// and returns once it is down. Stopping a stopped server does nothing.
func (s *Server) Stop() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.running {
		return nil
	}
	out, err := s.cmd("pg_ctl", "stop", "-D", s.dataDir(), "-m", "fast", "-w", "-t", "60").CombinedOutput()
	if err != nil {
		return fmt.Errorf("pgtest: stop the private server: %v\n%s", err, out)
	}
	s.running = false
	return nil
}

func lastLines(b []byte, n int) []byte {
	lines := bytes.Split(bytes.TrimRight(b, "\n"), []byte("\n"))
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return bytes.Join(lines, []byte("\n"))
}

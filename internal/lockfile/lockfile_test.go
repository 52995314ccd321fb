package lockfile

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestSecondTakerLearnsTheFirst(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no flock")
	}
	path := filepath.Join(t.TempDir(), "brief.db.lock")
	start := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	l, other, err := Take(path, start)
	if err != nil || l == nil || other != nil {
		t.Fatalf("first Take = %v, %v, %v", l, other, err)
	}
	l2, other, err := Take(path, time.Now())
	if err != nil || l2 != nil || other == nil {
		t.Fatalf("second Take = %v, %v, %v; want the first holder", l2, other, err)
	}
	host, _ := os.Hostname()
	if other.PID != os.Getpid() || other.Host != host || !other.Started.Equal(start) {
		t.Errorf("holder %+v", other)
	}
	if s := other.String(); !strings.Contains(s, "pid "+strconv.Itoa(os.Getpid())) || !strings.Contains(s, "running since 2026-12-01T08:00:00Z") {
		t.Errorf("String() = %q", s)
	}
	// Released, the lock is free again; the file stays.
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	if err := l.Release(); err != nil {
		t.Errorf("second Release: %v", err)
	}
	l3, other, err := Take(path, time.Now())
	if err != nil || l3 == nil || other != nil {
		t.Fatalf("Take after Release = %v, %v, %v", l3, other, err)
	}
	l3.Release()
}

// A lock file left by a process that died is not held: the kernel let it go.
func TestStaleFileIsNotAHolder(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no flock")
	}
	path := filepath.Join(t.TempDir(), "brief.db.lock")
	if err := os.WriteFile(path, []byte("pid=999999\nhost=gone\nstarted=2020-01-01T00:00:00Z\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	l, other, err := Take(path, time.Now())
	if err != nil || l == nil || other != nil {
		t.Fatalf("Take over a stale file = %v, %v, %v", l, other, err)
	}
	defer l.Release()
	b, _ := os.ReadFile(path)
	if !strings.Contains(string(b), "pid="+strconv.Itoa(os.Getpid())+"\n") {
		t.Errorf("the file was not rewritten: %q", b)
	}
}

// Another process holding the lock is named.
func TestAnotherProcessHolds(t *testing.T) {
	if _, err := exec.LookPath("flock"); err != nil {
		t.Skip("no flock(1) to hold the lock from another process")
	}
	path := filepath.Join(t.TempDir(), "brief.db.lock")
	cmd := exec.Command("flock", "-x", path, "sleep", "5")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	// Wait until flock(1) holds it, without writing to the file.
	deadline := time.Now().Add(3 * time.Second)
	for {
		f, err := os.Open(path)
		if err == nil {
			ok, err := tryLock(f)
			if ok {
				unlock(f)
			}
			f.Close()
			if err == nil && !ok {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("flock(1) never took the lock")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := os.WriteFile(path, []byte("pid=4242\nhost=elsewhere\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	l, other, err := Take(path, time.Now())
	if err != nil || l != nil || other == nil || other.PID != 4242 || other.Host != "elsewhere" {
		t.Errorf("Take while another process holds it = %v, %+v, %v", l, other, err)
	}
}

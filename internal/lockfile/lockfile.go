// Package lockfile says which process uses a file: the service takes a
// lock file beside its SQLite database (brief.db.lock) holding its process
// id, host and start time, so a second service started on the same
// database can name the first. The lock is advisory and never blocks:
// two services on one file work, they just surprise whoever started them.
//
// The lock is an flock(2) on the file, which the kernel drops when the
// process ends however it ends, so a stale file left by a crash is not
// mistaken for a running service. Where flock is not available the
// package takes nothing and reports nobody.
package lockfile

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// A Holder is the process that holds a lock file, as it wrote itself down.
type Holder struct {
	PID     int
	Host    string
	Started time.Time
}

func (h Holder) String() string {
	s := "pid " + strconv.Itoa(h.PID)
	if h.Host != "" {
		s += " on " + h.Host
	}
	if !h.Started.IsZero() {
		s += ", running since " + h.Started.UTC().Format(time.RFC3339)
	}
	return s
}

// A Lock is a lock file this process holds; Release lets it go.
type Lock struct {
	f *os.File
}

// Release unlocks and closes the file (it stays on disk, for the next
// holder to write itself into). Calling it again, or on nil, does nothing.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	f := l.f
	l.f = nil
	unlock(f)
	return f.Close()
}

// Take locks the file at path (creating it, mode 0644) and writes this
// process into it. When another process holds it, Take returns a nil Lock
// and that process, read from the file; the caller goes on without the
// lock. now is this process's start time.
func Take(path string, now time.Time) (*Lock, *Holder, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, nil, fmt.Errorf("lockfile: %w", err)
	}
	ok, err := tryLock(f)
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("lockfile: lock %s: %w", path, err)
	}
	if !ok {
		h := read(f)
		f.Close()
		return nil, &h, nil
	}
	host, _ := os.Hostname()
	text := fmt.Sprintf("pid=%d\nhost=%s\nstarted=%s\n", os.Getpid(), host, now.UTC().Format(time.RFC3339))
	if err := f.Truncate(0); err == nil {
		_, err = f.WriteAt([]byte(text), 0)
	}
	if err != nil {
		unlock(f)
		f.Close()
		return nil, nil, fmt.Errorf("lockfile: write %s: %w", path, err)
	}
	return &Lock{f: f}, nil, nil
}

// read parses what a holder wrote; what it can't read stays zero.
func read(f *os.File) Holder {
	var h Holder
	if _, err := f.Seek(0, 0); err != nil {
		return h
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), "=")
		switch k {
		case "pid":
			h.PID, _ = strconv.Atoi(v)
		case "host":
			h.Host = v
		case "started":
			h.Started, _ = time.Parse(time.RFC3339, v)
		}
	}
	return h
}

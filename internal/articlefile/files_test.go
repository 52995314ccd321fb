//go:build unix

package articlefile

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"brief/internal/brief"
)

// specialFolder is an articles folder with one story, a link to it, and
// entries that are no files to read: a named pipe, a socket, a link that
// leads nowhere, a link to a folder, and a pipe without an article's name.
func specialFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.txt"), storyA)
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.txt"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe-not-an-article"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A socket's path must be short: listen from inside the folder.
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("unix", "sock.md")
	os.Chdir(wd)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	for link, target := range map[string]string{"link.txt": "a.txt", "broken.txt": "gone.txt", "sub-link.txt": "sub"} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// within fails the test when f takes longer than d (it would hang).
func within(t *testing.T, d time.Duration, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s did not return within %s", what, d)
	}
}

func TestScanPassesOverWhatIsNotARegularFile(t *testing.T) {
	dir := specialFolder(t)
	var files []string
	var skipped []error
	var err error
	within(t, 5*time.Second, "Scan", func() { files, skipped, err = Scan(dir) })
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	if !slices.Equal(names, []string{"a.txt", "link.txt"}) {
		t.Errorf("files %v; want a.txt and the link to it", names)
	}
	want := map[string]error{"broken.txt": ErrBrokenLink, "pipe.txt": ErrNotRegular, "sock.md": ErrNotRegular}
	for _, s := range skipped {
		var fe *FileError
		if !errors.As(s, &fe) || !fe.Skipped || !IsSkipped(s) {
			t.Errorf("%v is not a skipped entry", s)
			continue
		}
		name := filepath.Base(fe.Path)
		if w, ok := want[name]; !ok || !errors.Is(s, w) {
			t.Errorf("skipped %v", s)
		}
		delete(want, name)
	}
	if len(want) != 0 {
		t.Errorf("not reported: %v", want)
	}
	for _, s := range skipped {
		msg := s.Error()
		if strings.Contains(msg, "pipe.txt") && !strings.Contains(msg, "named pipe") ||
			strings.Contains(msg, "broken.txt") && !strings.Contains(msg, "gone.txt") {
			t.Errorf("message %q does not say what it is", msg)
		}
	}
}

func TestNamedSpecialFilesAreRefusedWithoutWaiting(t *testing.T) {
	dir := specialFolder(t)
	for name, want := range map[string]error{"pipe.txt": ErrNotRegular, "broken.txt": ErrBrokenLink, "sock.md": ErrNotRegular, "pipe-not-an-article": ErrNotRegular} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			within(t, 5*time.Second, "Scan and ReadFile", func() {
				if _, _, err := Scan(path); !errors.Is(err, want) || IsSkipped(err) {
					t.Errorf("Scan(%s) = %v, want %v (a failure, not a warning)", name, err, want)
				}
				if _, err := ReadFile(path); !errors.Is(err, want) {
					t.Errorf("ReadFile(%s) = %v, want %v", name, err, want)
				}
			})
		})
	}
	within(t, 5*time.Second, "Load", func() {
		arts, errs := Load(context.Background(), []string{dir, filepath.Join(dir, "pipe.txt")})
		if len(arts) != 2 || len(errs) != 4 {
			t.Errorf("Load: %d articles, errors %v; want a.txt twice (and its link), 3 warnings and the named pipe", len(arts), errs)
		}
	})
}

func TestFolderReportsSkippedEntriesOnce(t *testing.T) {
	dir := specialFolder(t)
	f := NewFolder(dir)
	stored := 0
	add := func(context.Context, *brief.Article) (bool, error) { stored++; return stored == 1, nil }
	var added int
	var errs []error
	within(t, 5*time.Second, "Import", func() { added, errs = f.Import(context.Background(), add) })
	skipped := 0
	for _, err := range errs {
		if IsSkipped(err) {
			skipped++
		}
	}
	if added != 1 || skipped != 3 {
		t.Fatalf("first import: added %d, errs %v; want the story and 3 warnings", added, errs)
	}
	if _, errs := f.Import(context.Background(), add); len(errs) != 0 {
		t.Errorf("second import reports again: %v", errs)
	}
}

func TestLoadStopsWithItsContext(t *testing.T) {
	dir := t.TempDir()
	for i := range 20 {
		write(t, filepath.Join(dir, string(rune('a'+i))+".txt"), storyA)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	arts, errs := Load(ctx, []string{dir})
	if len(arts) != 0 || len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
		t.Errorf("Load after cancel: %d articles, %v", len(arts), errs)
	}
}

package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// A backup taken while another connection keeps writing is a consistent
// database: it opens, passes its check, and holds what was committed
// before it began, and it is private to its owner.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := filepath.Join(dir, "brief.db")
	st := openAt(t, src)
	for i := range 50 {
		if _, _, err := st.SaveArticle(ctx, article(i), time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	// A writer goes on while the backup runs, as bot run would.
	var wg sync.WaitGroup
	var written atomic.Int64
	stop := make(chan struct{})
	wg.Go(func() {
		for i := 50; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if _, _, err := st.SaveArticle(ctx, article(i), time.Now()); err != nil {
				t.Error(err)
				return
			}
			written.Add(1)
		}
	})
	for written.Load() < 5 {
		time.Sleep(time.Millisecond)
	}
	dst := filepath.Join(dir, "backup.db")
	info, err := Backup(ctx, src, dst)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if info.Articles < 55 || info.SchemaVersion < 1 || info.Bytes == 0 {
		t.Errorf("backup info %+v; want at least the 55 articles stored before it", info)
	}
	fi, err := os.Stat(dst)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v, want 0600", fi.Mode().Perm())
	}
	if _, err := os.Stat(dst + "-wal"); err == nil {
		t.Error("the backup has a -wal file beside it: it is not one self-contained file")
	}
	// The copy opens as brief's database, with what it said it held.
	b := openAt(t, dst)
	if n, err := b.CountArticles(ctx); err != nil || n != info.Articles {
		t.Errorf("the backup holds %d articles (%v), its info says %d", n, err, info.Articles)
	}
}

// With the service stopped (no -wal beside the database) a backup works too.
func TestBackupOfAClosedDatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := filepath.Join(dir, "brief.db")
	st := openAt(t, src)
	if _, _, err := st.SaveArticle(ctx, article(1), time.Now()); err != nil {
		t.Fatal(err)
	}
	st.Close()
	before, _ := os.ReadFile(src)
	info, err := Backup(ctx, src, filepath.Join(dir, "b.db"))
	if err != nil || info.Articles != 1 {
		t.Fatalf("Backup = %+v, %v", info, err)
	}
	if after, _ := os.ReadFile(src); string(after) != string(before) {
		t.Error("the backup changed the database")
	}
}

func TestBackupRefuses(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := filepath.Join(dir, "brief.db")
	st := openAt(t, src)
	st.Close()
	existing := filepath.Join(dir, "existing.db")
	if err := os.WriteFile(existing, []byte("an older backup"), 0o600); err != nil {
		t.Fatal(err)
	}
	notDB := filepath.Join(dir, "notes.txt")
	os.WriteFile(notDB, []byte("not a database at all, just some notes"), 0o644)
	tests := []struct {
		name, src, dst, says string
		is                   error
	}{
		{"an existing file", src, existing, "exists: name a new file", nil},
		{"no database", filepath.Join(dir, "none.db"), filepath.Join(dir, "x.db"), "no database there yet", ErrNotFound},
		{"not a database", notDB, filepath.Join(dir, "y.db"), "SQLite's header", ErrNotDatabase},
		{"a folder that isn't there", src, filepath.Join(dir, "missing", "z.db"), "create", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Backup(ctx, tt.src, tt.dst)
			if err == nil || !strings.Contains(err.Error(), tt.says) || (tt.is != nil && !errors.Is(err, tt.is)) {
				t.Fatalf("Backup = %v; want an error saying %q", err, tt.says)
			}
			if tt.dst != existing {
				if _, err := os.Stat(tt.dst); err == nil {
					t.Error("a failed backup left a file behind")
				}
			}
		})
	}
	if b, _ := os.ReadFile(existing); string(b) != "an older backup" {
		t.Error("an existing file was overwritten")
	}
}

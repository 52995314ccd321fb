package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"brief/internal/brief"
)

var t0 = time.Date(2026, 3, 29, 6, 0, 0, 0, time.UTC)

// openTest opens a fresh database in a temporary folder, closed at cleanup.
func openTest(t testing.TB) *Store {
	t.Helper()
	return openAt(t, filepath.Join(t.TempDir(), "brief.db"))
}

func openAt(t testing.TB, path string) *Store {
	t.Helper()
	s, err := Open(context.Background(), path, WithClock(func() time.Time { return t0 }))
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// article returns a small distinct article, numbered n.
func article(n int) *brief.Article {
	return &brief.Article{
		Path:   fmt.Sprintf("articles/%03d.txt", n),
		Title:  fmt.Sprintf("Story %d", n),
		Source: "channel.Daily News",
		Date:   "2026-03-29",
		URL:    fmt.Sprintf("https://example.com/%d", n),
		Sentences: []string{
			fmt.Sprintf("Story %d begins here.", n),
			"It has a second sentence.",
			"And a new paragraph with \"quotes\", <b>markup</b> & ünïcödé.",
		},
		Paras: []int{0, 0, 1},
	}
}

func TestOpenFreshAndReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "nested", "data", "brief.db") // folders created
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := loadMigrations(DialectSQLite)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := s.SchemaVersion(ctx); err != nil || v != len(ms) {
		t.Fatalf("fresh SchemaVersion = %d, %v; want %d", v, err, len(ms))
	}
	var mode string
	if err := s.DB().QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	var fk, busy int
	s.DB().QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk)
	s.DB().QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busy)
	if fk != 1 || busy != 5000 {
		t.Errorf("foreign_keys = %d, busy_timeout = %d; want 1, 5000", fk, busy)
	}
	if n := s.DB().Stats().MaxOpenConnections; n != 1 {
		t.Errorf("MaxOpenConnections = %d, want 1", n)
	}
	id, _, err := s.SaveArticle(ctx, article(1), t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	for i := range 2 { // re-opening is idempotent
		s, err = Open(ctx, path)
		if err != nil {
			t.Fatalf("reopen %d: %v", i, err)
		}
		var rows int
		if err := s.DB().QueryRowContext(ctx, "SELECT COUNT(*) FROM schema_migrations").Scan(&rows); err != nil || rows != len(ms) {
			t.Errorf("reopen %d: %d schema_migrations rows, %v; want %d", i, rows, err, len(ms))
		}
		if _, _, err := s.Article(ctx, id); err != nil {
			t.Errorf("reopen %d: article %s lost: %v", i, id, err)
		}
		s.Close()
	}
}

func TestOpenMemory(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Memory)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, _, err := s.SaveArticle(ctx, article(1), t0); err != nil {
		t.Fatal(err)
	}
	if n, err := s.CountArticles(ctx); err != nil || n != 1 {
		t.Fatalf("CountArticles = %d, %v; want 1", n, err)
	}
}

func TestMigrationsPortable(t *testing.T) {
	for _, dialect := range []string{DialectSQLite, DialectPostgres} {
		ms, err := loadMigrations(dialect)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) == 0 {
			t.Fatal("no migrations embedded")
		}
		// Words that one of SQLite and Postgres doesn't accept, in the
		// files both run.
		for _, m := range ms {
			if strings.HasSuffix(m.name, "."+dialect+".sql") {
				continue
			}
			up := strings.ToUpper(m.sql)
			for _, bad := range []string{"AUTOINCREMENT", "SERIAL", "DATETIME", "CURRENT_TIMESTAMP", "STRICT", "WITHOUT ROWID", "$1"} {
				if strings.Contains(up, bad) {
					t.Errorf("%s uses %s, which SQLite or Postgres lacks (or give it a file per dialect)", m.name, bad)
				}
			}
		}
	}
}

// writeFile writes data to a new file in a temp folder and returns its path.
func writeFile(t *testing.T, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "brief.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestOpenRefusesOtherFiles(t *testing.T) {
	garbage := bytes.Repeat([]byte("not a database \x01\x02\x03\xff"), 300)
	// A real SQLite header followed by damage.
	damaged := append([]byte(sqliteHeader), bytes.Repeat([]byte{0xde, 0xad, 0xbe, 0xef}, 2048)...)
	foreign := func(t *testing.T) string {
		path := filepath.Join(t.TempDir(), "other.db")
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER)"); err != nil {
			t.Fatal(err)
		}
		db.Close()
		return path
	}
	// A brief database whose pages from offset from on are overwritten;
	// from < 0 counts from the end.
	brokenBrief := func(t *testing.T, from int) string {
		path := filepath.Join(t.TempDir(), "brief.db")
		s := openAt(t, path)
		for i := range 50 {
			if _, _, err := s.SaveArticle(context.Background(), article(i), t0); err != nil {
				t.Fatal(err)
			}
		}
		s.Close()
		data, err := os.ReadFile(path)
		if err != nil || len(data) < 8192 {
			t.Fatalf("database is %d bytes, %v", len(data), err)
		}
		if from < 0 {
			from += len(data)
		}
		for i := from; i < len(data); i++ {
			data[i] = byte(i * 7)
		}
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	// A brief database in use, then truncated to nothing as a full disk
	// can leave it, with its -wal and -shm removed.
	emptied := func(t *testing.T) string {
		path := filepath.Join(t.TempDir(), "brief.db")
		s := openAt(t, path)
		if _, _, err := s.SaveArticle(context.Background(), article(1), t0); err != nil {
			t.Fatal(err)
		}
		s.Close()
		for _, p := range []string{path + "-wal", path + "-shm"} {
			os.Remove(p)
		}
		if err := os.Truncate(path, 0); err != nil {
			t.Fatal(err)
		}
		return aged(t, path)
	}
	headerless := func(t *testing.T) string {
		path := filepath.Join(t.TempDir(), "brief.db")
		s := openAt(t, path)
		s.Close()
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		clear(data[:100])
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	tests := []struct {
		name    string
		path    func(t *testing.T) string
		wantErr error
		wantMsg string
	}{
		{"garbage", func(t *testing.T) string { return writeFile(t, garbage) }, ErrNotDatabase,
			"file is not a database: it does not start with SQLite's header (if it is brief's database, restore a backup; if not, move it aside to start fresh)"},
		{"empty file", func(t *testing.T) string { return aged(t, writeFile(t, nil)) }, ErrEmpty,
			"database file is empty: if this is a new install, delete it; otherwise restore a backup"},
		{"brief database emptied, -wal and -shm gone", func(t *testing.T) string { return emptied(t) }, ErrEmpty,
			"database file is empty: if this is a new install, delete it; otherwise restore a backup"},
		{"brief database without its header", func(t *testing.T) string { return headerless(t) }, ErrNotDatabase, "restore a backup"},
		{"short garbage", func(t *testing.T) string { return writeFile(t, []byte("hello\n")) }, ErrNotDatabase, "move it aside"},
		{"damaged sqlite", func(t *testing.T) string { return writeFile(t, damaged) }, nil, "move"},
		{"damaged brief database", func(t *testing.T) string { return brokenBrief(t, 4096) }, ErrCorrupt, "restore a backup, or move the file aside"},
		{"damaged last page", func(t *testing.T) string { return brokenBrief(t, -4096) }, ErrCorrupt, "restore a backup, or move the file aside"},
		{"other application", foreign, ErrForeignDB, "no brief schema"},
		{"folder", func(t *testing.T) string { return t.TempDir() }, ErrInvalid, "it is a folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.path(t)
			before, _ := os.ReadFile(path)
			beside := dirNames(t, filepath.Dir(path))
			s, err := Open(context.Background(), path)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded; want an error")
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("error %q is not %v", err, tt.wantErr)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "store: open "+path+": ") || !strings.Contains(msg, tt.wantMsg) {
				t.Errorf("error = %q; want it to name %s and say %q", msg, path, tt.wantMsg)
			}
			after, _ := os.ReadFile(path)
			if !bytes.Equal(before, after) {
				t.Errorf("Open changed the file's bytes (%d before, %d after)", len(before), len(after))
			}
			if now := dirNames(t, filepath.Dir(path)); !slices.Equal(now, beside) {
				t.Errorf("Open touched the folder: %v before, %v after", beside, now)
			}
		})
	}
}

func TestOpenNewerSchemaRefused(t *testing.T) {
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		path := tdb.dsn(t)
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.DB().ExecContext(ctx, qRecordMigration, 99, 0); err != nil {
			t.Fatal(err)
		}
		s.Close()
		before := tdb.snapshot(t, path)

		_, err = Open(ctx, path)
		if !errors.Is(err, ErrSchemaTooNew) {
			t.Fatalf("Open = %v; want ErrSchemaTooNew", err)
		}
		if msg := err.Error(); !strings.Contains(msg, tdb.shown(path)) || !strings.Contains(msg, "99") || !strings.Contains(msg, "upgrade brief") {
			t.Errorf("error = %q; want the database, the version and what to do", msg)
		}
		if after := tdb.snapshot(t, path); after != before {
			t.Errorf("refusing the database changed it:\n%s\nbefore:\n%s", after, before)
		}
	})
}

// permissionsEnforced reports whether a read-only folder really stops this
// process from writing (not so for root, which CI often is).
func permissionsEnforced(t *testing.T) bool {
	t.Helper()
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o700)
	f, err := os.Create(filepath.Join(dir, "probe"))
	if err != nil {
		return true
	}
	f.Close()
	return false
}

func TestOpenReadOnly(t *testing.T) {
	if !permissionsEnforced(t) {
		t.Skip("file permissions are not enforced for this user (root?)")
	}
	ctx := context.Background()

	t.Run("folder", func(t *testing.T) {
		dir := t.TempDir()
		os.Chmod(dir, 0o500)
		t.Cleanup(func() { os.Chmod(dir, 0o700) })
		path := filepath.Join(dir, "brief.db")
		_, err := Open(ctx, path)
		if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "not writable") {
			t.Fatalf("Open = %v; want ErrReadOnly naming %s", err, path)
		}
	})
	t.Run("missing folder under a read-only one", func(t *testing.T) {
		dir := t.TempDir()
		os.Chmod(dir, 0o500)
		t.Cleanup(func() { os.Chmod(dir, 0o700) })
		_, err := Open(ctx, filepath.Join(dir, "data", "brief.db"))
		if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), "cannot create folder") {
			t.Fatalf("Open = %v; want ErrReadOnly saying the folder can't be created", err)
		}
	})
	t.Run("file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "brief.db")
		s := openAt(t, path)
		id, _, err := s.SaveArticle(ctx, article(1), t0)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		os.Chmod(path, 0o400)
		before, _ := os.ReadFile(path)
		_, err = Open(ctx, path)
		if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), path) {
			t.Fatalf("Open = %v; want ErrReadOnly naming %s", err, path)
		}
		if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
			t.Error("refusing the database changed it")
		}
		os.Chmod(path, 0o600) // nothing stored was lost
		s = openAt(t, path)
		if _, _, err := s.Article(ctx, id); err != nil {
			t.Errorf("after making it writable again: %v", err)
		}
	})
}

func TestCloseIdempotent(t *testing.T) {
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		s := tdb.open(t)
		for i := range 3 {
			if err := s.Close(); err != nil {
				t.Fatalf("Close #%d: %v", i+1, err)
			}
		}
		if _, _, err := s.SaveArticle(context.Background(), article(1), t0); err == nil {
			t.Error("SaveArticle after Close succeeded")
		}
	})
}

func TestWithTxRollsBack(t *testing.T) {
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		s := tdb.open(t)
		ch, err := s.EnsureChannel(ctx, "console", "console", "")
		if err != nil {
			t.Fatal(err)
		}
		boom := errors.New("boom")
		err = s.WithTx(ctx, func(tx *sql.Tx) error {
			if _, claimed, err := s.ClaimSlot(ctx, tx, ch, t0); err != nil || !claimed {
				t.Fatalf("ClaimSlot in tx = %v, %v", claimed, err)
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("WithTx = %v; want fn's error", err)
		}
		if _, err := s.Delivery(ctx, nil, ch, t0); !errors.Is(err, ErrNotFound) {
			t.Errorf("claim survived the rollback: %v", err)
		}
		func() {
			defer func() { recover() }()
			s.WithTx(ctx, func(tx *sql.Tx) error {
				s.ClaimSlot(ctx, tx, ch, t0)
				panic("worker bug")
			})
		}()
		if _, err := s.Delivery(ctx, nil, ch, t0); !errors.Is(err, ErrNotFound) {
			t.Errorf("claim survived a panic: %v", err)
		}
		// The connection is free again.
		if _, claimed, err := s.ClaimSlot(ctx, nil, ch, t0); err != nil || !claimed {
			t.Errorf("ClaimSlot after rollbacks = %v, %v", claimed, err)
		}
	})
}

// dirNames lists a folder's entries.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// aged makes a file look a minute old: not one another process is
// creating at this moment.
func aged(t *testing.T, path string) string {
	t.Helper()
	old := time.Now().Add(-time.Minute)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
	return path
}

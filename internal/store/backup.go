package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// A BackupInfo describes a backup Backup wrote.
type BackupInfo struct {
	Bytes         int64
	SchemaVersion int
	Articles      int
}

// Backup writes a consistent copy of the SQLite database at src into the
// new file dst with VACUUM INTO, while other processes (bot run) go on
// reading and writing it: the copy is the database as one read
// transaction sees it, without its WAL, compacted. src is neither migrated
// nor changed. dst must not exist, so a backup never overwrites a file;
// it is created with mode 0600 (it holds what the service stores), synced
// to disk with its folder, and checked (PRAGMA integrity_check). A failed
// backup leaves no file behind.
//
// Backup is SQLite only: for a Postgres URL it returns an error saying to
// use pg_dump.
func Backup(ctx context.Context, src, dst string) (_ BackupInfo, err error) {
	if IsPostgresURL(src) {
		return BackupInfo{}, fmt.Errorf("store: backup %s: %w: Backup copies an SQLite file; back up a Postgres database with pg_dump (pg_dump --format=custom --file=brief.dump DBNAME)",
			redactURL(src), ErrInvalid)
	}
	fail := func(err error) (BackupInfo, error) { return BackupInfo{}, fmt.Errorf("store: backup %s: %w", src, err) }
	switch fi, err := os.Stat(src); {
	case errors.Is(err, fs.ErrNotExist):
		return fail(fmt.Errorf("%w: there is no database there yet (check BRIEF_DB)", ErrNotFound))
	case err != nil:
		return fail(unwrapPath(err))
	case !fi.Mode().IsRegular():
		return fail(fmt.Errorf("%w: it is not a regular file", ErrInvalid))
	}
	if err := checkHeader(src); err != nil {
		return fail(err)
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	switch {
	case errors.Is(err, fs.ErrExist):
		return fail(fmt.Errorf("%s exists: name a new file (a backup never overwrites one)", dst))
	case err != nil:
		return fail(fmt.Errorf("create %s: %v", dst, unwrapPath(err)))
	}
	f.Close()
	defer func() {
		if err != nil {
			os.Remove(dst)
		}
	}()
	// An empty file is one VACUUM INTO writes into, keeping its mode. A
	// connection of its own, read only in what it does: no migration, no
	// journal mode change.
	db, err := sql.Open("sqlite", fileURI(src)+"?_pragma=busy_timeout("+fmt.Sprint(busyTimeout.Milliseconds())+")")
	if err != nil {
		return fail(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", dst); err != nil {
		return fail(explain(err))
	}
	if err := syncPath(dst); err != nil {
		return fail(err)
	}
	if err := syncPath(filepath.Dir(dst)); err != nil {
		return fail(err)
	}
	info, err := checkBackup(ctx, dst)
	if err != nil {
		return fail(err)
	}
	return info, nil
}

// checkBackup opens a backup read-only and checks it whole.
func checkBackup(ctx context.Context, path string) (BackupInfo, error) {
	var info BackupInfo
	fi, err := os.Stat(path)
	if err != nil {
		return info, err
	}
	info.Bytes = fi.Size()
	db, err := sql.Open("sqlite", fileURI(path)+"?mode=ro")
	if err != nil {
		return info, err
	}
	defer db.Close()
	var res []string
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return info, fmt.Errorf("check the backup: %w", err)
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return info, err
		}
		res = append(res, s)
	}
	rows.Close()
	if len(res) != 1 || res[0] != "ok" {
		return info, fmt.Errorf("%w: the backup fails its integrity check: %s", ErrCorrupt, strings.Join(res, "; "))
	}
	if info.SchemaVersion, err = schemaVersion(ctx, db); err != nil {
		return info, fmt.Errorf("check the backup: %w", err)
	}
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM articles").Scan(&info.Articles); err != nil {
		return info, fmt.Errorf("check the backup: %w", err)
	}
	return info, nil
}

func syncPath(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	return nil
}

// Package store keeps brief's state in SQLite or Postgres: articles,
// channels, their schedules and feed subscriptions, the ledger of scheduled
// deliveries, and leases.
//
// SQLite (a file path) is opened in WAL mode with a busy timeout and foreign
// keys on, through a pool of exactly one connection (SQLite has one writer,
// and River's riversqlite driver shares the pool through DB). Because there
// is only one connection, code inside WithTx must use the *sql.Tx it is
// given, never the Store's other methods without it: those wait for the
// connection the transaction holds. Methods that are meant to run inside an
// application transaction (the ledger's) take the *sql.Tx as an argument;
// nil means "in a transaction of its own".
//
// Postgres (a postgres:// URL) is a pgx pool (Pool, for River's riverpgxv5
// driver) with the same database/sql view of it (DB), so one set of queries,
// written with $1, $2, ... placeholders that both drivers bind, serves both.
// Several replicas share one Postgres database. Every WithTx transaction
// begins by taking a transaction-level advisory lock (one key per schema),
// so store transactions run one at a time across all replicas, exactly as
// SQLite's BEGIN IMMEDIATE makes them run: read-then-write steps such as
// an article's MAX(seq)+1 stay correct under READ COMMITTED. Statements
// outside transactions don't take the lock. Migrations run under a
// session-level advisory lock, so replicas starting together apply each
// once. The same rule as on SQLite holds for code inside WithTx: use its tx.
//
// Migrations live in migrations/: NNNN_name.sql for both dialects, or a
// pair NNNN_name.sqlite.sql and NNNN_name.postgres.sql where the SQL can't
// agree.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Errors callers may test for with errors.Is.
var (
	ErrNotFound     = errors.New("not found")
	ErrAmbiguous    = errors.New("prefix matches more than one article")
	ErrNotDatabase  = errors.New("file is not a database")
	ErrEmpty        = errors.New("database file is empty")
	ErrForeignDB    = errors.New("database belongs to another application")
	ErrCorrupt      = errors.New("database file is damaged")
	ErrReadOnly     = errors.New("database is read-only")
	ErrSchemaTooNew = errors.New("database schema is newer than this version of brief")
	ErrLocked       = errors.New("database is locked by another process")
	ErrInvalid      = errors.New("invalid value")
	ErrAlreadyDone  = errors.New("slot was already posted")
)

// A Store is brief's database. It is safe for concurrent use.
type Store struct {
	db      *sql.DB
	path    string // the file, or the URL without its password
	dialect string

	// Postgres only.
	pool       *pgxpool.Pool
	schema     string // current_schema(), where brief's tables are
	txKey      int64  // advisory lock key of WithTx
	migrateKey int64  // advisory lock key of migrations

	now   func() time.Time
	close sync.Once
	err   error

	pruneMu   sync.Mutex
	lastPrune time.Time // of seen_requests, by this process
}

// An Option adjusts how Open builds the Store.
type Option func(*Store)

// WithClock sets the clock the store reads when it stamps rows (created_at,
// updated_at, claimed_at, applied_at). The default is time.Now.
func WithClock(now func() time.Time) Option {
	return func(s *Store) { s.now = now }
}

// Memory is the path that opens a private in-memory database, for tests.
const Memory = ":memory:"

// DefaultName is the database's usual file name.
const DefaultName = "brief.db"

// sqliteHeader starts every SQLite database file.
const sqliteHeader = "SQLite format 3\x00"

// Open opens the database dsn names, an SQLite file path or a
// postgres:// (postgresql://) URL, and brings its schema up to date.
//
// An SQLite file and its folder are created when missing. A file that is
// not a brief database, damaged, read-only or from a newer brief is
// refused with an error that names the file and what to do; such a file is
// left untouched.
//
// A Postgres URL is opened as a pool of up to 10 connections (pgx's
// pool_max_conns in the URL sets another size) that give up connecting
// after 10 seconds (connect_timeout), named "brief" in pg_stat_activity
// (application_name). brief's tables live in the user's current schema (the
// first existing one of search_path). An unreachable server, a refused
// login or a missing database is an error naming BRIEF_DB and the host; a
// schema of another application or of a newer brief is refused untouched.
// Errors never show the password.
func Open(ctx context.Context, dsn string, opts ...Option) (*Store, error) {
	if IsPostgresURL(dsn) {
		return openPostgres(ctx, dsn, opts...)
	}
	path := dsn
	s := &Store{path: path, dialect: DialectSQLite, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	fail := func(err error) (*Store, error) {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	if path == "" {
		return fail(fmt.Errorf("%w: empty path: name a database file such as ./data/brief.db", ErrInvalid))
	}
	if strings.Contains(path, "://") {
		// Don't echo the URL: it may hold a password.
		return nil, fmt.Errorf("store: open: %w: name an SQLite file path or a postgres:// URL", ErrInvalid)
	}
	exists := false
	if path != Memory {
		var err error
		if exists, err = checkFileWaiting(ctx, path); err != nil {
			return fail(err)
		}
	}
	db, err := sql.Open("sqlite", sqliteDSN(path))
	if err != nil {
		return fail(err)
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	s.db = db
	if err := s.start(ctx, exists); err != nil {
		db.Close()
		return fail(err)
	}
	return s, nil
}

// start connects, checks and migrates. SQLite may answer SQLITE_BUSY
// without waiting out busy_timeout while another process is switching a
// new file to WAL or recovering its WAL index; that is retried here, for as
// long as busy_timeout would have waited.
//
// An existing file is first looked at by preflight, before the pool's
// connection switches it to WAL.
func (s *Store) start(ctx context.Context, exists bool) error {
	deadline := time.Now().Add(busyTimeout)
	for wait := 10 * time.Millisecond; ; wait = min(2*wait, 250*time.Millisecond) {
		var err error
		if exists {
			err = preflight(ctx, s.path)
		}
		if err == nil {
			err = s.db.PingContext(ctx)
		}
		if err == nil {
			err = quickCheck(ctx, s.db)
		}
		if err == nil {
			err = s.migrate(ctx)
		}
		err = explain(err)
		if err == nil || !errors.Is(err, ErrLocked) || time.Now().Add(wait).After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
}

// busyTimeout is how long SQLite waits for another connection's lock.
const busyTimeout = 5 * time.Second

// sqliteDSN builds the modernc.org/sqlite data source name. The path is written as
// a file: URI, escaped so that '?', '#' and '%' in a file name stay part of it.
func sqliteDSN(path string) string {
	return fileURI(path) +
		"?_pragma=journal_mode(WAL)" +
		"&_pragma=busy_timeout(" + strconv.Itoa(int(busyTimeout.Milliseconds())) + ")" +
		"&_pragma=foreign_keys(1)" +
		"&_txlock=immediate" // take the write lock at BEGIN: no deadlocks upgrading a read
}

func fileURI(path string) string {
	return "file:" + strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}

// preflight looks into an existing database without changing it (switching
// to WAL rewrites the header) and refuses one that belongs to another
// application or that SQLite can't read.
func preflight(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", fileURI(path)+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return err
	}
	defer db.Close()
	var hasTable, tables int
	if err := db.QueryRowContext(ctx, qHasMigrationsTable).Scan(&hasTable); err != nil {
		return explain(err)
	}
	if err := db.QueryRowContext(ctx, qCountTables).Scan(&tables); err != nil {
		return explain(err)
	}
	if hasTable == 0 && tables > 0 {
		return foreignDB(tables)
	}
	return nil
}

func foreignDB(tables int) error {
	return fmt.Errorf("%w: it has %d tables but no brief schema (move it aside, or choose another file for brief)", ErrForeignDB, tables)
}

// An empty database file younger than recentlyCreated may be another
// process's new database, whose header comes a moment later: Open waits
// up to emptyWait for it before refusing the file as empty.
const (
	recentlyCreated = 10 * time.Second
	emptyWait       = 2 * time.Second
)

// beingCreated is checkFile's ErrEmpty for a file that may still be
// getting its header.
type beingCreated struct{ err error }

func (e *beingCreated) Error() string { return e.err.Error() }
func (e *beingCreated) Unwrap() error { return e.err }

// checkFileWaiting is checkFile, waiting out another process's creation
// of the file.
func checkFileWaiting(ctx context.Context, path string) (bool, error) {
	deadline := time.Now().Add(emptyWait)
	for {
		exists, err := checkFile(path)
		var bc *beingCreated
		if !errors.As(err, &bc) {
			return exists, err
		}
		if time.Now().After(deadline) {
			return false, bc.err
		}
		select {
		case <-ctx.Done():
			return false, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// checkFile refuses, before SQLite touches anything, a path whose folder
// can't be created or written or whose file is not an SQLite database.
// It reports whether the file exists with content.
func checkFile(path string) (exists bool, err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return false, fmt.Errorf("%w: cannot create folder %s: %v (create it yourself or choose another location)",
			ErrReadOnly, dir, unwrapPath(err))
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		// A new database.
	case err != nil:
		return false, fmt.Errorf("cannot read the file: %v", unwrapPath(err))
	case fi.IsDir():
		return false, fmt.Errorf("%w: it is a folder (name a file inside it, such as %s)",
			ErrInvalid, filepath.Join(path, "brief.db"))
	case !fi.Mode().IsRegular():
		return false, fmt.Errorf("%w: it is not a regular file (name a file, such as %s)", ErrInvalid, DefaultName)
	case fi.Size() == 0:
		// brief writes the header when it creates a database, so an
		// empty file is one that lost its content (a full disk, a failed
		// copy): opening it would start over with nothing, silently. Only
		// a file another process is creating right now is empty for a
		// moment.
		err := fmt.Errorf("%w: if this is a new install, delete it; otherwise restore a backup (a full disk or a failed copy can leave it empty)", ErrEmpty)
		if time.Since(fi.ModTime()).Abs() < recentlyCreated {
			return false, &beingCreated{err}
		}
		return false, err
	default:
		if err := checkHeader(path); err != nil {
			return false, err
		}
		exists = true
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return false, fmt.Errorf("%w: the file can't be written: %v (brief writes to its database: make the file writable)",
				ErrReadOnly, unwrapPath(err))
		}
		f.Close()
	}
	// WAL mode keeps path-wal and path-shm beside the database, so the
	// folder itself must be writable.
	probe, err := os.CreateTemp(dir, ".brief-write-check-*")
	if err != nil {
		return false, fmt.Errorf("%w: folder %s is not writable: %v (brief keeps %s-wal and %s-shm beside the database: make the folder writable or choose another location)",
			ErrReadOnly, dir, unwrapPath(err), filepath.Base(path), filepath.Base(path))
	}
	probe.Close()
	os.Remove(probe.Name())
	return exists, nil
}

func checkHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("cannot read the file: %v", unwrapPath(err))
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	if _, err := io.ReadFull(f, head); err != nil || string(head) != sqliteHeader {
		return notDatabase()
	}
	return nil
}

func notDatabase() error {
	return fmt.Errorf("%w: it does not start with SQLite's header (if it is brief's database, restore a backup; if not, move it aside to start fresh)", ErrNotDatabase)
}

// unwrapPath drops the *PathError's repetition of the path: the caller's
// message already names it.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// explain turns SQLite's result codes and Postgres's errors into sentences
// that say what to do.
func explain(err error) error {
	if err == nil || errors.Is(err, ErrLocked) || errors.Is(err, ErrCorrupt) || errors.Is(err, ErrReadOnly) || errors.Is(err, ErrNotDatabase) ||
		errors.Is(err, ErrUnavailable) || errors.Is(err, ErrNotFound) {
		return err
	}
	if e, ok := explainPostgres(err); ok {
		return e
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err
	}
	if se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY {
		// Every foreign key in the schema points at channels.
		return fmt.Errorf("channel %w (record it with EnsureChannel first)", ErrNotFound)
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_NOTADB:
		return notDatabase()
	case sqlite3.SQLITE_CORRUPT:
		return fmt.Errorf("%w: %v (restore a backup, or move the file aside to start fresh)", ErrCorrupt, err)
	case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_CANTOPEN:
		return fmt.Errorf("%w: %v (make the file and its folder writable, or choose another location)", ErrReadOnly, err)
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return fmt.Errorf("%w: %v (is another brief running a migration? try again)", ErrLocked, err)
	}
	return err
}

// quickCheck finds damage at start, where the error can name the file,
// rather than in the middle of a command. It reads every page once
// (milliseconds for thousands of articles) and writes nothing.
func quickCheck(ctx context.Context, db *sql.DB) error {
	var res string
	if err := db.QueryRowContext(ctx, "PRAGMA quick_check(1)").Scan(&res); err != nil {
		return explain(err)
	}
	if res != "ok" {
		return fmt.Errorf("%w: %s (restore a backup, or move the file aside to start fresh)", ErrCorrupt, res)
	}
	return nil
}

// DB returns the database/sql pool (on SQLite one connection), for River's
// riversqlite driver and for transactions that span the store and the job
// queue.
func (s *Store) DB() *sql.DB { return s.db }

// Path returns the file the store was opened on, or its Postgres URL with
// the password replaced by xxxxx.
func (s *Store) Path() string { return s.path }

// Close closes the database. It is safe to call more than once; later calls
// return the first call's result.
func (s *Store) Close() error {
	s.close.Do(func() {
		if err := s.db.Close(); err != nil {
			s.err = fmt.Errorf("store: close %s: %w", s.path, err)
		}
		if s.pool != nil {
			s.pool.Close()
		}
	})
	return s.err
}

// WithTx runs fn in a transaction, committing when fn returns nil and
// rolling back when it returns an error or panics. Inside fn use only tx
// (and Store methods that take it); see the package documentation.
func (s *Store) WithTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	done := false
	defer func() {
		if !done {
			tx.Rollback()
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	done = true
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit transaction: %w", explain(err))
	}
	return nil
}

// begin begins a WithTx transaction and takes the write lock. On Postgres a
// connection found gone at that point (the server restarted since it was
// last used) is retried once on a new one: nothing has run yet.
func (s *Store) begin(ctx context.Context) (*sql.Tx, error) {
	for attempt := 0; ; attempt++ {
		tx, err := s.db.BeginTx(ctx, nil)
		if err == nil {
			if err = s.lockTx(ctx, tx); err != nil {
				tx.Rollback()
			}
		}
		if err == nil {
			return tx, nil
		}
		err = explain(err)
		if attempt > 0 || s.dialect != DialectPostgres || !errors.Is(err, ErrUnavailable) || ctx.Err() != nil {
			return nil, fmt.Errorf("store: begin transaction: %w", err)
		}
	}
}

// lockTx takes the store's write lock inside tx on Postgres: an advisory
// lock held to the end of the transaction (see the package documentation).
// SQLite's transactions begin IMMEDIATE, holding its write lock already.
func (s *Store) lockTx(ctx context.Context, tx querier) error {
	if s.dialect != DialectPostgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, s.txKey)
	return err
}

// querier is what *sql.DB, *sql.Conn and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// inTx runs fn inside tx when it is given, else inside a new transaction.
func (s *Store) inTx(ctx context.Context, tx *sql.Tx, fn func(*sql.Tx) error) error {
	if tx != nil {
		return fn(tx)
	}
	return s.WithTx(ctx, fn)
}

func millis(t time.Time) int64 { return t.UnixMilli() }

func fromMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

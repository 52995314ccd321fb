package store

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"net"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
)

// The dialects Dialect returns.
const (
	DialectSQLite   = "sqlite"
	DialectPostgres = "postgres"
)

// ErrUnavailable means the Postgres server could not be reached or ended
// the connection: trying again later may succeed.
var ErrUnavailable = errors.New("database is unavailable")

// Postgres pool defaults, used when the URL does not set them
// (pool_max_conns, connect_timeout, application_name).
const (
	pgMaxConns       = 10
	pgConnectTimeout = 10 * time.Second
	pgAppName        = "brief"
)

// IsPostgresURL reports whether dsn names a Postgres database rather than
// an SQLite file.
func IsPostgresURL(dsn string) bool {
	l := strings.ToLower(dsn)
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

// redactURL returns the URL with its password replaced, for errors and
// logs. What can't be parsed is not echoed at all.
func redactURL(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://(unreadable URL)"
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// openPostgres opens the Postgres database at dsn: a pgx pool, the
// database/sql view of it every query goes through, and the schema brought
// up to date under the migration lock.
func openPostgres(ctx context.Context, dsn string, opts ...Option) (*Store, error) {
	s := &Store{dialect: DialectPostgres, path: redactURL(dsn), now: time.Now}
	for _, o := range opts {
		o(s)
	}
	fail := func(err error) (*Store, error) {
		return nil, fmt.Errorf("store: open %s: %w", s.path, err)
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgx's message repeats the URL; ours names it redacted already.
		msg := err.Error()
		if i := strings.LastIndex(msg, ": "); i >= 0 {
			msg = msg[i+2:]
		}
		return fail(fmt.Errorf("%w: BRIEF_DB is not a Postgres URL pgx can read: %s (the form is postgres://user:password@host:5432/database)", ErrInvalid, msg))
	}
	q, _ := url.Parse(dsn)
	params := q.Query()
	if !params.Has("pool_max_conns") {
		cfg.MaxConns = pgMaxConns
	}
	if !params.Has("connect_timeout") {
		cfg.ConnConfig.ConnectTimeout = pgConnectTimeout
	}
	if cfg.ConnConfig.RuntimeParams["application_name"] == "" {
		cfg.ConnConfig.RuntimeParams["application_name"] = pgAppName
	}
	// When the server ends one connection (a restart, pg_terminate_backend)
	// or one breaks, the others have most likely gone with it: the pool
	// drops them all at once, rather than handing each out to fail once.
	var ref atomic.Pointer[pgxpool.Pool]
	reset := func() {
		if p := ref.Load(); p != nil {
			p.Reset()
		}
	}
	cfg.ConnConfig.OnPgError = func(_ *pgconn.PgConn, pe *pgconn.PgError) bool {
		if pe.Severity == "FATAL" && strings.HasPrefix(pe.Code, "57P") {
			reset()
		}
		return pe.Severity != "FATAL" // pgx's default: a FATAL error closes the connection
	}
	cfg.ConnConfig.Tracer = releaseTracer{reset}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return fail(explain(err))
	}
	ref.Store(pool)
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return fail(explain(err))
	}
	s.pool = pool
	s.db = stdlib.OpenDBFromPool(pool)
	if err := s.startPostgres(ctx); err != nil {
		s.db.Close()
		pool.Close()
		return fail(err)
	}
	return s, nil
}

// releaseTracer sees every connection go back to the pool and resets the
// pool when one comes back broken.
type releaseTracer struct{ reset func() }

var _ pgxpool.ReleaseTracer = releaseTracer{}

func (t releaseTracer) TraceRelease(_ *pgxpool.Pool, d pgxpool.TraceReleaseData) {
	if d.Conn != nil && d.Conn.IsClosed() {
		t.reset()
	}
}

func (releaseTracer) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	return ctx
}

func (releaseTracer) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// startPostgres finds the schema the store works in, derives its lock keys
// from it, and migrates.
func (s *Store) startPostgres(ctx context.Context) error {
	var schema *string
	if err := s.db.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return explain(err)
	}
	if schema == nil {
		return fmt.Errorf("%w: there is no schema to create brief's tables in: the search_path of BRIEF_DB's user names no existing schema (create one, or set search_path in the URL)", ErrInvalid)
	}
	s.schema = *schema
	s.txKey = lockKey("store", s.schema)
	s.migrateKey = lockKey("migrate", s.schema)
	return s.migrate(ctx)
}

// lockKey is the advisory lock key for one purpose in one schema: brief
// databases in different schemas of one Postgres database (the tests' case)
// don't wait for each other.
func lockKey(purpose, schema string) int64 {
	h := fnv.New64a()
	io.WriteString(h, "brief "+purpose+" "+schema)
	return int64(h.Sum64())
}

// explainPostgres turns pgx's errors into sentences that say what to do.
// Handled reports whether err was one of them.
func explainPostgres(err error) (_ error, handled bool) {
	var ce *pgconn.ConnectError
	var pe *pgconn.PgError
	if errors.As(err, &ce) {
		at := "the Postgres server at " + hostPort(ce.Config)
		if errors.As(err, &pe) {
			switch {
			case pe.Code == "28P01" || pe.Code == "28000":
				return fmt.Errorf("%w: %s refused to log in user %q (BRIEF_DB): %s (check the user name and password in BRIEF_DB)",
					ErrUnavailable, at, ce.Config.User, pe.Message), true
			case pe.Code == "3D000":
				return fmt.Errorf("%w: %s has no database %q (BRIEF_DB): create it (createdb %s) or name an existing one",
					ErrUnavailable, at, ce.Config.Database, ce.Config.Database), true
			case strings.HasPrefix(pe.Code, "57P"), pe.Code == "53300":
				return fmt.Errorf("%w: %s is not accepting connections: %s (BRIEF_DB; try again shortly)", ErrUnavailable, at, pe.Message), true
			}
			return fmt.Errorf("%w: %s refused the connection (BRIEF_DB): %s", ErrUnavailable, at, pe.Message), true
		}
		return fmt.Errorf("%w: cannot reach %s (BRIEF_DB): %s; is it running?", ErrUnavailable, at, dialCause(err)), true
	}
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "23503":
			// Every foreign key in the schema points at channels.
			return fmt.Errorf("channel %w (record it with EnsureChannel first)", ErrNotFound), true
		case strings.HasPrefix(pe.Code, "57P"):
			// admin_shutdown, crash_shutdown, cannot_connect_now.
			return fmt.Errorf("%w: the Postgres server ended the connection: %s (try again)", ErrUnavailable, pe.Message), true
		}
		return err, true
	}
	if connectionLost(err) {
		return fmt.Errorf("%w: lost the connection to the Postgres server: %v (try again)", ErrUnavailable, err), true
	}
	return err, false
}

// connectionLost reports whether err says the connection broke under a
// statement (the server restarted or ended the backend).
func connectionLost(err error) bool {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	var ne *net.OpError
	if errors.As(err, &ne) {
		return true
	}
	return strings.Contains(err.Error(), "conn closed")
}

func hostPort(c *pgconn.Config) string {
	if c == nil {
		return "(unknown host)"
	}
	if strings.HasPrefix(c.Host, "/") {
		return c.Host // a Unix socket folder
	}
	return net.JoinHostPort(c.Host, strconv.Itoa(int(c.Port)))
}

// dialCause says in a few words why a connection could not be made.
func dialCause(err error) string {
	var dns *net.DNSError
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.As(err, &dns):
		return "no such host"
	case pgconn.Timeout(err), errors.Is(err, context.DeadlineExceeded):
		return "no answer within the connect timeout"
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return "no route to the host"
	}
	// The innermost error, without pgx's prefix naming user and database.
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}

// Pool returns the pgx pool of a Postgres store (nil on SQLite), for
// River's riverpgxv5 driver.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Dialect returns DialectSQLite or DialectPostgres.
func (s *Store) Dialect() string { return s.dialect }

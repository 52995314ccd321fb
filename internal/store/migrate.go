package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/stdlib"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations reads the embedded migrations of a dialect, numbered from
// 1 without gaps: migrations/0001_init.sql, migrations/0002_....sql. A
// number whose SQL can't agree has a file per dialect instead,
// NNNN_name.sqlite.sql and NNNN_name.postgres.sql, and then no shared one.
func loadMigrations(dialect string) ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	type files struct{ shared, sqlite, postgres string }
	byNum := map[int]*files{}
	for _, name := range names {
		base := path.Base(name)
		num, rest, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with its number, as in 0002_feeds.sql", base)
		}
		f := byNum[v]
		if f == nil {
			f = &files{}
			byNum[v] = f
		}
		slot := &f.shared
		stem := strings.TrimSuffix(rest, ".sql")
		if i := strings.LastIndex(stem, "."); i >= 0 {
			switch stem[i+1:] {
			case DialectSQLite:
				slot = &f.sqlite
			case DialectPostgres:
				slot = &f.postgres
			default:
				return nil, fmt.Errorf("migration %s: a dialect's file ends in .sqlite.sql or .postgres.sql", base)
			}
		}
		if *slot != "" {
			return nil, fmt.Errorf("migrations %s and %s have one number", path.Base(*slot), base)
		}
		*slot = name
	}
	var ms []migration
	for v, f := range byNum {
		var name string
		switch {
		case f.shared != "" && (f.sqlite != "" || f.postgres != ""):
			return nil, fmt.Errorf("migration %s: number %d has a shared file and a dialect's file (use one or the other)", path.Base(f.shared), v)
		case f.shared != "":
			name = f.shared
		case f.sqlite == "" || f.postgres == "":
			return nil, fmt.Errorf("migration %s: number %d needs a file for each dialect, NNNN_name.sqlite.sql and NNNN_name.postgres.sql",
				path.Base(f.sqlite+f.postgres), v)
		case dialect == DialectPostgres:
			name = f.postgres
		default:
			name = f.sqlite
		}
		body, err := migrationFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: path.Base(name), sql: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected number %d (numbers start at 1 and have no gaps)", m.name, i+1)
		}
	}
	return ms, nil
}

// migrate applies the migrations the database lacks, each in its own
// transaction together with its schema_migrations row.
//
// On SQLite transactions begin IMMEDIATE, so two processes opening one
// file at once apply each migration once: the second waits, then sees the
// version recorded. On Postgres the whole run holds a session-level
// advisory lock on one connection, and its transactions run on that
// connection: a replica starting at the same moment waits for the lock,
// then finds every migration applied.
func (s *Store) migrate(ctx context.Context) error {
	ms, err := loadMigrations(s.dialect)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	if s.dialect != DialectPostgres {
		return s.migrateOn(ctx, ms, s.db, s.WithTx)
	}
	return s.sessionLocked(ctx, func(conn *sql.Conn) error {
		withTx := func(ctx context.Context, fn func(*sql.Tx) error) error {
			tx, err := conn.BeginTx(ctx, nil)
			if err != nil {
				return explain(err)
			}
			defer tx.Rollback()
			if err := s.lockTx(ctx, tx); err != nil {
				return explain(err)
			}
			if err := fn(tx); err != nil {
				return err
			}
			return explain(tx.Commit())
		}
		return s.migrateOn(ctx, ms, conn, withTx)
	})
}

// migrateOn is migrate's work: q reads outside transactions, withTx runs
// each step.
func (s *Store) migrateOn(ctx context.Context, ms []migration, q querier, withTx func(context.Context, func(*sql.Tx) error) error) error {
	known := len(ms)
	hasQuery, countQuery := qHasMigrationsTable, qCountTables
	if s.dialect == DialectPostgres {
		hasQuery, countQuery = qPgHasMigrationsTable, qPgCountTables
	}

	// Checked and created under the write lock, so a second process
	// starting at the same moment can't see half of the first one's work.
	err := withTx(ctx, func(tx *sql.Tx) error {
		var hasTable, tables int
		if err := tx.QueryRowContext(ctx, hasQuery).Scan(&hasTable); err != nil {
			return explain(err)
		}
		if hasTable > 0 {
			return nil
		}
		if err := tx.QueryRowContext(ctx, countQuery).Scan(&tables); err != nil {
			return explain(err)
		}
		if tables > 0 {
			return foreignDB(tables)
		}
		if _, err := tx.ExecContext(ctx, qCreateMigrations); err != nil {
			return fmt.Errorf("create schema_migrations: %w", explain(err))
		}
		return nil
	})
	if err != nil {
		return err
	}

	for _, m := range ms {
		err := withTx(ctx, func(tx *sql.Tx) error {
			v, err := schemaVersion(ctx, tx)
			if err != nil {
				return err
			}
			if v > known {
				return tooNew(v, known)
			}
			if v >= m.version {
				return nil
			}
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("apply migration %s: %w", m.name, explain(err))
			}
			if _, err := tx.ExecContext(ctx, qRecordMigration, m.version, millis(s.now())); err != nil {
				return fmt.Errorf("record migration %s: %w", m.name, explain(err))
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	v, err := schemaVersion(ctx, q)
	if err != nil {
		return err
	}
	if v > known {
		return tooNew(v, known)
	}
	return nil
}

// sessionLocked runs fn on one connection of the Postgres pool while that
// connection holds the migration lock, a session-level advisory lock.
func (s *Store) sessionLocked(ctx context.Context, fn func(*sql.Conn) error) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return explain(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, s.migrateKey); err != nil {
		return fmt.Errorf("take the migration lock: %w", explain(err))
	}
	defer unlockSession(conn, s.migrateKey)
	return fn(conn)
}

// WithMigrationLock runs fn while this store holds the lock its own
// migrations run under, so that other migrations (River's, through
// rivermigrate on Pool) are applied once by replicas starting together: a
// second replica's WithMigrationLock waits for the first's fn to return.
// On Postgres the lock is a session-level advisory lock on a connection
// fn does not see (fn uses its own, through Pool); on SQLite, whose
// migrations serialize on the file's write lock, fn simply runs.
func (s *Store) WithMigrationLock(ctx context.Context, fn func(context.Context) error) error {
	if s.dialect != DialectPostgres {
		return fn(ctx)
	}
	var fnErr error
	err := s.sessionLocked(ctx, func(*sql.Conn) error {
		fnErr = fn(ctx)
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return fnErr
}

// unlockSession releases a session-level advisory lock before conn goes
// back to the pool. Should that fail on a connection still open, the
// connection is closed instead: the lock ends with its session, and no
// pooled connection keeps holding it.
func unlockSession(conn *sql.Conn, key int64) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_unlock($1)`, key); err == nil {
		return
	}
	conn.Raw(func(dc any) error {
		if c, ok := dc.(*stdlib.Conn); ok {
			c.Conn().Close(ctx)
		}
		return driver.ErrBadConn
	})
}

func tooNew(v, known int) error {
	return fmt.Errorf("%w (schema version %d; this build knows up to %d): upgrade brief, or open a different file",
		ErrSchemaTooNew, v, known)
}

func schemaVersion(ctx context.Context, q querier) (int, error) {
	var v int
	if err := q.QueryRowContext(ctx, qSchemaVersion).Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", explain(err))
	}
	return v, nil
}

// SchemaVersion returns the database's schema version: the number of the
// last migration applied.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	v, err := schemaVersion(ctx, s.db)
	if err != nil {
		return 0, fmt.Errorf("store: %w", err)
	}
	return v, nil
}

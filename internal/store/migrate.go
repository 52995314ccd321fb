package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations reads the embedded migrations, numbered from 1 without
// gaps: migrations/0001_init.sql, migrations/0002_....sql.
func loadMigrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, name := range names {
		base := path.Base(name)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with its number, as in 0002_feeds.sql", base)
		}
		body, err := migrationFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: base, sql: string(body)})
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
// transaction together with its schema_migrations row. Transactions begin
// IMMEDIATE, so two processes opening one file at once apply each
// migration once: the second waits, then sees the version recorded.
func (s *Store) migrate(ctx context.Context) error {
	ms, err := loadMigrations()
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	known := len(ms)

	// Checked and created under the write lock, so a second process
	// starting at the same moment can't see half of the first one's work.
	err = s.WithTx(ctx, func(tx *sql.Tx) error {
		var hasTable, tables int
		if err := tx.QueryRowContext(ctx, qHasMigrationsTable).Scan(&hasTable); err != nil {
			return explain(err)
		}
		if hasTable > 0 {
			return nil
		}
		if err := tx.QueryRowContext(ctx, qCountTables).Scan(&tables); err != nil {
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
		err := s.WithTx(ctx, func(tx *sql.Tx) error {
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
	v, err := schemaVersion(ctx, s.db)
	if err != nil {
		return err
	}
	if v > known {
		return tooNew(v, known)
	}
	return nil
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

package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"brief/internal/pgtest"
)

// A testDB makes databases of one dialect for a test.
type testDB struct{ dialect string }

// forEachDialect runs fn as the subtests sqlite and postgres; the latter
// skips, saying why, unless BRIEF_TEST_POSTGRES names a server.
func forEachDialect(t *testing.T, fn func(t *testing.T, d testDB)) {
	t.Helper()
	for _, name := range []string{DialectSQLite, DialectPostgres} {
		t.Run(name, func(t *testing.T) { fn(t, testDB{name}) })
	}
}

// dsn returns a new, empty database: a file in a temporary folder, or a
// fresh Postgres schema dropped at cleanup.
func (d testDB) dsn(t testing.TB) string {
	t.Helper()
	if d.dialect == DialectPostgres {
		return pgtest.URL(t)
	}
	return filepath.Join(t.TempDir(), "brief.db")
}

// open opens a store on a new database, with the clock at t0, closed at
// cleanup.
func (d testDB) open(t testing.TB) *Store {
	t.Helper()
	return openAt(t, d.dsn(t))
}

// driver is the database/sql driver name for opening the dialect's
// databases without the store.
func (d testDB) driver() string {
	if d.dialect == DialectPostgres {
		return "pgx"
	}
	return "sqlite"
}

// shown is dsn as the store's errors name it.
func (d testDB) shown(dsn string) string {
	if d.dialect == DialectPostgres {
		return redactURL(dsn)
	}
	return dsn
}

// snapshot describes what the database holds, to compare before and
// after: the file's bytes, or the schema's tables with their row counts
// and every schema_migrations row.
func (d testDB) snapshot(t testing.TB, dsn string) string {
	t.Helper()
	if d.dialect == DialectSQLite {
		data, _ := os.ReadFile(dsn)
		return string(data)
	}
	ctx := context.Background()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out strings.Builder
	var tables []string
	rows, err := db.QueryContext(ctx, `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		rows.Scan(&name)
		tables = append(tables, name)
	}
	rows.Close()
	for _, name := range tables {
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+name).Scan(&n); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&out, "%s: %d rows\n", name, n)
	}
	rows, err = db.QueryContext(ctx, `SELECT version, applied_at FROM schema_migrations ORDER BY version`)
	if err == nil {
		for rows.Next() {
			var v, at int64
			rows.Scan(&v, &at)
			fmt.Fprintf(&out, "migration %d at %d\n", v, at)
		}
		rows.Close()
	}
	return out.String()
}

// Package storetest opens stores on either of the store's dialects for the
// tests of packages built on it (scheduler, library, jobs): SQLite always,
// Postgres when BRIEF_TEST_POSTGRES names a server (see internal/pgtest);
// without it the Postgres tests skip, saying why.
//
//	func TestSomething(t *testing.T) {
//		storetest.Run(t, func(t *testing.T, dialect string) {
//			s := storetest.Open(t, dialect)
//			...
//		})
//	}
package storetest

import (
	"context"
	"path/filepath"
	"testing"

	"brief/internal/pgtest"
	"brief/internal/store"
)

// Dialects lists the dialects a store test runs on.
func Dialects() []string { return []string{store.DialectSQLite, store.DialectPostgres} }

// Run runs fn as one subtest per dialect, named after it ("sqlite",
// "postgres"). The Postgres one skips unless BRIEF_TEST_POSTGRES is set.
func Run(t *testing.T, fn func(t *testing.T, dialect string)) {
	t.Helper()
	for _, d := range Dialects() {
		t.Run(d, func(t *testing.T) { fn(t, d) })
	}
}

// DSN returns a new, empty database of the dialect, for store.Open: a file
// in a temporary folder, or a fresh Postgres schema dropped when the test
// ends (skipping the test when BRIEF_TEST_POSTGRES is not set). Opening it
// several times gives several replicas of one database.
func DSN(tb testing.TB, dialect string) string {
	tb.Helper()
	switch dialect {
	case store.DialectSQLite:
		return filepath.Join(tb.TempDir(), store.DefaultName)
	case store.DialectPostgres:
		return pgtest.URL(tb)
	}
	tb.Fatalf("storetest: unknown dialect %q (want %q or %q)", dialect, store.DialectSQLite, store.DialectPostgres)
	return ""
}

// Open opens a store on a new database of the dialect, closed when the
// test ends.
func Open(tb testing.TB, dialect string, opts ...store.Option) *store.Store {
	tb.Helper()
	return OpenDSN(tb, DSN(tb, dialect), opts...)
}

// OpenDSN opens a store on dsn (from DSN), closed when the test ends.
func OpenDSN(tb testing.TB, dsn string, opts ...store.Option) *store.Store {
	tb.Helper()
	s, err := store.Open(context.Background(), dsn, opts...)
	if err != nil {
		tb.Fatalf("storetest: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

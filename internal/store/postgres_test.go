package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"brief/internal/pgtest"
)

func TestOpenRefusesOtherURLs(t *testing.T) {
	_, err := Open(context.Background(), "mysql://brief:hunter2@db/brief")
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "postgres://") {
		t.Fatalf("Open(mysql://...) = %v; want ErrInvalid naming what is accepted", err)
	}
	if strings.Contains(err.Error(), "hunter2") {
		t.Errorf("error leaks the password: %v", err)
	}
}

// freePort returns a loopback port nothing listens on.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return port
}

// An unreachable server is named, with BRIEF_DB, the cause and what to
// check, and never with the password. No Postgres server is needed.
func TestPostgresUnreachable(t *testing.T) {
	ctx := context.Background()
	t.Run("nothing listening", func(t *testing.T) {
		port := freePort(t)
		dsn := fmt.Sprintf("postgres://brief:hunter2@127.0.0.1:%d/brief?sslmode=disable", port)
		s, err := Open(ctx, dsn)
		if err == nil {
			s.Close()
			t.Fatal("Open succeeded")
		}
		want := fmt.Sprintf("cannot reach the Postgres server at 127.0.0.1:%d (BRIEF_DB): connection refused; is it running?", port)
		if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), want) {
			t.Errorf("Open = %v\nwant it to say %q", err, want)
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("error leaks the password: %v", err)
		}
	})
	t.Run("a server that never answers", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		var conns []net.Conn
		var mu sync.Mutex
		go func() {
			for {
				c, err := l.Accept()
				if err != nil {
					return
				}
				mu.Lock()
				conns = append(conns, c) // held open, never answered
				mu.Unlock()
			}
		}()
		defer func() {
			mu.Lock()
			for _, c := range conns {
				c.Close()
			}
			mu.Unlock()
		}()
		dsn := "postgres://brief:hunter2@" + l.Addr().String() + "/brief?sslmode=disable&connect_timeout=1"
		_, err = Open(ctx, dsn)
		want := "cannot reach the Postgres server at " + l.Addr().String() + " (BRIEF_DB): no answer within the connect timeout"
		if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), want) {
			t.Errorf("Open = %v\nwant it to say %q", err, want)
		}
	})
	t.Run("not a URL pgx reads", func(t *testing.T) {
		_, err := Open(ctx, "postgres://brief:hunter2@127.0.0.1:notaport/brief")
		if !errors.Is(err, ErrInvalid) || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("Open = %v; want ErrInvalid without the password", err)
		}
	})
}

// withParams returns dsn with query parameters set.
func withParams(t testing.TB, dsn string, kv ...string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	for i := 0; i+1 < len(kv); i += 2 {
		q.Set(kv[i], kv[i+1])
	}
	u.RawQuery = q.Encode()
	return u.String()
}

func TestPostgresLoginErrors(t *testing.T) {
	ctx := context.Background()
	base := pgtest.URL(t)
	u, _ := url.Parse(base)
	user := u.User.Username()

	wrong := *u
	wrong.User = url.UserPassword(user, "not-the-password")
	_, err := Open(ctx, wrong.String())
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), fmt.Sprintf("refused to log in user %q (BRIEF_DB)", user)) ||
		!strings.Contains(err.Error(), "check the user name and password") {
		t.Errorf("wrong password: %v", err)
	}
	if strings.Contains(err.Error(), "not-the-password") {
		t.Errorf("error leaks the password: %v", err)
	}

	missing := *u
	missing.Path = "/no_such_database_here"
	_, err = Open(ctx, missing.String())
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), `has no database "no_such_database_here" (BRIEF_DB): create it`) {
		t.Errorf("missing database: %v", err)
	}

	noSchema := withParams(t, base, "search_path", "no_such_schema")
	_, err = Open(ctx, noSchema)
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "search_path") {
		t.Errorf("search_path naming no schema: %v", err)
	}
}

func TestPostgresPathAndDialect(t *testing.T) {
	ctx := context.Background()
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		dsn := tdb.dsn(t)
		s := openAt(t, dsn)
		if s.Dialect() != tdb.dialect {
			t.Errorf("Dialect = %q; want %q", s.Dialect(), tdb.dialect)
		}
		if (s.Pool() != nil) != (tdb.dialect == DialectPostgres) {
			t.Errorf("Pool = %v on %s", s.Pool(), tdb.dialect)
		}
		if tdb.dialect == DialectSQLite {
			if s.Path() != dsn {
				t.Errorf("Path = %q; want %q", s.Path(), dsn)
			}
			return
		}
		u, _ := url.Parse(dsn)
		pw, _ := u.User.Password()
		if strings.Contains(s.Path(), ":"+pw+"@") || !strings.Contains(s.Path(), "xxxxx@"+u.Host) {
			t.Errorf("Path = %q; want the URL with its password replaced", s.Path())
		}
		if got := s.Pool().Config().MaxConns; got != pgMaxConns {
			t.Errorf("pool size %d; want %d", got, pgMaxConns)
		}
		var app string
		if err := s.DB().QueryRowContext(ctx, `SHOW application_name`).Scan(&app); err != nil || app != "brief" {
			t.Errorf("application_name = %q, %v; want brief", app, err)
		}
		if _, err := Backup(ctx, dsn, t.TempDir()+"/b.db"); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "pg_dump") || strings.Contains(err.Error(), ":"+pw+"@") {
			t.Errorf("Backup of Postgres = %v; want a pointer to pg_dump without the password", err)
		}
	})
}

// A database holding another application's tables is refused untouched;
// one holding only River's (brief's job queue, migrated first) is brief's.
func TestOpenForeignOrRiverTables(t *testing.T) {
	ctx := context.Background()
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		prepare := func(t *testing.T, stmts ...string) string {
			dsn := tdb.dsn(t)
			db, err := sql.Open(tdb.driver(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			for _, q := range stmts {
				if _, err := db.ExecContext(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			return dsn
		}
		t.Run("other application", func(t *testing.T) {
			dsn := prepare(t, "CREATE TABLE invoices (id BIGINT PRIMARY KEY, total BIGINT)")
			before := tdb.snapshot(t, dsn)
			s, err := Open(ctx, dsn)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			if !errors.Is(err, ErrForeignDB) || !strings.Contains(err.Error(), "1 tables but no brief schema") {
				t.Errorf("Open = %v; want ErrForeignDB", err)
			}
			if after := tdb.snapshot(t, dsn); after != before {
				t.Errorf("refusing it changed the database:\n%s\nbefore:\n%s", after, before)
			}
		})
		t.Run("River's tables only", func(t *testing.T) {
			dsn := prepare(t, "CREATE TABLE river_migration (line TEXT NOT NULL, version BIGINT NOT NULL)",
				"CREATE TABLE river_job (id BIGINT PRIMARY KEY)")
			s := openAt(t, dsn)
			if _, _, err := s.SaveArticle(ctx, article(1), t0); err != nil {
				t.Fatal(err)
			}
		})
	})
}

// Postgres ignores tables of other schemas of the same database: the
// tests' schemas, or another install's.
func TestPostgresOtherSchemasIgnored(t *testing.T) {
	ctx := context.Background()
	a := pgtest.URL(t)
	b := pgtest.URL(t)
	db, err := sql.Open("pgx", a)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "CREATE TABLE invoices (id BIGINT PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	s := openAt(t, b)
	if _, _, err := s.SaveArticle(ctx, article(1), t0); err != nil {
		t.Fatal(err)
	}
	if n, _ := openAt(t, b).CountArticles(ctx); n != 1 {
		t.Errorf("%d articles in schema b; want 1", n)
	}
}

// Replicas starting together on a fresh schema apply each migration once
// and all open.
func TestPostgresMigrationsFromManyStores(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.URL(t)
	const replicas = 8
	stores := make([]*Store, replicas)
	var wg sync.WaitGroup
	for i := range stores {
		wg.Go(func() {
			var err error
			if stores[i], err = Open(ctx, dsn); err != nil {
				t.Errorf("Open #%d: %v", i, err)
				return
			}
			t.Cleanup(func() { stores[i].Close() })
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	ms, _ := loadMigrations(DialectPostgres)
	var versions []int
	rows, err := stores[0].DB().QueryContext(ctx, "SELECT version FROM schema_migrations ORDER BY version")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var v int
		rows.Scan(&v)
		versions = append(versions, v)
	}
	rows.Close()
	if len(versions) != len(ms) || versions[len(versions)-1] != len(ms) {
		t.Errorf("schema_migrations = %v; want 1..%d once each", versions, len(ms))
	}
	// The migration lock was given back: a new store opens at once.
	ctx2, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	s, err := Open(ctx2, dsn)
	if err != nil {
		t.Fatalf("Open after the others: %v", err)
	}
	s.Close()
}

// Replicas storing the same stories at once: one row per story, and
// arrival numbers 1..n without a gap or a repeat.
func TestPostgresConcurrentSaveFromTwoStores(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.URL(t)
	one, two := openAt(t, dsn), openAt(t, dsn)
	const stories = 40
	var wg sync.WaitGroup
	for _, s := range []*Store{one, two, one, two} {
		wg.Go(func() {
			for i := range stories {
				if _, _, err := s.SaveArticle(ctx, article(i), t0.Add(time.Duration(i)*time.Second)); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	all, err := two.AllArticles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var seqs []int64
	hashes := map[string]bool{}
	for _, sa := range all {
		seqs = append(seqs, sa.Meta.Seq)
		hashes[sa.Meta.Hash] = true
	}
	if len(all) != stories || len(hashes) != stories {
		t.Errorf("%d rows, %d distinct stories; want %d of each", len(all), len(hashes), stories)
	}
	for i, seq := range seqs {
		if seq != int64(i+1) {
			t.Fatalf("seqs = %v; want 1..%d in order", seqs, stories)
		}
	}
}

// appName returns an application_name unique to this test's store, so that
// terminating its backends touches no one else's.
func appName(t *testing.T) string {
	var b [4]byte
	rand.Read(b[:])
	return "brief-test-" + hex.EncodeToString(b[:])
}

// terminate ends every backend of the store named app, as a Postgres
// restart would, and returns how many there were.
func terminate(t *testing.T, admin *sql.DB, app string) int {
	t.Helper()
	var n int
	err := admin.QueryRow(`SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = $1`, app).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// A store whose connections the server ends (a restart, an administrator)
// fails the next call politely or succeeds, then works again, with
// nothing lost.
func TestPostgresTerminatedBackends(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.URL(t)
	app := appName(t)
	s := openAt(t, withParams(t, dsn, "application_name", app))
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	ch, err := s.EnsureChannel(ctx, "slack", "C1", "news")
	if err != nil {
		t.Fatal(err)
	}

	// Several connections busy at once, so the pool holds more than one.
	var wg sync.WaitGroup
	for i := range 6 {
		wg.Go(func() {
			if _, _, err := s.SaveArticle(ctx, article(i), t0); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()

	// Transactions begin on a live connection: their first call after
	// the restart succeeds. A read outside a transaction may fail once.
	calls := []struct {
		name string
		tx   bool
		do   func(i int) error
	}{
		{"save an article", true, func(i int) error { _, _, err := s.SaveArticle(ctx, article(100+i), t0); return err }},
		{"claim a slot", true, func(i int) error {
			_, _, err := s.ClaimSlot(ctx, nil, ch, t0.Add(time.Duration(i)*time.Hour))
			return err
		}},
		{"read articles", false, func(int) error { _, err := s.AllArticles(ctx); return err }},
	}
	for i, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			if n := terminate(t, admin, app); n == 0 {
				t.Fatal("no backend of the store to terminate")
			}
			if err := c.do(i); err != nil {
				if c.tx {
					t.Errorf("a transaction's first call after the restart: %v", err)
				}
				if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "try again") {
					t.Errorf("the call after the restart failed impolitely: %v", err)
				}
				t.Logf("first call after terminating: %v", err)
			}
			if err := c.do(i); err != nil {
				t.Errorf("the call after that: %v", err)
			}
		})
	}
	if n, err := s.CountArticles(ctx); err != nil || n != 6+1 {
		t.Errorf("CountArticles = %d, %v; want the 6 stored before and 1 after", n, err)
	}
	d, err := s.Delivery(ctx, nil, ch, t0.Add(time.Hour))
	if err != nil || d.Status != StatusPending {
		t.Errorf("the slot claimed after the restart: %+v, %v", d, err)
	}
}

// The write lock is per schema: a transaction held open in one schema does
// not hold up another schema's.
func TestPostgresLockPerSchema(t *testing.T) {
	ctx := context.Background()
	dsnA := pgtest.URL(t)
	a, b := openAt(t, dsnA), openAt(t, pgtest.URL(t))
	a2 := openAt(t, dsnA) // opened (and migrated) before a holds its transaction
	if a.txKey == b.txKey {
		t.Fatalf("two schemas share the lock key %d", a.txKey)
	}
	held := make(chan struct{})
	release := make(chan struct{})
	go a.WithTx(ctx, func(*sql.Tx) error {
		close(held)
		<-release
		return nil
	})
	<-held
	defer close(release)
	ctx2, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, _, err := b.SaveArticle(ctx2, article(1), t0); err != nil {
		t.Errorf("a write in another schema waited for this one's transaction: %v", err)
	}
	// In the same schema it waits: a second store on a's schema gives up
	// when its context ends.
	ctx3, cancel3 := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel3()
	if _, _, err := a2.SaveArticle(ctx3, article(2), t0); err == nil {
		t.Error("a write in the same schema did not wait for the open transaction")
	}
}

// WithMigrationLock of two replicas never runs their functions at once.
func TestWithMigrationLock(t *testing.T) {
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		dsn := tdb.dsn(t)
		stores := []*Store{openAt(t, dsn), openAt(t, dsn), openAt(t, dsn)}
		var inside, most, runs int
		var mu sync.Mutex
		var wg sync.WaitGroup
		for _, s := range stores {
			wg.Go(func() {
				err := s.WithMigrationLock(ctx, func(context.Context) error {
					mu.Lock()
					inside++
					runs++
					most = max(most, inside)
					mu.Unlock()
					time.Sleep(50 * time.Millisecond) // long enough for the others to try
					mu.Lock()
					inside--
					mu.Unlock()
					return nil
				})
				if err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if tdb.dialect == DialectPostgres && most != 1 {
			t.Errorf("%d functions ran at once under the migration lock; want 1", most)
		}
		if runs != len(stores) {
			t.Errorf("%d of %d functions ran", runs, len(stores))
		}
		boom := errors.New("boom")
		if err := stores[0].WithMigrationLock(ctx, func(context.Context) error { return boom }); !errors.Is(err, boom) {
			t.Errorf("WithMigrationLock = %v; want fn's error", err)
		}
		// The lock was given back: a new replica migrates and opens.
		openAt(t, dsn)
	})
}

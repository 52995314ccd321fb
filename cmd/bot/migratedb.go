package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"brief/internal/store"
)

// cmdMigrateDB is `bot migrate-db --from SRC --to DST`: an install's data
// copied into a new database, such as SQLite into Postgres when a team
// outgrows one machine.
func cmdMigrateDB(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("migrate-db", stderr)
	from := fs.String("from", "", "the database to copy: a SQLite file, or a postgres:// URL")
	to := fs.String("to", "", "the new database: a postgres:// URL (or a SQLite file), empty")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if *from == "" || *to == "" || fs.NArg() > 0 {
		return errors.New("migrate-db: name both databases: bot migrate-db --from ./data/brief.db --to postgres://user:password@host:5432/brief")
	}
	if !store.IsPostgresURL(*from) {
		// Opening a missing file would create an empty database and copy
		// nothing; say so instead.
		if _, err := os.Stat(*from); err != nil {
			return fmt.Errorf("migrate-db: --from %s: %w (name brief's database file, such as ./data/brief.db)", *from, unwrapPathErr(err))
		}
	}
	src, err := store.Open(ctx, *from)
	if err != nil {
		return fmt.Errorf("migrate-db: --from: %w", err)
	}
	defer src.Close()
	dst, err := store.Open(ctx, *to)
	if err != nil {
		return fmt.Errorf("migrate-db: --to: %w", err)
	}
	defer dst.Close()
	counts, err := store.Copy(ctx, src, dst)
	if err != nil {
		return fmt.Errorf("migrate-db: %w", err)
	}
	fmt.Fprintf(stdout, "Copied %s to %s: %d articles, %d channels, %d schedules, %d feed subscriptions, %d ledger rows.\n",
		src.Path(), dst.Path(), counts["articles"], counts["channels"], counts["schedules"], counts["feeds"], counts["deliveries"])
	fmt.Fprintln(stdout, "Point BRIEF_DB at the new database and start bot run; keep the old one until you are happy.")
	return nil
}

// unwrapPathErr drops a *PathError's repetition of the path.
func unwrapPathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

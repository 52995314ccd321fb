package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"brief/internal/config"
	"brief/internal/store"
)

// cmdBackup is `bot backup FILE`: a consistent copy of the SQLite
// database in FILE, while bot run goes on using the database.
func cmdBackup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("backup", stderr)
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("backup: name the new file to write: bot backup ./brief-2026-12-01.db")
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	if cfg.DBDriver() == config.DriverPostgres {
		return errors.New("backup: BRIEF_DB is a Postgres database: back it up with pg_dump")
	}
	if cfg.DB == store.Memory {
		return errors.New("backup: BRIEF_DB is an in-memory database: there is nothing on disk to back up")
	}
	dst := fs.Arg(0)
	info, err := store.Backup(ctx, cfg.DB, dst)
	if err != nil {
		return err
	}
	articles := fmt.Sprintf("%d articles", info.Articles)
	if info.Articles == 1 {
		articles = "1 article"
	}
	fmt.Fprintf(stdout, "Backed up %s to %s: %s, schema version %d, %d bytes.\n", cfg.DB, dst, articles, info.SchemaVersion, info.Bytes)
	return nil
}

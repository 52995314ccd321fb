package pgtest

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestSchemasAreSeparate(t *testing.T) {
	ctx := context.Background()
	a, b := URL(t), URL(t)
	ca, err := pgx.Connect(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	defer ca.Close(ctx)
	cb, err := pgx.Connect(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	defer cb.Close(ctx)
	if _, err := ca.Exec(ctx, "CREATE TABLE x (n BIGINT)"); err != nil {
		t.Fatal(err)
	}
	if _, err := cb.Exec(ctx, "SELECT * FROM x"); err == nil {
		t.Fatal("a table made in one test schema is visible from another")
	}
}

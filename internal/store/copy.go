package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// copyTables are the tables Copy moves, each after the ones its rows
// refer to. River's tables are not copied: the scheduler derives the due
// slots from the schedules and the ledger, and feeds are polled again on
// their state. Seen webhook requests expire within minutes.
var copyTables = []string{"channels", "schedules", "articles", "deliveries", "feeds", "feed_state", "feed_items"}

// ErrNotEmpty is Copy's refusal of a target that already holds data.
var ErrNotEmpty = fmt.Errorf("target database is not empty")

// Copy copies brief's data from one store to another, such as an SQLite
// install moving to Postgres: articles, channels, schedules, feeds with
// their state and items, and the delivery ledger, unchanged (an article
// keeps its id and arrival order, a slot posted stays posted). It refuses
// a target that holds any of these rows, and copies in one transaction of
// the target's: on an error nothing is copied. It returns the rows copied
// by table.
func Copy(ctx context.Context, from, to *Store) (map[string]int, error) {
	counts := map[string]int{}
	for _, t := range copyTables {
		var n int
		if err := to.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+t).Scan(&n); err != nil {
			return nil, fmt.Errorf("store: copy: count %s in %s: %w", t, to.Path(), explain(err))
		}
		if n > 0 {
			return nil, fmt.Errorf("store: copy: %w: %s has %d rows in %s (copy into a new, empty database)", ErrNotEmpty, to.Path(), n, t)
		}
	}
	err := to.WithTx(ctx, func(tx *sql.Tx) error {
		for _, t := range copyTables {
			n, err := copyTable(ctx, from, to, tx, t)
			if err != nil {
				return fmt.Errorf("store: copy %s: %w", t, err)
			}
			counts[t] = n
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return counts, nil
}

// copyTable copies the rows of one table, in the target's columns (a
// column computed by the target database is left to it).
func copyTable(ctx context.Context, from, to *Store, tx *sql.Tx, table string) (int, error) {
	cols, bools, err := to.insertableColumns(ctx, tx, table)
	if err != nil {
		return 0, err
	}
	rows, err := from.db.QueryContext(ctx, "SELECT "+strings.Join(cols, ", ")+" FROM "+table)
	if err != nil {
		return 0, explain(err)
	}
	defer rows.Close()
	marks := make([]string, len(cols))
	for i := range cols {
		marks[i] = fmt.Sprintf("$%d", i+1)
	}
	insert := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES (" + strings.Join(marks, ", ") + ")"
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		for i, v := range vals {
			vals[i] = portable(v, bools[i])
		}
		if _, err := tx.ExecContext(ctx, insert, vals...); err != nil {
			return n, explain(err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, explain(err)
	}
	return n, nil
}

// insertableColumns lists the target table's columns that take a value,
// and which of them are booleans.
func (s *Store) insertableColumns(ctx context.Context, tx *sql.Tx, table string) (cols []string, bools []bool, err error) {
	var q string
	if s.Dialect() == DialectPostgres {
		q = `SELECT column_name, data_type = 'boolean' FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'
ORDER BY ordinal_position`
	} else {
		q = `SELECT name, upper(type) = 'BOOLEAN' FROM pragma_table_info($1) ORDER BY cid`
	}
	rows, err := tx.QueryContext(ctx, q, table)
	if err != nil {
		return nil, nil, explain(err)
	}
	defer rows.Close()
	for rows.Next() {
		var c string
		var b bool
		if err := rows.Scan(&c, &b); err != nil {
			return nil, nil, err
		}
		cols = append(cols, c)
		bools = append(bools, b)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	if len(cols) == 0 {
		return nil, nil, fmt.Errorf("table %s not found in %s", table, s.Path())
	}
	return cols, bools, nil
}

// portable is a value read from one dialect as the other takes it: SQLite
// keeps booleans as integers, Postgres wants them as booleans; SQLite may
// return text as bytes.
func portable(v any, isBool bool) any {
	switch x := v.(type) {
	case int64:
		if isBool {
			return x != 0
		}
	case []byte:
		return string(x)
	}
	return v
}

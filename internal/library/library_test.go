package library

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"brief/internal/articlefile"
	"brief/internal/store"
)

func openLib(t *testing.T, now func() time.Time) (*Library, *store.Store) {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(context.Background(), filepath.Join(dir, "brief.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	lib, err := Open(context.Background(), st, now)
	if err != nil {
		t.Fatal(err)
	}
	return lib, st
}

// add stores a story, as a .txt file reads it, in the library.
func add(t *testing.T, lib *Library, text string) {
	t.Helper()
	a, err := articlefile.Parse("story.txt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if _, created, err := lib.Add(context.Background(), a); err != nil || !created {
		t.Fatalf("Add: created %v, %v", created, err)
	}
}

const storyA = "Floods close roads in Cumbria\n\nHeavy rain closed roads across Cumbria on Monday as rivers burst their banks.\n\nThe Environment Agency issued three severe flood warnings.\n"
const storyB = "Bank raises interest rates\n\nThe central bank raised interest rates to 5 percent on Thursday to fight inflation.\n\nEconomists had expected the rise.\n"

func TestMatchAndGet(t *testing.T) {
	lib, _ := openLib(t, nil)
	ctx := context.Background()
	add(t, lib, storyA)
	add(t, lib, storyB)
	for q, want := range map[string]string{"flood warnings": "Floods", "interest rates inflation": "Bank", "CUMBRIA": "Floods"} {
		e, ok := lib.Match(q)
		if !ok || !strings.HasPrefix(e.Headline(), want) {
			t.Errorf("Match(%q) = %v, %v; want %q", q, e, ok, want)
		}
	}
	for _, q := range []string{"", "the and of", "volcano"} {
		if e, ok := lib.Match(q); ok {
			t.Errorf("Match(%q) = %s, want no match", q, e.Headline())
		}
	}
	e, _ := lib.Match("floods")
	got, err := lib.Get(ctx, e.Meta.ID[:4])
	if err != nil || got != e {
		t.Errorf("Get by prefix: %v, %v", got, err)
	}
	if _, err := lib.Get(ctx, "ffffffff"); err == nil {
		t.Error("Get of an unknown id succeeded")
	}
	a, from, err := lib.Ask(ctx, "How many severe flood warnings were issued?")
	if err != nil || !a.Answered || len(from) != 1 || from[0] != e || !strings.Contains(a.Text, "three") {
		t.Errorf("Ask: %+v from %v", a, from)
	}
}

func TestSyncSeesWhatAnotherProcessStored(t *testing.T) {
	lib, st := openLib(t, nil)
	ctx := context.Background()
	other, err := Open(ctx, st, nil) // another process's view of the same store
	if err != nil {
		t.Fatal(err)
	}
	add(t, other, storyA)
	if lib.Len() != 0 {
		t.Fatal("seen before syncing")
	}
	if n, err := lib.Sync(ctx); n != 1 || err != nil || lib.Len() != 1 {
		t.Errorf("Sync: %d, %v; library has %d", n, err, lib.Len())
	}
	if n, _ := lib.Sync(ctx); n != 0 {
		t.Errorf("second Sync loaded %d again", n)
	}
}

func TestMemoComputesOncePerKey(t *testing.T) {
	e := &Entry{}
	calls := 0
	count := func() int { calls++; return 7 }
	for range 2 {
		if got := Memo(e, MemoKey[int]{Name: "n"}, count); got != 7 {
			t.Errorf("Memo = %d", got)
		}
	}
	if calls != 1 {
		t.Errorf("computed %d times, want once", calls)
	}
	// The same name with another type is another key.
	if got := Memo(e, MemoKey[string]{Name: "n"}, func() string { return "seven" }); got != "seven" {
		t.Errorf("Memo of another type = %q", got)
	}
}

package articlefile

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"brief/internal/brief"
	"brief/internal/library"
	"brief/internal/store"
)

func openLib(t *testing.T, now func() time.Time) (*library.Library, *store.Store, string) {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(context.Background(), filepath.Join(dir, "brief.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	lib, err := library.Open(context.Background(), st, now)
	if err != nil {
		t.Fatal(err)
	}
	arts := filepath.Join(dir, "articles")
	if err := os.Mkdir(arts, 0o755); err != nil {
		t.Fatal(err)
	}
	return lib, st, arts
}

// importDir imports what is new in the folder into the library.
func importDir(f *Folder, lib *library.Library) (int, []error) {
	return f.Import(context.Background(), func(ctx context.Context, a *brief.Article) (bool, error) {
		_, created, err := lib.Add(ctx, a)
		return created, err
	})
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

const storyA = "Floods close roads in Cumbria\n\nHeavy rain closed roads across Cumbria on Monday as rivers burst their banks.\n\nThe Environment Agency issued three severe flood warnings.\n"
const storyB = "Bank raises interest rates\n\nThe central bank raised interest rates to 5 percent on Thursday to fight inflation.\n\nEconomists had expected the rise.\n"

func TestFolderPicksUpNewAndChangedFilesOnce(t *testing.T) {
	now := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
	lib, st, dir := openLib(t, func() time.Time { return now })
	f := NewFolder(dir)
	ctx := context.Background()
	write(t, filepath.Join(dir, "a.txt"), storyA)
	write(t, filepath.Join(dir, "empty.txt"), "")
	added, errs := importDir(f, lib)
	if added != 1 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "empty.txt") {
		t.Fatalf("first import: added %d, errs %v", added, errs)
	}
	// Nothing changed: nothing read, the bad file not reported again.
	if added, errs := importDir(f, lib); added != 0 || len(errs) != 0 {
		t.Fatalf("second import: added %d, errs %v", added, errs)
	}
	now = now.Add(time.Hour)
	write(t, filepath.Join(dir, "b.txt"), storyB)
	write(t, filepath.Join(dir, "copy-of-a.txt"), storyA) // same story, another file
	if added, errs := importDir(f, lib); added != 1 || len(errs) != 0 {
		t.Fatalf("third import: added %d, errs %v", added, errs)
	}
	if n, _ := st.CountArticles(ctx); n != 2 || lib.Len() != 2 {
		t.Fatalf("stored %d, library %d; want 2 and 2", n, lib.Len())
	}
	got := lib.Arrived(now, now.Add(time.Minute))
	if len(got) != 1 || !strings.Contains(got[0].Headline(), "interest rates") {
		t.Errorf("arrived in the last hour: %v", got)
	}
	// A reopened library sees what was stored.
	lib2, err := library.Open(ctx, st, nil)
	if err != nil || lib2.Len() != 2 {
		t.Fatalf("reopened: %d articles, %v", lib2.Len(), err)
	}
}

func TestFolderMissing(t *testing.T) {
	lib, _, dir := openLib(t, nil)
	if added, errs := importDir(NewFolder(filepath.Join(dir, "nope")), lib); added != 0 || len(errs) != 0 {
		t.Errorf("missing folder: %d, %v", added, errs)
	}
}

func TestFolderReadsWebPages(t *testing.T) {
	lib, _, dir := openLib(t, nil)
	f := NewFolder(dir)
	page, err := os.ReadFile("../extract/testdata/news.html")
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "saved.html"), string(page))
	write(t, filepath.Join(dir, "menu.html"), "<html><body><nav><a href=/a>Home</a> <a href=/b>News</a></nav></body></html>")
	added, errs := importDir(f, lib)
	if added != 1 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "menu.html") {
		t.Fatalf("added %d, errs %v", added, errs)
	}
	e := lib.Recent(1)[0]
	if e.Article.Path != filepath.Join(dir, "saved.html") || e.Article.Title == "" || strings.Contains(e.Article.Text(), "<") {
		t.Errorf("web page article: path %q title %q", e.Article.Path, e.Article.Title)
	}
}

package articlefile

import (
	"context"
	"errors"
	"os"
	"sync"
	"time"

	"brief/internal/brief"
)

// A Folder is an articles folder read again and again while the service
// runs: each Import reads only the files that are new or changed since the
// last one, and reports a file that fails once, and again only when it
// changes.
type Folder struct {
	dir string

	mu     sync.Mutex
	seen   map[string]stamp // path → what was read
	failed map[string]stamp // files that failed, not reported again until they change
}

type stamp struct {
	size    int64
	modTime time.Time
}

// NewFolder is the folder at dir; nothing is read until Import.
func NewFolder(dir string) *Folder {
	return &Folder{dir: dir, seen: map[string]stamp{}, failed: map[string]stamp{}}
}

// Dir is the folder's path.
func (f *Folder) Dir() string { return f.dir }

// Import reads the article files under the folder that are new or changed
// since the last call and hands each to add, which stores it and reports
// whether it was new; added counts those. Files that fail are returned
// once, and again only when they change; so are the entries passed over
// (IsSkipped). A missing folder is not an error: there is nothing to read.
func (f *Folder) Import(ctx context.Context, add func(context.Context, *brief.Article) (created bool, err error)) (added int, errs []error) {
	if _, err := os.Stat(f.dir); os.IsNotExist(err) {
		return 0, nil
	}
	files, skipped, err := Scan(f.dir)
	if err != nil {
		errs = append(errs, err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	// An entry passed over is reported once, and again when it changes.
	for _, s := range skipped {
		var fe *FileError
		if !errors.As(s, &fe) {
			continue
		}
		info, err := os.Lstat(fe.Path)
		if err != nil {
			continue
		}
		st := stamp{size: info.Size(), modTime: info.ModTime()}
		bad, known := f.failed[fe.Path]
		f.failed[fe.Path] = st
		if !known || bad != st {
			errs = append(errs, s)
		}
	}
	for _, path := range files {
		if ctx.Err() != nil {
			return added, append(errs, ctx.Err())
		}
		info, err := os.Stat(path)
		if err != nil {
			continue // gone since the walk
		}
		st := stamp{size: info.Size(), modTime: info.ModTime()}
		seen, known := f.seen[path]
		bad, failed := f.failed[path]
		if (known && seen == st) || (failed && bad == st) {
			continue
		}
		a, err := ReadFile(path)
		if err == nil {
			var created bool
			created, err = add(ctx, a)
			if created {
				added++
			}
		}
		if err != nil {
			f.failed[path] = st
			errs = append(errs, err)
		} else {
			delete(f.failed, path)
			f.seen[path] = st
		}
	}
	return added, errs
}

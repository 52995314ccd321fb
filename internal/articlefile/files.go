package articlefile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"brief/internal/brief"
	"brief/internal/extract"
)

// A FileError names the file that could not be read and why.
type FileError struct {
	Path string
	Err  error
	// Skipped: an entry of a folder passed over (not a regular file, a
	// link that leads nowhere). A warning: the rest of the folder is read,
	// and it is no failure of the command that read the folder.
	Skipped bool
}

func (e *FileError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }

// Why a file is not read.
var (
	ErrNotRegular = errors.New("not a regular file")
	ErrBrokenLink = errors.New("a link to a file that does not exist")
)

// IsSkipped reports whether err is a folder entry passed over with a
// warning (FileError.Skipped), not a failure.
func IsSkipped(err error) bool {
	var fe *FileError
	return errors.As(err, &fe) && fe.Skipped
}

// Load reads the articles at the given paths: files, or folders read
// recursively in lexical order, until ctx ends. A file that cannot be read
// or parsed gives a *FileError and does not stop the others; so does a
// folder entry that is not a regular file or a link that leads nowhere,
// with Skipped set (IsSkipped). A path named that is not a regular file is
// refused without being opened: a named pipe would wait for a writer.
func Load(ctx context.Context, paths []string) ([]*brief.Article, []error) {
	var arts []*brief.Article
	var errs []error
	for _, p := range paths {
		files, skipped, err := Scan(p)
		errs = append(errs, skipped...)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, f := range files {
			if err := ctx.Err(); err != nil {
				return arts, append(errs, err)
			}
			a, err := ReadFile(f)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			arts = append(arts, a)
		}
	}
	return arts, errs
}

// Files lists the article files at path: the file itself, or the article
// files under a folder, recursively, in lexical order. Hidden files and
// folders are skipped, and so are entries that are not regular files
// (Scan says which).
func Files(path string) ([]string, error) {
	files, _, err := Scan(path)
	return files, err
}

// Scan is Files with what it passed over: entries of the folder, named as
// articles are (CanRead), that are not regular files (named pipes,
// devices, sockets) or are links leading nowhere, each a *FileError with
// Skipped set, wrapping ErrNotRegular or ErrBrokenLink. A link to a
// regular file is read like one; a link to a folder is not followed. A
// path named that is not a regular file or folder, or a broken link, is
// the error.
func Scan(path string) (files []string, skipped []error, err error) {
	info, err := os.Stat(path)
	if err != nil {
		if li, lerr := os.Lstat(path); lerr == nil && li.Mode()&fs.ModeSymlink != 0 {
			return nil, nil, &FileError{Path: path, Err: brokenLink(path)}
		}
		return nil, nil, &FileError{Path: path, Err: cause(err)}
	}
	if !info.IsDir() {
		if !info.Mode().IsRegular() {
			return nil, nil, &FileError{Path: path, Err: notRegular(info.Mode())}
		}
		return []string{path}, nil, nil
	}
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return &FileError{Path: p, Err: cause(err)}
		}
		name := d.Name()
		if p != path && len(name) > 0 && name[0] == '.' {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !CanRead(name) {
			return nil
		}
		mode := d.Type()
		if mode&fs.ModeSymlink != 0 {
			target, err := os.Stat(p)
			switch {
			case err != nil:
				skipped = append(skipped, &FileError{Path: p, Err: brokenLink(p), Skipped: true})
				return nil
			case target.IsDir():
				return nil // not followed: a link can make a loop
			}
			mode = target.Mode().Type()
		}
		if !mode.IsRegular() {
			skipped = append(skipped, &FileError{Path: p, Err: notRegular(mode), Skipped: true})
			return nil
		}
		files = append(files, p)
		return nil
	})
	sort.Strings(files)
	return files, skipped, err
}

func notRegular(mode fs.FileMode) error {
	kind := "a special file"
	switch {
	case mode&fs.ModeNamedPipe != 0:
		kind = "a named pipe (FIFO)"
	case mode&fs.ModeSocket != 0:
		kind = "a socket"
	case mode&fs.ModeCharDevice != 0:
		kind = "a character device"
	case mode&fs.ModeDevice != 0:
		kind = "a device"
	}
	return fmt.Errorf("%w: it is %s, skipped", ErrNotRegular, kind)
}

func brokenLink(path string) error {
	if target, err := os.Readlink(path); err == nil {
		return fmt.Errorf("%w: it points to %s, which is missing", ErrBrokenLink, target)
	}
	return ErrBrokenLink
}

// CanRead reports whether files with this name are articles: the text
// formats brief parses, and saved web pages (.html, .htm).
func CanRead(name string) bool { return CanParse(name) || isHTML(name) }

func isHTML(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm", ".xhtml":
		return true
	}
	return false
}

// ReadFile reads and parses one article file, refusing files over the
// size limit (brief.MaxArticleBytes for text, extract.MaxPageBytes for a
// web page) without reading them whole. A web page goes through the same
// extractor as /brief add.
//
// A path that is not a regular file is refused: it is never opened in a
// way that waits (a named pipe would wait for a writer forever).
func ReadFile(path string) (*brief.Article, error) {
	if info, err := os.Stat(path); err == nil && !info.Mode().IsRegular() {
		return nil, &FileError{Path: path, Err: notRegular(info.Mode())}
	}
	// O_NONBLOCK: should the file have become a pipe since, opening it
	// does not wait; the check below then refuses it.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		if li, lerr := os.Lstat(path); lerr == nil && li.Mode()&fs.ModeSymlink != 0 && errors.Is(err, fs.ErrNotExist) {
			return nil, &FileError{Path: path, Err: brokenLink(path)}
		}
		return nil, &FileError{Path: path, Err: cause(err)}
	}
	defer f.Close()
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		if err == nil {
			err = notRegular(info.Mode())
		}
		return nil, &FileError{Path: path, Err: err}
	}
	limit := int64(brief.MaxArticleBytes)
	if isHTML(path) {
		limit = extract.MaxPageBytes
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, &FileError{Path: path, Err: fmt.Errorf("read: %w", err)}
	}
	var a *brief.Article
	if isHTML(path) {
		a, err = extract.HTML("", data)
		if a != nil {
			a.Path = path
		}
	} else {
		a, err = Parse(path, data)
	}
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	return a, nil
}

// cause drops the operation and path an *fs.PathError repeats, since the
// FileError names the path already.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

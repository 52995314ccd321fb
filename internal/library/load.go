// Package library finds and reads article files from disk.
package library

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"brief/internal/brief"
	"brief/internal/extract"
)

// A FileError names the file that could not be read and why.
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }

// Load reads the articles at the given paths: files, or folders read
// recursively in lexical order. A file that cannot be read or parsed gives
// a *FileError and does not stop the others.
func Load(paths []string) ([]*brief.Article, []error) {
	var arts []*brief.Article
	var errs []error
	for _, p := range paths {
		files, err := Files(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, f := range files {
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
// folders are skipped.
func Files(path string) ([]string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, &FileError{Path: path, Err: cause(err)}
	}
	if !info.IsDir() {
		return []string{path}, nil
	}
	var out []string
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
		if d.Type().IsRegular() && CanRead(name) {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// CanRead reports whether files with this name are articles: the text
// formats brief parses, and saved web pages (.html, .htm).
func CanRead(name string) bool { return brief.CanParse(name) || isHTML(name) }

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
func ReadFile(path string) (*brief.Article, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &FileError{Path: path, Err: cause(err)}
	}
	defer f.Close()
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
		a, err = brief.Parse(path, data)
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

package app

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "brief"

// imports maps each package of the module (by import path) to the module
// packages its files import: production files, and test files apart.
type imports struct {
	prod, test map[string][]string
}

// readImports parses the import lines of every .go file of the module
// below root. Folders named testdata, and hidden ones, are left out, as
// the go tool leaves them out of ./... .
func readImports(t *testing.T, root string) imports {
	t.Helper()
	im := imports{prod: map[string][]string{}, test: map[string][]string{}}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		pkg := module + "/" + filepath.ToSlash(rel)
		into := im.prod
		if strings.HasSuffix(path, "_test.go") {
			into = im.test
		}
		if _, ok := into[pkg]; !ok {
			into[pkg] = nil
		}
		for _, spec := range f.Imports {
			p, _ := strconv.Unquote(spec.Path.Value)
			if (p == module || strings.HasPrefix(p, module+"/")) && !slices.Contains(into[pkg], p) {
				into[pkg] = append(into[pkg], p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return im
}

func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
}

// The import rules of the layout: imports point inward, toward the core.
func TestImportRules(t *testing.T) {
	im := readImports(t, moduleRoot(t))
	if len(im.prod) < 20 {
		t.Fatalf("read only %d packages: is this the module?", len(im.prod))
	}
	for _, b := range breaches(im) {
		t.Error(b)
	}
}

// breaches lists what breaks the rules.
func breaches(im imports) []string {
	var out []string
	leaf := func(p string) bool { return len(im.prod[p]) == 0 }
	for pkg, deps := range im.prod {
		for _, d := range deps {
			switch {
			// The core imports nothing of the service: only leaves, such
			// as the stemmer, may be below it.
			case (pkg == module+"/internal/brief" || strings.HasPrefix(pkg, module+"/internal/brief/")) &&
				!strings.HasPrefix(d, module+"/internal/brief") && !leaf(d):
				out = append(out, pkg+" imports "+d+", which is not a leaf")
			// Adapters translate and render: the store is the service's.
			case strings.HasPrefix(pkg, module+"/internal/adapters/") && d == module+"/internal/store":
				out = append(out, pkg+" imports internal/store")
			// cmd/bot wires nothing: the service is internal/app's.
			case pkg == module+"/cmd/bot" && wiring(d):
				out = append(out, "cmd/bot imports "+d)
			}
		}
	}
	// The service is run by cmd/bot alone.
	for _, m := range []map[string][]string{im.prod, im.test} {
		for pkg, deps := range m {
			if pkg != module+"/cmd/bot" && pkg != module+"/internal/app" && slices.Contains(deps, module+"/internal/app") {
				out = append(out, pkg+" imports internal/app")
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// wiring reports whether a package is one that only the service wires.
func wiring(pkg string) bool {
	for _, p := range []string{"/internal/adapters/", "/internal/scheduler", "/internal/feeds", "/internal/httpserver", "/internal/jobs"} {
		if strings.HasPrefix(pkg, module+p) {
			return true
		}
	}
	return false
}

// The rules catch what they are for: a tree that breaks each is refused.
func TestImportRulesCatchBreaches(t *testing.T) {
	root := t.TempDir()
	write := func(path, src string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(root, path)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, path), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("internal/porter/p.go", "package porter\n")
	write("internal/brief/b.go", "package brief\nimport (\n_ \"brief/internal/porter\"\n_ \"brief/internal/store\"\n)\n")
	write("internal/store/s.go", "package store\nimport _ \"brief/internal/porter\"\n")
	write("internal/adapters/slack/s.go", "package slack\nimport _ \"brief/internal/store\"\n")
	write("internal/feeds/f.go", "package feeds\n")
	write("cmd/bot/main.go", "package main\nimport _ \"brief/internal/feeds\"\n")
	write("internal/app/a.go", "package app\n")
	write("internal/router/r_test.go", "package router\nimport _ \"brief/internal/app\"\n")
	got := breaches(readImports(t, root))
	want := []string{
		"brief/internal/adapters/slack imports internal/store",
		"brief/internal/brief imports brief/internal/store, which is not a leaf",
		"brief/internal/router imports internal/app",
		"cmd/bot imports brief/internal/feeds",
	}
	if !slices.Equal(got, want) {
		t.Errorf("breaches:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

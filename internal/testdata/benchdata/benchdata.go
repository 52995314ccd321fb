// Package benchdata builds the libraries that benchmarks and quality
// checks measure on, from the development data in ../shared/data beside
// the repository: the bbc100 articles and the SQuAD development half, whose
// paragraphs become articles of their own, for more than 1,000 articles.
// It is test support: it lives under a testdata folder, so that the go
// tool builds it only for the tests that import it.
package benchdata

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"brief/internal/articlefile"
	"brief/internal/brief"
	"brief/internal/library"
	"brief/internal/store"
)

// Dir finds ../shared/data beside the module root, walking up from the
// working directory (a package's folder under go test). ok is false when
// it is not there.
func Dir() (dir string, ok bool) {
	wd, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			data := filepath.Join(filepath.Dir(d), "shared", "data")
			_, err := os.Stat(data)
			return data, err == nil
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}

// Articles returns the bbc100 articles and every SQuAD paragraph as an
// article ("<title> part N" as its title), with the SQuAD questions. It
// skips tb when the data is missing.
func Articles(tb testing.TB) (arts []*brief.Article, questions []string) {
	tb.Helper()
	data, ok := Dir()
	if !ok {
		tb.Skip("needs ../shared/data (bbc100 and squad-dev)")
	}
	files, _ := filepath.Glob(filepath.Join(data, "bbc100/article/*/*.txt"))
	raw, err := os.ReadFile(filepath.Join(data, "squad-dev/squad-dev-even.json"))
	if len(files) == 0 || err != nil {
		tb.Skip("needs ../shared/data (bbc100 and squad-dev)")
	}
	for _, f := range files {
		a, err := articlefile.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		arts = append(arts, a)
	}
	var squad struct {
		Data []struct {
			Title      string
			Paragraphs []struct {
				Context string
				QAs     []struct{ Question string } `json:"qas"`
			}
		}
	}
	if err := json.Unmarshal(raw, &squad); err != nil {
		tb.Fatal(err)
	}
	for _, d := range squad.Data {
		for i, p := range d.Paragraphs {
			title := fmt.Sprintf("%s part %d", strings.ReplaceAll(d.Title, "_", " "), i+1)
			a, err := articlefile.Parse(fmt.Sprintf("%s-%d.txt", d.Title, i), []byte(title+"\n\n"+p.Context))
			if err != nil {
				continue
			}
			arts = append(arts, a)
			for _, q := range p.QAs {
				questions = append(questions, q.Question)
			}
		}
	}
	return arts, questions
}

// Library stores Articles in a new store under tb.TempDir, arrived at
// arrived, their briefings computed; it fails tb below 1,000 articles. It
// returns the store, the library, the questions and the article ids.
func Library(tb testing.TB, arrived time.Time) (*store.Store, *library.Library, []string, []string) {
	tb.Helper()
	arts, questions := Articles(tb)
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(tb.TempDir(), "bench.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	lib, err := library.Open(ctx, st, func() time.Time { return arrived })
	if err != nil {
		tb.Fatal(err)
	}
	var ids []string
	for _, a := range arts {
		e, _, err := lib.Add(ctx, a)
		if err != nil {
			tb.Fatal(err)
		}
		ids = append(ids, e.Meta.ID)
	}
	if lib.Len() < 1000 {
		tb.Fatalf("library of %d articles, want at least 1,000", lib.Len())
	}
	lib.Warm(ctx)
	return st, lib, questions, ids
}

// ReportPercentiles reports the 50th and 99th percentile of the measured
// durations as p50-µs and p99-µs.
func ReportPercentiles(b *testing.B, took []time.Duration) {
	if len(took) == 0 {
		return
	}
	took = slices.Clone(took)
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds()), "p99-µs")
}

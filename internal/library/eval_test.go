package library

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"brief/internal/answer"
	"brief/internal/articlefile"
	"brief/internal/brief"
	"brief/internal/store"
)

var (
	evalWindow = flag.Bool("eval", false, "TestAnswersAcrossTheWindow: measure answers with the SQuAD articles in and out of the window")
	evalOnly   = flag.String("only", "", "TestAnswersAcrossTheWindow: only the libraries whose description holds this")
)

// A squadQuestion is a SQuAD question with its article's title and its
// gold answers.
type squadQuestion struct {
	q, title string
	golds    []string
}

// squad reads the SQuAD file as the answer package's evaluation does: one
// article of each SQuAD article's paragraphs.
func squad(t *testing.T, path string) ([]*brief.Article, []squadQuestion) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Skip("needs ../shared/data/squad-dev")
	}
	var f struct {
		Data []struct {
			Title      string
			Paragraphs []struct {
				Context string
				QAs     []struct {
					Question string
					Answers  []struct{ Text string }
				} `json:"qas"`
			}
		}
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	var arts []*brief.Article
	var qs []squadQuestion
	for _, d := range f.Data {
		a := &brief.Article{Title: strings.ReplaceAll(d.Title, "_", " ")}
		for pi, p := range d.Paragraphs {
			for _, s := range brief.SplitSentences(p.Context) {
				a.Sentences = append(a.Sentences, s)
				a.Paras = append(a.Paras, pi)
			}
			for _, qa := range p.QAs {
				x := squadQuestion{q: qa.Question, title: a.Title}
				for _, g := range qa.Answers {
					x.golds = append(x.golds, g.Text)
				}
				qs = append(qs, x)
			}
		}
		arts = append(arts, a)
	}
	return arts, qs
}

// An outcome tally: confident and right or wrong, hedged (and whether the
// first passage is right), declined.
type evalTally struct{ n, right, wrong, hedged, hedgedRight, declined int }

func (e *evalTally) add(q squadQuestion, a answer.Answer, from []*Entry) {
	e.n++
	own := func(i int, text string) bool {
		if len(from) <= i || from[i].Article.Title != q.title {
			return false
		}
		for _, g := range q.golds {
			if g != "" && strings.Contains(text, g) {
				return true
			}
		}
		return false
	}
	switch {
	case a.Answered && own(0, a.Text):
		e.right++
	case a.Answered:
		e.wrong++
	case a.Hedged():
		e.hedged++
		if own(0, a.Closest[0].Text) {
			e.hedgedRight++
		}
	default:
		e.declined++
	}
}

func (e evalTally) String() string {
	pc := func(k int) float64 { return 100 * float64(k) / float64(e.n) }
	return fmt.Sprintf("right %5.1f%%  wrong %4.1f%%  (%4.1f%% of confident answers right)  hedged %4.1f%% (first passage right %4.1f%%)  declined %4.1f%%  best shown right %5.1f%%",
		pc(e.right), pc(e.wrong), 100*float64(e.right)/float64(max(1, e.right+e.wrong)), pc(e.hedged), pc(e.hedgedRight), pc(e.declined), pc(e.right+e.hedgedRight))
}

// TestAnswersAcrossTheWindow asks SQuAD dev-even's questions of a library
// of its 24 articles and the 516 of cnndm421 and bbc100 (the README's
// library), with the SQuAD articles inside the window held in memory or
// before it, and reports what the window's index alone answers and what
// Ask answers with the store's full-text search behind it:
//
//	go test -run AnswersAcrossTheWindow -v ./internal/library/ -args -eval
func TestAnswersAcrossTheWindow(t *testing.T) {
	if !*evalWindow {
		t.Skip("a measurement: run with -args -eval")
	}
	data := filepath.Join("..", "..", "..", "shared", "data")
	squadArts, qs := squad(t, filepath.Join(data, "squad-dev", "squad-dev-even.json"))
	others, errs := articlefile.Load(context.Background(), []string{filepath.Join(data, "cnndm421", "article"), filepath.Join(data, "bbc100", "article")})
	if len(errs) > 0 || len(others) < 500 {
		t.Fatalf("%d other articles, %v", len(others), errs)
	}
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	recent, old := now.Add(-24*time.Hour), now.Add(-90*24*time.Hour)
	for _, c := range []struct {
		name          string
		squad, others time.Time
	}{
		{"all in the window", recent, recent},
		{"SQuAD before the window", old, recent},
		{"the others before the window", recent, old},
		{"all before the window", old, old},
	} {
		if !strings.Contains(c.name, *evalOnly) {
			continue
		}
		ctx := context.Background()
		st, err := store.Open(ctx, filepath.Join(t.TempDir(), c.name+".db"))
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range others {
			if _, _, err := st.SaveArticle(ctx, a, c.others); err != nil {
				t.Fatal(err)
			}
		}
		for _, a := range squadArts {
			if _, _, err := st.SaveArticle(ctx, a, c.squad); err != nil {
				t.Fatal(err)
			}
		}
		lib, err := Open(ctx, st, func() time.Time { return now })
		if err != nil {
			t.Fatal(err)
		}
		var window, whole evalTally
		start := time.Now()
		for _, q := range qs {
			a, from, _ := lib.quoted(lib.ix.Ask(q.q))
			window.add(q, a, from)
			a, from, err := lib.Ask(ctx, q.q)
			if err != nil {
				t.Fatal(err)
			}
			whole.add(q, a, from)
		}
		t.Logf("%s (%d of %d articles in memory; %.1f ms a question):\n  window alone: %s\n  whole library: %s",
			c.name, lib.Len(), len(others)+len(squadArts), float64(time.Since(start).Milliseconds())/float64(len(qs)), window, whole)
		st.Close()
	}
}

package answer

import (
	"strings"
	"testing"

	"brief/internal/brief"
)

// TestEvalSQuADLibraryCounts: a question is right only when its answer
// comes from its own article, even if another article's sentence holds
// the gold text.
func TestEvalSQuADLibraryCounts(t *testing.T) {
	copycat := &brief.Article{Title: "Lighthouse at Pharos built in Alexandria, a copy", Sentences: []string{
		"The lighthouse at Pharos was built in Alexandria, says a travel brochure about the lighthouse at Pharos that was built in Alexandria.",
		"Tourists visit the lighthouse at Pharos.",
	}}
	unrelated := &brief.Article{Title: "Rail fares", Sentences: []string{"Rail fares rose by 3% in January.", "Commuters complained."}}
	rep, err := EvalSQuADLibrary(strings.NewReader(tinySQuAD), []*brief.Article{copycat, unrelated})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Articles != 2 || rep.Others != 2 || rep.Questions != 4 {
		t.Fatalf("report of %d articles, %d others, %d questions; want 2, 2, 4", rep.Articles, rep.Others, rep.Questions)
	}
	all := tallyOf(rep.records, nil)
	if all.right+all.hit3 == 0 || all.n != 4 || all.rightConf+all.wrongConf+all.hedged+all.declined != 4 {
		t.Errorf("tally %+v: every question must be counted once", all)
	}
	pharos := rep.records[0] // "Where was the lighthouse at Pharos built?"
	if pharos.right {
		t.Errorf("the Pharos question counts as right, but the copy's sentence, which echoes the question, should come first (%+v)", pharos)
	}
	if !pharos.hit3 {
		t.Errorf("the Pharos question has no right passage among the best three: %+v", pharos)
	}
	s := strings.Join(strings.Fields(rep.String()), " ")
	for _, row := range []string{"library level: 2 articles of the file among 2 others, 4 questions asked of all 4",
		"accuracy@1 (best passage right: own article, gold)", "hit@3", "baseline: idf word overlap, same library",
		"halves of the file split by article", "trade-off (shares of all 4 questions"} {
		if !strings.Contains(s, row) {
			t.Errorf("report lacks %q:\n%s", row, rep)
		}
	}
}

func TestEvalSQuADLibraryErrors(t *testing.T) {
	for _, in := range []string{"<html>", `{"data": []}`} {
		if _, err := EvalSQuADLibrary(strings.NewReader(in), nil); err == nil || !strings.HasPrefix(err.Error(), "answer: ") {
			t.Errorf("EvalSQuADLibrary(%q) error = %v; want an answer: error", in, err)
		}
	}
}

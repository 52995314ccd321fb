package answer

import (
	"os"
	"strings"
	"testing"
)

const squadPath = "../../../shared/data/squad-dev/squad-dev-even.json"

// TestEvalSQuAD measures the answerer on the SQuAD development half, each
// article's paragraphs taken together as one document.
func TestEvalSQuAD(t *testing.T) {
	f, err := os.Open(squadPath)
	if err != nil {
		t.Skip("no ../shared/data/squad-dev:", err)
	}
	defer f.Close()
	if testing.Short() {
		t.Skip("the SQuAD run takes a few seconds; skipped with -short")
	}
	rep, err := EvalSQuAD(f)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", rep)
	if rep.Articles != 24 || rep.Questions != 5397 {
		t.Fatalf("read %d articles and %d questions, want 24 and 5397", rep.Articles, rep.Questions)
	}
	// This method reaches about 76%. The floor below guards what it
	// reaches, and the margin over the word-overlap baseline of the same
	// run.
	if acc := rep.Accuracy(); acc < 0.76 {
		t.Errorf("accuracy@1 = %.1f%%, want at least 76%%", 100*acc)
	}
	if gain := rep.Accuracy() - rep.BaselineAccuracy(); gain < 0.05 {
		t.Errorf("accuracy@1 %.1f%% is only %.1f points above the baseline's %.1f%%; want 5",
			100*rep.Accuracy(), 100*gain, 100*rep.BaselineAccuracy())
	}
	if r := rep.DeclineRight(); r > 0.10 {
		t.Errorf("declined %.1f%% of right-document questions, want at most 10%%", 100*r)
	}
	if w := rep.AbstainWrong(); w < 0.95 {
		t.Errorf("answered %.1f%% of wrong-document questions with confidence, want at most 5%%", 100*(1-w))
	}
	if prec := share(rep.AnsweredCorrect, rep.Questions-rep.Abstained); prec < 0.90 {
		t.Errorf("%.1f%% of the confident answers are right, want at least 90%%", 100*prec)
	}
}

// tinySQuAD has two articles on unrelated subjects.
const tinySQuAD = `{"version": "1.1", "data": [
 {"title": "Lighthouses", "paragraphs": [
  {"context": "The lighthouse at Pharos was built in Alexandria. It stood for centuries before earthquakes damaged it.",
   "qas": [
    {"id": "1", "question": "Where was the lighthouse at Pharos built?", "answers": [{"answer_start": 0, "text": "Alexandria"}]},
    {"id": "2", "question": "What damaged the lighthouse?", "answers": [{"answer_start": 0, "text": "earthquakes"}]}
   ]},
  {"context": "Modern lighthouses use electric lamps. Keepers were replaced by automation in the 20th century.",
   "qas": [
    {"id": "3", "question": "What replaced the keepers?", "answers": [{"answer_start": 0, "text": "automation"}]}
   ]}
 ]},
 {"title": "Volcanoes", "paragraphs": [
  {"context": "Mount Etna is an active volcano in Sicily. Its eruptions have been recorded since 1500 BC.",
   "qas": [
    {"id": "4", "question": "Where is Mount Etna?", "answers": [{"answer_start": 0, "text": "Sicily"}]}
   ]}
 ]}
]}`

func TestEvalSQuADCounts(t *testing.T) {
	rep, err := EvalSQuAD(strings.NewReader(tinySQuAD))
	if err != nil {
		t.Fatal(err)
	}
	want := Report{Articles: 2, Questions: 4, Reachable: 4, Correct: 4, CorrectNormalized: 4,
		CorrectSentence: 4, AnsweredCorrect: 4, WrongAbstained: 4, WrongDeclined: 4, BaselineCorrect: 3}
	if rep != want {
		t.Errorf("EvalSQuAD =\n%+v\nwant\n%+v", rep, want)
	}
	s := strings.Join(strings.Fields(rep.String()), " ")
	for _, row := range []string{"2 articles, 4 questions", "accuracy@1 (answer text contains gold, exact) 100.00% 4",
		"baseline: idf word overlap (exact) 75.00% 3", "declined (not in the articles), wrong document 100.00% 4"} {
		if !strings.Contains(s, row) {
			t.Errorf("report lacks %q:\n%s", row, s)
		}
	}
}

func TestEvalSQuADErrors(t *testing.T) {
	for _, tc := range []struct{ name, input string }{
		{"not JSON", "<html>"},
		{"no articles", `{"version": "1.1", "data": []}`},
		{"wrong shape", `{"data": {"title": "x"}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := EvalSQuAD(strings.NewReader(tc.input)); err == nil || !strings.HasPrefix(err.Error(), "answer: ") {
				t.Errorf("EvalSQuAD(%q) error = %v; want an answer: error", tc.input, err)
			}
		})
	}
}

func TestEvalSQuADEmptyArticle(t *testing.T) {
	in := `{"data": [{"title": "Empty", "paragraphs": [{"context": "", "qas": [{"question": "Why?", "answers": [{"text": "x"}]}]}]},
		{"title": "One", "paragraphs": [{"context": "Rain falls.", "qas": []}]}]}`
	rep, err := EvalSQuAD(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Questions != 1 || rep.Correct != 0 || rep.Declined != 1 || rep.WrongDeclined != 1 {
		t.Errorf("EvalSQuAD = %+v; want 1 question, abstained on both documents", rep)
	}
}

func TestContainsGold(t *testing.T) {
	for _, tc := range []struct {
		text, gold  string
		exact, norm bool
	}{
		{"It opened in 2014.", "2014", true, true},
		{"It opened in 2014.", "2014.", true, true},
		{"It opened in 2014 .", "2014.", false, true},
		{"The Denver Broncos won.", "denver broncos", false, true},
		{"The Denver Broncos won.", "Denver Bronco", true, false},
	} {
		if got := containsGold(tc.text, []string{tc.gold}); got != tc.exact {
			t.Errorf("containsGold(%q, %q) = %v, want %v", tc.text, tc.gold, got, tc.exact)
		}
		if got := containsGoldNormalized(tc.text, []string{tc.gold}); got != tc.norm {
			t.Errorf("containsGoldNormalized(%q, %q) = %v, want %v", tc.text, tc.gold, got, tc.norm)
		}
	}
}

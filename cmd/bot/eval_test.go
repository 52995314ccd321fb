package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const tinySQuAD = `{"version": "1.1", "data": [
 {"title": "Lighthouses", "paragraphs": [
  {"context": "The lighthouse at Pharos was built in Alexandria. It stood for centuries before earthquakes damaged it.",
   "qas": [{"id": "1", "question": "Where was the lighthouse at Pharos built?", "answers": [{"answer_start": 0, "text": "Alexandria"}]}]}]},
 {"title": "Volcanoes", "paragraphs": [
  {"context": "Mount Etna is an active volcano in Sicily. Its eruptions have been recorded since 1500 BC.",
   "qas": [{"id": "2", "question": "Where is Mount Etna?", "answers": [{"answer_start": 0, "text": "Sicily"}]}]}]}
]}`

func TestEvalAnswersLibrary(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "squad.json")
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	for _, d := range []string{a, b} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(file, []byte(tinySQuAD), 0o644)
	os.WriteFile(filepath.Join(a, "rail.txt"), []byte("Rail fares rise\n\nRail fares rose by 3% in January. Commuters complained.\n"), 0o644)
	os.WriteFile(filepath.Join(b, "flood.txt"), []byte("Flood barrier approved\n\nThe council voted to build a flood barrier. It will cost $48.5m.\n"), 0o644)

	// The flag may come after the file, and more than once.
	out, stderr, err := runBot(t, nil, "eval", "answers", file, "--library", a, "--library", b)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	for _, want := range []string{"SQuAD, document level: 2 articles", "library level: 2 articles of the file among 2 others",
		"hit@3", "answered with confidence and wrong", "hedged", "declined", "trade-off"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	// Without --library, the document level only.
	out, _, err = runBot(t, nil, "eval", "answers", file)
	if err != nil || !strings.Contains(out, "document level") || strings.Contains(out, "library level") {
		t.Errorf("without --library: err %v, output:\n%s", err, out)
	}

	for name, args := range map[string][]string{
		"empty library": {"eval", "answers", file, "--library", t.TempDir()},
		"no file":       {"eval", "answers", "--library", a},
		"two files":     {"eval", "answers", file, file},
		"missing file":  {"eval", "answers", filepath.Join(dir, "nope.json")},
	} {
		if _, _, err := runBot(t, nil, args...); err == nil || !strings.HasPrefix(err.Error(), "eval answers:") {
			t.Errorf("%s: err = %v, want an eval answers: error", name, err)
		}
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func TestAskOneQuestion(t *testing.T) {
	env := map[string]string{"BRIEF_ARTICLES_DIR": "../../articles"}
	out, stderr, err := runBot(t, env, "ask", "where could Kim and Putin meet?")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if !strings.Contains(out, "Vladivostok") || !strings.Contains(out, "WhatsNew2Day") {
		t.Errorf("answer lacks the place or its source:\n%s", out)
	}
}

func TestAskStdinJSON(t *testing.T) {
	questions := strings.Join([]string{
		"What could North Korea get in exchange?",
		"Who won the football match?",
		"",
		strings.Repeat("why ", 25000),
		"\xff\xfe what?",
		"the of and ???",
	}, "\n")
	var out, errb bytes.Buffer
	getenv := func(k string) string { return map[string]string{"BRIEF_ARTICLES_DIR": "../../articles"}[k] }
	if err := run(context.Background(), []string{"ask", "--json"}, getenv, strings.NewReader(questions), &out, &errb); err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 5 {
		t.Fatalf("want 5 answers (blank line skipped), got %d:\n%s", len(lines), out.String())
	}
	var got []askJSON
	for _, l := range lines {
		var a askJSON
		if err := json.Unmarshal([]byte(l), &a); err != nil {
			t.Fatalf("bad JSON %q: %v", l, err)
		}
		got = append(got, a)
	}
	if !got[0].Answered || !strings.Contains(got[0].Answer, "In exchange") || len(got[0].Sources) != 1 ||
		!strings.HasSuffix(got[0].Sources[0].Path, ".txt") || got[0].Sources[0].Sentence < 0 {
		t.Errorf("exchange question: %+v", got[0])
	}
	for i, a := range got[1:] {
		if a.Answered || a.Answer != "" || a.Sources == nil || len(a.Sources) != 0 {
			t.Errorf("question %d should abstain with empty sources: %+v", i+1, a)
		}
	}
}

func TestAskTextAbstains(t *testing.T) {
	out, _, err := runBot(t, map[string]string{"BRIEF_ARTICLES_DIR": "../../articles"}, "ask", "what is the price of oil?")
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(out) != notFound {
		t.Errorf("got %q, want %q", out, notFound)
	}
}

func TestAskNoArticles(t *testing.T) {
	_, _, err := runBot(t, nil, "ask", "--articles", t.TempDir(), "anything?")
	if err == nil || !strings.Contains(err.Error(), "no articles") {
		t.Errorf("err = %v", err)
	}
}

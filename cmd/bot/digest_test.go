package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestDigestGroupsStoriesAndRanks(t *testing.T) {
	out, stderr, err := runBot(t, nil, "digest", "--json", "../../internal/digest/testdata/stories", "../../articles")
	if err != nil {
		t.Fatalf("digest: %v\n%s", err, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 8 {
		t.Fatalf("12 articles of 8 events gave %d stories:\n%s", len(lines), out)
	}
	merged := 0
	last := 2.0
	for _, line := range lines {
		var s digestJSON
		if err := json.Unmarshal([]byte(line), &s); err != nil {
			t.Fatal(err)
		}
		if s.Score > last {
			t.Errorf("stories out of order: %.3f after %.3f", s.Score, last)
		}
		last = s.Score
		if len(s.Also) > 0 {
			merged++
			if s.Sources != 2 || s.Also[0].Source == s.Source {
				t.Errorf("story %q: sources %d, also %+v", s.Title, s.Sources, s.Also)
			}
		}
		if s.TLDR == "" || len(s.Points) == 0 {
			t.Errorf("story %q has no briefing", s.Title)
		}
	}
	if merged != 4 {
		t.Errorf("%d stories carry another outlet's report, want 4", merged)
	}

	text, _, err := runBot(t, nil, "digest", "../../internal/digest/testdata/stories")
	if err != nil || !strings.Contains(text, "11 new articles in 8 stories") || !strings.Contains(text, "Also reported by") {
		t.Errorf("text digest (%v):\n%s", err, text)
	}
	if _, _, err := runBot(t, nil, "digest", t.TempDir()); err == nil {
		t.Error("a digest of an empty folder succeeded")
	}
}

package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
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

func TestAddFetchesAPageOnce(t *testing.T) {
	page, err := os.ReadFile("../../internal/extract/testdata/news.html")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/story" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.Write(page)
	}))
	defer srv.Close()
	env := serviceEnv(t)
	if _, stderr, err := runBot(t, env, "add", srv.URL+"/story"); err == nil || !strings.Contains(stderr, "private or local address") || !strings.Contains(stderr, "set BRIEF_ALLOW_PRIVATE_NETWORKS=true") {
		t.Errorf("loopback without BRIEF_ALLOW_PRIVATE_NETWORKS: %v %s", err, stderr)
	}
	env["BRIEF_ALLOW_PRIVATE_NETWORKS"] = "true"
	out, stderr, err := runBot(t, env, "add", srv.URL+"/story")
	if err != nil || !strings.Contains(out, "added") || !strings.Contains(out, "TL;DR") {
		t.Fatalf("add: %v\n%s\n%s", err, out, stderr)
	}
	out, _, err = runBot(t, env, "add", "--json", srv.URL+"/story")
	if err != nil || !strings.Contains(out, `"points"`) {
		t.Errorf("add again --json: %v %s", err, out)
	}
	text, _, _ := runBot(t, env, "add", srv.URL+"/story")
	if !strings.Contains(text, "already in the library") {
		t.Errorf("third add: %s", text)
	}
	_, stderr, err = runBot(t, env, "add", srv.URL+"/missing", "notaurl")
	if err == nil || !strings.Contains(stderr, "was not found") || !strings.Contains(stderr, "is not a web address") {
		t.Errorf("bad addresses: %v\n%s", err, stderr)
	}
}

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The small slips a first trial meets, each as a user reads it.
func TestSlips(t *testing.T) {
	empty := t.TempDir()
	notes := filepath.Join(t.TempDir(), "notes.pdf")
	os.WriteFile(notes, []byte("%PDF-1.4 not an article"), 0o644)
	tests := []struct {
		name   string
		env    map[string]string
		args   []string
		says   string // in the error or on stderr
		notSay string
	}{
		{"an empty folder is named as a folder, not a Go slice", nil, []string{"brief", empty}, "brief: no article files in " + empty, "[" + empty},
		{"digest too", nil, []string{"digest", empty}, "digest: no article files in " + empty, "[" + empty},
		{"a file type names every type brief reads", nil, []string{"brief", notes}, "unsupported file type (want .txt, .md or .html)", ""},
		{"--json with another --format is refused", map[string]string{"BRIEF_ARTICLES_DIR": "../../articles"}, []string{"brief", "--json", "--format", "md"}, "brief: --json and --format md ask for two formats: give one", ""},
		{"a private feed names the setting", serviceEnv(t), []string{"feed", "add", "http://127.0.0.1:9/rss.xml"}, "set BRIEF_ALLOW_PRIVATE_NETWORKS=true", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, stderr, err := runBot(t, tt.env, tt.args...)
			if err == nil {
				t.Fatalf("succeeded: %s", out)
			}
			all := err.Error() + "\n" + stderr
			if !strings.Contains(all, tt.says) || (tt.notSay != "" && strings.Contains(all, tt.notSay)) {
				t.Errorf("said:\n%s\nwant %q", all, tt.says)
			}
			if strings.Contains(tt.says, "--json") && out != "" {
				t.Errorf("printed something anyway: %s", out)
			}
		})
	}
	// --json with --format json agrees.
	if _, _, err := runBot(t, map[string]string{"BRIEF_ARTICLES_DIR": "../../articles"}, "brief", "--json", "--format", "json"); err != nil {
		t.Errorf("--json --format json: %v", err)
	}
}

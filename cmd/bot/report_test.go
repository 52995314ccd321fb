package main

import (
	"strings"
	"testing"
)

// Several configuration problems are reported together, each on a line
// of its own that says where it comes from.
func TestEveryConfigErrorLineIsPrefixed(t *testing.T) {
	_, _, err := runBot(t, map[string]string{"BRIEF_TIMEZONE": "Mars/Base", "BRIEF_HTTP_ADDR": "8080", "SLACK_APP_TOKEN": "xapp-1"}, "add", "https://example.com/")
	if err == nil {
		t.Fatal("bot add with a bad configuration succeeded")
	}
	var b strings.Builder
	report(&b, err)
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 problems, got:\n%s", b.String())
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "bot: config: ") {
			t.Errorf("line %q does not start with \"bot: config: \"", l)
		}
	}
}

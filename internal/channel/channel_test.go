package channel

import (
	"errors"
	"strings"
	"testing"
)

func TestParseKey(t *testing.T) {
	for in, want := range map[string]Key{
		"slack:C0123ABCD":             {"slack", "C0123ABCD"},
		" Slack:G0456EFGH ":           {"slack", "G0456EFGH"},
		"discord:1234567890123456789": {"discord", "1234567890123456789"},
		"console":                     {"console", "console"},
		"console:console":             {"console", "console"},
	} {
		got, err := ParseKey(in)
		if err != nil || got != want {
			t.Errorf("ParseKey(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for in, says := range map[string]string{
		"C0123ABCD":       "write PLATFORM:ID",
		"slack:":          "write PLATFORM:ID",
		"slack:#general":  "not a Slack channel id",
		"slack:c0123abcd": "not a Slack channel id",
		"discord:general": "not a Discord channel id",
		"teams:19abc":     `"teams" is not a platform`,
	} {
		_, err := ParseKey(in)
		if err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), says) {
			t.Errorf("ParseKey(%q) = %v; want an ErrInvalid saying %q", in, err, says)
		}
	}
}

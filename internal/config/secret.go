package config

import (
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// Secret is a credential read from the environment. However it is printed
// (fmt with any verb, slog, encoding/json, encoding/text) it shows only a
// redacted form; Reveal returns the value itself, for the one place that
// sends it to the platform.
type Secret string

// Reveal returns the secret itself. Call it only where the value leaves the
// process for the platform that issued it, never to print or log it.
func (s Secret) Reveal() string { return string(s) }

// IsSet reports whether the secret has a value.
func (s Secret) IsSet() bool { return s != "" }

// knownPrefixes are token kinds whose prefix is safe to show: it says which
// kind of token was pasted, not the token.
var knownPrefixes = [...]string{"xoxb-", "xapp-", "xoxp-", "xoxe-", "xoxa-", "xoxr-"}

// String returns the redacted form: "" when unset, "xoxb-…(redacted)" for a
// token with a well-known prefix, otherwise "[set]".
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	for _, p := range knownPrefixes {
		if len(s) > len(p) && strings.HasPrefix(string(s), p) {
			return p + "…(redacted)"
		}
	}
	return "[set]"
}

// Format prints the redacted form for every verb, %#v and %x included.
func (s Secret) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, s.String()) }

// MarshalText makes encoding/json and slog's handlers print the redacted form.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// LogValue implements slog.LogValuer.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

var (
	_ fmt.Formatter  = Secret("")
	_ fmt.Stringer   = Secret("")
	_ slog.LogValuer = Secret("")
)

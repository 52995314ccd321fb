package textsafe

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClean(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain text is unchanged", "Kim travels by train.", "Kim travels by train."},
		{"right-to-left override", "invoice\u202Egnp.exe", "invoicegnp.exe"},
		{"every embedding and override", "a\u202Ab\u202Bc\u202Cd\u202De\u202Ef", "abcdef"},
		{"isolates", "x\u2066y\u2067z\u2068w\u2069", "xyzw"},
		{"zero-width space, non-joiner, joiner", "se\u200Bcr\u200Cet\u200D!", "secret!"},
		{"word joiner and byte-order mark", "\uFEFFhead\u2060line", "headline"},
		{"a run of zero-width characters", "a" + strings.Repeat("\u200B\u200C\u200D\u2060\uFEFF", 100) + "b", "ab"},
		{"only hidden characters", "\u202E\u200B", ""},
		{"left-to-right and right-to-left marks stay", "\u200Eשלום\u200F", "\u200Eשלום\u200F"},
		{"neighbours of the ranges stay", "\u200A\u200E\u2029\u206A\uFEFE", "\u200A\u200E\u2029\u206A\uFEFE"},
		{"invalid bytes are kept as they were", "a\xff\u202Eb", "a\xffb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Clean(tt.in); got != tt.want {
				t.Errorf("Clean(%+q) = %+q, want %+q", tt.in, got, tt.want)
			}
			if Has(tt.in) != (tt.in != tt.want) {
				t.Errorf("Has(%+q) = %v", tt.in, Has(tt.in))
			}
		})
	}
}

func TestCleanDoesNotCopyCleanText(t *testing.T) {
	s := strings.Repeat("Clean text. ", 100)
	if n := testing.AllocsPerRun(100, func() { _ = Clean(s) }); n != 0 {
		t.Errorf("Clean of clean text allocates %v times", n)
	}
}

func FuzzClean(f *testing.F) {
	f.Add("invoice\u202Egnp.exe")
	f.Add("\uFEFF\u200B\u2066x\u2069")
	f.Add("a\xff\u202E")
	f.Fuzz(func(t *testing.T, s string) {
		got := Clean(s)
		if Has(got) {
			t.Fatalf("Clean(%+q) = %+q still has hidden characters", s, got)
		}
		if Clean(got) != got {
			t.Fatalf("Clean is not idempotent on %+q", s)
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("Clean(%+q) made valid text invalid", s)
		}
		if len(got) > len(s) {
			t.Fatalf("Clean(%+q) grew the text", s)
		}
	})
}

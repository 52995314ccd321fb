// Package textsafe makes text from outside (articles, feeds, web pages,
// commands) safe to store, log and show: Clean drops the characters that
// are invisible or that change the direction of the text around them, and
// RedactURL takes credentials out of a web address. It imports nothing of
// brief's, so every package can call it.
package textsafe

import (
	"strings"
	"unicode/utf8"
)

// Hidden reports whether r is one of the characters Clean removes:
//
//   - bidirectional embedding, override and isolate controls, U+202A–U+202E
//     (LRE, RLE, PDF, LRO, RLO) and U+2066–U+2069 (LRI, RLI, FSI, PDI),
//     which make "gnp.exe" display as "exe.png";
//   - zero-width characters, U+200B–U+200D (zero-width space, non-joiner,
//     joiner), U+2060 (word joiner) and U+FEFF (zero-width no-break space,
//     the byte-order mark), which hide text or split words invisibly.
func Hidden(r rune) bool {
	switch {
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true
	case r >= 0x200B && r <= 0x200D, r == 0x2060, r == 0xFEFF:
		return true
	}
	return false
}

// Clean returns s without the characters Hidden reports. Text that has
// none is returned as it is, without copying.
func Clean(s string) string {
	i := strings.IndexFunc(s, Hidden)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for s = s[i:]; s != ""; {
		r, size := utf8.DecodeRuneInString(s)
		if !Hidden(r) {
			b.WriteString(s[:size]) // the bytes as they were, valid or not
		}
		s = s[size:]
	}
	return b.String()
}

// Has reports whether s holds a character Clean would remove.
func Has(s string) bool { return strings.IndexFunc(s, Hidden) >= 0 }

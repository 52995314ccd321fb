package brief

import (
	"strings"
)

// TextFragmentLink returns pageURL with a text fragment that asks the
// browser to scroll to quote and highlight it (URL Fragment Text
// Directives: "#:~:text=start,end"). A short quote is given whole; a long
// one by its first and last few words, which also matches when the page
// has words the cleaner removed in between (a photo note). Any fragment
// the URL had is replaced. It returns "" when pageURL is empty.
func TextFragmentLink(pageURL, quote string) string {
	if pageURL == "" {
		return ""
	}
	base, _, _ := strings.Cut(pageURL, "#")
	ws := strings.Fields(quote)
	if len(ws) == 0 {
		return base
	}
	// Terminal punctuation may differ on the page (a full stop the cleaner
	// added, a closing quote): leave it out of the match.
	last := len(ws) - 1
	ws[last] = strings.TrimRight(ws[last], ".!?…\"'”’)")
	if ws[last] == "" {
		ws = ws[:last]
	}
	const span = 4
	var directive string
	if len(ws) <= 2*span {
		directive = encodeTextDirective(strings.Join(ws, " "))
	} else {
		directive = encodeTextDirective(strings.Join(ws[:span], " ")) + "," + encodeTextDirective(strings.Join(ws[len(ws)-span:], " "))
	}
	if directive == "" {
		return base
	}
	return base + "#:~:text=" + directive
}

// encodeTextDirective percent-encodes a text directive's term: every byte
// but ASCII letters, digits and the marks the fragment allows unescaped;
// "-", "," and "&", which the directive syntax uses, are always escaped.
func encodeTextDirective(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '.', c == '_', c == '~', c == '!', c == '*', c == '\'', c == '(', c == ')':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

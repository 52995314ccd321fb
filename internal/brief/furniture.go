package brief

import (
	"regexp"
	"strings"
)

// Page furniture is what a web page wraps around a story and a scraper
// keeps: video and gallery prompts, links to other stories, share and shop
// widgets, newsletter offers, and boxes of figures. The phrases below are
// the generic ones of English news sites.

// furnitureLeads open a sentence that is furniture from there to its end
// ("Scroll down for video", "READ MORE: ...", "Click here to ...").
var furnitureLeads = []string{"scroll down for", "scroll down to see", "scroll for video", "scroll for more", "click here",
	"read more", "watch the video", "watch video", "watch:", "video:", "related:", "related article", "see also",
	"share this article", "share this story", "share or comment", "follow @", "follow us", "like us on", "sign up for",
	"subscribe to", "download the", "shop the look", "buy now", "buy it now", "get the look", "you may also like",
	"most read", "advertisement", "sponsored", "story continues below", "continue reading", "for confidential support",
	"if you have a story", "do you have a story", "sorry we are not currently accepting comments",
	"sorry, we are not currently accepting comments", "sorry we are not accepting comments", "comments are closed",
	"comments have been closed", "media playback is not supported", "media playback is unsupported"}

// furnitureInside can end a sentence of the story ("To donate, click
// here."): the sentence is a prompt, not news.
var furnitureInside = []string{"click here", "scroll down for", "read more:", "share this article", "watch the video", "follow us", "follow @"}

// videoPrompt is a prompt glued to the start of a sentence where the
// scraper lost its full stop: "Scroll down for video Filmmaker Michael ..."
var videoPrompt = regexp.MustCompile(`(?i)^scroll (down )?(for|to see)( the)? (video|videos|more)\s*[.:]?\s*`)

// lastUpdated: "21 October 2016 Last updated at 15:03 BST".
var lastUpdated = regexp.MustCompile(`(?i)^\d{1,2} \pL+ \d{4},? last updated at`)

// isFurniture reports whether a sentence is page furniture.
func isFurniture(s string) bool {
	if s == "" {
		return false
	}
	first := s[0] | 0x20
	for _, f := range furnitureLeads {
		if f[0] == first && hasPrefixFold(s, f) {
			return true
		}
	}
	if s[0] >= '0' && s[0] <= '9' && lastUpdated.MatchString(s) {
		return true
	}
	for i := 0; i < len(s); i++ {
		switch s[i] | 0x20 {
		case 'c', 's', 'r', 'w', 'f':
			for _, f := range furnitureInside {
				if f[0] == s[i]|0x20 && hasPrefixFold(s[i:], f) {
					return true
				}
			}
		}
	}
	return false
}

// hasPrefixFold reports whether s starts with the lower-case ASCII phrase
// p, ignoring the case of ASCII letters.
func hasPrefixFold(s, p string) bool {
	if len(s) < len(p) {
		return false
	}
	for j := 0; j < len(p); j++ {
		c := s[j]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != p[j] {
			return false
		}
	}
	return true
}

// containsFold reports whether s contains the lower-case ASCII phrase sub,
// ignoring the case of ASCII letters.
func containsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i]|0x20 == sub[0] && hasPrefixFold(s[i:], sub) {
			return true
		}
	}
	return false
}

// isFigureBox reports whether a sentence is a box of figures or names
// rather than prose: a sports line-up ("Blackpool: Lewis (Parish 73); Hall
// ..."), a nutrition panel ("Calories: 184 Sodium: 451mg"), a run of
// label: value pairs. Prose is mostly lower-case words; a box is labels,
// names and numbers.
func isFigureBox(s string, toks []Token) bool {
	colons := strings.Count(s, ":")
	semis := strings.Count(s, ";")
	if colons == 0 && semis < 2 {
		return false
	}
	if len(toks) == 0 {
		return true
	}
	plain := 0
	for _, t := range toks {
		if !t.Cap && !t.Digit && len(t.Lower) > 1 {
			plain++
		}
	}
	share := float64(plain) / float64(len(toks))
	switch {
	case colons >= 2 && share < 0.5:
		return true // "Tries: Nil Penalties: Hodgson (2), Goode"
	case semis >= 2 && share < 0.35:
		return true // a line-up
	case colons == 1 && len(toks) <= 4 && share < 0.5 && !strings.ContainsAny(s, "“\"‘"):
		return true // "Calories: 184", "Att: 33,708."
	}
	return false
}

// isHeading reports whether an unterminated block is a heading, a label or
// a list item rather than a sentence: short, and without an ending.
func isHeading(toks []Token) bool {
	return len(toks) < 8
}

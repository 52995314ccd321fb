package brief

import (
	"regexp"
	"strings"
)

// Page furniture is what a web page wraps around a story and a scraper
// keeps: video and gallery prompts, links to other stories, share and shop
// widgets, newsletter offers, and boxes of figures. The phrases below are
// the generic ones of English news sites.

// furnitureLead matches furniture that opens a sentence and runs to its
// end ("Scroll down for video", "READ MORE: ...", "Click here to ...").
var furnitureLead = regexp.MustCompile(`(?i)^(scroll (down )?(for|to see)( the)? (video|videos|more)|click here|read more\b|watch the video|watch video|watch:|video:|related:|related articles?|see also|share this (article|story)|share or comment|follow @|follow us|like us on|sign up for|subscribe to|download the|shop the look|buy (it )?now|get the look|you may also like|most read|advertisement|sponsored|story continues below|continue reading|for confidential support|if you have a story|do you have a story|sorry,? we are not (currently )?accepting comments|comments (are|have been) (closed|disabled)|media playback is (not supported|unsupported) on (this|your) device|\d{1,2} \w+ \d{4},? last updated at)`)

// furnitureInside matches furniture that can end a sentence of the story
// ("To donate, click here."): the sentence is a prompt, not news.
var furnitureInside = regexp.MustCompile(`(?i)(\bclick here\b|\bscroll down for\b|\bread more:|\bshare this article\b|\bwatch the video\b|\bfollow (us|@)\b)`)

// videoPrompt is a prompt glued to the start of a sentence where the
// scraper lost its full stop: "Scroll down for video Filmmaker Michael ..."
var videoPrompt = regexp.MustCompile(`(?i)^scroll (down )?(for|to see)( the)? (video|videos|more)\s*[.:]?\s*`)

// isFurniture reports whether a sentence is page furniture.
func isFurniture(s string) bool {
	return furnitureLead.MatchString(s) || furnitureInside.MatchString(s)
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

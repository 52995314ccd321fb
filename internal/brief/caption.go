package brief

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Photo captions reach scraped text in three shapes: a note inside a
// sentence ("Sergei Shoigu (pictured, left) made ...", "Len Blavatnick,
// pictured left with his wife Emily, topped ..."), a caption sentence of
// its own ("Attack: Sevdet Besim, pictured, has been charged ...",
// "Soldiers pictured during the Gallipoli campaign"), and a caption glued to
// the next sentence without a full stop ("... a terror attack (file photo)
// Greater Manchester Police said ..."). Notes are cut from sentences;
// caption sentences are set aside and their content kept only when it
// holds a fact the story does not already tell.

// CaptionPara is the paragraph index of a sentence kept from a photo
// caption whose place is unknown. Facts kept from captions (facts the
// story's text does not repeat) come after the story, so that they can be
// found but are not read as its narrative; their paragraph index is
// negative and tells after how many of the story's sentences the caption
// stood (see IsCaption), which their salience uses.
const CaptionPara = -1

// captionParaAt is the paragraph index of a caption fact that stood after
// pos sentences of the story: -(pos+1), so that its place is kept.
func captionParaAt(pos int) int { return -(pos + 1) }

// IsCaption reports whether paragraph index p marks a fact kept from a
// caption.
func IsCaption(p int) bool { return p < 0 }

// captionPlace is where the caption fact with paragraph index p stood.
func captionPlace(p int) int { return -p - 1 }

// photoWords are the words that make a parenthesis or a phrase a photo
// note.
var photoWords = setOf(`pictured picture pictures photo photos photograph photographed image images
	shown illustrated inset`)

// positionWords are the words of a picture position: "(left)", "(second from
// right)", "(top, centre)".
var positionWords = setOf(`left right centre center above below top bottom middle far second third
	fourth from row front back main l r and with to in the`)

func isPhotoWord(w string) bool { _, ok := photoWords[w]; return ok }

func isPositionWord(w string) bool { _, ok := positionWords[w]; return ok }

// noteKind tells what a parenthesis holds.
type noteKind int

const (
	notNote      noteKind = iota
	photoNote             // "(pictured)", "(file photo)", "(Cheyanne Fuller pictured)"
	positionNote          // "(left)", "(second from right)"
)

// classifyNote reads the text inside a parenthesis: a photo note mentions
// a picture ("pictured", "file photo", "Cheyanne Fuller pictured") or opens
// with a position ("above the Chiefs playing the Raiders", "left to
// right"); a position note is only a position ("left", "second from
// right").
func classifyNote(inner string) noteKind {
	var buf [16]Token
	toks := Tokenize(inner, buf[:0])
	if len(toks) == 0 || len(toks) > 14 {
		return notNote
	}
	position := true
	digits := false
	for _, t := range toks {
		if isPhotoWord(t.Lower) {
			return photoNote
		}
		if !isPositionWord(t.Lower) {
			position = false
		}
		digits = digits || t.Digit
	}
	if position && len(toks) <= 5 {
		switch toks[len(toks)-1].Lower {
		case "left", "right", "centre", "center", "above", "below", "top", "bottom", "middle", "row", "l", "r":
			return positionNote
		}
	}
	if !digits && len(toks) > 1 && inner[toks[0].End] != '-' {
		switch toks[0].Lower {
		case "above", "below", "left", "right", "centre", "center", "inset", "top", "bottom":
			return photoNote
		}
	}
	return notNote
}

// A note is a photo or position note found in a sentence: s[start:end],
// with the spaces before it.
type note struct {
	start, end int
	kind       noteKind
}

// findNotes finds the parenthesised photo and position notes of s. A note
// whose closing bracket is missing ("(pictured with daughters Emily, four,
// (left) and Charlotte (right) has donated") ends after the last note
// nested in it, where the scraper lost the bracket.
func findNotes(s string) []note {
	if strings.IndexByte(s, '(') < 0 {
		return nil
	}
	var out []note
	for i := 0; i < len(s); i++ {
		if s[i] != '(' {
			continue
		}
		depth, close, lastInner := 0, -1, -1
		for j := i; j < len(s) && j < i+240; j++ {
			switch s[j] {
			case '(':
				depth++
			case ')':
				depth--
				if depth == 0 {
					close = j
				} else {
					lastInner = j
				}
			}
			if close >= 0 {
				break
			}
		}
		end := close
		if end < 0 {
			// Unclosed: a photo note whose bracket was lost.
			if lastInner < 0 {
				continue
			}
			end = lastInner
		}
		inner := s[i+1 : end]
		kind := classifyNote(inner)
		if close < 0 && kind != photoNote {
			if k := classifyNote(strings.SplitN(inner, "(", 2)[0]); k == photoNote {
				kind = k
			} else {
				continue
			}
		}
		if kind == notNote {
			continue
		}
		start := i
		for start > 0 && s[start-1] == ' ' {
			start--
		}
		out = append(out, note{start: start, end: end + 1, kind: kind})
		i = end
	}
	return out
}

// cutNotes removes the photo and position notes of s and the appositive
// photo phrases (", pictured left with his wife Emily,", ", pictured in
// 2012,"), and mends the punctuation around them.
func cutNotes(s string) string {
	if ns := findNotes(s); len(ns) > 0 {
		var b strings.Builder
		last := 0
		for _, n := range ns {
			b.WriteString(s[last:n.start])
			last = n.end
		}
		b.WriteString(s[last:])
		s = b.String()
	}
	s = cutPhotoAppositives(s)
	return mendPunctuation(s)
}

// cutPhotoAppositives removes ", pictured ...," phrases of up to ten words
// between commas, and a trailing ", pictured ..." before the sentence's end.
func cutPhotoAppositives(s string) string {
	for {
		i := photoPhraseStart(s)
		if i < 0 {
			return s
		}
		rest := s[i+2:]
		j := strings.IndexAny(rest, ",;")
		end := -1
		if j >= 0 && len(strings.Fields(rest[:j])) <= 10 {
			end = i + 2 + j + 1 // with the comma that closes the phrase
		} else if j < 0 && len(strings.Fields(rest)) <= 10 {
			// A trailing phrase: "..., pictured with his wife."
			k := len(rest)
			for k > 0 && (isTerminal(rune(rest[k-1])) || isCloser(rune(rest[k-1]))) {
				k--
			}
			end = i + 2 + k
		}
		if end < 0 {
			return s
		}
		s = s[:i] + s[end:]
	}
}

// photoPhraseStart finds ", pictured" (or ", shown", ", photographed", ",
// left,"-style positions) opening an appositive phrase.
func photoPhraseStart(s string) int {
	from := 0
	for {
		k := strings.Index(s[from:], ", ")
		if k < 0 {
			return -1
		}
		i := from + k
		w := leadingWord(s[i+2:])
		if len(w) < 4 || len(w) > 12 {
			from = i + 2
			continue
		}
		switch strings.ToLower(w) {
		case "pictured", "photographed", "shown", "illustrated":
			return i
		case "left", "right", "centre", "center", "above", "below":
			// ", left, and his brother" is a position only when a comma or
			// the end follows at once.
			after := s[i+2+len(w):]
			if strings.HasPrefix(after, ",") {
				return i
			}
		}
		from = i + 2
	}
}

// mendPunctuation tidies what cutting leaves: doubled spaces, a space
// before punctuation, doubled commas, a comma before a full stop.
func mendPunctuation(s string) string {
	if !strings.Contains(s, "  ") && !strings.Contains(s, " ,") && !strings.Contains(s, " .") &&
		!strings.Contains(s, ",,") && !strings.Contains(s, ",.") && !strings.Contains(s, " ;") && !strings.Contains(s, " :") {
		return strings.TrimSpace(s)
	}
	s = strings.Join(strings.Fields(s), " ")
	r := strings.NewReplacer(" ,", ",", " .", ".", " ;", ";", " :", ":", ",,", ",", ",.", ".", ", .", ".")
	for i := 0; i < 3; i++ {
		t := r.Replace(s)
		if t == s {
			break
		}
		s = t
	}
	return strings.TrimSpace(s)
}

// captionLeadIn returns the length of a caption's lead-in at the start of
// s: a label of one to four words and a colon before a capitalised word or
// a quotation ("Sleepy kid: The boy ...", "Pictured: ...", "Road trip:
// Roy, 52, ..."), or a picture position ("From left, ...", "Pictured
// left, ...", "Left to right: ..."). Zero when s has none. A speaker's
// introduction ("Mr Smith said: 'We ...'") is not a lead-in.
func captionLeadIn(s string) int {
	if len(s) == 0 || !(s[0] >= 'A' && s[0] <= 'Z' || s[0] >= utf8.RuneSelf) {
		return 0
	}
	if strings.IndexByte(s[:min(len(s), 60)], ':') < 0 && strings.IndexByte(s[:min(len(s), 40)], ',') < 0 {
		return 0
	}
	var buf [8]Token
	toks := Tokenize(s[:min(len(s), 80)], buf[:0])
	if len(toks) == 0 || !toks[0].Cap || toks[0].Start != 0 {
		return 0
	}
	// restAfter is where the text after the punctuation at gap starts.
	restAfter := func(k int, punct string) int {
		p := toks[k].End + strings.IndexAny(s[toks[k].End:], punct) + 1
		for p < len(s) && s[p] == ' ' {
			p++
		}
		return p
	}
	switch toks[0].Lower {
	case "pictured", "from", "left", "right", "clockwise", "above", "below", "top", "inset", "main":
		for k, t := range toks {
			if k > 5 || (!isPositionWord(t.Lower) && !isPhotoWord(t.Lower) && t.Lower != "clockwise") {
				break
			}
			g := strings.TrimSpace(s[t.End:nextStart(s, toks, k)])
			if g == ":" || g == "," {
				if k == 0 && toks[0].Lower == "from" {
					break
				}
				return restAfter(k, ":,")
			}
			if g != "" {
				break
			}
		}
	}
	for k, t := range toks {
		if k >= 4 || leadInStop(t.Lower) || (k > 0 && strings.HasSuffix(t.Lower, "ed") && !strings.Contains(s[toks[k-1].End:t.Start], "-")) {
			return 0
		}
		gap := s[t.End:nextStart(s, toks, k)]
		if strings.HasPrefix(gap, ":") {
			p := restAfter(k, ":")
			if p >= len(s) || p == t.End+1 {
				return 0
			}
			r, _ := utf8.DecodeRuneInString(s[p:])
			if unicode.IsUpper(r) || (isOpener(r) && k == 0) {
				// Before a quotation only a one-word label is a lead-in:
				// "Smith recalled: '...'" introduces a speaker.
				return p
			}
			return 0
		}
		if strings.Trim(gap, " -'’") != "" {
			return 0
		}
	}
	return 0
}

// nextStart is the offset of the token after toks[k], or the end of s.
func nextStart(s string, toks []Token, k int) int {
	if k+1 < len(toks) {
		return toks[k+1].Start
	}
	return len(s)
}

// leadInStop: words that make the text before a colon a clause of its own
// ("He said:", "The message was clear:", "Police added:").
func leadInStop(w string) bool {
	if speechVerbs.has(w) || beForms.has(w) {
		return true
	}
	switch w {
	case "he", "she", "they", "we", "i", "you", "it", "who", "this", "that", "there":
		return true
	case "has", "have", "had", "will", "would", "can", "could", "should", "may", "might", "must",
		"do", "does", "did", "according", "as", "follows", "following", "reads", "read", "wrote", "writes", "asked", "tweeted", "posted":
		return true
	}
	return false
}

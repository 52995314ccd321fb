package brief

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Discourse cues of English news writing. They name no topic: they are how
// any reporter marks a statement, a prospect or a look back.
var (
	speechVerbs = wordSet(setOf(`said says say told tells telling added stated warned urged insisted argued
		claimed denied announced described responded replied commented criticised criticized condemned
		welcomed praised accused asserted stressed noted acknowledged admitted declared
		vowed pledged called calls slammed blasted hailed rejected dismissed suggested`))
	// reactionVerbs judge what happened, as a reaction does.
	reactionVerbs = wordSet(setOf(`warned urged insisted criticised criticized condemned welcomed praised
		accused slammed blasted hailed rejected dismissed denied vowed pledged responded replied defended
		demanded called`))
	// stakesCues name motives, risks and consequences.
	stakesCues = wordSet(setOf(`want wants wanted seek seeks seeking sought hope hopes hoping aim aims
		aiming eager exchange return risk risks risking threat threats threaten threatens stake stakes
		consequence consequences impact cost costs gain gains benefit benefits boost bolster secure
		securing pressure danger dangers fear fears concern concerns jeopardy jeopardise jeopardize
		lose losing gamble reward rewards incentive`))
	// modals mark what may come of something.
	modals   = wordSet(setOf(`could would might may will can`))
	beForms  = wordSet(setOf(`be is are was were been being`))
	pastCues = wordSet(setOf(`ago previously formerly history historic decades originally`))
	// nextCues mark what is to come: plans, schedules, expectations.
	nextCues = wordSet(setOf(`will expected expects due scheduled next upcoming forthcoming planned plans
		later tomorrow soon`))
)

func setOf(s string) map[string]struct{} {
	m := make(map[string]struct{})
	for _, w := range strings.Fields(s) {
		m[w] = struct{}{}
	}
	return m
}

func (ws wordSet) has(w string) bool { _, ok := ws[w]; return ok }

// roleOf classifies a sentence by what it shows: a reaction has someone
// saying or judging something (a speech verb with a quotation or a named
// speaker); stakes name a motive, risk or consequence; background looks
// back (an earlier year, "ago", "previously"); the rest tells what
// happened. year is the story's year (0 when unknown).
func roleOf(s string, words []string, year int) Role {
	speech, stakes, modal := false, false, false
	for i, w := range words {
		// "will be announced" reports no one's words; "added another
		// goal" none either.
		if speechVerbs.has(w) && !passive(words, i) && introducesSpeech(words, i) {
			speech = true
		}
	}
	// Motives and risks in someone's own words are theirs, not the story's.
	quoted := hasQuote(s)
	plain := words
	if quoted {
		plain = Words(unquoted(s))
	}
	cues := 0
	for k, w := range plain {
		if stakesCues.has(w) && !(k+1 < len(plain) && plain[k+1] == "after" && w == "sought") {
			cues++
		}
		modal = modal || (modals.has(w) && w != "will" && w != "can")
	}
	stakes = cues > 0 && (modal || motiveVerb(plain)) || cues >= 2
	if speech && !quoted && trailingAttribution.MatchString(s) {
		// ", officials said." attributes a report; it is no reaction.
		speech = false
	}
	switch {
	case speech && (quoted || hasNamedSpeaker(s) || namedBody(speakerPhrase(s))):
		return RoleReaction
	case stakes:
		return RoleStakes
	case looksBack(words, year):
		return RoleBackground
	}
	return RoleEvent
}

// namedBody reports whether a speaker is someone a reader can place: a
// name, a nation or initials ("US officials"), or an institution ("the
// police"), not a pronoun.
func namedBody(speaker string) bool {
	for _, f := range strings.Fields(speaker) {
		w := strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && r != '.' })
		if isAcronym(w) || isDemonym(w) || orgHeads.has(strings.ToLower(w)) {
			return true
		}
	}
	return false
}

// ambiguousSpeech are speech verbs with other senses ("added another
// goal", "called the police"): they report speech only before "that", a
// quotation or the clause's end.
var ambiguousSpeech = wordSet(setOf(`added called calls described noted claimed stated declared`))

func introducesSpeech(words []string, i int) bool {
	if !ambiguousSpeech.has(words[i]) {
		return true
	}
	if i+1 == len(words) {
		return true
	}
	switch words[i+1] {
	case "that", "he", "she", "they", "it", "we", "i", "the", "a":
		return true
	}
	return false
}

// unquoted is s without the text inside quotation marks.
func unquoted(s string) string {
	if !strings.ContainsAny(s, "“”\"‘") {
		return s
	}
	var b strings.Builder
	in := false
	for _, r := range s {
		switch r {
		case '“', '‘':
			in = true
			continue
		case '”', '’':
			if in {
				in = false
				continue
			}
		case '"':
			in = !in
			continue
		}
		if !in {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// motiveVerb: someone wants, seeks, hopes, aims or fears something.
func motiveVerb(words []string) bool {
	for _, w := range words {
		switch w {
		// Inflected forms only: "hope", "fear" and "aim" are as often
		// nouns ("gave up hope", "from frivolity to fear").
		case "wants", "wanted", "seeks", "seeking", "sought", "hopes", "hoping", "aims", "aiming", "fears", "threatens", "threatened":
			return true
		}
	}
	return false
}

// looksBack reports whether a sentence tells of earlier times: a year
// before the story's, "ago", "previously", "last year", "in the past".
func looksBack(words []string, year int) bool {
	for i, w := range words {
		if pastCues.has(w) {
			return true
		}
		if i > 0 && words[i-1] == "last" && (w == "year" || w == "decade" || w == "century") {
			return true
		}
		if i > 1 && w == "past" && words[i-1] == "the" && words[i-2] == "in" {
			return true
		}
		if year > 0 && len(w) == 4 && (w[0] == '1' || w[0] == '2') {
			if y, err := strconv.Atoi(w); err == nil && y >= 1800 && y < year {
				return true
			}
		}
	}
	return false
}

// storyYear is the year the story was published, or else the latest year
// it mentions; 0 when it names none.
func storyYear(a *Article, d *doc) int {
	if len(a.Date) >= 4 {
		if y, err := strconv.Atoi(a.Date[:4]); err == nil {
			return y
		}
	}
	latest := 0
	for _, ws := range d.words {
		for _, w := range ws {
			if len(w) == 4 && (w[0] == '1' || w[0] == '2') {
				if y, err := strconv.Atoi(w); err == nil && y >= 1800 && y <= 2100 && y > latest {
					latest = y
				}
			}
		}
	}
	return latest
}

// passive: "will be (officially) announced" reports no one's words.
func passive(words []string, i int) bool {
	for j := i - 1; j >= 0 && j >= i-2; j-- {
		if beForms.has(words[j]) {
			return true
		}
		if !strings.HasSuffix(words[j], "ly") {
			return false
		}
	}
	return false
}

// hasQuote reports whether s quotes someone's words.
func hasQuote(s string) bool {
	return strings.ContainsAny(s, "“”\"") || strings.Contains(s, " ‘") || strings.HasPrefix(s, "‘")
}

// hasNamedSpeaker: some capitalised name besides the sentence's first word.
func hasNamedSpeaker(s string) bool {
	for i := 1; i < len(s); i++ {
		if s[i-1] != ' ' {
			continue
		}
		j := i
		for j < len(s) && isOpener(rune(s[j])) {
			j++
		}
		if j < len(s) {
			if c := s[j]; c >= 'A' && c <= 'Z' {
				return true
			} else if c >= utf8.RuneSelf {
				if r, _ := utf8.DecodeRuneInString(s[j:]); unicode.IsUpper(r) {
					return true
				}
			}
		}
	}
	return false
}

// speakerPhrase is the text that names who is speaking: before the first
// speech verb ("Jon Finer, a Biden adviser, told reporters"), between a
// closing quote and the verb ("... ,” he said"), or after "according to".
func speakerPhrase(s string) string {
	fs := strings.Fields(s)
	from := 0
	if r, _ := utf8.DecodeRuneInString(s); isOpener(r) && r != '(' {
		// Skip the opening quotation to its close.
		for i, f := range fs {
			if i > 0 || len(f) > 1 {
				last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(f, ",.;:"))
				if last == '”' || last == '"' || last == '’' || strings.HasSuffix(f, ",”") || strings.HasSuffix(f, ",\"") {
					from = i + 1
					break
				}
			}
		}
	}
	for i := from; i < len(fs); i++ {
		w := strings.ToLower(strings.TrimFunc(fs[i], func(r rune) bool { return !unicode.IsLetter(r) }))
		if !speechVerbs.has(w) {
			continue
		}
		if w == "according" && i+2 < len(fs) {
			end := i + 2
			for end < len(fs) && !strings.HasSuffix(fs[end-1], ",") {
				end++
			}
			return strings.Join(fs[i+2:end], " ")
		}
		if i == from && i+1 < len(fs) {
			// "..., said Jane Doe, a spokeswoman."
			end := i + 1
			for end < min(len(fs), i+8) && !strings.HasSuffix(fs[end], ",") && !strings.HasSuffix(fs[end], ".") {
				end++
			}
			return strings.TrimRight(strings.Join(fs[i+1:min(len(fs), end+1)], " "), ",.")
		}
		return strings.Join(fs[from:i], " ")
	}
	return ""
}

func isAcronym(w string) bool {
	letters := 0
	for _, r := range w {
		switch {
		case unicode.IsUpper(r):
			letters++
		case r == '.':
		default:
			return false
		}
	}
	return letters >= 2 && letters <= 5
}

// isDemonym: a capitalised adjective of a people or place ("Russian",
// "Chinese", "British") by its English suffix.
func isDemonym(w string) bool {
	if !isCapitalised(w) || len(w) < 5 {
		return false
	}
	for _, suf := range []string{"ian", "ean", "ese", "ish", "can", "ern"} {
		if strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

// names are the entities of s whose words the article also capitalises
// mid-sentence: real names, not a capitalised first word ("Two
// councillors").
func (l *labeler) names(s string) []string {
	var out []string
	for _, e := range entities(s) {
		// A run of two or more capitalised words is a name; a single one
		// must be capitalised mid-sentence somewhere, or be an acronym.
		if ws := strings.Fields(e); len(ws) > 1 || l.proper[strings.ToLower(e)] || isAcronym(e) {
			out = append(out, e)
		}
	}
	return out
}

// entities returns runs of capitalised words, skipping a sentence's first
// word when it is a common word that happens to be capitalised.
func entities(s string) []string {
	fs := strings.Fields(s)
	var out []string
	var run []string
	flush := func() {
		if len(run) > 0 {
			out = append(out, strings.Join(run, " "))
			run = run[:0]
		}
	}
	for i, f := range fs {
		w := strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.' })
		w = strings.TrimSuffix(strings.TrimSuffix(w, "’s"), "'s")
		w = strings.TrimSuffix(w, ".")
		if w == "" || !isCapitalised(w) || (i == 0 && (IsStopWord(strings.ToLower(w)) || sentenceStarters[strings.ToLower(w)])) {
			flush()
			continue
		}
		if IsStopWord(strings.ToLower(w)) && len(run) == 0 {
			continue
		}
		run = append(run, w)
		if strings.ContainsAny(f[len(f)-1:], ",;:") || strings.HasSuffix(f, "’s") || strings.HasSuffix(f, "'s") {
			flush()
		}
	}
	flush()
	return out
}

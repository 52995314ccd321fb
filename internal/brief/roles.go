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
	stakesCues = wordSet(setOf(`could would want wants wanted seek seeks seeking hope hopes hoping
		aim aims aiming need needs needed eager exchange risk risks threat threaten threatens stake
		concern concerns potential plan plans boost bolster secure securing gain gains benefit
		benefits cost costs impact consequences pressure goal goals intend intends`))
	beForms  = wordSet(setOf(`be is are was were been being`))
	pastCues = wordSet(setOf(`since ago previously earlier former formerly history historic decades
		years last first once originally past had`))
	// nextCues mark what is to come: plans, schedules, expectations.
	nextCues = wordSet(setOf(`will expected expects due scheduled next upcoming forthcoming begin
		begins start starts planned`))
)

func setOf(s string) map[string]struct{} {
	m := make(map[string]struct{})
	for _, w := range strings.Fields(s) {
		m[w] = struct{}{}
	}
	return m
}

func (ws wordSet) has(w string) bool { _, ok := ws[w]; return ok }

// roleOf classifies a sentence by its cues: quotes and speech verbs mark a
// reaction, modals and motives mark stakes, earlier dates and look-backs
// mark background; the rest tells what happened.
func roleOf(s string, words []string, date string) Role {
	quoted := hasQuote(s)
	speech, stakes, past := 0, 0, 0
	for i, w := range words {
		// "will be announced" reports no one's words.
		if speechVerbs.has(w) && !passive(words, i) {
			speech++
		}
		if stakesCues.has(w) {
			stakes++
		}
		if pastCues.has(w) {
			past++
		}
	}
	year := 0
	if len(date) >= 4 {
		year, _ = strconv.Atoi(date[:4])
	}
	for _, w := range words {
		if len(w) == 4 && (strings.HasPrefix(w, "19") || strings.HasPrefix(w, "20")) {
			if y, err := strconv.Atoi(w); err == nil && (year == 0 || y < year) {
				past++
			}
		}
	}
	switch {
	case speech > 0 && quoted:
		return RoleReaction
	case stakes >= 2:
		return RoleStakes
	case speech > 0 && stakes == 0 && hasNamedSpeaker(s):
		return RoleReaction
	case past >= 2:
		return RoleBackground
	case stakes == 1:
		return RoleStakes
	}
	return RoleEvent
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
	fs := strings.Fields(s)
	for i, f := range fs {
		if i > 0 && isCapitalised(strings.TrimLeftFunc(f, isOpener)) {
			return true
		}
	}
	return false
}

// labeler names key points in an editor's words taken from the article.
type labeler struct {
	a       *Article
	d       *doc
	nouns   map[string]bool // lower-case words the article uses as nouns
	used    map[string]bool
	entFreq map[string]int
	proper  map[string]bool // lower-case words seen capitalised mid-sentence
}

// vagueNouns name no facet: times, amounts and placeholders.
var vagueNouns = wordSet(setOf(`week weeks month months year years day days time times way ways people
	thing things part parts lot number end side kind sort place case point fact`))

var determiners = wordSet(setOf(`the a an this that these those his her its their our my your
	whose each every another such`))

func newLabeler(a *Article, d *doc) *labeler {
	l := &labeler{a: a, d: d, nouns: map[string]bool{}, used: map[string]bool{}, entFreq: map[string]int{}, proper: map[string]bool{}}
	proper := l.proper
	for _, s := range a.Sentences {
		fs := strings.Fields(s)
		for i, f := range fs {
			w := strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) })
			if w == "" {
				continue
			}
			if isCapitalised(w) {
				if i > 0 {
					proper[strings.ToLower(w)] = true
				}
				continue
			}
			// A lower-case word one or two places after a determiner is a
			// noun (or an adjective): good enough to pick a label word.
			prev := func(k int) string {
				if i-k < 0 {
					return ""
				}
				return strings.ToLower(strings.TrimFunc(fs[i-k], func(r rune) bool { return !unicode.IsLetter(r) }))
			}
			// It ends a noun phrase when a function word or punctuation
			// follows it.
			npEnd := i == len(fs)-1 || strings.ContainsAny(f[len(f)-1:], ",;:.?!)”\"") ||
				IsStopWord(strings.ToLower(strings.TrimFunc(fs[i+1], func(r rune) bool { return !unicode.IsLetter(r) })))
			if npEnd && (determiners.has(prev(1)) || (determiners.has(prev(2)) && !strings.ContainsAny(fs[i-1], ",;:"))) {
				if !IsStopWord(w) && len(w) > 2 && w == strings.ToLower(w) {
					l.nouns[w] = true
				}
			}
		}
	}
	for w := range proper {
		delete(l.nouns, w)
	}
	for _, s := range a.Sentences {
		for _, e := range entities(s) {
			l.entFreq[e]++
		}
	}
	return l
}

func isNumber(w string) bool {
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

func (l *labeler) label(role Role, group []int) string {
	var lab string
	switch role {
	case RoleReaction:
		lab = l.reactionLabel(group)
	case RoleStakes:
		if e := l.mainEntity(group); e != "" {
			lab = "What's at stake for " + withArticle(e)
		} else {
			lab = "What's at stake"
		}
	case RoleBackground:
		lab = "Background"
	default:
		if w := l.keyNoun(group); w != "" {
			lab = "The " + w
		} else if e := l.mainEntity(group); e != "" {
			lab = e
		} else if l.aboutNext(group) {
			lab = "What's next"
		} else {
			lab = "What happened"
		}
	}
	if l.used[lab] {
		if w := l.keyNoun(group); w != "" && !l.used["The "+w] {
			lab = "The " + w
		} else {
			lab = "More: " + lab
		}
	}
	l.used[lab] = true
	return lab
}

// orgHeads end the names of organisations that take "the": "the
// Environment Agency", "the Labour Party", "the Supreme Court".
var orgHeads = wordSet(setOf(`agency council party bank ministry department court commission office
	union association committee service authority board institute university army navy
	government federation organisation organization police parliament senate congress assembly
	fund foundation league alliance coalition cabinet administration`))

// withArticle puts "the" before a name of several words that ends in an
// organisation's head noun; other names (people, places) stay as they are.
func withArticle(name string) string {
	ws := strings.Fields(name)
	if len(ws) >= 2 && orgHeads.has(strings.ToLower(ws[len(ws)-1])) && !strings.EqualFold(ws[0], "the") {
		return "the " + name
	}
	return name
}

// aboutNext reports whether the point tells what is to come: at least two
// cues of plans or schedules ("is expected to begin next spring").
func (l *labeler) aboutNext(group []int) bool {
	n := 0
	for _, i := range group {
		for _, w := range l.d.words[i] {
			if nextCues.has(w) {
				n++
			}
		}
	}
	return n >= 2
}

// keyNoun is the point's most telling noun: frequent in the article, used
// in this point, and not already a label.
func (l *labeler) keyNoun(group []int) string {
	best, bestScore := "", 0.0
	for _, i := range group {
		for _, w := range l.d.words[i] {
			if !l.nouns[w] || IsStopWord(w) || vagueNouns.has(w) || strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ly") {
				continue
			}
			st := Stem(w)
			score := float64(l.d.df[st]) * l.d.idf[st]
			if l.used["The "+w] {
				score /= 4
			}
			if score > bestScore {
				best, bestScore = w, score
			}
		}
	}
	return best
}

// mainEntity is the most frequent capitalised name in the point.
func (l *labeler) mainEntity(group []int) string {
	best, bestN := "", 0
	for _, i := range group {
		for _, e := range l.names(l.a.Sentences[i]) {
			if n := l.entFreq[e]; n > bestN {
				best, bestN = e, n
			}
		}
	}
	return best
}

// reactionLabel: "The US reaction" when the speaker's description carries
// an acronym or a demonym, else "What <speaker> said".
func (l *labeler) reactionLabel(group []int) string {
	for _, i := range group {
		s := l.a.Sentences[i]
		subject := speakerPhrase(s)
		if subject == "" {
			continue
		}
		for _, f := range strings.Fields(subject) {
			f = strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && r != '.' })
			f = strings.TrimSuffix(f, "'s")
			if isAcronym(f) || isDemonym(f) {
				return "The " + f + " reaction"
			}
		}
		if es := l.names(subject); len(es) > 0 {
			name := es[0]
			if strings.Contains(subject, "the "+name) || strings.HasPrefix(subject, "The "+name) {
				// An institution keeps its article and its whole name:
				// "the Wall Street Journal", "the Tories".
				name = "the " + name
			} else if k := strings.LastIndexByte(name, ' '); k > 0 {
				// A person goes by surname: "Stephen Toulouse" is Toulouse.
				name = name[k+1:]
			}
			return "What " + name + " said"
		}
	}
	return "The reaction"
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
			return strings.Join(fs[i+1:min(len(fs), i+8)], " ")
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

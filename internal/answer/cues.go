package answer

import "strings"

// Cues of general English that tell what kind of information a sentence
// carries. They name no topic.

func setOf(s string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

var (
	// numberWords spell out quantities.
	numberWords = setOf(`one two three four five six seven eight nine ten eleven twelve thirteen
		fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
		eighty ninety hundred hundreds thousand thousands million millions billion billions trillion
		dozen dozens half quarter third percent per cent several few twice double triple`)

	// timeWords name dates, periods and points in time.
	timeWords = setOf(`january february march april may june july august september october november
		december monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
		tonight morning afternoon evening night noon midnight week weeks weekend month months year
		years decade decades century centuries era age ago annual annually daily weekly monthly season
		spring summer autumn fall winter bc ad bce ce dawn dusk later earlier until since during
		period reign dynasty`)

	// placeNouns describe places.
	placeNouns = setOf(`city cities town towns village country countries capital region regions state
		states province provinces county island islands continent location locations site sites venue
		area areas district border coast river mountain mountains port headquarters street square
		building stadium airport base territory nation valley lake sea ocean bay peninsula north south
		east west northern southern eastern western central downtown neighborhood neighbourhood
		campus centre center hall palace museum`)

	// locatives introduce a place.
	locatives = setOf(`in at from near to into across throughout inside outside within around between
		toward towards via through off along onto on`)

	// reasonCues introduce a cause or a purpose.
	reasonCues = setOf(`because due since reason reasons cause caused causes causing owing thanks
		therefore thus hence consequently result order so led lead leads purpose aim aimed intended
		motivated prompted`)

	// speechVerbs report what someone said.
	speechVerbs = setOf(`say says said tell tells told claim claims claimed warn warns warned announce
		announced announces state stated states add added describe described respond responded reply
		replied comment commented argue argued insist insisted suggest suggested admit admitted deny
		denied declare declared stress stressed note noted`)

	// yearPreps come before a year; eraWords after it.
	yearPreps = setOf(`in since until till by from to after before around circa c between during of year`)
	eraWords  = setOf(`ad bc bce ce`)

	// backRefs open a sentence that leans on the one before.
	backRefs = setOf(`he she it they this these those his her its their him them such there then
		also however but thus`)
)

// isYear reports whether a token of digits reads as a year.
func isYear(w string) bool {
	if len(w) == 5 && w[4] == 's' { // 1990s
		w = w[:4]
	}
	if len(w) != 4 {
		return false
	}
	for i := 0; i < 4; i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return w[0] == '1' || (w[0] == '2' && w[1] == '0')
}

// isOrdinalNumber: 19th, 1st, 3rd.
func isOrdinalNumber(w string) bool {
	n := len(w)
	if n < 3 || w[0] < '0' || w[0] > '9' {
		return false
	}
	switch w[n-2:] {
	case "st", "nd", "rd", "th":
		return true
	}
	return false
}

// irregular maps the past forms of common irregular English verbs to
// their base form, so that "won" finds "win" and "began" finds "begin".
// Forms that are also common nouns or other words ("found", "left",
// "lay", "saw", "born") are left out.
var irregular = func() map[string]string {
	m := make(map[string]string)
	for _, line := range strings.Split(`arise arose arisen|awake awoke awoken|become became|begin began begun|
		bend bent|bind bound|bite bit bitten|blow blew blown|break broke broken|breed bred|bring brought|
		build built|burn burnt|buy bought|catch caught|choose chose chosen|cling clung|come came|creep crept|
		deal dealt|dig dug|draw drew drawn|drink drank drunk|drive drove driven|eat ate eaten|fall fell fallen|
		feed fed|feel felt|fight fought|find|flee fled|fly flew flown|forbid forbade forbidden|forget forgot forgotten|
		forgive forgave forgiven|freeze froze frozen|get got gotten|give gave given|go went gone|grind|
		grow grew grown|hang hung|hear heard|hide hid hidden|hold held|keep kept|kneel knelt|know knew known|
		lead led|lend lent|lose lost|make made|mean meant|meet met|overcome overcame|pay paid|ride rode ridden|
		ring rang rung|rise rose risen|run ran|seek sought|sell sold|send sent|shake shook shaken|shine shone|
		shoot shot|show shown|shrink shrank shrunk|sing sang sung|sink sank sunk|sit sat|sleep slept|slide slid|
		speak spoke spoken|spend spent|spin spun|spring sprang sprung|stand stood|steal stole stolen|stick stuck|
		sting stung|stink stank|strike struck stricken|strive strove striven|swear swore sworn|sweep swept|
		swim swam swum|swing swung|take took taken|teach taught|tear tore torn|tell told|think thought|
		throw threw thrown|understand understood|undertake undertook undertaken|wake woke woken|wear wore worn|
		weep wept|win won|withdraw withdrew withdrawn|write wrote written|forsee foresaw foreseen|
		undergo underwent undergone|overtake overtook overtaken|mistake mistook mistaken|arise arose`, "|") {
		f := strings.Fields(line)
		for _, w := range f[1:] {
			m[w] = f[0]
		}
	}
	return m
}()

package brief

import (
	"strings"
	"testing"
)

// labelOf briefs a small article and returns the label of the point made
// of the sentence that contains marker.
func labelOf(t *testing.T, body, marker string) (string, bool) {
	t.Helper()
	a, err := Parse("a.txt", []byte("date 2024-05-01 The Ledger\n\n"+body))
	if err != nil {
		t.Fatal(err)
	}
	b := Brief(a)
	for _, p := range b.Points {
		if strings.Contains(p.Quote, marker) {
			return p.Label, true
		}
	}
	return "", false
}

func TestLabels(t *testing.T) {
	story := "The city council voted on Monday to close the central library after a review of its budget.\n\n" +
		"The library has served the town since the council opened it in a former bank.\n\n"
	tests := []struct {
		name, extra, marker string
		want                []string // any of these
	}{
		{"a named person's reaction",
			"“This is a dark day for the town,” said Margaret Hale, a retired teacher who led the campaign to save the library.",
			"dark day", []string{"What Hale said"}},
		{"a nation's reaction needs judgement",
			"US officials condemned the closure of the library as an attack on free access to books and information.",
			"condemned", []string{"The US reaction"}},
		{"an organisation's statement",
			"The police said the building would be guarded overnight while the books were moved to storage elsewhere.",
			"guarded", []string{"What the police said"}},
		{"a pronoun speaker gives no reaction label",
			"She said the decision had been taken with a heavy heart and that staff would be offered other jobs.",
			"heavy heart", []string{"", "The decision", "The staff"}},
		{"stakes need a motive or risk",
			"Campaigners fear the closure could leave thousands of pupils without a quiet place to study after school.",
			"fear", []string{"What's at stake"}},
		{"background needs an earlier time",
			"The library was built in 1908 with money from a local mill owner and was extended in 1975.",
			"1908", []string{"Background"}},
		{"what's next needs a plan or a date",
			"The building will be sold at auction next spring and is expected to become flats.",
			"auction", []string{"What's next"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := labelOf(t, story+tt.extra, tt.marker)
			if !ok {
				t.Skip("the point was not chosen")
			}
			for _, w := range tt.want {
				if got == w {
					return
				}
			}
			t.Errorf("label %q, want one of %q", got, tt.want)
		})
	}
}

func TestTopicLabels(t *testing.T) {
	a, err := Parse("a.txt", []byte("date 2024-05-01 The Ledger\n\n"+
		"Doctors in Leeds have found that a cheap blood test can spot type 2 diabetes years before symptoms appear.\n\n"+
		"The blood test measures a protein that rises as the body struggles to control sugar.\n\n"+
		"The police warning came after three people were treated in hospital on Friday.\n\n"+
		"The police warning urged people not to buy pills online, and the hospital said the three were recovering.\n\n"+
		"Type 2 diabetes affects about four million people in Britain, and the number is rising.\n\n"+
		"Researchers said the eggs they used in an early trial came from a farm near York.\n\n"+
		"The trial will widen next year."))
	if err != nil {
		t.Fatal(err)
	}
	d := newDoc(a.Sentences)
	l := newLabeler(a, d, 0, storyYear(a, d))
	tests := []struct{ text, want string }{
		{"The blood test measures a protein that rises as the body struggles to control sugar.", "The blood test"},
		{"The police warning urged people not to buy pills online.", "The police warning"},
		{"Type 2 diabetes affects about four million people in Britain.", "Type 2 diabetes"},
		// "eggs" is used once, in passing: no label beats a wrong one.
		{"Researchers said the eggs they used came from a farm.", ""},
	}
	for _, tt := range tests {
		if got, _ := l.topicLabel(tt.text); got != tt.want {
			t.Errorf("topicLabel(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestLabelsShareNoHeadWord briefs articles whose points could all be
// named by one word: no two labels may share it.
func TestLabelsShareNoHeadWord(t *testing.T) {
	a := loadSample(t)
	b := Brief(a)
	seen := map[string]string{}
	for _, p := range b.Points {
		if p.Label == "" {
			continue
		}
		ws := strings.Fields(strings.ToLower(p.Label))
		head := Stem(strings.Trim(ws[len(ws)-1], ".,"))
		if prev, ok := seen[head]; ok {
			t.Errorf("labels %q and %q share the head word %q", prev, p.Label, head)
		}
		seen[head] = p.Label
	}
}

package brief

import (
	"strings"
	"testing"
)

func TestRenderPlainBullet(t *testing.T) {
	a := &Article{Title: "T", Sentences: []string{"A.", "B."}, Paras: []int{0, 0}}
	b := Briefing{Headline: "T", TLDR: "A.", Points: []Point{{Label: "", Text: "B."}, {Label: "The trip", Text: "C."}}}
	for name, out := range map[string]string{"text": PlainText(a, b), "md": Markdown(a, b)} {
		if strings.Contains(out, ": B.") || strings.Contains(out, "****") {
			t.Errorf("%s: a point without a label is shown with an empty one:\n%s", name, out)
		}
		if !strings.Contains(out, "B.") || !strings.Contains(out, "The trip") {
			t.Errorf("%s: points missing:\n%s", name, out)
		}
	}
}

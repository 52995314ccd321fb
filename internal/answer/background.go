package answer

import (
	_ "embed"
	"strconv"
	"strings"
	"sync"
)

// background.txt holds how many sentences of general news text (1,701
// sentences of BBC news) hold each stemmed word. It stands in for the
// library's own statistics while the library is small: in a library of one
// article every word it lacks looks rare, "want" as much as "football".
// Regenerate with: go test -run TestWriteBackground -background
//
//go:embed background.txt
var backgroundText string

type backgroundStats struct {
	n  int
	df map[string]int
}

var background = sync.OnceValue(func() backgroundStats {
	bg := backgroundStats{df: make(map[string]int)}
	for _, line := range strings.Split(backgroundText, "\n") {
		k, v, ok := strings.Cut(line, " ")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			continue
		}
		if k == "sentences" {
			bg.n = n
			continue
		}
		bg.df[k] = n
	}
	return bg
})

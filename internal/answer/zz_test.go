package answer

import (
	"fmt"
	"testing"
)

func TestZZ(t *testing.T) {
	s := loadSample(t)
	ix := NewIndex(append(loadBBC(t, 100), s)...)
	q := "What could North Korea get in exchange?"
	qu := parseQuestion(q, ix.stemRO)
	total := ix.prepare(&qu)
	fmt.Println("kind", qu.kind, "total", total)
	for _, tm := range qu.terms {
		fmt.Printf("  %s id=%d alt=%d w=%.2f\n", tm.stem, tm.id, tm.alt, tm.weight)
	}
	base := ix.arts[len(ix.arts)-1].first
	for _, sid := range []int32{14, 15} {
		qu := parseQuestion(q, ix.stemRO)
		total := ix.prepare(&qu)
		var mask uint32
		for i, tm := range qu.terms {
			if tm.in(ix.sents[base+sid].terms) {
				mask |= 1 << i
			}
		}
		c := candidate{sent: base + sid, mask: mask, direct: qu.directWeight(mask)}
		ix.score(&qu, &c, total, defaults)
		fmt.Println(sid, c.rank, c.conf, phrase(&qu, &ix.sents[base+sid]))
	}
}

package main

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"brief/internal/brief"
	"brief/internal/store"
)

// BRIEF_LIBRARY_DAYS decides what bot run keeps in memory: an article that
// arrived three days ago is outside a one-day window (and still found by
// its words, through the store), inside the default thirty days.
func TestLibraryDaysBoundsTheWindow(t *testing.T) {
	for _, tc := range []struct {
		days string
		want string // articles in memory, as the ready line says
	}{
		{"1", "articles=1"},
		{"", "articles=2"},
	} {
		t.Run("BRIEF_LIBRARY_DAYS="+tc.days, func(t *testing.T) {
			env := serviceEnv(t)
			if tc.days != "" {
				env["BRIEF_LIBRARY_DAYS"] = tc.days
			}
			ctx := context.Background()
			st, err := store.Open(ctx, env["BRIEF_DB"])
			if err != nil {
				t.Fatal(err)
			}
			old := &brief.Article{Title: "Halden bridge reopens", Source: "Test Wire",
				Sentences: []string{"The Halden harbour bridge reopened to traffic after two years of repairs.", "Drivers had used a ferry meanwhile."},
				Paras:     []int{0, 1}}
			if _, _, err := st.SaveArticle(ctx, old, time.Now().Add(-72*time.Hour)); err != nil {
				t.Fatal(err)
			}
			st.Close()

			s := startService(t, env)
			ready := regexp.MustCompile(`msg=ready .*`).FindString(s.errb.String())
			if !strings.Contains(ready, tc.want) {
				t.Fatalf("ready line %q, want %s in memory", ready, tc.want)
			}
			s.send("/brief halden bridge")
			s.waitFor(s.out, "Halden bridge reopens")
		})
	}
}

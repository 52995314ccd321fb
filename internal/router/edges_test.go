package router

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"brief/internal/library"
	"brief/internal/reply"
	"brief/internal/store"
)

// Changing a schedule's time keeps its zone and days; turning it off says
// how to get that very schedule back.
func TestScheduleChangesKeepTheZone(t *testing.T) {
	f := newFixture(t)
	f.r.cfg.Zone = "UTC" // the service's default differs from the channel's
	steps := []struct{ text, says string }{
		{"schedule 08:00 Europe/Berlin", "every day at 08:00 Europe/Berlin"},
		{"schedule 07:30 weekdays", "on weekdays at 07:30 Europe/Berlin"},
		{"schedule 06:45", "on weekdays at 06:45 Europe/Berlin"},
		{"schedule off", "Scheduled digests are off for this channel. /brief schedule 06:45 Europe/Berlin weekdays turns them on again."},
		{"schedule 09:00", "every day at 09:00 UTC"}, // no schedule left to keep anything from
	}
	for _, st := range steps {
		if got := all(f.do(st.text, Allow)); !strings.Contains(got, st.says) {
			t.Errorf("%q: reply lacks %q:\n%s", st.text, st.says, got)
		}
	}
}

// A malformed command gets what was wrong and its own usage line, not the
// whole help.
func TestMalformedCommandGetsItsUsage(t *testing.T) {
	f := newFixture(t)
	tests := []struct{ text, says, usage string }{
		{"schedule 25:99", `"25:99" is not a time of day`, "/brief schedule [HH:MM] [zone] [daily|weekdays]"},
		{"schedule 08:00 Mars/Olympus", `"Mars/Olympus" is not a time zone I know`, "/brief schedule [HH:MM] [zone] [daily|weekdays]"},
		{"feed add not-a-url", `"not-a-url" is not a web address`, "/brief feed add|remove|list [url]"},
		{"feed frobnicate", `/brief feed takes add, remove or list`, "/brief feed add|remove|list [url]"},
		{"show", "/brief show needs one article id", "/brief show <id>"},
		{"add", "/brief add needs one web address", "/brief add <url>"},
		{"ask", "Ask what?", "/brief ask <question>"},
		{"list everything", "/brief list takes no words", "/brief list"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := f.do(tt.text, Allow)
			if got.Kind != reply.Error || !strings.Contains(got.Summary, tt.says) {
				t.Errorf("reply %v %q; want an error saying %q", got.Kind, got.Summary, tt.says)
			}
			if len(got.Sections) != 1 || got.Sections[0].Label != tt.usage {
				t.Errorf("sections %+v; want the one usage line %q", got.Sections, tt.usage)
			}
			if text := all(got); strings.Contains(text, "/brief ask <question>") && tt.usage != "/brief ask <question>" || !strings.Contains(text, "/brief help lists every command") {
				t.Errorf("the reply repeats other commands, or does not point at /brief help:\n%s", text)
			}
		})
	}
	// A mistake of no command in particular points at the help alone.
	got := f.do(strings.Repeat("x", MaxCommandBytes+1), Allow)
	if got.Kind != reply.Error || len(got.Sections) != 0 || got.Footer != "/brief help lists every command." {
		t.Errorf("too long: %+v", got)
	}
}

func TestZonesAreForgiven(t *testing.T) {
	f := newFixture(t)
	if got := all(f.do("schedule 08:00 america/new_york", Allow)); !strings.Contains(got, "every day at 08:00 America/New_York") {
		t.Errorf("lower-case zone:\n%s", got)
	}
	if got := all(f.do("schedule 08:00 America/New_Yrok", Allow)); !strings.Contains(got, "Did you mean America/New_York?") {
		t.Errorf("misspelt zone:\n%s", got)
	}
}

// The empty library says what a person in the channel can do, and which
// folder the service reads.
func TestEmptyLibrarySaysWhatToDo(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "brief.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	lib, err := library.Open(ctx, st, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	r := New(Config{Library: lib, Store: st, ArticlesDir: "/srv/brief/articles"})
	for _, text := range []string{"", "list"} {
		got := all(r.Handle(ctx, Request{Platform: "slack", ChannelID: "C1", Text: text}))
		for _, want := range []string{"The library has no articles yet.", "/brief add <url>", "/brief feed add <url>", "/srv/brief/articles"} {
			if !strings.Contains(got, want) {
				t.Errorf("%q: reply lacks %q:\n%s", text, want, got)
			}
		}
	}
}

// An answer names its article once, whether it is given with confidence
// or as the closest passages of one article.
func TestAnswerNamesItsArticleOnce(t *testing.T) {
	f := newFixture(t)
	title := f.lib.Recent(3)[2].Headline() // the sample's
	for _, q := range []string{"ask how is Kim travelling to Russia?", "ask where could Kim and Putin meet?"} {
		got := f.do(q, Allow)
		if got.Kind != reply.Answer || len(got.Sources) != 1 || got.Sources[0].Title != title {
			t.Fatalf("%q: reply %+v", q, got)
		}
		quoted := got.Summary // the article's own words may hold its title
		for _, sec := range got.Sections {
			quoted += "\n" + sec.Text
		}
		if n := strings.Count(all(got), title) - strings.Count(quoted, title); n != 1 {
			t.Errorf("%q: the title is named %d times besides the quotes:\n%s", q, n, all(got))
		}
	}
}

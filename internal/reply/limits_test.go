package reply

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"brief/internal/textsafe"
)

func TestClip(t *testing.T) {
	tests := []struct {
		name string
		in   string
		n    int
		want string
	}{
		{"fits", "Short text.", 20, "Short text."},
		{"exact", "12345", 5, "12345"},
		{"trimmed", "  a b  ", 3, "a b"},
		{"at a sentence", "The first sentence is here. The second one is longer than the room left.", 40, "The first sentence is here. …"},
		{"at a word", "Averyveryverylongword and another word here", 30, "Averyveryverylongword and…"},
		{"word ends exactly", "alpha beta gamma", 11, "alpha beta…"},
		{"one long word", "abcdefghijklmnop", 6, "abcde…"},
		{"runes not bytes", "ééééé ééééé ééééé", 8, "ééééé…"},
		{"zero", "anything", 0, ""},
		{"one", "anything", 1, "…"},
		{"no dangling comma", "one, two, three, four, five", 12, "one, two…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Clip(tt.in, tt.n)
			if got != tt.want {
				t.Errorf("Clip(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
			}
			if utf8.RuneCountInString(got) > tt.n {
				t.Errorf("Clip(%q, %d) = %q: %d runes", tt.in, tt.n, got, utf8.RuneCountInString(got))
			}
		})
	}
}

func digestOf(n int) Reply {
	r := Reply{Kind: Digest, Title: "Your news briefing", TitleURL: "https://example.com", Summary: fmt.Sprintf("%d new articles.", n), Footer: "the footer", Visibility: Channel}
	for i := range n {
		r.Sections = append(r.Sections, Section{
			Label: fmt.Sprintf("Story %d: %s", i+1, strings.Repeat("headline ", 8)),
			Text:  strings.Repeat(fmt.Sprintf("Sentence of story %d goes on. ", i+1), 6),
			URL:   fmt.Sprintf("https://example.com/%d", i+1),
		})
	}
	return r
}

func TestSplitKeepsEverythingInOrderWithinLimits(t *testing.T) {
	for _, n := range []int{0, 1, 5, 20, 21, 40} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			r := digestOf(n)
			msgs := Split(r)
			var got []Section
			for i, m := range msgs {
				if c := Chars(m); c > MaxMessageChars {
					t.Errorf("message %d has %d chars", i, c)
				}
				if len(m.Sections) > MaxSections {
					t.Errorf("message %d has %d sections", i, len(m.Sections))
				}
				if utf8.RuneCountInString(m.Title) > MaxTitle {
					t.Errorf("message %d title %q too long", i, m.Title)
				}
				if m.Kind != Digest || m.Visibility != Channel {
					t.Errorf("message %d lost kind or visibility: %v %v", i, m.Kind, m.Visibility)
				}
				if (i == 0) != (m.Summary != "") {
					t.Errorf("message %d summary %q: only the first has it", i, m.Summary)
				}
				if (i == len(msgs)-1) != (m.Footer != "") {
					t.Errorf("message %d footer %q: only the last has it", i, m.Footer)
				}
				if len(msgs) > 1 && !strings.HasSuffix(m.Title, fmt.Sprintf("(%d/%d)", i+1, len(msgs))) {
					t.Errorf("message %d title %q is not numbered", i, m.Title)
				}
				got = append(got, m.Sections...)
			}
			if len(got) != n {
				t.Fatalf("%d sections in, %d out", n, len(got))
			}
			for i, s := range got {
				if !strings.HasPrefix(s.Label, fmt.Sprintf("Story %d:", i+1)) {
					t.Fatalf("section %d is %q: out of order", i, s.Label)
				}
			}
		})
	}
}

func TestSplitFortyArticlesTakesSeveralMessages(t *testing.T) {
	msgs := Split(digestOf(40))
	if len(msgs) < 3 {
		t.Errorf("40 long items in %d messages: expected them spread by size", len(msgs))
	}
}

func TestSplitCapsMessages(t *testing.T) {
	msgs := Split(digestOf(400))
	if len(msgs) != MaxMessagesPerPost {
		t.Fatalf("%d messages, want the cap %d", len(msgs), MaxMessagesPerPost)
	}
	last := msgs[len(msgs)-1]
	shown := 0
	for _, m := range msgs {
		shown += len(m.Sections)
	}
	if !strings.Contains(last.Summary, fmt.Sprintf("%d more items were left out", 400-shown)) {
		t.Errorf("the last message should say what was left out: %q", last.Summary)
	}
}

func TestFitClipsEveryField(t *testing.T) {
	long := strings.Repeat("word ", 2000)
	r := Fit(Reply{Title: long, Summary: long, Footer: long, Sections: []Section{{Label: long, Text: long}}, Sources: []Source{{Title: long}}})
	for name, v := range map[string]struct {
		s string
		n int
	}{
		"title": {r.Title, MaxTitle}, "summary": {r.Summary, MaxSummary}, "footer": {r.Footer, MaxLabel},
		"label": {r.Sections[0].Label, MaxLabel}, "text": {r.Sections[0].Text, MaxSectionText}, "source": {r.Sources[0].Title, MaxLabel},
	} {
		if c := utf8.RuneCountInString(v.s); c > v.n || !strings.HasSuffix(v.s, Ellipsis) {
			t.Errorf("%s: %d runes (limit %d), ends %q", name, c, v.n, v.s[max(0, len(v.s)-10):])
		}
	}
}

func TestPlainText(t *testing.T) {
	r := Reply{
		Kind: Briefing, Title: "Kim heads to Russia", TitleURL: "https://example.com/kim", Summary: "Kim is on his way.",
		Sections: []Section{{Label: "The trip", Text: "By armoured train."}},
		Sources:  []Source{{ID: "ab12cd34", Title: "Kim heads to Russia", Publisher: "BBC", Date: "2023-09-11"}},
		Footer:   "id ab12cd34",
	}
	want := "Kim heads to Russia\nhttps://example.com/kim\nBBC · 2023-09-11\n\nTL;DR: Kim is on his way.\n\n• The trip: By armoured train.\n\nid ab12cd34\n"
	if got := PlainText(r); got != want {
		t.Errorf("PlainText =\n%s\nwant\n%s", got, want)
	}
}

func FuzzClipAndSplit(f *testing.F) {
	f.Add("The first sentence. The second one is longer than the room left.", 30, 3)
	f.Add("ééé ééé", 4, 1)
	f.Add("\xff\xfe broken", 5, 50)
	f.Fuzz(func(t *testing.T, s string, n, sections int) {
		n = n % 5000
		got := Clip(s, n)
		if n >= 0 && utf8.RuneCountInString(got) > max(n, 0) {
			t.Fatalf("Clip(%q, %d) = %q: too long", s, n, got)
		}
		sections = sections % 300
		if sections < 0 {
			sections = -sections
		}
		r := Reply{Title: s, Summary: s, Footer: s}
		for i := range sections {
			r.Sections = append(r.Sections, Section{Label: fmt.Sprint(i), Text: s})
		}
		msgs := Split(r)
		kept := 0
		for _, m := range msgs {
			if Chars(m) > MaxMessageChars+MaxSummary || len(m.Sections) > MaxSections || utf8.RuneCountInString(m.Title) > MaxTitle {
				t.Fatalf("a message breaks the contract: %d chars, %d sections, title %d", Chars(m), len(m.Sections), utf8.RuneCountInString(m.Title))
			}
			kept += len(m.Sections)
		}
		if len(msgs) == 0 || len(msgs) > MaxMessagesPerPost || (len(msgs) < MaxMessagesPerPost && kept != sections) {
			t.Fatalf("%d sections in, %d kept in %d messages", sections, kept, len(msgs))
		}
	})
}

func TestFitCleansTextAndLinks(t *testing.T) {
	const hidden = "\u202A\u202E\u2066\u2069\u200B\u200D\u2060\uFEFF"
	const creds = "https://alice:secret@x.example/a?token=t0k"
	r := Fit(Reply{
		Title: "T" + hidden, TitleURL: creds, Summary: "S" + hidden, Footer: "F" + hidden,
		Sections: []Section{{Label: "L" + hidden, Text: "X" + hidden, URL: creds}},
		Sources:  []Source{{Title: "ST" + hidden, Publisher: "P" + hidden, Date: "D" + hidden, Path: "a" + hidden + ".txt", URL: creds}},
	})
	for name, got := range map[string]string{
		"title": r.Title, "summary": r.Summary, "footer": r.Footer, "label": r.Sections[0].Label, "text": r.Sections[0].Text,
		"source title": r.Sources[0].Title, "publisher": r.Sources[0].Publisher, "date": r.Sources[0].Date, "path": r.Sources[0].Path,
	} {
		if textsafe.Has(got) || got == "" {
			t.Errorf("%s = %+q", name, got)
		}
	}
	for name, got := range map[string]string{"title url": r.TitleURL, "section url": r.Sections[0].URL, "source url": r.Sources[0].URL} {
		if got != "https://x.example/a?token=redacted" {
			t.Errorf("%s = %q", name, got)
		}
	}
}

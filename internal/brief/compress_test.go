package brief

import "testing"

func TestCompress(t *testing.T) {
	tests := []struct {
		name string
		in   string
		opts compressOpts
		want string
	}{
		{"attribution frame keeps what was reported",
			"Citing unnamed South Korean government sources, the Chosun Ilbo newspaper reported that the armored train likely left Pyongyang on Sunday afternoon and that a meeting between Kim and Putin is possible as soon as Tuesday.",
			compressOpts{}, "The armored train likely left Pyongyang on Sunday afternoon and a meeting between Kim and Putin is possible as soon as Tuesday."},
		{"trailing attribution",
			"A summit between Kim and Putin would likely focus on military cooperation and possibly an arms supply deal, U.S. and South Korean officials and analysts have said.",
			compressOpts{}, "A summit between Kim and Putin would likely focus on military cooperation and possibly an arms supply deal."},
		{"according to, inside",
			"Kim Jong Un is traveling by train to Russia to discuss a possible arms deal, according to reports, and the Kremlin confirmed the invitation.",
			compressOpts{keepFrame: true}, "Kim Jong Un is traveling by train to Russia to discuss a possible arms deal, and the Kremlin confirmed the invitation."},
		{"it emerged that",
			"It emerged today that the council had spent £2m on consultants over three years.",
			compressOpts{}, "The council had spent £2m on consultants over three years."},
		{"police said that",
			"Greater Manchester Police said today that the 14-year-old was first arrested on April 2 after officers intercepted messages.",
			compressOpts{}, "The 14-year-old was first arrested on April 2 after officers intercepted messages."},
		{"a reaction keeps its speaker",
			"Jon Finer told reporters on Sunday that buying weapons from North Korea “may be the best and only option” open to Moscow.",
			compressOpts{keepSpeaker: true}, "Jon Finer told reporters on Sunday that buying weapons from North Korea “may be the best and only option” open to Moscow."},
		{"leading connective and parenthetical",
			"However, the Securities and Exchange Commission (SEC) has yet to rule on the merger of the two firms.",
			compressOpts{}, "The Securities and Exchange Commission has yet to rule on the merger of the two firms."},
		{"age appositive and dashes",
			"Kelly Parsons, 35, from London -- a dental nurse -- has donated 50 of her eggs to help couples conceive.",
			compressOpts{}, "Kelly Parsons from London has donated 50 of her eggs to help couples conceive."},
		{"a frame inside a quotation stays",
			"“The police said that nothing could be done,” she wrote, describing the night her shop was burgled by two men.",
			compressOpts{}, "“The police said that nothing could be done,” she wrote, describing the night her shop was burgled by two men."},
		{"too short to cut stays",
			"Officials said that it rained.",
			compressOpts{}, "Officials said that it rained."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := compress(tt.in, tt.opts); got != tt.want {
				t.Errorf("compress\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestCompressLongSentence(t *testing.T) {
	in := "The council voted on Wednesday night to build a tidal barrier across the mouth of the harbour, ending a decade of arguments over how to protect the old town from flooding, which has grown worse almost every winter since the storms of 2014 destroyed the sea wall and flooded more than two hundred homes along the front."
	got := compress(in, compressOpts{})
	if n := words(got); n > maxPointWords || n < 8 {
		t.Errorf("compress gave %d words: %q", n, got)
	}
	if !wordSubsequence(got, in) {
		t.Errorf("%q is not a subsequence of %q", got, in)
	}
}

// FuzzCompress checks that compression only ever deletes: the words of
// its output are the words of its input, in order.
func FuzzCompress(f *testing.F) {
	f.Add("Citing sources, the paper reported that the train left on Sunday and that they met.", false)
	f.Add("However, the SEC (a regulator), officials said, will rule -- perhaps -- soon, police said.", true)
	f.Add("“He said that,” she said, according to reports.", false)
	f.Add("He did 2,000 sit ups, 1,000 each morning, and 500,000 more.", false)
	f.Fuzz(func(t *testing.T, s string, keep bool) {
		got := compress(s, compressOpts{keepSpeaker: keep})
		if !wordSubsequence(got, s) {
			t.Fatalf("compress(%q) = %q: not a subsequence", s, got)
		}
	})
}

func TestCompressTrailingAttribution(t *testing.T) {
	for _, in := range []string{
		"The bridge will reopen in the spring after repairs costing £3m, officials said.",
		"The bridge will reopen in the spring after repairs costing £3m, the council said on Monday.",
		"The bridge will reopen in the spring after repairs costing £3m, according to the council.",
	} {
		if got, want := compress(in, compressOpts{}), "The bridge will reopen in the spring after repairs costing £3m."; got != want {
			t.Errorf("compress(%q) = %q, want %q", in, got, want)
		}
	}
}

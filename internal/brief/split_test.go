package brief

import (
	"slices"
	"testing"
)

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{
			name: "abbreviation U.S. mid-sentence",
			in:   "U.S. officials released intelligence last week. The Kremlin confirmed the meeting on Monday.",
			want: []string{"U.S. officials released intelligence last week.", "The Kremlin confirmed the meeting on Monday."},
		},
		{
			name: "U.S. ends a sentence before a sentence opener",
			in:   "The talks will be held in the U.S. The date is not set.",
			want: []string{"The talks will be held in the U.S.", "The date is not set."},
		},
		{
			name: "titles and ranks",
			in:   "Mr. Smith met Gen. Milley and Dr. Jones on Feb. 3. They talked for an hour.",
			want: []string{"Mr. Smith met Gen. Milley and Dr. Jones on Feb. 3.", "They talked for an hour."},
		},
		{
			name: "times of day",
			in:   "The polls close at 8 p.m. on Tuesday. Results follow at 6 a.m. The count is slow.",
			want: []string{"The polls close at 8 p.m. on Tuesday.", "Results follow at 6 a.m.", "The count is slow."},
		},
		{
			name: "decimals and money",
			in:   "Profits jumped 76% to $1.13bn (£600m). Sales rose 6.4% to $42.09bn.",
			want: []string{"Profits jumped 76% to $1.13bn (£600m).", "Sales rose 6.4% to $42.09bn."},
		},
		{
			name: "initials",
			in:   "The book by J. K. Rowling sold well. George W. Bush read it.",
			want: []string{"The book by J. K. Rowling sold well.", "George W. Bush read it."},
		},
		{
			name: "closing quotes stay with their sentence",
			in:   "“We will win,” he said. “It is over.” The crowd cheered.",
			want: []string{"“We will win,” he said.", "“It is over.”", "The crowd cheered."},
		},
		{
			name: "straight quotes and question marks",
			in:   `She asked: "Why now?" Nobody answered. Is it over? Yes!`,
			want: []string{`She asked: "Why now?"`, "Nobody answered.", "Is it over?", "Yes!"},
		},
		{
			name: "ellipsis before lower case continues",
			in:   "He paused... and then left. Later... Nothing happened.",
			want: []string{"He paused... and then left.", "Later...", "Nothing happened."},
		},
		{
			name: "dashes do not split",
			in:   "Russia – along with China – has blocked the plan. Moscow said no.",
			want: []string{"Russia – along with China – has blocked the plan.", "Moscow said no."},
		},
		{
			name: "lower case after a stray period does not split",
			in:   "The missiles are designed to target the United States. continent. The end.",
			want: []string{"The missiles are designed to target the United States. continent.", "The end."},
		},
		{
			name: "one sentence per line",
			in:   "Shares fell 3%.\nTraders were nervous.\nThe index closed lower.",
			want: []string{"Shares fell 3%.", "Traders were nervous.", "The index closed lower."},
		},
		{
			name: "wrapped line joins its sentence",
			in:   "The company said it would cut\n500 jobs by March. Unions objected.",
			want: []string{"The company said it would cut 500 jobs by March.", "Unions objected."},
		},
		{
			name: "no terminal punctuation",
			in:   "A sentence without an end",
			want: []string{"A sentence without an end"},
		},
		{
			name: "company suffix",
			in:   "Shares of Acme Inc. rose 5%. Acme Corp. and Foo Ltd. fell.",
			want: []string{"Shares of Acme Inc. rose 5%.", "Acme Corp. and Foo Ltd. fell."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SplitSentences(tt.in)
			if !slices.Equal(got, tt.want) {
				t.Errorf("SplitSentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestWordsAndTerms(t *testing.T) {
	if got, want := Words("Kim’s train, U.S.-bound: 1.13bn!"), []string{"kim", "s", "train", "u", "s", "bound", "1", "13bn"}; !slices.Equal(got, want) {
		t.Errorf("Words = %q, want %q", got, want)
	}
	if got, want := Terms("The leaders were meeting in Vladivostok"), []string{"leader", "meet", "vladivostok"}; !slices.Equal(got, want) {
		t.Errorf("Terms = %q, want %q", got, want)
	}
}

func FuzzSplitSentences(f *testing.F) {
	for _, s := range []string{"U.S. officials met. The end.", "“Hi,” he said. ‘Bye.’", "a. . b", "...", "Mr.", "\n\n.\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, sent := range SplitSentences(s) {
			if sent == "" {
				t.Fatalf("empty sentence from %q", s)
			}
		}
	})
}

package brief

import (
	"slices"
	"strings"
	"testing"
)

func TestClean(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{
			name: "caption paragraph and pictured note",
			in: "Kim left Pyongyang on Sunday.\n\n" +
				"Kim Jong Un is traveling by train. It will be the first meeting since April 2019 (pictured)\n\n" +
				"Defense Minister Sergei Shoigu (pictured, left) made a rare visit in July.",
			want: []string{"Kim left Pyongyang on Sunday.", "Defense Minister Sergei Shoigu made a rare visit in July."},
		},
		{
			name: "parentheses that are not photo notes stay",
			in:   "The Securities Exchange Commission (SEC) is close to concluding. The party (right) wing objected.",
			want: []string{"The Securities Exchange Commission (SEC) is close to concluding.", "The party (right) wing objected."},
		},
		{
			name: "repeated paragraph reworded by a scraper",
			in: "Speculation grew after Russian Defense Minister Sergei Shoigu made a rare visit to North Korea in July, when Kim invited him to an exhibition of weapons.\n\n" +
				"Kim toured factories.\n\n" +
				"But speculation grew after Russian Defense Minister Sergei Shoigu made a rare visit to North Korea in July, when Kim invited him to a weapons exhibition.",
			want: []string{
				"Speculation grew after Russian Defense Minister Sergei Shoigu made a rare visit to North Korea in July, when Kim invited him to an exhibition of weapons.",
				"Kim toured factories.",
			},
		},
		{
			name: "repeated sentence",
			in:   "Sales rose 2% to $11.1bn.\nProfits fell.\n\nSales rose 2% to $11.1bn.",
			want: []string{"Sales rose 2% to $11.1bn.", "Profits fell."},
		},
		{
			name: "scraper debris",
			in:   "It hinted at sending workers to those areas. to assist with rebuilding efforts. .\n\nSupplies would go via a small rail link between countries. , they say.",
			want: []string{"It hinted at sending workers to those areas. to assist with rebuilding efforts.", "Supplies would go via a small rail link between countries, they say."},
		},
		{
			name: "byline, stamp and boilerplate",
			in:   "By Jane Doe and John Smith, Reuters\n\nPublished: 10:14 EDT, 11 September 2023\n\nThe central bank raised rates.\n\nAdvertisement\n\nRead more: Why rates matter\n\nMarkets fell.",
			want: []string{"The central bank raised rates.", "Markets fell."},
		},
		{
			name: "a sentence starting with By is not a byline",
			in:   "By Tuesday the floods had reached the capital.",
			want: []string{"By Tuesday the floods had reached the capital."},
		},
		{
			name: "dateline",
			in:   "WASHINGTON (AP) — The Senate passed the bill on Friday.",
			want: []string{"The Senate passed the bill on Friday."},
		},
		{
			name: "photo credit",
			in:   "Protesters gather in the square. (Photo by John Doe/Getty Images)\n\nThe protest was peaceful.",
			want: []string{"The protest was peaceful."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := Clean(tt.in)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Clean\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestCleanKeepsEveryStorySentence(t *testing.T) {
	// A clean article loses nothing: every sentence survives.
	body := "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m) for the three months to December.\n" +
		"The firm, which is now one of the biggest investors in Google, benefited from sales of high-speed internet connections.\n\n" +
		"Time Warner said on Friday that it now owns 8% of search-engine Google.\n" +
		"But its own internet business, AOL, had has mixed fortunes.\n" +
		"It lost 464,000 subscribers in the fourth quarter.\n\n" +
		"\"Our financial performance was strong,\" chairman Richard Parsons said."
	got, paras := Clean(body)
	if len(got) != 6 {
		t.Fatalf("Clean kept %d sentences, want 6: %q", len(got), got)
	}
	if want := []int{0, 0, 1, 1, 1, 2}; !slices.Equal(paras, want) {
		t.Errorf("paragraphs = %v, want %v", paras, want)
	}
}

func FuzzClean(f *testing.F) {
	f.Add("Kim (pictured) left.\n\nBy Jane Doe\n\nAdvertisement\n\nIt ended. .")
	f.Add("a\n\na\n\n. , .")
	f.Fuzz(func(t *testing.T, s string) {
		sents, paras := Clean(s)
		if len(sents) != len(paras) {
			t.Fatalf("%d sentences but %d paragraph indices", len(sents), len(paras))
		}
		for _, x := range sents {
			if strings.TrimSpace(x) == "" {
				t.Fatalf("empty sentence from %q", s)
			}
		}
	})
}

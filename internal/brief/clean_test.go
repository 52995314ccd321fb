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
			// The caption's facts the text does not tell are kept after it.
			want: []string{"Kim left Pyongyang on Sunday.", "Defense Minister Sergei Shoigu made a rare visit in July.",
				"Kim Jong Un is traveling by train.", "It will be the first meeting since April 2019."},
		},
		{
			name: "parentheses that are not photo notes stay",
			in:   "The Securities Exchange Commission (SEC) is close to concluding. The party (right-wing since 2019) objected. Temperatures rose (above 30C).",
			want: []string{"The Securities Exchange Commission (SEC) is close to concluding.", "The party (right-wing since 2019) objected.", "Temperatures rose (above 30C)."},
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

// TestCleanFlattened reads text as scrapers deliver it: a whole story on
// one line, page blocks joined by " . ", captions glued to sentences. The
// cases are written in the style of the development sets, not copied.
func TestCleanFlattened(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{
			name: "video prompt between blocks",
			in:   "A family was rescued from a flooded car on Tuesday. . Scroll down for video  . Firefighters reached the car within minutes of the call.",
			want: []string{"A family was rescued from a flooded car on Tuesday.", "Firefighters reached the car within minutes of the call."},
		},
		{
			name: "video prompt glued to a sentence",
			in:   "The comet passed close to the sun last week. Scroll down for video Astronomers in Chile filmed the comet as it passed.",
			want: []string{"The comet passed close to the sun last week.", "Astronomers in Chile filmed the comet as it passed."},
		},
		{
			name: "caption lead-in restating the text is dropped",
			in:   "Police arrested a teenager in Leeds on suspicion of planning an attack. Arrest: Police arrested a teenager in Leeds on suspicion of planning an attack (file photo) Officers said the boy was 15.",
			want: []string{"Police arrested a teenager in Leeds on suspicion of planning an attack.", "Officers said the boy was 15."},
		},
		{
			name: "caption with a new fact is kept after the story",
			in:   "The museum reopened on Monday after a two-year refit. Grand reopening: The mayor cut the ribbon in front of three hundred guests. Visitors queued from dawn.",
			want: []string{"The museum reopened on Monday after a two-year refit.", "Visitors queued from dawn.", "The mayor cut the ribbon in front of three hundred guests."},
		},
		{
			name: "photo appositives and position notes",
			in:   "Len Watson, pictured left with his wife Emily, topped the list of the richest people in Wales. His brother (right) came second. Councillor Ann Hope (pictured) said the figures were no surprise.",
			want: []string{"Len Watson topped the list of the richest people in Wales.", "His brother came second.", "Councillor Ann Hope said the figures were no surprise."},
		},
		{
			name: "a note whose bracket was lost",
			in:   "The nurse has helped five couples. Jane Smith, 35, from Leeds (pictured with daughters Amy, four, (left) and Beth (right) has donated 40 eggs to strangers.",
			want: []string{"The nurse has helped five couples.", "Jane Smith, 35, from Leeds has donated 40 eggs to strangers."},
		},
		{
			name: "caption sentences that only describe a photo",
			in:   "Jurgen Meyer praised his players after their victory against Bremen. Jurgen Meyer (centre) celebrates with his players after their victory against Bremen . Soldiers pictured during the campaign, which left thousands dead. The club moved up to third place.",
			want: []string{"Jurgen Meyer praised his players after their victory against Bremen.", "The club moved up to third place."},
		},
		{
			name: "position lead-ins",
			in:   "The family lost their home in the fire. From left, Tom, 11, Lucy, 7, and Matt, 10, stand outside the ruins of the house. They are staying with relatives.",
			want: []string{"The family lost their home in the fire.", "They are staying with relatives.", "Tom, 11, Lucy, 7, and Matt, 10, stand outside the ruins of the house."},
		},
		{
			name: "headings, read-more links and comment widgets",
			in:   "The bank raised rates for the third time this year. . FIVE THINGS TO KNOW . READ MORE: Why the pound keeps falling . Savers will see better returns from next month. Sorry we are not currently accepting comments on this article.",
			want: []string{"The bank raised rates for the third time this year.", "Savers will see better returns from next month."},
		},
		{
			name: "stat boxes",
			in:   "United won the derby with a late goal. Rovers (4-4-2): Lewis; Hall, Clarke (Maher 50), Dunne; Cubero, Perkins; Madine. Calories: 184 . Ref: C. Pawson. Att: 33,708. The win lifts United to fourth.",
			want: []string{"United won the derby with a late goal.", "The win lifts United to fourth."},
		},
		{
			name: "sentences run together without a full stop",
			in:   "The boy was taken to hospital with minor injuries He is expected to make a full recovery. Doctors praised his parents for acting quickly.",
			want: []string{"The boy was taken to hospital with minor injuries.", "He is expected to make a full recovery.", "Doctors praised his parents for acting quickly."},
		},
		{
			name: "agency tag before the first word",
			in:   "(CNN)A massive storm hit the coast on Friday, cutting power to thousands.",
			want: []string{"A massive storm hit the coast on Friday, cutting power to thousands."},
		},
		{
			name: "a later, shorter restatement of a sentence is dropped",
			in:   "Kelly injected herself twice a day with drugs to stimulate her ovaries, and after a few months she had enough eggs to donate. Kelly injected herself twice a day with drugs to stimulate her ovaries. She donated three times.",
			want: []string{"Kelly injected herself twice a day with drugs to stimulate her ovaries, and after a few months she had enough eggs to donate.", "She donated three times."},
		},
		{
			name: "story sentences that look like furniture stay",
			in:   "The Hague court will rule next week. She read The Times every morning. Shares rose 2% in early trading. He said: 'We will appeal.' The message was clear: the council must act.",
			want: []string{"The Hague court will rule next week.", "She read The Times every morning.", "Shares rose 2% in early trading.", "He said: 'We will appeal.'", "The message was clear: the council must act."},
		},
		{
			name: "a one-line story without a final period",
			in:   "Residents of the village voted to keep their post office open, after a campaign that lasted two years and drew support from across the county",
			want: []string{"Residents of the village voted to keep their post office open, after a campaign that lasted two years and drew support from across the county."},
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

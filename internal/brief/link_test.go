package brief

import "testing"

func TestTextFragmentLink(t *testing.T) {
	tests := []struct{ name, url, quote, want string }{
		{"no URL", "", "Anything.", ""},
		{"short quote whole",
			"https://news.example/a", "The Kremlin confirmed the meeting on Monday.",
			"https://news.example/a#:~:text=The%20Kremlin%20confirmed%20the%20meeting%20on%20Monday"},
		{"long quote by its ends, dashes and commas escaped",
			"https://news.example/a#top", "Kim Jong Un, the North Korean leader, is traveling by armoured train to a well-guarded station in Vladivostok, officials said.",
			"https://news.example/a#:~:text=Kim%20Jong%20Un%2C%20the,in%20Vladivostok%2C%20officials%20said"},
		{"dashes escaped",
			"https://news.example/a", "A well-known trader sold shares.",
			"https://news.example/a#:~:text=A%20well%2Dknown%20trader%20sold%20shares"},
		{"non-ASCII as UTF-8",
			"https://news.example/a", "Putin’s “war” goes on.",
			"https://news.example/a#:~:text=Putin%E2%80%99s%20%E2%80%9Cwar%E2%80%9D%20goes%20on"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := TextFragmentLink(tt.url, tt.quote); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestPointsLinkToTheirQuote(t *testing.T) {
	a := loadSample(t)
	a.URL = "https://news.example/kim-train"
	for _, p := range Brief(a).Points {
		if want := TextFragmentLink(a.URL, p.Quote); p.Link != want || p.Link == "" {
			t.Errorf("point %q link %q, want %q", p.Label, p.Link, want)
		}
	}
	a.URL = ""
	for _, p := range Brief(a).Points {
		if p.Link != "" {
			t.Errorf("point %q has link %q without an article URL", p.Label, p.Link)
		}
	}
}

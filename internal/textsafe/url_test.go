package textsafe

import (
	"strings"
	"testing"
)

func TestRedactURL(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"nothing to hide", "https://news.example/2026/03/kim.html?page=2#top", "https://news.example/2026/03/kim.html?page=2#top"},
		{"user and password", "http://alice:secret@host.example/page", "http://host.example/page"},
		{"user only", "https://alice@host.example/", "https://host.example/"},
		{"password with an at sign", "https://alice:p%40ss@host.example:8443/x", "https://host.example:8443/x"},
		{"token parameter", "https://feeds.example/rss?token=abc123&lang=en", "https://feeds.example/rss?token=redacted&lang=en"},
		{"access_token and api_key", "https://x.example/?access_token=a&api_key=b&q=kim", "https://x.example/?access_token=redacted&api_key=redacted&q=kim"},
		{"camelCase and joined names", "https://x.example/?apiKey=a&apikey=b&clientSecret=c&accesstoken=d", "https://x.example/?apiKey=redacted&apikey=redacted&clientSecret=redacted&accesstoken=redacted"},
		{"signatures", "https://s3.example/o?X-Amz-Signature=ff&X-Amz-Credential=AK%2F1&sig=zz&X-Amz-Date=1", "https://s3.example/o?X-Amz-Signature=redacted&X-Amz-Credential=redacted&sig=redacted&X-Amz-Date=1"},
		{"password and secret", "https://x.example/?password=hunter2&Secret=s&pwd=p", "https://x.example/?password=redacted&Secret=redacted&pwd=redacted"},
		{"names that only look alike stay", "https://x.example/?keyword=kim&design=1&signal=2&monkeys=3", "https://x.example/?keyword=kim&design=1&signal=2&monkeys=3"},
		{"a token in the fragment", "https://app.example/cb#access_token=xyz&state=1", "https://app.example/cb#access_token=redacted&state=1"},
		{"both at once", "http://u:p@x.example/?token=t", "http://x.example/?token=redacted"},
		{"no scheme", "alice:secret@host.example/page", "host.example/page"},
		{"unparseable, with credentials", "http://alice:secret@host.example:badport/x?key=k", "http://host.example:badport/x?key=redacted"},
		{"an at sign in the path is not a user", "https://medium.example/@writer/story", "https://medium.example/@writer/story"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := RedactURL(tt.in)
			if got != tt.want {
				t.Errorf("RedactURL(%q) = %q, want %q", tt.in, got, tt.want)
			}
			for _, secret := range []string{"secret", "hunter2", "abc123", "p%40ss"} {
				if strings.Contains(tt.in, secret) && strings.Contains(got, secret) {
					t.Errorf("RedactURL(%q) = %q still holds %q", tt.in, got, secret)
				}
			}
		})
	}
}

func TestHasCredentials(t *testing.T) {
	for in, want := range map[string]bool{
		"http://alice:secret@host.example/page": true,
		"https://alice@host.example/":           true,
		"alice:secret@host.example/page":        true,
		"http://a:b@host.example:bad/":          true,
		"https://medium.example/@writer/story":  false,
		"https://news.example/?token=x":         false,
		"":                                      false,
	} {
		if got := HasCredentials(in); got != want {
			t.Errorf("HasCredentials(%q) = %v, want %v", in, got, want)
		}
	}
}

func FuzzRedactURL(f *testing.F) {
	f.Add("http://alice:secret@host.example/page?token=t#sig=s")
	f.Add("alice:secret@host")
	f.Add("http://[::1]:80/?key")
	f.Fuzz(func(t *testing.T, raw string) {
		got := RedactURL(raw)
		if HasCredentials(got) {
			t.Fatalf("RedactURL(%q) = %q still has a user name or password", raw, got)
		}
		if again := RedactURL(got); again != got {
			t.Fatalf("RedactURL is not idempotent: %q → %q → %q", raw, got, again)
		}
	})
}

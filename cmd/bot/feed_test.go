package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"brief/internal/store"
)

// rssServer serves an RSS feed whose items the test can add to, and each
// item's page.
type rssServer struct {
	*httptest.Server
	mu    sync.Mutex
	items []string
}

func newRSSServer(t *testing.T, items ...string) *rssServer {
	t.Helper()
	s := &rssServer{items: items}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if r.URL.Path == "/" {
			// The site's front page names its feed.
			fmt.Fprint(w, `<html><head><title>Harbour Gazette</title><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head><body><p>News</p></body></html>`)
			return
		}
		if r.URL.Path != "/rss.xml" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Gazette</title><link>`+s.URL+`/</link><description>News</description>`)
		for i := len(s.items) - 1; i >= 0; i-- {
			title := s.items[i]
			fmt.Fprintf(w, `<item><title>%s</title><link>%s/story/%d</link><guid>story-%d</guid><pubDate>%s</pubDate><description>%s</description></item>`,
				title, s.URL, i, i, time.Now().Add(-time.Duration(len(s.items)-i)*time.Hour).UTC().Format(time.RFC1123Z), storyBody(title))
		}
		fmt.Fprint(w, `</channel></rss>`)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *rssServer) add(title string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items = append(s.items, title)
}

// storyBody is a feed item's full text (no teaser: no page fetch needed).
func storyBody(title string) string {
	return fmt.Sprintf("&lt;p&gt;%s, officials said on Tuesday in a statement to the harbour council.&lt;/p&gt;&lt;p&gt;The council said the decision about %s followed months of talks with residents and local businesses.&lt;/p&gt;&lt;p&gt;A final vote on %s is expected next month, and residents can comment until then.&lt;/p&gt;",
		title, strings.ToLower(title), strings.ToLower(title))
}

func TestFeedAddThenRunTakesNewItemsOnce(t *testing.T) {
	feed := newRSSServer(t, "Harbour ferry fares frozen", "New lighthouse keeper named")
	env := serviceEnv(t)
	env["BRIEF_ALLOW_PRIVATE_NETWORKS"] = "true" // the feed is on loopback
	url := feed.URL + "/rss.xml"

	out, stderr, err := runBot(t, env, "feed", "add", url)
	if err != nil || !strings.Contains(out, "Subscribed the console to Harbour Gazette") || !strings.Contains(out, "Its 2 current items are in the library") {
		t.Fatalf("feed add: %v\n%s\n%s", err, out, stderr)
	}
	if _, stderr, err := runBot(t, env, "feed", "add", url); err == nil || !strings.Contains(err.Error(), "already follows") {
		t.Errorf("second feed add: %v %s", err, stderr)
	}
	if out, _, _ := runBot(t, env, "feed", "list"); !strings.Contains(out, url) {
		t.Errorf("feed list: %s", out)
	}

	// A new item appears, and the feed's next poll comes due (as if its
	// interval had passed).
	feed.add("Harbour bridge to close for repairs")
	makeDue(t, env, url)

	s := startService(t, env)
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(s.out.String(), "Harbour bridge to close for repairs") && time.Now().Before(deadline) {
		s.send("/brief")
		time.Sleep(300 * time.Millisecond)
	}
	digest := lastReply(s.out.String())
	if !strings.Contains(digest, "Harbour bridge to close for repairs") {
		t.Fatalf("the new item never reached the digest:\n%s\n%s", s.out.String(), s.errb.String())
	}
	for _, old := range []string{"Harbour ferry fares frozen", "New lighthouse keeper named"} {
		if strings.Contains(digest, old) {
			t.Errorf("back catalogue item %q is in the digest:\n%s", old, digest)
		}
	}
	s.stop()

	// After a restart, with the feed due again, nothing is taken twice.
	makeDue(t, env, url)
	s2 := startService(t, env)
	time.Sleep(2 * time.Second)
	s2.send("/brief list")
	list := s2.waitFor(s2.out, "Recent articles")
	if n := strings.Count(list, "Harbour bridge to close for repairs"); n != 1 {
		t.Errorf("the new item is listed %d times after a restart:\n%s", n, list)
	}
	if !strings.Contains(list, "newest of 4 articles:") {
		t.Errorf("want the sample and the feed's 3 items, stored once each:\n%s", list)
	}
}

// makeDue sets the feed's next poll in the past.
func makeDue(t *testing.T, env map[string]string, url string) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, env["BRIEF_DB"])
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	fs, err := st.FeedState(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	fs.NextPollAt = time.Now().Add(-time.Minute)
	if err := st.SaveFeedState(ctx, fs); err != nil {
		t.Fatal(err)
	}
}

// lastReply is the console output after the last digest title.
func lastReply(out string) string {
	if i := strings.LastIndex(out, "Your news briefing"); i >= 0 {
		return out[i:]
	}
	return ""
}

// bot feed manages any channel's feeds (--channel), takes a site's page
// for the one feed it names, and moves subscriptions as OPML.
func TestFeedChannelsAndOPML(t *testing.T) {
	feed := newRSSServer(t, "Harbour ferry fares frozen")
	env := serviceEnv(t)
	env["BRIEF_ALLOW_PRIVATE_NETWORKS"] = "true"
	url := feed.URL + "/rss.xml"

	out, stderr, err := runBot(t, env, "feed", "--channel", "slack:C0123ABCD", "add", feed.URL+"/")
	if err != nil {
		t.Fatalf("feed add of the site's page: %v\n%s", err, stderr)
	}
	if want := "Subscribed slack/C0123ABCD to Harbour Gazette (" + url + ", the feed that page names). Its 1 current item is in the library"; !strings.Contains(out, want) {
		t.Errorf("feed add said:\n%s\nwant %q", out, want)
	}
	// The flag may follow the action; the console's list is its own.
	if out, _, err := runBot(t, env, "feed", "list", "--channel", "slack:C0123ABCD"); err != nil || !strings.HasPrefix(out, url+"\tHarbour Gazette\t") {
		t.Errorf("feed list --channel slack:C0123ABCD: %v %q", err, out)
	}
	if out, _, _ := runBot(t, env, "feed", "list"); !strings.Contains(out, "The console has no feeds.") {
		t.Errorf("the console's feeds: %q", out)
	}

	opml, _, err := runBot(t, env, "feed", "--channel", "slack:C0123ABCD", "export")
	if err != nil || !strings.Contains(opml, `<opml version="2.0">`) || !strings.Contains(opml, `xmlUrl="`+url+`"`) {
		t.Fatalf("feed export: %v\n%s", err, opml)
	}
	file := filepath.Join(t.TempDir(), "feeds.opml")
	withBroken := strings.Replace(opml, "</body>", `<outline type="rss" text="Gone" xmlUrl="`+feed.URL+`/gone.xml"/></body>`, 1)
	if err := os.WriteFile(file, []byte(withBroken), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, err = runBot(t, env, "feed", "--channel", "discord:1200000000000000001", "import", file)
	if err == nil {
		t.Error("an import with a failing feed exits 0")
	}
	if !strings.Contains(out, "Subscribed discord/1200000000000000001 to Harbour Gazette") || !strings.Contains(out, "1 of the 2 feeds in "+file+" subscribed; 1 failed.") ||
		!strings.Contains(stderr, "bot: feed import: "+feed.URL+"/gone.xml: ") {
		t.Errorf("feed import:\n%s\n%s", out, stderr)
	}
	// Imported again: nothing new, nothing failing but the broken one.
	out, _, _ = runBot(t, env, "feed", "--channel", "discord:1200000000000000001", "import", file)
	if !strings.Contains(out, "Already subscribed to "+url) {
		t.Errorf("second import:\n%s", out)
	}

	for _, args := range [][]string{
		{"feed", "--channel", "slack:#general", "list"},
		{"feed", "--channel", "C0123ABCD", "list"},
	} {
		if _, _, err := runBot(t, env, args...); err == nil || !strings.Contains(err.Error(), "feed: --channel:") {
			t.Errorf("%v: %v", args, err)
		}
	}
	if _, _, err := runBot(t, env, "feed", "import"); err == nil || !strings.Contains(err.Error(), "import FILE.opml") {
		t.Errorf("feed import without a file: %v", err)
	}
}

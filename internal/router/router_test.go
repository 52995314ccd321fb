package router

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // zones for schedules, whatever the machine has

	"brief/internal/articlefile"
	"brief/internal/brief"
	"brief/internal/channel"
	"brief/internal/library"
	"brief/internal/reply"
	"brief/internal/store"
)

var testNow = time.Date(2026, 11, 29, 6, 0, 0, 0, time.UTC)

const spyware = `Microsoft seeking spyware trojan

Microsoft is investigating a trojan program that attempts to switch off the firm's anti-spyware software.

The spyware tool was only released by Microsoft in the last few weeks and has been downloaded by six million people.

Stephen Toulouse, a security manager at Microsoft, said the malicious program was called Bankash-A Trojan and was being sent as an e-mail attachment.
`

const rail = `Rail fares to rise by 3 percent in January

Rail fares in England will rise by an average of 3 percent from January, the train operators said on Tuesday.

Passenger groups said the rise would hit commuters who have already seen years of increases.

The government said the cap on regulated fares would stay in place.
`

// fakePages stands in for the web: /spyware is the spyware article, /index
// is not an article, anything else fails.
type fakePages struct{ lib *library.Library }

func (p fakePages) Page(ctx context.Context, url string) (*brief.Article, error) {
	switch {
	case strings.HasSuffix(url, "/spyware"):
		e, _ := p.lib.Match("spyware trojan")
		return e.Article, nil
	case strings.HasSuffix(url, "/index"):
		return nil, &reply.UserError{Msg: url + " is not an article: it has no story text.", Err: errors.New("extract: no article")}
	}
	return nil, errors.New("fetch: connection refused")
}

// fakeFeeds keeps subscriptions in memory.
type fakeFeeds struct {
	subs map[channel.Key][]store.Feed
}

func (f *fakeFeeds) Subscribe(ctx context.Context, ch channel.Key, url string) (store.Feed, int, error) {
	if strings.Contains(url, "notafeed") {
		return store.Feed{}, 0, &reply.UserError{Msg: url + " is not a feed."}
	}
	feed := store.Feed{URL: url, Title: "Example News", SubscribedAt: testNow}
	n := 12
	if strings.HasSuffix(url, "/site") { // a page that names its one feed
		feed.URL, feed.Title, n = "https://example.com/site/feed.xml", "Site News", 1
	}
	f.subs[ch] = append(f.subs[ch], feed)
	return feed, n, nil
}

func (f *fakeFeeds) Unsubscribe(ctx context.Context, ch channel.Key, url string) (bool, error) {
	for i, feed := range f.subs[ch] {
		if feed.URL == url {
			f.subs[ch] = append(f.subs[ch][:i], f.subs[ch][i+1:]...)
			return true, nil
		}
	}
	return false, nil
}

func (f *fakeFeeds) Feeds(ctx context.Context, ch channel.Key) ([]store.Feed, error) {
	return f.subs[ch], nil
}

type fixture struct {
	r        *Router
	st       *store.Store
	lib      *library.Library
	observed []string
	planned  int
}

func (f *fixture) Plan(context.Context) error { f.planned++; return nil }

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, "brief.db"), store.WithClock(func() time.Time { return testNow }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	lib, err := library.Open(ctx, st, func() time.Time { return testNow.Add(-time.Hour) })
	if err != nil {
		t.Fatal(err)
	}
	sample, err := articlefile.ReadFile("../../articles/2023-09-11-kim-jong-un-train-to-russia.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []*brief.Article{sample, parse(t, "spyware.txt", spyware), parse(t, "rail.txt", rail)} {
		if _, _, err := lib.Add(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	f := &fixture{st: st, lib: lib}
	f.r = New(Config{
		Library: lib, Store: st, Zone: "Europe/Berlin",
		Now:     func() time.Time { return testNow },
		Planner: f,
		Pages:   fakePages{lib},
		Feeds:   &fakeFeeds{subs: map[channel.Key][]store.Feed{}},
		Observe: func(cmd string, _ time.Duration, outcome string) { f.observed = append(f.observed, cmd+":"+outcome) },
	})
	return f
}

func parse(t *testing.T, name, text string) *brief.Article {
	t.Helper()
	a, err := articlefile.Parse(name, []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func (f *fixture) do(text string, auth Authorizer) reply.Reply {
	return f.r.Handle(context.Background(), Request{Platform: "console", ChannelID: "console", Text: text, Auth: auth})
}

// all is the reply's text, as a user would read it.
func all(r reply.Reply) string { return reply.PlainText(r) }

func TestRouterCommands(t *testing.T) {
	f := newFixture(t)
	sampleID := f.lib.Recent(3)[2].Meta.ID
	tests := []struct {
		name string
		text string
		kind reply.Kind
		vis  reply.Visibility
		says []string
	}{
		{"help", "help", reply.Help, reply.Caller, []string{"/brief ask <question>", "/brief schedule", "/brief show <id>"}},
		{"digest", "", reply.Digest, reply.Caller, []string{"3 new articles", "Kim", "Microsoft", "Rail fares"}},
		{"share", "share", reply.Digest, reply.Channel, []string{"3 new articles"}},
		{"brief words", "microsoft trojan", reply.Briefing, reply.Caller, []string{"TL;DR", "Microsoft"}},
		{"brief no match", "volcano eruption iceland", reply.Notice, reply.Caller, []string{"No article matches"}},
		{"ask answered", "ask where could Kim and Putin meet?", reply.Answer, reply.Caller, []string{"Vladivostok"}},
		{"ask by train", "ask how is Kim travelling to Russia?", reply.Answer, reply.Caller, []string{"train"}},
		{"ask not covered", "ask who won the football match last night?", reply.Answer, reply.Caller, []string{NotFound}},
		{"list", "list", reply.List, reply.Caller, []string{"Recent articles", sampleID, "Rail fares"}},
		{"show", "show " + sampleID, reply.Briefing, reply.Caller, []string{"id " + sampleID}},
		{"show prefix", "show " + sampleID[:5], reply.Briefing, reply.Caller, []string{"id " + sampleID}},
		{"show unknown", "show ffffffff", reply.Notice, reply.Caller, []string{"No article has the id ffffffff"}},
		{"add", "add https://example.com/spyware", reply.Briefing, reply.Caller, []string{"Microsoft", "Already in the library as"}},
		{"add a non-article", "add https://example.com/index", reply.Error, reply.Caller, []string{"is not an article"}},
		{"add fails", "add https://example.com/down", reply.Error, reply.Caller, []string{"went wrong on our side"}},
		{"feed list empty", "feed list", reply.Notice, reply.Caller, []string{"no feeds"}},
		{"malformed gets help", "schedule 25:99", reply.Error, reply.Caller, []string{`"25:99" is not a time of day`, "/brief help"}},
		{"ask nothing", "ask", reply.Error, reply.Caller, []string{"Ask what?"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := f.do(tt.text, Allow)
			if got.Kind != tt.kind || got.Visibility != tt.vis {
				t.Errorf("%q: kind %v visibility %v, want %v %v:\n%s", tt.text, got.Kind, got.Visibility, tt.kind, tt.vis, all(got))
			}
			text := all(got)
			for _, s := range tt.says {
				if !strings.Contains(text, s) {
					t.Errorf("%q: reply lacks %q:\n%s", tt.text, s, text)
				}
			}
		})
	}
}

func TestAnswerQuotesItsSource(t *testing.T) {
	f := newFixture(t)
	a := f.lib.Recent(3)[2].Article
	quotes := func(text string) bool {
		for _, s := range a.Sentences {
			if strings.Contains(text, s) {
				return true
			}
		}
		return false
	}
	got := f.do("ask how is Kim travelling to Russia?", Allow)
	if len(got.Sources) != 1 || !strings.Contains(got.Sources[0].Path, "kim-jong-un") {
		t.Fatalf("sources %+v, want the sample article", got.Sources)
	}
	if !quotes(got.Summary) || len(got.Sections) != 0 {
		t.Errorf("answer %q quotes no sentence of the article, or comes with passages %v", got.Summary, got.Sections)
	}

	// Not sure: the closest passages, each quoted with its source.
	got = f.do("ask what could North Korea get in exchange?", Allow)
	if got.Summary != Unsure || len(got.Sections) == 0 || len(got.Sections) > 2 {
		t.Fatalf("hedged reply: summary %q, %d passages; want %q and one or two", got.Summary, len(got.Sections), Unsure)
	}
	if !strings.HasPrefix(got.Sections[0].Text, "In exchange, Kim could seek") {
		t.Errorf("first passage %q, want the sentence about what Kim could seek", got.Sections[0].Text)
	}
	for _, s := range got.Sections {
		if !quotes(s.Text) || !strings.HasPrefix(s.Label, a.Title) {
			t.Errorf("passage %+v is not quoted from the sample with its title", s)
		}
	}
	if len(got.Sources) != 1 || !strings.Contains(got.Sources[0].Path, "kim-jong-un") {
		t.Errorf("sources %+v, want the sample article once", got.Sources)
	}
}

func TestDigestSinceLastPost(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	ch, err := f.st.EnsureChannel(ctx, "console", "console", "console")
	if err != nil {
		t.Fatal(err)
	}
	slot := testNow.Add(-30 * time.Minute)
	if _, _, err := f.st.ClaimSlot(ctx, nil, ch, slot); err != nil {
		t.Fatal(err)
	}
	if err := f.st.MarkPosted(ctx, nil, ch, slot, nil, slot); err != nil {
		t.Fatal(err)
	}
	got := f.do("", Allow)
	if !strings.Contains(got.Summary, "Nothing new since the last digest") || len(got.Sections) != 3 {
		t.Errorf("after a digest, /brief should say nothing is new and show the newest:\n%s", all(got))
	}
}

func TestSchedule(t *testing.T) {
	f := newFixture(t)
	got := f.do("schedule 08:00 Europe/Berlin", Allow)
	text := all(got)
	// 06:00 UTC is 07:00 in Berlin in winter: the next post is in an hour.
	for _, s := range []string{"every day at 08:00 Europe/Berlin", "Next: Sun 29 Nov 2026 08:00 CET", "(in 1h)"} {
		if !strings.Contains(text, s) {
			t.Errorf("confirmation lacks %q:\n%s", s, text)
		}
	}
	if f.planned != 1 {
		t.Errorf("planner told %d times, want 1", f.planned)
	}
	sc, err := f.st.Schedule(context.Background(), channel.Key{Platform: "console", ID: "console"})
	if err != nil || sc.At != "08:00" || sc.Zone != "Europe/Berlin" || sc.Days != channel.Daily {
		t.Fatalf("stored schedule %+v, %v", sc, err)
	}
	if got := all(f.do("schedule", nil)); !strings.Contains(got, "every day at 08:00 Europe/Berlin") || !strings.Contains(got, "Next:") {
		t.Errorf("showing the schedule (no permission needed):\n%s", got)
	}
	if got := all(f.do("schedule 09:15 weekdays", Allow)); !strings.Contains(got, "on weekdays at 09:15 Europe/Berlin") {
		t.Errorf("default zone is the service's:\n%s", got)
	}
	if got := all(f.do("schedule off", Allow)); !strings.Contains(got, "off for this channel") {
		t.Errorf("schedule off:\n%s", got)
	}
	if got := all(f.do("schedule off", Allow)); !strings.Contains(got, "no schedule to turn off") {
		t.Errorf("second schedule off:\n%s", got)
	}
	if got := all(f.do("schedule", nil)); !strings.Contains(got, "no scheduled digest") {
		t.Errorf("after off:\n%s", got)
	}
}

func TestFeeds(t *testing.T) {
	f := newFixture(t)
	steps := []struct{ text, says string }{
		{"feed add https://example.com/rss.xml", "Subscribed to Example News. Its 12 current items are in the library"},
		{"feed add https://EXAMPLE.com/site", "Subscribed to Site News (https://example.com/site/feed.xml), the feed that page names. Its 1 current item is in the library (/brief list)"},
		{"feed list", "https://example.com/rss.xml"},
		{"feed add https://example.com/notafeed", "is not a feed"},
		{"feed remove https://example.com/rss.xml", "Unsubscribed from https://example.com/rss.xml"},
		{"feed remove https://example.com/rss.xml", "is not subscribed to"},
		{"feed remove https://example.com/site/feed.xml", "Unsubscribed from"},
		{"feed", "no feeds"},
	}
	for _, st := range steps {
		if got := all(f.do(st.text, Allow)); !strings.Contains(got, st.says) {
			t.Errorf("%q: reply lacks %q:\n%s", st.text, st.says, got)
		}
	}
	none := New(Config{Library: f.lib, Store: f.st})
	for _, text := range []string{"feed list", "add https://example.com/a"} {
		got := none.Handle(context.Background(), Request{Platform: "console", ChannelID: "console", Text: text, Auth: Allow})
		if !strings.Contains(got.Summary, "not available") {
			t.Errorf("%q without the service: %s", text, all(got))
		}
	}
}

func TestSettingsNeedAManager(t *testing.T) {
	f := newFixture(t)
	deny := AuthorizerFunc(func(context.Context) (bool, error) { return false, nil })
	for _, text := range []string{"schedule 08:00", "schedule off", "feed add https://example.com/rss", "feed remove https://example.com/rss"} {
		for name, auth := range map[string]Authorizer{"nil": nil, "deny": deny} {
			got := f.do(text, auth)
			if got.Kind != reply.Error || !strings.Contains(got.Summary, "only a channel manager") {
				t.Errorf("%q with %s authorizer: %s", text, name, all(got))
			}
		}
	}
	if _, err := f.st.Schedule(context.Background(), channel.Key{Platform: "console", ID: "console"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a refused schedule was stored: %v", err)
	}
	broken := AuthorizerFunc(func(context.Context) (bool, error) { return false, errors.New("users.info: 500") })
	if got := f.do("schedule 08:00", broken); got.Kind != reply.Error || !strings.Contains(got.Summary, "went wrong on our side") {
		t.Errorf("a failing permission check: %s", all(got))
	}
	want := []string{"schedule:refused"}
	if f.observed[0] != want[0] {
		t.Errorf("observed %v, want it to start with %v", f.observed, want)
	}
}

func TestStoreFailureIsReportedNotLost(t *testing.T) {
	f := newFixture(t)
	if got := f.do("schedule 08:00 UTC", Allow); !strings.Contains(all(got), "Scheduled") {
		t.Fatal(all(got))
	}
	f.st.Close()
	got := f.do("schedule 09:00 UTC", Allow)
	if got.Kind != reply.Error || !strings.Contains(got.Summary, "nothing was changed") {
		t.Errorf("schedule on a closed store: %s", all(got))
	}
	if last := f.observed[len(f.observed)-1]; last != "schedule:error" {
		t.Errorf("last outcome %q, want schedule:error", last)
	}
}

func TestHostileTextStaysData(t *testing.T) {
	f := newFixture(t)
	a := parse(t, "hostile.txt", "Council votes on <!channel> budget\n\nThe council voted on Tuesday on the <!channel> budget for @everyone in the town.\n\nThe mayor said the vote was close.\n")
	if _, _, err := f.lib.Add(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	got := f.do("council budget", Allow)
	// The router passes text through untouched: escaping is the renderer's
	// job, and it needs the original to do it.
	if !strings.Contains(all(got), "<!channel>") {
		t.Errorf("briefing lost the text it quotes:\n%s", all(got))
	}
}

func TestHandleRecoversFromPanic(t *testing.T) {
	var observed []string
	// No library: /brief list dereferences nil.
	r := New(Config{Observe: func(cmd string, _ time.Duration, outcome string) { observed = append(observed, cmd+":"+outcome) }})
	rep := r.Handle(context.Background(), Request{Platform: "slack", ChannelID: "C1", Text: "list"})
	if rep.Kind != reply.Error || !strings.Contains(rep.Summary, "Something went wrong") {
		t.Errorf("reply %+v", rep)
	}
	if len(observed) != 1 || observed[0] != "list:error" {
		t.Errorf("observed %v", observed)
	}
}

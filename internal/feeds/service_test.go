package feeds

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"brief/internal/brief"
	"brief/internal/channel"
	"brief/internal/extract"
	"brief/internal/fetch"
	"brief/internal/library"
	"brief/internal/post"
	"brief/internal/reply"
	"brief/internal/store"
)

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// recordingPoster is a platform that records what it was asked to post.
type recordingPoster struct {
	mu    sync.Mutex
	posts []struct {
		ch  channel.Key
		msg reply.Reply
	}
}

func (p *recordingPoster) Post(_ context.Context, ch channel.Key, msg reply.Reply, from int) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.posts = append(p.posts, struct {
		ch  channel.Key
		msg reply.Reply
	}{ch, msg})
	return 1, nil
}

func (p *recordingPoster) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.posts)
}

var _ post.Poster = (*recordingPoster)(nil)

// env is a service on a fresh database, a fixture server and a clock.
type env struct {
	t      *testing.T
	path   string
	clock  *fakeClock
	srv    *fixServer
	client *fetch.Client
	poster *recordingPoster
	st     *store.Store
	lib    *library.Library
	svc    *Service
	pages  int // full pages fetched
	mu     sync.Mutex
}

var (
	slack   = channel.Key{Platform: "slack", ID: "C1"}
	discord = channel.Key{Platform: "discord", ID: "D1"}
)

func newEnv(t *testing.T) *env {
	t.Helper()
	e := &env{
		t:      t,
		path:   filepath.Join(t.TempDir(), "brief.db"),
		clock:  &fakeClock{t: t0},
		srv:    newFixServer(t),
		client: fetch.New(fetch.Options{AllowPrivate: true, Timeout: 10 * time.Second}),
		poster: &recordingPoster{},
	}
	e.open()
	return e
}

// open opens (or reopens: a restart) the store, the library and the service.
func (e *env) open() {
	t := e.t
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, e.path, store.WithClock(e.clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	lib, err := library.Open(ctx, st, e.clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := New(Config{
		Store: st, Library: lib, Client: e.client,
		Page:    e.page,
		Posters: posters(map[string]post.Poster{"slack": e.poster, "discord": e.poster}),
		Now:     e.clock.Now,
		Logger:  slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatal(err)
	}
	e.st, e.lib, e.svc = st, lib, svc
}

func (e *env) restart() {
	e.t.Helper()
	e.st.Close()
	e.open()
}

// page stands in for extract.Page: the page's paragraphs as an article.
func (e *env) page(ctx context.Context, url string) (*brief.Article, error) {
	e.mu.Lock()
	e.pages++
	e.mu.Unlock()
	res, err := e.client.Get(ctx, url, fetch.Validators{})
	if err != nil {
		return nil, err
	}
	return brief.FromText(brief.Article{Title: "Page title", Source: "Page publisher", URL: res.URL}, extract.Text(string(res.Body)))
}

func (e *env) pageCount() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.pages
}

func (e *env) url(path string) string { return e.srv.URL + path }

func (e *env) count() int {
	e.t.Helper()
	n, err := e.st.CountArticles(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

// digest is what a digest of the last day would hold.
func (e *env) digest() []*library.Entry {
	now := e.clock.Now()
	return e.lib.Arrived(now.Add(-24*time.Hour), now.Add(time.Millisecond))
}

func (e *env) state(u string) store.FeedState {
	e.t.Helper()
	st, err := e.st.FeedState(context.Background(), u)
	if err != nil {
		e.t.Fatal(err)
	}
	return st
}

func (e *env) pollDue() {
	e.t.Helper()
	if err := e.svc.PollDue(context.Background()); err != nil {
		e.t.Fatal(err)
	}
}

func TestSubscribeThenPollNewItemsOnce(t *testing.T) {
	ctx := context.Background()
	for _, format := range []string{"rss", "atom", "json"} {
		t.Run(format, func(t *testing.T) {
			e := newEnv(t)
			doc := func(items []fixItem) string {
				switch format {
				case "atom":
					return atomDoc("River Times", items)
				case "json":
					return jsonDoc("River Times", items)
				}
				return rssDoc("River Times", 0, items)
			}
			old := []fixItem{item(1, t0.Add(-3*time.Hour)), item(2, t0.Add(-2*time.Hour)), item(3, t0.Add(-time.Hour))}
			e.srv.set("/feed", fixResp{body: doc(old)})

			f, added, err := e.svc.Subscribe(ctx, slack, e.url("/feed"))
			if err != nil {
				t.Fatal(err)
			}
			if added != 3 || f.Title != "River Times" || f.URL != e.url("/feed") || !f.SubscribedAt.Equal(t0) {
				t.Fatalf("Subscribe = %+v, %d", f, added)
			}
			if n := e.lib.Len(); n != 3 {
				t.Fatalf("library has %d articles; want the 3 items", n)
			}
			if d := e.digest(); len(d) != 0 {
				t.Fatalf("back catalogue reached the digest: %d entries", len(d))
			}
			if e.pageCount() != 0 {
				t.Errorf("back catalogue fetched %d pages", e.pageCount())
			}
			for _, en := range e.lib.Recent(10) {
				if !en.Meta.BackCatalogue || en.Article.Source != "River Times" || en.Article.URL == "" {
					t.Errorf("stored %+v %+v; want back catalogue with source and url", en.Meta, en.Article)
				}
			}

			// A new item appears; the next poll takes it in as news.
			e.srv.set("/feed", fixResp{body: doc(append(old, item(4, t0.Add(10*time.Minute))))})
			e.clock.Advance(DefaultInterval - time.Minute)
			e.pollDue()
			if n := e.count(); n != 3 {
				t.Fatalf("polled before the interval: %d articles", n)
			}
			e.clock.Advance(time.Minute)
			e.pollDue()
			d := e.digest()
			if len(d) != 1 || d[0].Article.Title != "Story 4 & the river" {
				t.Fatalf("digest = %d entries; want story 4", len(d))
			}
			a := d[0].Article
			if a.Source != "River Times" || a.Date != "2026-03-29" || a.URL != e.url("/news/4.html") {
				t.Errorf("new item stored as %q %q %q", a.Source, a.Date, a.URL)
			}

			// Polling again, and after a restart, stores nothing twice.
			e.clock.Advance(DefaultInterval)
			e.pollDue()
			e.restart()
			e.clock.Advance(DefaultInterval)
			e.pollDue()
			if n := e.count(); n != 4 {
				t.Fatalf("%d articles after polling again and restarting; want 4", n)
			}
			if hits := e.srv.hitsOf("/feed"); hits != 4 {
				t.Errorf("feed fetched %d times; want 4 (subscribe and three polls)", hits)
			}
		})
	}
}

func TestSubscribeSecondChannelAndUnsubscribe(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.srv.set("/feed", fixResp{body: rssDoc("River Times", 0, []fixItem{item(1, t0)})})
	if _, _, err := e.svc.Subscribe(ctx, slack, e.url("/feed")); err != nil {
		t.Fatal(err)
	}
	_, _, err := e.svc.Subscribe(ctx, slack, e.url("/feed"))
	if !errors.Is(err, store.ErrAlreadySubscribed) || !strings.Contains(err.Error(), "already follows") {
		t.Errorf("second Subscribe = %v; want ErrAlreadySubscribed", err)
	}
	// Another channel: the feed is followed already, not fetched again.
	f, added, err := e.svc.Subscribe(ctx, discord, e.url("/feed"))
	if err != nil || added != 0 || f.Title != "River Times" {
		t.Fatalf("Subscribe(discord) = %+v, %d, %v", f, added, err)
	}
	if hits := e.srv.hitsOf("/feed"); hits != 1 {
		t.Errorf("feed fetched %d times; want once", hits)
	}
	list, err := e.svc.Feeds(ctx, discord)
	if err != nil || len(list) != 1 || list[0].URL != e.url("/feed") {
		t.Errorf("Feeds = %+v, %v", list, err)
	}
	// The address is normalized: the same feed however it is written.
	upper := strings.Replace(e.url("/feed"), "http://", "HTTP://", 1) + "#top"
	if removed, err := e.svc.Unsubscribe(ctx, slack, upper); err != nil || !removed {
		t.Fatalf("Unsubscribe = %v, %v", removed, err)
	}
	if removed, _ := e.svc.Unsubscribe(ctx, slack, e.url("/feed")); removed {
		t.Error("unsubscribed twice")
	}
	e.svc.Unsubscribe(ctx, discord, e.url("/feed"))
	e.clock.Advance(MaxInterval)
	e.pollDue()
	if hits := e.srv.hitsOf("/feed"); hits != 1 {
		t.Errorf("a feed nobody follows was polled (%d fetches)", hits)
	}
	if n := e.count(); n != 1 {
		t.Errorf("unsubscribing lost articles: %d", n)
	}
}

// A site's page that names one feed subscribes the channel to that feed.
func TestSubscribeToTheFeedAPageNames(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.srv.set("/news", fixResp{body: `<html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml"><link rel="alternate" type="application/rss+xml" href="rss.xml"></head><body><p>News</p></body></html>`,
		header: map[string]string{"Content-Type": "text/html"}})
	e.srv.set("/rss.xml", fixResp{body: rssDoc("River Times", 0, []fixItem{item(1, t0.Add(-time.Hour)), item(2, t0.Add(-2*time.Hour))})})
	f, added, err := e.svc.Subscribe(ctx, slack, e.url("/news"))
	if err != nil {
		t.Fatal(err)
	}
	if f.URL != e.url("/rss.xml") || f.Title != "River Times" || added != 2 {
		t.Errorf("Subscribe(the page) = %+v, %d; want the feed it names, with its 2 items", f, added)
	}
	list, err := e.svc.Feeds(ctx, slack)
	if err != nil || len(list) != 1 || list[0].URL != e.url("/rss.xml") {
		t.Errorf("the channel follows %+v (%v); want the feed alone", list, err)
	}
	// Adding the page again finds the feed followed.
	if _, _, err := e.svc.Subscribe(ctx, slack, e.url("/news")); !errors.Is(err, store.ErrAlreadySubscribed) {
		t.Errorf("the page again: %v; want already subscribed", err)
	}
}

func TestSubscribeRefusesWhatIsNotAFeed(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.srv.set("/two", fixResp{body: `<html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml"><link rel="alternate" type="application/atom+xml" href="/atom.xml"></head><body><p>News</p></body></html>`,
		header: map[string]string{"Content-Type": "text/html"}})
	e.srv.set("/loop", fixResp{body: `<html><head><link rel="alternate" type="application/rss+xml" href="/loop2"></head><body></body></html>`})
	e.srv.set("/loop2", fixResp{body: `<html><head><link rel="alternate" type="application/rss+xml" href="/loop"></head><body></body></html>`})
	e.srv.set("/plain", fixResp{body: "<html><body>no feed here</body></html>"})
	e.srv.set("/broken", fixResp{body: `<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>a</ti`})
	e.srv.set("/gone", fixResp{status: http.StatusGone, body: "gone"})
	tests := []struct {
		name, url string
		want      []string
	}{
		{"web page naming two feeds", e.url("/two"), []string{"is a web page, not a feed", "it names 2 feeds: " + e.url("/rss.xml") + ", " + e.url("/atom.xml") + ": add the one you want"}},
		{"web page naming a page", e.url("/loop"), []string{e.url("/loop") + " is a web page, not a feed", "and so is " + e.url("/loop2") + ", the feed it names"}},
		{"web page", e.url("/plain"), []string{"not an RSS, Atom or JSON feed", "not the site's"}},
		{"broken feed", e.url("/broken"), []string{"not an RSS, Atom or JSON feed"}},
		{"404", e.url("/missing"), []string{"Can't fetch", "404"}},
		{"410", e.url("/gone"), []string{"410"}},
		{"not a web address", "ftp://example.com/feed", []string{"not a feed address", "http or https"}},
		{"words", "the news", []string{"not a feed address"}},
		{"credentials", "https://user:secret@example.com/feed", []string{"user name or password"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := e.svc.Subscribe(ctx, slack, tt.url)
			if err == nil {
				t.Fatal("Subscribe succeeded")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q; want it to say %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("error leaks the password: %v", err)
			}
		})
	}
	if list, _ := e.svc.Feeds(ctx, slack); len(list) != 0 {
		t.Errorf("refused feeds were stored: %+v", list)
	}
	if n := e.count(); n != 0 {
		t.Errorf("%d articles stored from refused feeds", n)
	}
}

// fixedResolver resolves every name to one address.
type fixedResolver netip.Addr

func (r fixedResolver) LookupNetIP(context.Context, string, string) ([]netip.Addr, error) {
	return []netip.Addr{netip.Addr(r)}, nil
}

func TestPrivateNetworkGuard(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.srv.set("/feed", fixResp{body: rssDoc("Local", 0, []fixItem{item(1, t0)})})
	e.srv.set("/redirect", fixResp{status: http.StatusFound, header: map[string]string{"Location": e.url("/feed")}})

	guarded := func(opts fetch.Options) *Service {
		svc, err := New(Config{Store: e.st, Library: e.lib, Client: fetch.New(opts), Now: e.clock.Now})
		if err != nil {
			t.Fatal(err)
		}
		return svc
	}
	port := e.srv.Listener.Addr().(interface{ String() string }).String()
	port = port[strings.LastIndex(port, ":"):]
	for _, tt := range []struct {
		name string
		svc  *Service
		url  string
	}{
		{"loopback address", guarded(fetch.Options{}), e.url("/feed")},
		{"redirect to 127.0.0.1", guarded(fetch.Options{}), e.url("/redirect")},
		{"name that resolves to loopback", guarded(fetch.Options{Resolver: fixedResolver(netip.MustParseAddr("127.0.0.1"))}), "http://feeds.example" + port + "/feed"},
		{"metadata address", guarded(fetch.Options{Timeout: time.Second}), "http://169.254.169.254/latest/meta-data"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := tt.svc.Subscribe(ctx, slack, tt.url)
			if !errors.Is(err, fetch.ErrBlocked) {
				t.Fatalf("Subscribe = %v; want fetch.ErrBlocked", err)
			}
		})
	}
	if n := e.count(); n != 0 {
		t.Fatalf("guarded subscriptions stored %d articles", n)
	}
	if hits := e.srv.hitsOf("/feed"); hits != 0 {
		t.Errorf("the guarded client reached the feed %d times", hits)
	}
	// With private networks allowed (the fixtures' setting), the redirect is
	// followed and the feed is stored under the address given.
	f, added, err := e.svc.Subscribe(ctx, slack, e.url("/redirect"))
	if err != nil || added != 1 || f.URL != e.url("/redirect") {
		t.Fatalf("Subscribe with private networks allowed = %+v, %d, %v", f, added, err)
	}
}

func TestConditionalGetAndIntervals(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	u := e.url("/feed")
	e.srv.set("/feed", fixResp{body: rssDoc("Cached", 120, []fixItem{item(1, t0)}),
		header: map[string]string{"ETag": `"v1"`, "Last-Modified": "Sun, 29 Mar 2026 05:00:00 GMT"}})
	if _, _, err := e.svc.Subscribe(ctx, slack, u); err != nil {
		t.Fatal(err)
	}
	st := e.state(u)
	if st.Interval != 2*time.Hour || !st.NextPollAt.Equal(t0.Add(2*time.Hour)) || st.ETag != `"v1"` {
		t.Fatalf("after subscribing: %+v; want the <ttl> of 120 minutes and the ETag", st)
	}

	// 304: nothing new, validators sent, state moves on.
	e.clock.Advance(2 * time.Hour)
	e.pollDue()
	if inm := e.srv.lastINM("/feed"); inm != `"v1"` {
		t.Errorf("poll sent If-None-Match %q; want the stored ETag", inm)
	}
	st = e.state(u)
	if st.Failures != 0 || !st.LastPolledAt.Equal(e.clock.Now()) || !st.NextPollAt.Equal(e.clock.Now().Add(2*time.Hour)) {
		t.Errorf("after a 304: %+v", st)
	}
	if n := e.count(); n != 1 {
		t.Errorf("304 changed the library: %d articles", n)
	}

	tests := []struct {
		name   string
		ttl    int
		header map[string]string
		want   time.Duration
	}{
		{"cache-control max-age", 0, map[string]string{"Cache-Control": "public, max-age=3600"}, time.Hour},
		{"ttl beats a shorter max-age", 240, map[string]string{"Cache-Control": "max-age=600"}, 4 * time.Hour},
		{"expires", 0, map[string]string{"Date": "Sun, 29 Mar 2026 10:00:00 GMT", "Expires": "Sun, 29 Mar 2026 13:00:00 GMT"}, 3 * time.Hour},
		{"too often: clamped up", 1, map[string]string{"Cache-Control": "max-age=10"}, MinInterval},
		{"too rarely: clamped down", 10000, nil, MaxInterval},
		{"no-cache says nothing", 0, map[string]string{"Cache-Control": "no-cache, max-age=0"}, DefaultInterval},
		{"nothing said", 0, nil, DefaultInterval},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.srv.set("/feed", fixResp{body: rssDoc("Cached", tt.ttl, []fixItem{item(1, t0)}), header: tt.header})
			e.clock.Advance(MaxInterval)
			e.pollDue()
			st := e.state(u)
			if st.Interval != tt.want || !st.NextPollAt.Equal(e.clock.Now().Add(tt.want)) {
				t.Errorf("poll %d: interval %v, next poll in %v; want %v", i, st.Interval, st.NextPollAt.Sub(e.clock.Now()), tt.want)
			}
		})
	}
}

func TestFailingFeedBacksOffAndIsReportedOnce(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	u := e.url("/feed")
	good := fixResp{body: rssDoc("Flaky", 0, []fixItem{item(1, t0)})}
	e.srv.set("/feed", good)
	for _, ch := range []channel.Key{slack, discord} {
		if _, _, err := e.svc.Subscribe(ctx, ch, u); err != nil {
			t.Fatal(err)
		}
	}
	// Fails from now on: each failure waits twice as long.
	e.srv.set("/feed", fixResp{status: http.StatusInternalServerError, body: "oops"})
	waits := []time.Duration{}
	for i := range 6 {
		e.clock.Advance(e.state(u).NextPollAt.Sub(e.clock.Now()))
		e.pollDue()
		st := e.state(u)
		if st.Failures != i+1 || !strings.Contains(st.LastError, "500") {
			t.Fatalf("failure %d: state %+v", i+1, st)
		}
		waits = append(waits, st.NextPollAt.Sub(e.clock.Now()))
		wantPosts := 0
		if i+1 >= ReportAfter {
			wantPosts = 2 // once to each channel
		}
		if n := e.poster.count(); n != wantPosts {
			t.Fatalf("after %d failures: %d reports; want %d", i+1, n, wantPosts)
		}
	}
	want := []time.Duration{30 * time.Minute, time.Hour, 2 * time.Hour, 4 * time.Hour, 8 * time.Hour, 16 * time.Hour}
	if fmt.Sprint(waits) != fmt.Sprint(want) {
		t.Errorf("waits %v; want %v", waits, want)
	}
	e.clock.Advance(16 * time.Hour)
	e.pollDue()
	if w := e.state(u).NextPollAt.Sub(e.clock.Now()); w != MaxInterval {
		t.Errorf("7th wait %v; want capped at %v", w, MaxInterval)
	}
	msg := e.poster.posts[0].msg
	if msg.Kind != reply.Notice || msg.Visibility != reply.Channel || !strings.Contains(msg.Summary, u) ||
		!strings.Contains(msg.Summary, "/brief feed remove") || !strings.Contains(msg.Summary, "500") {
		t.Errorf("report = %+v", msg)
	}
	f, _ := e.svc.Feeds(ctx, slack)
	if f[0].Failures != 7 || f[0].LastError == "" {
		t.Errorf("Feeds shows %+v; want the failures", f[0])
	}

	// Recovery resets the count, silently.
	e.srv.set("/feed", good)
	e.clock.Advance(MaxInterval)
	e.pollDue()
	if st := e.state(u); st.Failures != 0 || st.LastError != "" || st.Interval != DefaultInterval {
		t.Fatalf("after recovery: %+v", st)
	}
	// A 429 with Retry-After waits as long as it says, and a new run of
	// failures is reported again.
	e.srv.set("/feed", fixResp{status: http.StatusTooManyRequests, header: map[string]string{"Retry-After": "10800"}})
	for range ReportAfter {
		e.clock.Advance(e.state(u).NextPollAt.Sub(e.clock.Now()))
		e.pollDue()
	}
	if w := e.state(u).NextPollAt.Sub(e.clock.Now()); w != 3*time.Hour {
		t.Errorf("after a 429 with Retry-After 3h, next poll in %v", w)
	}
	if n := e.poster.count(); n != 4 {
		t.Errorf("%d reports in all; want 2 per run of failures", n)
	}
}

func TestTeaserItemFetchesFullPage(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	teaser := func(n int) fixItem {
		return fixItem{GUID: fmt.Sprintf("t%d", n), Title: fmt.Sprintf("Teased %d", n), Link: fmt.Sprintf("/story/%d", n),
			Date: t0, Desc: fmt.Sprintf("Council %d approved a plan on Monday… Read more", n)}
	}
	e.srv.set("/teasers", fixResp{body: rssDoc("Teasers", 0, []fixItem{teaser(1)})})
	e.srv.set("/story/1", fixResp{body: "<html><body>" + story(101) + "</body></html>"})
	e.srv.set("/story/2", fixResp{body: "<html><body><nav>Home</nav><script>x()</script>" + story(102) + "</body></html>"})
	_, added, err := e.svc.Subscribe(ctx, slack, e.url("/teasers"))
	if err != nil || added != 1 {
		t.Fatalf("Subscribe = %d, %v", added, err)
	}
	if e.pageCount() != 0 {
		t.Errorf("subscribing fetched %d pages for back catalogue", e.pageCount())
	}

	// A new teaser (and one whose page is missing: it keeps its teaser).
	missing := teaser(3)
	missing.Link = "/story/missing"
	e.srv.set("/teasers", fixResp{body: rssDoc("Teasers", 0, []fixItem{teaser(1), teaser(2), missing})})
	e.clock.Advance(DefaultInterval)
	e.pollDue()
	d := e.digest()
	if len(d) != 2 {
		t.Fatalf("digest has %d entries; want 2", len(d))
	}
	byTitle := map[string]*brief.Article{}
	for _, en := range d {
		byTitle[en.Article.Title] = en.Article
	}
	full := byTitle["Teased 2"]
	if full == nil || len(full.Sentences) < 6 || !strings.Contains(full.Text(), "Story102ville") {
		t.Fatalf("teaser 2 stored as %+v; want the full page", full)
	}
	if full.Source != "Teasers" || full.URL != e.url("/story/2") || full.Date != "2026-03-29" {
		t.Errorf("full page stored with %q %q %q; want the feed's metadata", full.Source, full.URL, full.Date)
	}
	if strings.Contains(full.Text(), "x()") {
		t.Error("script text stored")
	}
	kept := byTitle["Teased 3"]
	if kept == nil || !strings.Contains(kept.Text(), "Council 3 approved a plan") {
		t.Errorf("teaser 3 stored as %+v; want its teaser", kept)
	}
	if got := e.pageCount(); got != 2 {
		t.Errorf("%d pages fetched; want 2", got)
	}
}

func TestHugeFeedAndDuplicatesStoredOnce(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	const n = 10000
	items := make([]fixItem, n)
	for i := range items {
		items[i] = fixItem{GUID: fmt.Sprintf("h%d", i), Title: fmt.Sprintf("Headline %d", i),
			Link: fmt.Sprintf("/h/%d", i), Date: t0.Add(-time.Duration(i) * time.Minute),
			Desc: fmt.Sprintf("Item %d of the huge feed reports on event %d.", i, i)}
	}
	// Duplicates of the newest GUID, and one dated in the future.
	items = append(items, fixItem{GUID: "h0", Title: "Headline 0 again", Date: t0, Desc: "Item 0 again."},
		fixItem{GUID: "future", Title: "Tomorrow", Date: t0.Add(72 * time.Hour), Desc: "From the future."})
	e.srv.set("/huge", fixResp{body: rssDoc("Huge", 0, items)})
	start := time.Now()
	_, added, err := e.svc.Subscribe(ctx, slack, e.url("/huge"))
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	if added != MaxItems {
		t.Fatalf("added %d; want the %d newest", added, MaxItems)
	}
	t.Logf("subscribed to a %d-item feed: %d items in %v (%.0f items/s)", len(items), added, took, float64(added)/took.Seconds())
	e.clock.Advance(DefaultInterval)
	e.pollDue()
	if c := e.count(); c != MaxItems {
		t.Errorf("%d articles after polling again; want %d", c, MaxItems)
	}
	var future *library.Entry
	for _, en := range e.lib.Recent(MaxItems) {
		if en.Article.Title == "Tomorrow" {
			future = en
		}
		if en.Article.Title == "Headline 0 again" {
			t.Error("duplicate GUID stored twice")
		}
	}
	if future == nil || future.Article.Date != "2026-03-29" {
		t.Errorf("future-dated item = %+v; want it dated today", future)
	}
}

// Subscriptions from schema 1 (no state yet) are polled at once, and their
// current items are back catalogue, not news.
func TestFirstPollOfMigratedSubscriptionIsBackCatalogue(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	u := e.url("/feed")
	e.srv.set("/feed", fixResp{body: rssDoc("Old sub", 0, []fixItem{item(1, t0), item(2, t0)})})
	if _, err := e.st.Subscribe(ctx, slack, u); err != nil { // the store only: never fetched
		t.Fatal(err)
	}
	e.pollDue()
	if e.count() != 2 || len(e.digest()) != 0 {
		t.Fatalf("%d articles, %d in the digest; want 2 and none", e.count(), len(e.digest()))
	}
	if st := e.state(u); st.LastPolledAt.IsZero() || st.Title != "Old sub" {
		t.Errorf("state %+v", st)
	}
}

func TestPollDueStopsWithContext(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	e.srv.set("/feed", fixResp{body: rssDoc("x", 0, []fixItem{item(1, t0)})})
	if _, _, err := e.svc.Subscribe(ctx, slack, e.url("/feed")); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Hour)
	cancel()
	if err := e.svc.PollDue(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("PollDue with a cancelled context = %v", err)
	}
	if st := e.state(e.url("/feed")); st.Failures != 0 {
		t.Errorf("a cancelled poll counted as the feed's failure: %+v", st)
	}
}

func TestShorterIntervalsForDemonstrations(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	svc, err := New(Config{Store: e.st, Library: e.lib, Client: e.client, Now: e.clock.Now,
		MinInterval: time.Second, DefaultInterval: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	e.srv.set("/feed", fixResp{body: rssDoc("Fast", 0, []fixItem{item(1, t0)})})
	if _, _, err := svc.Subscribe(ctx, slack, e.url("/feed")); err != nil {
		t.Fatal(err)
	}
	if st := e.state(e.url("/feed")); st.Interval != 2*time.Second {
		t.Errorf("interval %v; want the configured default", st.Interval)
	}
	e.srv.set("/feed", fixResp{body: rssDoc("Fast", 0, []fixItem{item(1, t0)}), header: map[string]string{"Cache-Control": "max-age=1"}})
	e.clock.Advance(2 * time.Second)
	if err := svc.PollDue(ctx); err != nil {
		t.Fatal(err)
	}
	if st := e.state(e.url("/feed")); st.Interval != time.Second {
		t.Errorf("interval %v; want max-age clamped to the configured minimum", st.Interval)
	}
}

// A feed that gives every item a new GUID on every poll, its items
// teasers whose pages are fetched: its stories reach one digest once,
// however often it is polled, and its channels are told once.
func TestFeedThatRenamesItsItems(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	const n = 30
	doc := func(round int, extra ...fixItem) string {
		var items []fixItem
		for i := 1; i <= n; i++ {
			items = append(items, fixItem{
				GUID: fmt.Sprintf("urn:round%d:item%d", round, i), Title: fmt.Sprintf("Teased %d", i),
				Link: fmt.Sprintf("/story/%d?utm_campaign=round%d", i, round), Date: t0.Add(-time.Duration(i) * time.Hour),
				Desc: fmt.Sprintf("Council %d approved a plan on Monday… Read more", i),
			})
			e.srv.set(fmt.Sprintf("/story/%d", i), fixResp{body: "<html><body>" + story(200+i) + "</body></html>"})
		}
		return rssDoc("Liar Times", 0, append(items, extra...))
	}
	e.srv.set("/liar", fixResp{body: doc(0)})
	if _, added, err := e.svc.Subscribe(ctx, slack, e.url("/liar")); err != nil || added != n {
		t.Fatalf("Subscribe = %d, %v", added, err)
	}
	var rows []int // item keys remembered after each poll
	for round := 1; round <= 4; round++ {
		e.srv.set("/liar", fixResp{body: doc(round)})
		e.clock.Advance(DefaultInterval)
		e.pollDue()
		if d := e.digest(); len(d) != 0 {
			t.Fatalf("poll %d: %d renamed items reached the digest", round, len(d))
		}
		rows = append(rows, e.seenRows(e.url("/liar")))
	}
	if rows[3] != rows[1] {
		t.Errorf("item keys remembered after polls 1–4: %v; once the feed is known to rename its items, its new ids must not pile up", rows)
	}
	if got := e.pageCount(); got != 0 {
		t.Errorf("%d pages fetched for items already taken in", got)
	}
	if got := e.count(); got != n {
		t.Errorf("%d articles stored; want the %d items once", got, n)
	}
	e.poster.mu.Lock()
	var told []reply.Reply
	for _, p := range e.poster.posts {
		if strings.Contains(p.msg.Summary, ChurnText) {
			told = append(told, p.msg)
		}
	}
	e.poster.mu.Unlock()
	if len(told) != 1 || !strings.Contains(told[0].Summary, "Liar Times") {
		t.Fatalf("the channel was told %d times: %+v", len(told), told)
	}

	// A story that is new in content still comes in, renamed feed or not.
	fresh := item(99, t0.Add(time.Hour))
	e.srv.set("/liar", fixResp{body: doc(5, fresh)})
	e.clock.Advance(DefaultInterval)
	e.pollDue()
	if d := e.digest(); len(d) != 1 || d[0].Article.Title != "Story 99 & the river" {
		t.Errorf("digest has %d entries; want story 99 alone", len(d))
	}
	if now := e.seenRows(e.url("/liar")); now != rows[3]+2 {
		t.Errorf("%d item keys remembered after a new story, %d before; want its id and content only", now, rows[3])
	}
}

// A feed that changes its ids once (a new publishing system) is not
// reported, and its items are not taken twice.
func TestFeedThatRenamesOnceIsNotReported(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	items := func(prefix string) []fixItem {
		var out []fixItem
		for i := 1; i <= 5; i++ {
			it := item(i, t0.Add(-time.Duration(i)*time.Hour))
			it.GUID = prefix + it.GUID
			out = append(out, it)
		}
		return out
	}
	e.srv.set("/feed", fixResp{body: rssDoc("Steady", 0, items("old:"))})
	if _, _, err := e.svc.Subscribe(ctx, slack, e.url("/feed")); err != nil {
		t.Fatal(err)
	}
	e.srv.set("/feed", fixResp{body: rssDoc("Steady", 0, items("new:"))})
	for range 3 {
		e.clock.Advance(DefaultInterval)
		e.pollDue()
	}
	if n := e.poster.count(); n != 0 {
		t.Errorf("the channel was told %d times about a feed that renamed its items once", n)
	}
	if n := e.count(); n != 5 {
		t.Errorf("%d articles; want 5", n)
	}
}

// seenRows counts the item keys the store remembers for a feed.
func (e *env) seenRows(feedURL string) int {
	e.t.Helper()
	var n int
	if err := e.st.DB().QueryRow(`SELECT COUNT(*) FROM feed_items WHERE feed_url = ?`, feedURL).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// posters is a registry of the posters, by platform.
func posters(m map[string]post.Poster) *post.Registry {
	r := post.NewRegistry()
	for platform, p := range m {
		r.Add(platform, p)
	}
	return r
}

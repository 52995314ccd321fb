// Package feeds follows RSS, Atom and JSON feeds for channels: it parses
// feeds (Parse), keeps their subscriptions and polling state in the store,
// and polls them (Service.PollDue, run by a periodic job on the service's
// jobs client: Service.Work), storing each new item once in the library.
// Subscribe and Unsubscribe return the failures a person can act on as
// *reply.UserError.
//
// A new subscription is fetched at once and the feed's current items enter
// the library as back catalogue: listed and searchable, never in a digest,
// so a channel is not flooded. Items that appear after that are stored as
// new articles and reach digests. An item is taken in once: by its key
// (GUID, else link, else a hash of its content) recorded per feed in the
// store, and by the library's content hash across feeds.
//
// Each feed is polled at its own interval: the longest of its RSS <ttl>
// and the response's Cache-Control max-age (or Expires), clamped to
// [MinInterval, MaxInterval], DefaultInterval when it says nothing. Polls
// are conditional (ETag, Last-Modified); a 304 brings nothing. A failed
// poll waits the interval, doubling with each consecutive failure up to a
// day, or longer when a 429 or 503 says Retry-After. After
// ReportAfter consecutive failures the feed's channels are told once; a
// successful poll resets the count, so a feed that fails again later is
// reported again.
package feeds

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"time"

	"brief/internal/brief"
	"brief/internal/channel"
	"brief/internal/extract"
	"brief/internal/fetch"
	"brief/internal/library"
	"brief/internal/post"
	"brief/internal/reply"
	"brief/internal/store"
	"brief/internal/textsafe"
)

// Config is what a Service needs.
type Config struct {
	Store   *store.Store
	Library *library.Library
	Client  *fetch.Client

	// Page fetches an item's full page when the feed carries only a teaser
	// (extract.Page). Nil: the teaser is stored as it is.
	Page func(ctx context.Context, url string) (*brief.Article, error)
	// Text turns an item's HTML into paragraphs separated by blank lines
	// (extract.Text), the default.
	Text func(html string) string

	// Posters report a failing feed to its channels, by platform.
	Posters *post.Registry

	Now    func() time.Time // default time.Now
	Logger *slog.Logger     // default: discard

	// MinInterval and DefaultInterval override the package's constants
	// (5 and 30 minutes) when set: for tests and demonstrations that can't
	// wait; leave them zero in production.
	MinInterval, DefaultInterval time.Duration
}

// Limits of one poll.
const (
	// ReportAfter consecutive failures, a feed's channels are told.
	ReportAfter = 3
	// maxPages bounds the full pages fetched for teaser items in one poll
	// of one feed; the rest keep their teaser.
	maxPages = 20
	// dueBatch bounds the feeds one PollDue polls; the rest wait a tick.
	dueBatch = 200
	// parallel feeds are polled at once.
	parallel = 4
	// maxErrorText bounds the error kept and reported for a failing feed.
	maxErrorText = 300
)

// A Service follows feeds. It is safe for concurrent use; it runs no
// goroutine of its own (River calls PollDue), so it needs no stopping.
type Service struct {
	st     *store.Store
	lib    *library.Library
	client *fetch.Client
	page   func(ctx context.Context, url string) (*brief.Article, error)
	text   func(string) string
	post   *post.Registry
	now    func() time.Time
	log    *slog.Logger
	bounds bounds

	mu    sync.Mutex
	locks map[string]*sync.Mutex // by feed URL: one fetch of a feed at a time in this process
}

// New makes a Service.
func New(cfg Config) (*Service, error) {
	switch {
	case cfg.Store == nil:
		return nil, errors.New("feeds: no store")
	case cfg.Library == nil:
		return nil, errors.New("feeds: no library")
	case cfg.Client == nil:
		return nil, errors.New("feeds: no fetch client")
	}
	s := &Service{
		st: cfg.Store, lib: cfg.Library, client: cfg.Client,
		page: cfg.Page, text: cfg.Text, post: cfg.Posters, now: cfg.Now, log: cfg.Logger,
		locks: map[string]*sync.Mutex{}, bounds: defaultBounds,
	}
	if cfg.MinInterval > 0 {
		s.bounds.min = min(cfg.MinInterval, s.bounds.max)
	}
	if cfg.DefaultInterval > 0 {
		s.bounds.def = min(cfg.DefaultInterval, s.bounds.max)
	}
	s.bounds.def = max(s.bounds.def, s.bounds.min)
	if s.text == nil {
		s.text = extract.Text
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.log = s.log.With(slog.String("component", "feeds"))
	return s, nil
}

func (s *Service) lock(feedURL string) *sync.Mutex {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.locks[feedURL]
	if !ok {
		m = &sync.Mutex{}
		s.locks[feedURL] = m
	}
	return m
}

// NormalizeURL checks a feed address and writes it the way the store keys
// it: http or https, a host, no user name or password, no fragment, scheme
// and host in lower case.
func NormalizeURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if textsafe.HasCredentials(raw) {
		return "", fmt.Errorf("feeds: %s: %w", textsafe.RedactURL(raw), fetch.ErrCredentials)
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "HTTP" && u.Scheme != "HTTPS") {
		return "", &addressError{fmt.Sprintf("feeds: %q is not a feed address: give its full http or https address, such as https://example.com/rss.xml", textsafe.RedactURL(raw))}
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" {
		u.Path = "/"
	}
	s := u.String()
	if len(s) > 2048 {
		return "", errors.New("feeds: the address is longer than 2048 characters")
	}
	return s, nil
}

// shown is an address as logs and channels see it (textsafe.RedactURL):
// a feed's own address may carry a token that lets brief read it.
func shown(u string) string { return textsafe.RedactURL(u) }

func parseURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		return nil
	}
	return u
}

// Subscribe makes the channel follow the feed at rawURL and returns it with
// the number of its items taken into the library. A feed no channel follows
// yet is fetched at once: an address that is not a feed, or that can't be
// fetched, is refused with an error that says why, and nothing is stored;
// its current items enter the library as back catalogue (never in a
// digest). A web page that names exactly one feed subscribes the channel
// to that feed (the Feed returned has the feed's address); one that names
// several is refused with their addresses. A feed another channel follows
// already is not fetched again (added is 0). A channel that follows the
// feed already gets an error wrapping store.ErrAlreadySubscribed.
// Failures the person subscribing can act on are *reply.UserError.
func (s *Service) Subscribe(ctx context.Context, ch channel.Key, rawURL string) (f store.Feed, added int, err error) {
	defer func() { err = userError(err) }()
	u, err := NormalizeURL(rawURL)
	if err != nil {
		return store.Feed{}, 0, err
	}
	f, added, err = s.subscribe(ctx, ch, u)
	var pf *pageFeed
	if errors.As(err, &pf) {
		// A site's page that names its one feed: follow that, once (the
		// feed's own address is not followed to a page again).
		var feedURL string
		if feedURL, err = NormalizeURL(pf.feed); err != nil {
			return store.Feed{}, 0, err
		}
		f, added, err = s.subscribe(ctx, ch, feedURL)
		if errors.As(err, &pf) {
			err = fmt.Errorf("feeds: %s is a web page, not a feed (%w), and so is %s, the feed it names", shown(u), ErrNotFeed, shown(feedURL))
		}
	}
	return f, added, err
}

// subscribe is Subscribe of a normalized address.
func (s *Service) subscribe(ctx context.Context, ch channel.Key, u string) (f store.Feed, added int, err error) {
	switch f, err := s.st.ChannelFeed(ctx, ch, u); {
	case err == nil:
		return f, 0, fmt.Errorf("feeds: this channel already follows %s: %w", shown(u), store.ErrAlreadySubscribed)
	case !errors.Is(err, store.ErrNotFound):
		return store.Feed{}, 0, fmt.Errorf("feeds: subscribe: %w", err)
	}
	m := s.lock(u)
	m.Lock()
	defer m.Unlock()

	followed, err := s.st.FeedFollowed(ctx, u)
	if err != nil {
		return store.Feed{}, 0, fmt.Errorf("feeds: subscribe: %w", err)
	}
	if !followed {
		if added, err = s.first(ctx, u); err != nil {
			return store.Feed{}, 0, err
		}
	}
	if _, err := s.st.Subscribe(ctx, ch, u); err != nil {
		return store.Feed{}, added, fmt.Errorf("feeds: subscribe: %w", err)
	}
	f, err = s.st.ChannelFeed(ctx, ch, u)
	if err != nil {
		return store.Feed{}, added, fmt.Errorf("feeds: subscribe: %w", err)
	}
	s.log.Info("subscribed", slog.String("channel", ch.String()), slog.String("feed_url", shown(u)), slog.Int("added", added))
	return f, added, nil
}

// A pageFeed is a web page, not a feed, that names one feed.
type pageFeed struct{ page, feed string }

func (e *pageFeed) Error() string {
	return fmt.Sprintf("feeds: %s is a web page, not a feed; its feed is at %s", shown(e.page), shown(e.feed))
}

func (e *pageFeed) Unwrap() error { return ErrNotFeed }

// first fetches a feed nobody follows, takes its items in as back
// catalogue and records its state. A web page that names one feed is a
// *pageFeed.
func (s *Service) first(ctx context.Context, u string) (int, error) {
	res, err := s.client.Get(ctx, u, fetch.Validators{})
	if err != nil {
		return 0, fmt.Errorf("feeds: can't fetch %s: %w", shown(u), err)
	}
	now := s.now()
	feed, err := Parse(res.Body, res.URL, now)
	if err != nil {
		switch links := feedLinks(res.Body, res.URL); len(links) {
		case 0:
			return 0, fmt.Errorf("feeds: %s: %w (is it the feed's address, not the site's?)", shown(u), err)
		case 1:
			return 0, &pageFeed{page: u, feed: links[0]}
		default:
			for i := range links {
				links[i] = shown(links[i])
			}
			return 0, fmt.Errorf("feeds: %s is a web page, not a feed (%w); it names %d feeds: %s: add the one you want", shown(u), ErrNotFeed, len(links), strings.Join(links, ", "))
		}
	}
	added, err := s.takeIn(ctx, u, feed, true)
	if err != nil {
		return added, fmt.Errorf("feeds: subscribe: %w", err)
	}
	every, _ := s.bounds.interval(feed.TTL, res.Header, now)
	err = s.st.SaveFeedState(ctx, store.FeedState{
		URL: u, Title: feed.Title, ETag: res.Validators.ETag, LastModified: res.Validators.LastModified,
		Interval: every, NextPollAt: now.Add(every), LastPolledAt: now,
	})
	if err != nil {
		return added, fmt.Errorf("feeds: subscribe: %w", err)
	}
	return added, nil
}

// Unsubscribe stops the channel following the feed. It reports whether the
// channel followed it. An address that is not one is a *reply.UserError.
func (s *Service) Unsubscribe(ctx context.Context, ch channel.Key, rawURL string) (_ bool, err error) {
	defer func() { err = userError(err) }()
	u, err := NormalizeURL(rawURL)
	if err != nil {
		return false, err
	}
	removed, err := s.st.Unsubscribe(ctx, ch, u)
	if err != nil {
		return false, fmt.Errorf("feeds: unsubscribe: %w", err)
	}
	if removed {
		s.log.Info("unsubscribed", slog.String("channel", ch.String()), slog.String("feed_url", shown(u)))
	}
	return removed, nil
}

// Feeds lists the feeds the channel follows, in the order it subscribed.
func (s *Service) Feeds(ctx context.Context, ch channel.Key) ([]store.Feed, error) {
	list, err := s.st.ChannelFeeds(ctx, ch)
	if err != nil {
		return nil, fmt.Errorf("feeds: list: %w", err)
	}
	return list, nil
}

// PollDue polls every followed feed whose next poll has come (up to a
// batch per call, the most overdue first), a few at a time. A feed's
// failure is recorded in its state, not returned: the error is the
// store's, or the context's.
func (s *Service) PollDue(ctx context.Context) error {
	due, err := s.st.DueFeeds(ctx, s.now(), dueBatch)
	if err != nil {
		return fmt.Errorf("feeds: poll: %w", err)
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
		sem  = make(chan struct{}, parallel)
	)
	for _, st := range due {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			wg.Wait()
			return ctx.Err()
		}
		wg.Go(func() {
			defer func() { <-sem }()
			if err := s.poll(ctx, st.URL); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// poll fetches one feed and takes in its new items.
func (s *Service) poll(ctx context.Context, u string) error {
	m := s.lock(u)
	if !m.TryLock() {
		return nil // being fetched (a subscription): polled next tick
	}
	defer m.Unlock()
	st, err := s.st.FeedState(ctx, u)
	if err != nil {
		return fmt.Errorf("feeds: poll %s: %w", shown(u), err)
	}
	start := s.now()
	if st.NextPollAt.After(start) {
		return nil // polled meanwhile
	}
	log := s.log.With(slog.String("feed_url", shown(u)))
	res, err := s.client.Get(ctx, u, fetch.Validators{ETag: st.ETag, LastModified: st.LastModified})
	if ctx.Err() != nil {
		return ctx.Err() // stopping: not the feed's fault
	}
	now := s.now()
	if err != nil {
		return s.failed(ctx, log, st, now, err)
	}
	if res.NotModified {
		if every, ok := s.bounds.interval(0, res.Header, now); ok {
			st.Interval = every
		}
		log.Debug("not modified")
		return s.succeeded(ctx, st, now, res.Validators)
	}
	feed, err := Parse(res.Body, res.URL, now)
	if err != nil {
		return s.failed(ctx, log, st, now, err)
	}
	back := st.LastPolledAt.IsZero() // never fetched (subscribed under schema 1): no flood
	added, err := s.takeIn(ctx, u, feed, back)
	if err != nil {
		return fmt.Errorf("feeds: poll %s: %w", shown(u), err)
	}
	if feed.Title != "" {
		st.Title = feed.Title
	}
	st.Interval, _ = s.bounds.interval(feed.TTL, res.Header, now)
	level := slog.LevelDebug
	if added > 0 {
		level = slog.LevelInfo
	}
	log.Log(ctx, level, "polled", slog.Int("items", len(feed.Items)), slog.Int("added", added), slog.Bool("back_catalogue", back))
	return s.succeeded(ctx, st, now, res.Validators)
}

func (s *Service) succeeded(ctx context.Context, st store.FeedState, now time.Time, v fetch.Validators) error {
	if st.Failures > 0 {
		s.log.Info("feed recovered", slog.String("feed_url", shown(st.URL)), slog.Int("failures", st.Failures))
	}
	if st.Interval <= 0 {
		st.Interval = s.bounds.def
	}
	st.ETag, st.LastModified = v.ETag, v.LastModified
	st.Failures, st.LastError = 0, ""
	st.LastPolledAt = now
	st.NextPollAt = now.Add(st.Interval)
	if err := s.st.SaveFeedState(ctx, st); err != nil {
		return fmt.Errorf("feeds: poll %s: %w", shown(st.URL), err)
	}
	return nil
}

// failed records a failed poll, backs off, and reports a feed that keeps
// failing to its channels once.
func (s *Service) failed(ctx context.Context, log *slog.Logger, st store.FeedState, now time.Time, cause error) error {
	st.Failures++
	st.LastError = errorText(cause)
	wait := s.bounds.backoff(st.Interval, st.Failures)
	var se *fetch.StatusError
	if errors.As(cause, &se) && se.RetryAfter > wait {
		wait = min(se.RetryAfter, s.bounds.max)
	}
	st.NextPollAt = now.Add(wait)
	log.Warn("poll failed", slog.Int("failures", st.Failures), slog.Duration("retry_in", wait), slog.Any("err", cause))
	if err := s.st.SaveFeedState(ctx, st); err != nil {
		return fmt.Errorf("feeds: poll %s: %w", shown(st.URL), err)
	}
	if st.Failures < ReportAfter {
		return nil
	}
	claimed, err := s.st.ClaimFailureReport(ctx, st.URL)
	if err != nil || !claimed {
		return err
	}
	s.report(ctx, st)
	return nil
}

// report tells every channel following a failing feed, once per run of
// failures (the claim is recorded before posting: at most once).
func (s *Service) report(ctx context.Context, st store.FeedState) {
	name := shown(st.URL)
	if st.Title != "" {
		name = fmt.Sprintf("%q (%s)", st.Title, shown(st.URL))
	}
	s.tell(ctx, st.URL, reply.Reply{
		Kind:       reply.Notice,
		Title:      "A feed this channel follows is failing",
		Summary:    fmt.Sprintf("The feed %s failed %d times in a row: %s. brief keeps trying, less often. To stop following it: /brief feed remove %s", name, st.Failures, st.LastError, shown(st.URL)),
		Visibility: reply.Channel,
	}, "feeds: failing feed reported", slog.Int("failures", st.Failures))
}

// tell posts msg to every channel following the feed at feedURL, logging
// done (with attrs) for each channel told.
func (s *Service) tell(ctx context.Context, feedURL string, msg reply.Reply, done string, attrs ...any) {
	log := s.log.With(slog.String("feed_url", shown(feedURL)))
	chs, err := s.st.FeedChannels(ctx, feedURL)
	if err != nil {
		log.Error("tell the feed's channels", slog.Any("err", err))
		return
	}
	for _, ch := range chs {
		p, ok := s.post.Get(ch.Platform)
		if !ok || p == nil {
			log.Warn("no poster to tell a channel about its feed", slog.String("channel", ch.String()))
			continue
		}
		if _, err := p.Post(ctx, ch, msg, 0); err != nil {
			log.Error("tell the feed's channels", slog.String("channel", ch.String()), slog.Any("err", err))
			continue
		}
		log.Info(done, append([]any{slog.String("channel", ch.String())}, attrs...)...)
	}
}

func errorText(err error) string {
	msg := strings.Join(strings.Fields(err.Error()), " ")
	if r := []rune(msg); len(r) > maxErrorText {
		msg = string(r[:maxErrorText-1]) + "…"
	}
	return msg
}

// takeIn stores the feed's items that were not taken in before, oldest
// first (arrival follows publication), as back catalogue or as new
// articles, and records them as seen. It returns how many articles it
// stored (an item whose story is stored already counts as seen, not added).
//
// An item is known by its key (GUID, else link) and by its content (title,
// text and link without query: contentKey): an item whose content was
// taken in before is the same item whatever its id, so a feed that gives
// its items new ids on every poll brings nothing twice (nor fetches their
// pages again). Such a feed is reported to its channels once (churn).
func (s *Service) takeIn(ctx context.Context, feedURL string, feed *Feed, back bool) (added int, err error) {
	source := feed.Title
	if source == "" {
		if u := parseURL(feedURL); u != nil {
			source = strings.TrimPrefix(u.Hostname(), "www.")
		}
	}
	pages, known := 0, 0
	var renamed []string
	for i := len(feed.Items) - 1; i >= 0; i-- {
		if err := ctx.Err(); err != nil {
			return added, err
		}
		it := feed.Items[i]
		seen, err := s.st.ItemSeen(ctx, feedURL, it.Key)
		if err != nil {
			return added, err
		}
		if seen {
			known++
			continue
		}
		text := s.text(it.HTML)
		ck := contentKey(it, text)
		if seen, err := s.st.ItemSeen(ctx, feedURL, ck); err != nil {
			return added, err
		} else if seen {
			renamed = append(renamed, it.Key) // the same item under a new id
			continue
		}
		// Back catalogue never fetches pages: a subscription answers at
		// once, and those items never reach a digest.
		fetchPage := !back && pages < maxPages
		a, fetched := s.article(ctx, source, it, text, fetchPage)
		if fetched {
			pages++
		}
		if a != nil {
			add := s.lib.Add
			if back {
				add = s.lib.AddBackCatalogue
			}
			_, created, err := add(ctx, a)
			if err != nil && !errors.Is(err, store.ErrInvalid) {
				return added, err
			}
			if err != nil {
				s.log.Warn("item refused", slog.String("feed_url", shown(feedURL)), slog.String("item", shown(it.Key)), slog.Any("err", err))
			}
			if created {
				added++
			}
		}
		for _, key := range []string{it.Key, ck} {
			if _, err := s.st.MarkItemSeen(ctx, feedURL, key); err != nil {
				return added, err
			}
		}
	}
	if back || len(feed.Items) == 0 {
		return added, nil
	}
	// Every id new, and most of the items known by their content.
	churned := known == 0 && len(renamed) > 0 && 2*len(renamed) >= len(feed.Items)
	flagged, err := s.churn(ctx, feedURL, feed.Title, churned, len(renamed))
	if err != nil || flagged {
		// A feed known to rename its items every poll: its new ids are
		// not kept (they would pile up, poll after poll).
		return added, err
	}
	// A feed that changed its ids once keeps the new ones.
	for _, key := range renamed {
		if _, err := s.st.MarkItemSeen(ctx, feedURL, key); err != nil {
			return added, err
		}
	}
	return added, nil
}

// contentKey names an item by what it says: its title, its text and its
// link without query or fragment (tracking parameters change), hashed.
func contentKey(it Item, text string) string {
	link := it.Link
	if u := parseURL(link); u != nil {
		u.RawQuery, u.Fragment, u.RawFragment = "", "", ""
		link = u.String()
	}
	h := sha256.New()
	for _, part := range []string{it.Title, strings.Join(strings.Fields(text), " "), link} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return "content:" + hex.EncodeToString(h.Sum(nil))
}

// ChurnText is what a channel is told, once, about a feed that gives its
// items new ids on every poll.
const ChurnText = "This feed changes every item's id; only items with new content are taken."

// churn records whether this poll found the feed renaming its items, and
// tells the feed's channels once when it keeps doing it
// (store.RecordIDChurn).
// It reports whether the feed is known to rename its items.
func (s *Service) churn(ctx context.Context, feedURL, title string, churned bool, renamed int) (flagged bool, err error) {
	tell, flagged, err := s.st.RecordIDChurn(ctx, feedURL, churned)
	if err != nil {
		return false, err
	}
	if churned {
		s.log.Info("every item came with a new id", slog.String("feed_url", shown(feedURL)), slog.Int("renamed", renamed))
	}
	if !tell {
		return flagged, nil
	}
	name := shown(feedURL)
	if title != "" {
		name = fmt.Sprintf("%q (%s)", title, shown(feedURL))
	}
	s.tell(ctx, feedURL, reply.Reply{
		Kind:       reply.Notice,
		Title:      "A feed this channel follows renames its items",
		Summary:    fmt.Sprintf("%s The feed is %s: its stories reach digests once, when their content is new.", ChurnText, name),
		Visibility: reply.Channel,
	}, "feeds: feed that renames its items reported")
	return flagged, nil
}

// article makes an item's article from its text (s.text of its HTML),
// or, when that is a teaser and
// the item links to its page, the page's. nil when the item has no text.
// fetched reports whether a page was fetched.
func (s *Service) article(ctx context.Context, source string, it Item, text string, fetchPage bool) (a *brief.Article, fetched bool) {
	meta := brief.Article{Title: it.Title, Source: source, URL: it.Link}
	if !it.Published.IsZero() {
		meta.Date = it.Published.UTC().Format(time.DateOnly)
	}
	if fetchPage && s.page != nil && it.Link != "" && isTeaser(text) {
		fetched = true
		page, err := s.page(ctx, it.Link)
		if err == nil && page != nil && len(page.Sentences) > 0 {
			full := *page
			full.Path = ""
			if meta.Title != "" {
				full.Title = meta.Title
			}
			if meta.Date != "" || full.Date == "" {
				full.Date = meta.Date
			}
			full.Source = source
			full.URL = it.Link
			return &full, fetched
		}
		s.log.Info("full page not read; keeping the teaser", slog.String("url", shown(it.Link)), slog.Any("err", err))
	}
	a, err := brief.FromText(meta, text)
	if err != nil {
		return nil, fetched // no text at all (a title-only item whose page failed)
	}
	return a, fetched
}

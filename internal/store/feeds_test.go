package store

import (
	"brief/internal/channel"
	"context"
	"database/sql"
	"errors"
	"slices"
	"testing"
	"time"
)

const feedA, feedB = "https://example.com/a.xml", "https://example.org/b.xml"

func TestSubscribeAndList(t *testing.T) {
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		s := tdb.open(t)
		c1 := channel.Key{Platform: "slack", ID: "C1"}
		c2 := channel.Key{Platform: "discord", ID: "D2"}

		// The channel is recorded on the way (no EnsureChannel needed).
		if created, err := s.Subscribe(ctx, c1, feedA); err != nil || !created {
			t.Fatalf("Subscribe = %v, %v; want created", created, err)
		}
		if created, err := s.Subscribe(ctx, c1, feedA); err != nil || created {
			t.Fatalf("second Subscribe = %v, %v; want not created, no error", created, err)
		}
		if _, err := s.Subscribe(ctx, c1, feedB); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Subscribe(ctx, c2, feedA); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ChannelName(ctx, c2); err != nil {
			t.Errorf("channel not recorded: %v", err)
		}

		list, err := s.ChannelFeeds(ctx, c1)
		if err != nil {
			t.Fatal(err)
		}
		var urls []string
		for _, f := range list {
			urls = append(urls, f.URL)
			if !f.SubscribedAt.Equal(t0) || !f.NextPollAt.Equal(t0) || !f.LastPolledAt.IsZero() || f.Failures != 0 {
				t.Errorf("new feed %+v; want subscribed and due at %v, never polled", f, t0)
			}
		}
		if !slices.Equal(urls, []string{feedA, feedB}) {
			t.Errorf("ChannelFeeds = %v", urls)
		}
		chs, err := s.FeedChannels(ctx, feedA)
		if err != nil || !slices.Equal(chs, []channel.Key{c2, c1}) {
			t.Errorf("FeedChannels = %v, %v; want both channels", chs, err)
		}

		st, err := s.FeedState(ctx, feedA)
		if err != nil {
			t.Fatal(err)
		}
		if st.Interval != 30*time.Minute || !st.NextPollAt.Equal(t0) || !st.LastPolledAt.IsZero() || !st.CreatedAt.Equal(t0) {
			t.Errorf("initial state %+v", st)
		}

		if removed, err := s.Unsubscribe(ctx, c1, feedA); err != nil || !removed {
			t.Fatalf("Unsubscribe = %v, %v", removed, err)
		}
		if removed, err := s.Unsubscribe(ctx, c1, feedA); err != nil || removed {
			t.Fatalf("second Unsubscribe = %v, %v; want false, nil", removed, err)
		}
		if _, err := s.ChannelFeed(ctx, c1, feedA); !errors.Is(err, ErrNotFound) {
			t.Errorf("ChannelFeed after unsubscribing = %v; want ErrNotFound", err)
		}
		if f, err := s.ChannelFeed(ctx, c1, feedB); err != nil || f.URL != feedB {
			t.Errorf("ChannelFeed(b) = %+v, %v", f, err)
		}
		if ok, _ := s.FeedFollowed(ctx, feedA); !ok {
			t.Error("feed a is still followed by c2")
		}
		s.Unsubscribe(ctx, c2, feedA)
		if ok, _ := s.FeedFollowed(ctx, feedA); ok {
			t.Error("feed a followed by nobody, FeedFollowed says yes")
		}
		if _, err := s.FeedState(ctx, feedA); err != nil {
			t.Errorf("state dropped with the last subscription: %v", err)
		}
	})
}

func TestSubscribeRefusesBadInput(t *testing.T) {
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		s := tdb.open(t)
		long := "https://example.com/" + string(make([]byte, 3000))
		for _, tt := range []struct {
			name string
			ch   channel.Key
			url  string
		}{
			{"no channel id", channel.Key{Platform: "slack"}, feedA},
			{"no url", channel.Key{Platform: "slack", ID: "C1"}, ""},
			{"long url", channel.Key{Platform: "slack", ID: "C1"}, long},
		} {
			t.Run(tt.name, func(t *testing.T) {
				if _, err := s.Subscribe(ctx, tt.ch, tt.url); !errors.Is(err, ErrInvalid) {
					t.Errorf("Subscribe = %v; want ErrInvalid", err)
				}
			})
		}
		if n, _ := s.DueFeeds(ctx, t0.Add(time.Hour), 0); len(n) != 0 {
			t.Errorf("refused subscriptions left %d feeds", len(n))
		}
	})
}

func TestSaveFeedStateAndDue(t *testing.T) {
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		s := tdb.open(t)
		ch := channel.Key{Platform: "console", ID: "console"}
		s.Subscribe(ctx, ch, feedA)
		s.Subscribe(ctx, ch, feedB)

		want := FeedState{
			URL: feedA, Title: "A & Co", ETag: `"v1"`, LastModified: "Sun, 29 Mar 2026 05:00:00 GMT",
			Interval: 2 * time.Hour, NextPollAt: t0.Add(2 * time.Hour), LastPolledAt: t0,
		}
		if err := s.SaveFeedState(ctx, want); err != nil {
			t.Fatal(err)
		}
		got, err := s.FeedState(ctx, feedA)
		if err != nil {
			t.Fatal(err)
		}
		want.CreatedAt = t0
		if got != want {
			t.Errorf("FeedState = %+v\nwant %+v", got, want)
		}

		due, err := s.DueFeeds(ctx, t0.Add(time.Hour), 0)
		if err != nil || len(due) != 1 || due[0].URL != feedB {
			t.Fatalf("DueFeeds(+1h) = %v, %v; want only b", due, err)
		}
		due, _ = s.DueFeeds(ctx, t0.Add(3*time.Hour), 0)
		if len(due) != 2 || due[0].URL != feedB || due[1].URL != feedA {
			t.Fatalf("DueFeeds(+3h) = %v; want b then a (most overdue first)", due)
		}
		if due, _ = s.DueFeeds(ctx, t0.Add(3*time.Hour), 1); len(due) != 1 {
			t.Errorf("DueFeeds with limit 1 = %d feeds", len(due))
		}
		// A feed nobody follows is not polled.
		s.Unsubscribe(ctx, ch, feedB)
		if due, _ = s.DueFeeds(ctx, t0.Add(3*time.Hour), 0); len(due) != 1 || due[0].URL != feedA {
			t.Errorf("DueFeeds after unsubscribing b = %v", due)
		}

		// The channel's listing shows the state.
		f, err := s.ChannelFeed(ctx, ch, feedA)
		if err != nil || f.Title != "A & Co" || !f.LastPolledAt.Equal(t0) || !f.NextPollAt.Equal(t0.Add(2*time.Hour)) {
			t.Errorf("ChannelFeed = %+v, %v", f, err)
		}
		if err := s.SaveFeedState(ctx, FeedState{URL: feedA, Failures: -1}); !errors.Is(err, ErrInvalid) {
			t.Errorf("negative failures: %v", err)
		}
	})
}

func TestFailureReportedOncePerRun(t *testing.T) {
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		s := tdb.open(t)
		ch := channel.Key{Platform: "console", ID: "console"}
		s.Subscribe(ctx, ch, feedA)

		claim := func() bool {
			t.Helper()
			ok, err := s.ClaimFailureReport(ctx, feedA)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if claim() {
			t.Error("claimed a report for a feed that works")
		}
		failing := FeedState{URL: feedA, Interval: time.Hour, NextPollAt: t0, Failures: 3, LastError: "boom"}
		s.SaveFeedState(ctx, failing)
		if !claim() {
			t.Fatal("first claim of a failing feed refused")
		}
		if claim() {
			t.Error("claimed twice")
		}
		failing.Failures = 4 // still failing: saving keeps the mark
		s.SaveFeedState(ctx, failing)
		if st, _ := s.FeedState(ctx, feedA); !st.FailureReported {
			t.Error("saving a failing state cleared FailureReported")
		}
		if claim() {
			t.Error("claimed again while the same run of failures goes on")
		}
		s.SaveFeedState(ctx, FeedState{URL: feedA, Interval: time.Hour, NextPollAt: t0}) // recovered
		if st, _ := s.FeedState(ctx, feedA); st.FailureReported {
			t.Error("recovery kept FailureReported")
		}
		s.SaveFeedState(ctx, failing) // fails again
		if !claim() {
			t.Error("a new run of failures can't be reported")
		}
	})
}

func TestItemsSeenOnceAcrossRestart(t *testing.T) {
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		path := tdb.dsn(t)
		s := openAt(t, path)
		if seen, err := s.ItemSeen(ctx, feedA, "guid:1"); err != nil || seen {
			t.Fatalf("ItemSeen before = %v, %v", seen, err)
		}
		if created, err := s.MarkItemSeen(ctx, feedA, "guid:1"); err != nil || !created {
			t.Fatalf("MarkItemSeen = %v, %v", created, err)
		}
		if created, _ := s.MarkItemSeen(ctx, feedA, "guid:1"); created {
			t.Error("MarkItemSeen twice created twice")
		}
		if created, _ := s.MarkItemSeen(ctx, feedB, "guid:1"); !created {
			t.Error("the same key in another feed is another item")
		}
		if _, err := s.MarkItemSeen(ctx, feedA, ""); !errors.Is(err, ErrInvalid) {
			t.Errorf("empty key: %v", err)
		}
		s.Close()
		s = openAt(t, path)
		if seen, _ := s.ItemSeen(ctx, feedA, "guid:1"); !seen {
			t.Error("seen item forgotten after reopening")
		}
		if created, _ := s.MarkItemSeen(ctx, feedA, "guid:1"); created {
			t.Error("seen item taken again after reopening")
		}
	})
}

// A database of schema 1 with channels, feeds and articles keeps them all
// when schema 2 is applied, and its subscriptions become due feeds that
// were never polled.
func TestMigrateFromSchema1(t *testing.T) {
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		path := tdb.dsn(t)
		ms, err := loadMigrations(tdb.dialect)
		if err != nil {
			t.Fatal(err)
		}
		db, err := sql.Open(tdb.driver(), path)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{qCreateMigrations, ms[0].sql} {
			if _, err := db.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := db.ExecContext(ctx, q, args...); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		exec(qRecordMigration, 1, millis(t0))
		exec(`INSERT INTO channels (platform, channel_id, name, created_at) VALUES ('slack', 'C1', 'news', $1), ('discord', 'D1', '', $2)`, millis(t0), millis(t0))
		exec(`INSERT INTO feeds (platform, channel_id, url, created_at) VALUES ('slack', 'C1', $1, $2), ('discord', 'D1', $3, $4), ('slack', 'C1', $5, $6)`,
			feedA, millis(t0.Add(-2*time.Hour)), feedA, millis(t0.Add(-time.Hour)), feedB, millis(t0.Add(-time.Minute)))
		exec(`INSERT INTO schedules (platform, channel_id, hh_mm, zone, days, created_at, updated_at) VALUES ('slack', 'C1', '08:00', 'UTC', 'daily', 0, 0)`)
		a := article(7)
		exec(`INSERT INTO articles (id, hash, seq, path, url, title, source, date, body, sentences, paras, arrived_at, back_catalogue)
	VALUES ($1, $2, 1, $3, $4, $5, $6, $7, $8, $9, '[0,0,1]', $10, FALSE)`,
			a.ID(), a.Hash(), a.Path, a.URL, a.Title, a.Source, a.Date, a.Text(),
			`["Story 7 begins here.","It has a second sentence.","And a new paragraph with \"quotes\", <b>markup</b> & ünïcödé."]`, millis(t0))
		db.Close()

		s := openAt(t, path)
		if v, _ := s.SchemaVersion(ctx); v != len(ms) {
			t.Fatalf("SchemaVersion = %d; want %d", v, len(ms))
		}
		if got, _, err := s.Article(ctx, a.ID()); err != nil || got.Hash() != a.Hash() {
			t.Errorf("article lost in the migration: %v", err)
		}
		c1 := channel.Key{Platform: "slack", ID: "C1"}
		if name, err := s.ChannelName(ctx, c1); err != nil || name != "news" {
			t.Errorf("channel lost: %q, %v", name, err)
		}
		if sc, err := s.Schedule(ctx, c1); err != nil || sc.At != "08:00" {
			t.Errorf("schedule lost: %+v, %v", sc, err)
		}
		list, err := s.ChannelFeeds(ctx, c1)
		if err != nil || len(list) != 2 || list[0].URL != feedA || list[1].URL != feedB {
			t.Fatalf("ChannelFeeds after migration = %+v, %v", list, err)
		}
		if !list[0].SubscribedAt.Equal(t0.Add(-2 * time.Hour)) {
			t.Errorf("subscription date changed: %v", list[0].SubscribedAt)
		}
		due, err := s.DueFeeds(ctx, t0, 0)
		if err != nil || len(due) != 2 {
			t.Fatalf("DueFeeds after migration = %+v, %v; want both feeds", due, err)
		}
		for _, st := range due {
			if !st.LastPolledAt.IsZero() || st.Interval != 30*time.Minute {
				t.Errorf("migrated state %+v; want never polled, default interval", st)
			}
		}
		if st, _ := s.FeedState(ctx, feedA); !st.CreatedAt.Equal(t0.Add(-2 * time.Hour)) {
			t.Errorf("feed a's state created at %v; want its first subscription", st.CreatedAt)
		}
		chs, _ := s.FeedChannels(ctx, feedA)
		if len(chs) != 2 {
			t.Errorf("FeedChannels(a) = %v", chs)
		}
	})
}

func TestRecordIDChurnReportsOnce(t *testing.T) {
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		s := tdb.open(t)
		ch, err := s.EnsureChannel(ctx, "slack", "C1", "news")
		if err != nil {
			t.Fatal(err)
		}
		const u = "https://liar.example/feed"
		if _, err := s.Subscribe(ctx, ch, u); err != nil {
			t.Fatal(err)
		}
		for i, step := range []struct {
			churned, tell, flagged bool
		}{
			{true, false, false},  // one poll: a feed may change its ids once (a new system)
			{false, false, false}, // stable again: the count starts over
			{true, false, false},
			{true, true, true},  // twice in a row: told
			{true, false, true}, // told once
			{false, false, true},
			{true, false, true},
			{true, false, true}, // still told only once
		} {
			tell, flagged, err := s.RecordIDChurn(ctx, u, step.churned)
			if err != nil {
				t.Fatal(err)
			}
			if tell != step.tell || flagged != step.flagged {
				t.Errorf("poll %d (churned %v): tell %v flagged %v, want %v %v", i+1, step.churned, tell, flagged, step.tell, step.flagged)
			}
		}
	})
}

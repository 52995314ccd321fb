package router

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"brief/internal/channel"
	"brief/internal/reply"
	"brief/internal/store"
)

// downFeeds is a feed service whose database can't be reached.
type downFeeds struct{}

func unavailable(what string) error {
	return fmt.Errorf("feeds: %s: store: list feeds: %w: cannot reach the Postgres server at 127.0.0.1:5432 (BRIEF_DB): connection refused; is it running?", what, store.ErrUnavailable)
}

func (downFeeds) Subscribe(context.Context, channel.Key, string) (store.Feed, int, error) {
	return store.Feed{}, 0, unavailable("subscribe")
}

func (downFeeds) Unsubscribe(context.Context, channel.Key, string) (bool, error) {
	return false, unavailable("unsubscribe")
}

func (downFeeds) Feeds(context.Context, channel.Key) ([]store.Feed, error) {
	return nil, unavailable("list")
}

func TestDatabaseUnavailableSaysSoAndToTryAgain(t *testing.T) {
	f := newFixture(t)
	f.r.cfg.Feeds = downFeeds{}
	downAuth := AuthorizerFunc(func(context.Context) (bool, error) {
		return false, fmt.Errorf("slack: users.info: %w", store.ErrUnavailable)
	})
	for _, tt := range []struct {
		name string
		text string
		auth Authorizer
	}{
		{"feed list", "feed list", Allow},
		{"feed add", "feed add https://example.com/feed.xml", Allow},
		{"permission check", "schedule 08:00", downAuth},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := f.do(tt.text, tt.auth)
			text := all(got)
			if got.Kind != reply.Error || !strings.Contains(text, "database is unavailable") || !strings.Contains(text, "try again") {
				t.Errorf("reply %v %q, want an error saying the database is unavailable and to try again", got.Kind, text)
			}
			for _, leak := range []string{"127.0.0.1", "BRIEF_DB", "store:", "went wrong"} {
				if strings.Contains(text, leak) {
					t.Errorf("the reply shows %q: %q", leak, text)
				}
			}
		})
	}
	// What needs no database still works.
	if got := f.do("microsoft trojan", Allow); got.Kind != reply.Briefing {
		t.Errorf("/brief microsoft trojan: %v %q", got.Kind, all(got))
	}
}

package post

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"brief/internal/channel"
	"brief/internal/reply"
)

type nopPoster struct{}

func (nopPoster) Post(context.Context, channel.Key, reply.Reply, int) (int, error) { return 1, nil }

func TestRegistry(t *testing.T) {
	var none *Registry
	if _, ok := none.Get("slack"); ok {
		t.Error("a nil registry has a poster")
	}
	r := NewRegistry()
	r.Add("slack", nopPoster{})
	r.Add("console", nopPoster{})
	if _, ok := r.Get("slack"); !ok {
		t.Error("slack's poster is missing")
	}
	if _, ok := r.Get("discord"); ok {
		t.Error("discord has a poster it was never given")
	}
	if got := r.Platforms(); !slices.Equal(got, []string{"console", "slack"}) || r.Len() != 2 {
		t.Errorf("platforms %v, len %d", got, r.Len())
	}
}

func TestErrors(t *testing.T) {
	cause := errors.New("HTTP 403")
	err := fmtWrap(&Permanent{Reason: "the bot is not in this channel", Err: cause})
	if p, ok := IsPermanent(err); !ok || p.Reason != "the bot is not in this channel" || !errors.Is(err, cause) {
		t.Errorf("IsPermanent(%v) = %v, %v", err, p, ok)
	}
	if after, ok := RetryAfterOf(fmtWrap(&RetryAfter{After: 3 * time.Second})); !ok || after != 3*time.Second {
		t.Errorf("RetryAfterOf = %v, %v", after, ok)
	}
	if _, ok := RetryAfterOf(cause); ok {
		t.Error("a plain error asks to wait")
	}
}

func fmtWrap(err error) error { return errors.Join(errors.New("slack: post"), err) }

package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"brief/internal/channel"
	"brief/internal/post"
	"brief/internal/reply"
)

// DefaultRetryAfter is the wait when a 429 names none (an HTML page from a
// proxy without a Retry-After header).
const DefaultRetryAfter = 5 * time.Second

// max429Body bounds how much of a 429's body is read.
const max429Body = 64 << 10

// Post posts a scheduled digest to a channel: the messages Render makes
// of it, from the from-th on, in order, stopping at the first failure;
// sent counts those that went out.
//
// Errors: *post.Permanent when the bot can't post there (Missing Access,
// Unknown Channel, Missing Permissions, a bad token); *post.RetryAfter on
// a 429, with Discord's retry_after (or the Retry-After header); anything
// else is temporary.
func (a *Adapter) Post(ctx context.Context, ch channel.Key, r reply.Reply, from int) (sent int, err error) {
	if ch.Platform != Platform || ch.ID == "" {
		return 0, &post.Permanent{Reason: fmt.Sprintf("discord can't post to channel %q", ch.String())}
	}
	sends := Render(r)
	for i := from; i < len(sends); i++ {
		if err := ctx.Err(); err != nil {
			return sent, err
		}
		if _, err := a.s.ChannelMessageSendComplex(ch.ID, sends[i], discordgo.WithContext(ctx)); err != nil {
			err = classify(err, "post to "+ch.String())
			level := slog.LevelWarn
			if _, ok := post.IsPermanent(err); ok {
				level = slog.LevelError
			}
			a.log.Log(ctx, level, "post failed", slog.String("channel", ch.String()), slog.Int("message", i+1), slog.Int("messages", len(sends)), slog.Any("err", err))
			return sent, err
		}
		sent++
	}
	return sent, nil
}

// classify turns a discordgo error into the post package's errors.
func classify(err error, what string) error {
	var rl *discordgo.RateLimitError
	if errors.As(err, &rl) && rl.RateLimit != nil && rl.TooManyRequests != nil {
		after := rl.RetryAfter
		if after <= 0 {
			after = DefaultRetryAfter
		}
		return &post.RetryAfter{After: after, Err: fmt.Errorf("discord: %s: rate limited", what)}
	}
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		code, msg := 0, ""
		if re.Message != nil {
			code, msg = re.Message.Code, re.Message.Message
		}
		cause := fmt.Errorf("discord: %s: HTTP %d (code %d: %s)", what, re.Response.StatusCode, code, clip(msg, 200))
		switch {
		case code == discordgo.ErrCodeMissingAccess:
			return &post.Permanent{Reason: "the bot can't see this channel (Missing Access): invite it, or give it View Channel and Send Messages", Err: cause}
		case code == discordgo.ErrCodeUnknownChannel:
			return &post.Permanent{Reason: "the channel no longer exists (Unknown Channel)", Err: cause}
		case code == discordgo.ErrCodeMissingPermissions:
			return &post.Permanent{Reason: "the bot may not post here (Missing Permissions): give it Send Messages and Embed Links", Err: cause}
		case re.Response.StatusCode == http.StatusUnauthorized:
			return &post.Permanent{Reason: "Discord refused the bot token (401): check DISCORD_BOT_TOKEN", Err: cause}
		case re.Response.StatusCode == http.StatusForbidden || re.Response.StatusCode == http.StatusNotFound:
			return &post.Permanent{Reason: fmt.Sprintf("Discord refused the post (HTTP %d)", re.Response.StatusCode), Err: cause}
		}
		return cause
	}
	return fmt.Errorf("discord: %s: %w", what, err)
}

// normalize429 makes a 429 carry a JSON body with retry_after, which is
// all discordgo reads: Discord's own body is kept when it has a positive
// retry_after; otherwise (an HTML page from a proxy, or no number) the
// Retry-After header, or DefaultRetryAfter, fills it in.
func normalize429(resp *http.Response) *http.Response {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, max429Body))
	_ = resp.Body.Close()
	var rl struct {
		RetryAfter float64 `json:"retry_after"`
	}
	if json.Unmarshal(body, &rl) == nil && rl.RetryAfter > 0 {
		resp.Body = io.NopCloser(bytes.NewReader(body))
		return resp
	}
	after := retryAfterHeader(resp.Header.Get("Retry-After"), time.Now())
	if after <= 0 {
		after = DefaultRetryAfter
	}
	fixed, _ := json.Marshal(map[string]any{"message": "rate limited", "retry_after": after.Seconds(), "global": false})
	resp.Body = io.NopCloser(bytes.NewReader(fixed))
	resp.ContentLength = int64(len(fixed))
	resp.Header = resp.Header.Clone()
	resp.Header.Set("Content-Type", "application/json")
	resp.Header.Del("Content-Length")
	return resp
}

// retryAfterHeader reads Retry-After as seconds (possibly fractional) or
// an HTTP date; 0 when it says nothing usable.
func retryAfterHeader(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs <= 0 || secs > 24*3600 {
			return 0
		}
		return time.Duration(secs * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 && d <= 24*time.Hour {
			return d
		}
	}
	return 0
}

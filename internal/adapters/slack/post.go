package slack

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/slack-go/slack"

	"brief/internal/channel"
	"brief/internal/post"
	"brief/internal/reply"
)

// defaultRetryAfter is the wait for a 429 that names none.
const defaultRetryAfter = 30 * time.Second

// Post posts a scheduled digest to a channel with chat.postMessage: the
// messages Render makes of it, from the from-th on, one after another in
// order, stopping at the first failure; sent counts those that went out.
// Errors:
// *post.RetryAfter when Slack rate-limits (its Retry-After), *post.Permanent
// when the channel can't be posted to until someone acts (it is gone or
// archived, the bot isn't in it, the token is revoked or lacks a scope);
// anything else (5xx, network) is temporary.
func (a *Adapter) Post(ctx context.Context, ch channel.Key, r reply.Reply, from int) (sent int, err error) {
	if ch.Platform != Platform || ch.ID == "" {
		return 0, &post.Permanent{Reason: fmt.Sprintf("the Slack adapter can't post to %q", ch.String())}
	}
	r.Visibility = reply.Channel // a scheduled post is for everyone: no Share button
	out := Render(r)
	for i := from; i < len(out); i++ {
		if _, _, err := a.api.PostMessageContext(ctx, ch.ID, messageOptions(out[i])...); err != nil {
			return sent, fmt.Errorf("slack: post message %d of %d to %s: %w", i+1, len(out), ch.ID, classify(err))
		}
		sent++
	}
	return sent, nil
}

// permanentReasons says, for the errors that need someone to act, what.
var permanentReasons = map[string]string{
	"channel_not_found":       "the channel doesn't exist any more, or the bot can't see it",
	"not_in_channel":          "the bot is not in this channel: invite it with /invite @brief",
	"is_archived":             "the channel is archived",
	"invalid_auth":            "Slack refused the bot token: check SLACK_BOT_TOKEN",
	"not_authed":              "no bot token was sent: set SLACK_BOT_TOKEN",
	"account_inactive":        "the bot's account is deactivated (was the app uninstalled?): reinstall it and update SLACK_BOT_TOKEN",
	"token_revoked":           "the bot token was revoked: reinstall the app and update SLACK_BOT_TOKEN",
	"token_expired":           "the bot token expired: reinstall the app and update SLACK_BOT_TOKEN",
	"missing_scope":           "the app lacks the chat:write scope: add it and reinstall the app",
	"restricted_action":       "the workspace doesn't let the bot post in this channel",
	"team_access_not_granted": "the app isn't allowed in this workspace",
}

// classify maps a Web API error onto the post package's errors.
func classify(err error) error {
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		after := rl.RetryAfter
		if after <= 0 {
			after = defaultRetryAfter
		}
		return &post.RetryAfter{After: after, Err: err}
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) && sc.Code == http.StatusTooManyRequests {
		return &post.RetryAfter{After: defaultRetryAfter, Err: err}
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		if reason, ok := permanentReasons[se.Err]; ok {
			return &post.Permanent{Reason: reason, Err: err}
		}
	}
	return err
}

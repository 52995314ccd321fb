package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"time"

	"github.com/slack-go/slack"

	"brief/internal/ack"
	"brief/internal/router"
)

// MaxResponses is how many messages Slack takes through one response_url.
const MaxResponses = 5

// Texts of the acknowledgements that don't carry the reply.
const (
	WorkingText    = "Working on it…"
	RestartingText = "brief is restarting. Please try again in a minute."
)

// A target is where a command's reply goes when it can't ride in the
// acknowledgement.
type target struct {
	responseURL string
	channelID   string
	userID      string
}

// command runs a slash command, whichever transport brought it, and
// returns the acknowledgement's message: the reply itself when it is one
// message ready within the ack budget; nil (an empty acknowledgement)
// when it is several messages, which then follow through response_url in
// order; "Working on it…" when the budget runs out, the reply following
// through response_url when it is ready. The work runs under the
// adapter's context, not the request's or the connection's, so a
// reconnect loses no acknowledged command.
func (a *Adapter) command(cmd slack.SlashCommand) *Message {
	req := a.request(cmd)
	to := target{responseURL: cmd.ResponseURL, channelID: cmd.ChannelID, userID: cmd.UserID}
	msgs, inTime, later, started := ack.Within(a.work, a.cfg.AckBudget, func(ctx context.Context) []Message {
		return Render(a.cfg.Handler.Handle(ctx, req))
	})
	switch {
	case !started:
		return &Message{ResponseType: ephemeral, Text: RestartingText}
	case inTime && len(msgs) == 1:
		return &msgs[0]
	case inTime:
		a.work.Go(func(ctx context.Context) { a.deliver(ctx, to, msgs) })
		return nil
	}
	a.work.Go(func(ctx context.Context) {
		select {
		case msgs := <-later:
			a.deliver(ctx, to, msgs)
		case <-ctx.Done():
		}
	})
	return &Message{ResponseType: ephemeral, Text: WorkingText}
}

// share runs "/brief share" for a click on the Share button and posts the
// digest to the channel: through the interaction's response_url, or
// chat.postMessage when there is none.
func (a *Adapter) share(cb slack.InteractionCallback) {
	req := router.Request{
		Platform:    Platform,
		ChannelID:   cb.Channel.ID,
		ChannelName: cb.Channel.Name,
		UserID:      cb.User.ID,
		Text:        router.CmdShare,
		Auth:        a.admins.authorizer(cb.User.ID),
	}
	to := target{responseURL: cb.ResponseURL, channelID: cb.Channel.ID, userID: cb.User.ID}
	a.work.Go(func(ctx context.Context) {
		a.deliver(ctx, to, Render(a.cfg.Handler.Handle(ctx, req)))
	})
}

// isShare reports whether an interaction is a click on the Share button.
func isShare(cb slack.InteractionCallback) bool {
	if cb.Type != slack.InteractionTypeBlockActions {
		return false
	}
	for _, act := range cb.ActionCallback.BlockActions {
		if act != nil && act.ActionID == ShareActionID {
			return true
		}
	}
	return false
}

// deliver sends messages in order: through response_url, which takes at
// most MaxResponses; past that (or without a response_url), through the
// Web API, to the caller alone (chat.postEphemeral) or to the channel
// (chat.postMessage). It stops at the first failure.
func (a *Adapter) deliver(ctx context.Context, to target, msgs []Message) {
	log := a.log.With(slog.String("channel", to.channelID), slog.String("user", to.userID))
	viaURL := msgs
	var rest []Message
	if to.responseURL == "" {
		viaURL, rest = nil, msgs
	} else if len(msgs) > MaxResponses {
		viaURL, rest = msgs[:MaxResponses-1], msgs[MaxResponses-1:]
	}
	for i, m := range viaURL {
		if err := a.respond(ctx, to.responseURL, m); err != nil {
			log.Error("reply through response_url failed", slog.Int("message", i+1), slog.Int("of", len(msgs)), slog.Any("err", err))
			return
		}
	}
	for i, m := range rest {
		err := a.postWeb(ctx, to, m)
		if err == nil {
			continue
		}
		log.Error("reply through the Web API failed", slog.Int("message", len(viaURL)+i+1), slog.Int("of", len(msgs)), slog.Any("err", err))
		if to.responseURL != "" && len(viaURL) < MaxResponses {
			note := noteMessage(m.ResponseType, fmt.Sprintf("%d more parts of this reply could not be sent: Slack takes %d replies to a command, and the bot could not post the rest here (%s).", len(rest)-i, MaxResponses, errorCode(err)))
			if err := a.respond(ctx, to.responseURL, note); err != nil {
				log.Error("reply through response_url failed", slog.Any("err", err))
			}
		}
		return
	}
}

func noteMessage(responseType, text string) Message {
	return Message{ResponseType: responseType, Text: text, Blocks: []slack.Block{mrkdwnSection(escape(text))}}
}

// respond posts one message to a response_url, trying again twice after
// a network error or a 5xx.
func (a *Adapter) respond(ctx context.Context, responseURL string, m Message) error {
	if u, err := url.Parse(responseURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("slack: response_url %q is not a web address", responseURL)
	}
	wm := &slack.WebhookMessage{Text: m.Text, ResponseType: m.ResponseType}
	if len(m.Blocks) > 0 {
		wm.Blocks = &slack.Blocks{BlockSet: m.Blocks}
	}
	var err error
	for attempt, wait := 0, 500*time.Millisecond; attempt < 3; attempt, wait = attempt+1, wait*2 {
		err = slack.PostWebhookCustomHTTPContext(ctx, responseURL, a.cfg.HTTPClient, wm)
		if err == nil || !temporary(err) {
			break
		}
		var rl *slack.RateLimitedError
		if errors.As(err, &rl) {
			wait = max(wait, rl.RetryAfter)
		}
		if !sleep(ctx, wait) {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("slack: post to response_url: %w", err)
	}
	return nil
}

// postWeb posts one message through the Web API: ephemeral to the user,
// or to the channel.
func (a *Adapter) postWeb(ctx context.Context, to target, m Message) error {
	opts := messageOptions(m)
	if m.ResponseType == inChannel || to.userID == "" {
		_, _, err := a.api.PostMessageContext(ctx, to.channelID, opts...)
		return err
	}
	_, err := a.api.PostEphemeralContext(ctx, to.channelID, to.userID, opts...)
	return err
}

func messageOptions(m Message) []slack.MsgOption {
	return []slack.MsgOption{
		slack.MsgOptionText(m.Text, false), // already escaped
		slack.MsgOptionBlocks(m.Blocks...),
		slack.MsgOptionDisableLinkUnfurl(),
		slack.MsgOptionDisableMediaUnfurl(),
	}
}

// temporary: worth trying again (a network error, a 5xx, a 429).
func temporary(err error) bool {
	var sc slack.StatusCodeError
	if errors.As(err, &sc) {
		return sc.Code >= 500 || sc.Code == 429
	}
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return true
	}
	var se slack.SlackErrorResponse
	return !errors.As(err, &se) && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
}

func errorCode(err error) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	return "error"
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

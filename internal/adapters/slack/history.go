package slack

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"brief/internal/post"
	"brief/internal/reply"
)

// A scheduled digest's messages carry Slack message metadata naming their
// slot: event_type brief_digest, and in event_payload the channel, the
// slot (RFC 3339, UTC) and the message's part (from 0). Metadata is not
// shown to people. conversations.history returns it with
// include_all_metadata, which needs the history scope (channels:history
// for public channels, groups:history for private ones); without it the
// bot can post but not look, and FindSlot says so (post.ErrCannotLook).
// Slack has no idempotency key for chat.postMessage: the lookup is the
// only protection against a second copy.
const digestEvent = "brief_digest"

// slotMetadata is the metadata of the part-th message of the slot's digest.
func slotMetadata(s post.Slot, part int) slack.SlackMetadata {
	return slack.SlackMetadata{
		EventType: digestEvent,
		EventPayload: map[string]any{
			"channel": s.Channel.ID,
			"slot":    s.At.UTC().Format(time.RFC3339),
			"part":    part,
		},
	}
}

// PostSlot posts a scheduled digest as Post does, each message with
// metadata naming the slot and the part. Errors are Post's.
func (a *Adapter) PostSlot(ctx context.Context, s post.Slot, r reply.Reply, from int) (sent int, err error) {
	ch := s.Channel
	if ch.Platform != Platform || ch.ID == "" {
		return 0, &post.Permanent{Reason: fmt.Sprintf("the Slack adapter can't post to %q", ch.String())}
	}
	r.Visibility = reply.Channel // a scheduled post is for everyone: no Share button
	out := Render(r)
	for i := from; i < len(out); i++ {
		opts := append(messageOptions(out[i]), slack.MsgOptionMetadata(slotMetadata(s, i)))
		if _, _, err := a.api.PostMessageContext(ctx, ch.ID, opts...); err != nil {
			return sent, fmt.Errorf("slack: post message %d of %d to %s: %w", i+1, len(out), ch.ID, classify(err))
		}
		sent++
	}
	return sent, nil
}

// History bounds for FindSlot.
const (
	// lookBehind: messages from this long before the slot are read too,
	// in case this machine's clock runs ahead of Slack's.
	lookBehind  = 5 * time.Minute
	historyPage = 200 // Slack's recommended largest page
	// maxHistoryPages bounds the read, newest first, down to the slot.
	maxHistoryPages = 5
)

// cannotLook are conversations.history's errors that mean the app may not
// read the channel: no history scope, or a token that can't.
var cannotLook = map[string]bool{
	"missing_scope":          true,
	"not_allowed_token_type": true,
	"no_permission":          true,
}

// FindSlot reads the channel's messages since the slot
// (conversations.history with include_all_metadata) and returns the parts
// of the slot's digest this bot posted, by their metadata.
func (a *Adapter) FindSlot(ctx context.Context, s post.Slot) ([]int, error) {
	ch := s.Channel
	if ch.Platform != Platform || ch.ID == "" {
		return nil, &post.Permanent{Reason: fmt.Sprintf("the Slack adapter can't read %q", ch.String())}
	}
	bot, err := a.botID(ctx)
	if err != nil {
		return nil, err
	}
	params := &slack.GetConversationHistoryParameters{
		ChannelID:          ch.ID,
		Oldest:             strconv.FormatInt(s.At.Add(-lookBehind).Unix(), 10) + ".000000",
		Limit:              historyPage,
		IncludeAllMetadata: true,
	}
	slot := s.At.UTC().Format(time.RFC3339)
	found := map[int]bool{}
	for range maxHistoryPages {
		res, err := a.api.GetConversationHistoryContext(ctx, params)
		if err != nil {
			var se slack.SlackErrorResponse
			if errors.As(err, &se) && cannotLook[se.Err] {
				return nil, fmt.Errorf("slack: read %s: %s (add channels:history and groups:history and reinstall the app): %w", ch.ID, se.Err, post.ErrCannotLook)
			}
			return nil, fmt.Errorf("slack: read %s: %w", ch.ID, classify(err))
		}
		for _, m := range res.Messages {
			if part, ok := slotPart(m, bot, ch.ID, slot); ok {
				found[part] = true
			}
		}
		if !res.HasMore || res.ResponseMetaData.NextCursor == "" {
			break
		}
		params.Cursor = res.ResponseMetaData.NextCursor
	}
	parts := make([]int, 0, len(found))
	for p := range found {
		parts = append(parts, p)
	}
	slices.Sort(parts)
	return parts, nil
}

// slotPart says which part of the slot's digest m is, if this bot posted
// it as one.
func slotPart(m slack.Message, bot, channelID, slot string) (int, bool) {
	md := m.Metadata
	if md.EventType != digestEvent || bot != "" && m.BotID != bot {
		return 0, false
	}
	if c, _ := md.EventPayload["channel"].(string); c != channelID {
		return 0, false
	}
	if at, _ := md.EventPayload["slot"].(string); at != slot {
		return 0, false
	}
	p, ok := md.EventPayload["part"].(float64) // JSON numbers
	if !ok || p < 0 || p != float64(int(p)) {
		return 0, false
	}
	return int(p), true
}

// botID is the bot's id (auth.test's bot_id), asked once: the messages
// it posted carry it. "" when Slack names none: then any app's message
// with the slot's metadata counts.
func (a *Adapter) botID(ctx context.Context) (string, error) {
	if id := a.self.Load(); id != nil {
		return *id, nil
	}
	res, err := a.api.AuthTestContext(ctx)
	if err != nil {
		return "", fmt.Errorf("slack: auth.test: %w", classify(err))
	}
	a.self.Store(&res.BotID)
	return res.BotID, nil
}

var (
	_ post.SlotPoster = (*Adapter)(nil)
	_ post.Finder     = (*Adapter)(nil)
)

package discord

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"brief/internal/channel"
	"brief/internal/post"
	"brief/internal/reply"
)

// A scheduled digest's messages are marked twice, so that a retry after a
// crash neither doubles nor loses them:
//
//   - Each is created with a nonce derived from (channel, slot, part) and
//     enforce_nonce, so Discord itself answers a second create with the
//     same nonce, within its deduplication window (a few minutes), with
//     the message it already has instead of a new one.
//   - Each of its embeds carries the slot as its timestamp, plus the part
//     in whole seconds (08:00:00 for the first message, 08:00:01 for the
//     second). Discord shows an embed's timestamp as a small "Today at
//     08:00" under it, which reads as what it is, the 08:00 digest, and
//     hides the seconds; and it keeps the value in the message for good,
//     whereas the nonce comes back in GET /channels/{id}/messages only for
//     a while. A plain message has no invisible field a bot can read back
//     (no metadata, no custom_id without components), and a footer or a
//     content prefix would be text people read.
//
// FindSlot counts a message as the slot's when this bot wrote it (its
// author is the bot's user) and it carries the slot's nonce or the slot's
// timestamp: another bot's or a person's message never matches.

// nonceLen is Discord's limit on a nonce.
const nonceLen = 25

// nonceEncoding writes the hash in 0-9a-v: no padding, no case to fold.
var nonceEncoding = base32.HexEncoding.WithPadding(base32.NoPadding)

// Nonce is the nonce of the part-th message (from 0) of a channel's
// scheduled digest for slot: 23 characters of a hash of the channel and
// the slot, then the part in two digits. The same arguments give the same
// nonce in every process, and a different channel, slot or part another.
func Nonce(ch channel.Key, slot time.Time, part int) string {
	return slotPrefix(ch, slot) + fmt.Sprintf("%02d", part%100)
}

func slotPrefix(ch channel.Key, slot time.Time) string {
	sum := sha256.Sum256([]byte("brief digest\x00" + ch.Platform + "\x00" + ch.ID + "\x00" + strconv.FormatInt(slot.UnixMilli(), 10)))
	return strings.ToLower(nonceEncoding.EncodeToString(sum[:]))[:nonceLen-2]
}

// slotTimestamp is the embed timestamp that marks the part-th message of
// the slot's digest.
func slotTimestamp(slot time.Time, part int) string {
	return slot.UTC().Truncate(time.Second).Add(time.Duration(part) * time.Second).Format(time.RFC3339)
}

// slotMessage is a message create with the nonce fields discordgo's
// MessageSend lacks.
type slotMessage struct {
	*discordgo.MessageSend
	Nonce        string `json:"nonce"`
	EnforceNonce bool   `json:"enforce_nonce"`
}

// PostSlot posts a scheduled digest as Post does, each message created
// with the slot's nonce and enforce_nonce and marked with the slot's
// timestamp (see above). Errors are Post's.
func (a *Adapter) PostSlot(ctx context.Context, s post.Slot, r reply.Reply, from int) (sent int, err error) {
	ch := s.Channel
	if ch.Platform != Platform || ch.ID == "" {
		return 0, &post.Permanent{Reason: fmt.Sprintf("discord can't post to channel %q", ch.String())}
	}
	sends := Render(r)
	endpoint := discordgo.EndpointChannelMessages(ch.ID)
	for i := from; i < len(sends); i++ {
		if err := ctx.Err(); err != nil {
			return sent, err
		}
		for _, e := range sends[i].Embeds {
			e.Timestamp = slotTimestamp(s.At, i)
		}
		body := slotMessage{MessageSend: sends[i], Nonce: Nonce(ch, s.At, i), EnforceNonce: true}
		if _, err := a.s.RequestWithBucketID("POST", endpoint, body, endpoint, discordgo.WithContext(ctx)); err != nil {
			err = classify(err, "post to "+ch.String())
			level := slog.LevelWarn
			if _, ok := post.IsPermanent(err); ok {
				level = slog.LevelError
			}
			a.log.Log(ctx, level, "post failed", slog.String("channel", ch.String()), slog.Time("slot", s.At),
				slog.Int("message", i+1), slog.Int("messages", len(sends)), slog.Any("err", err))
			return sent, err
		}
		sent++
	}
	return sent, nil
}

// History bounds for FindSlot.
const (
	// lookBehind: messages from this long before the slot are read too,
	// in case this machine's clock runs ahead of Discord's.
	lookBehind  = 5 * time.Minute
	historyPage = 100 // Discord's largest page
	// maxHistoryPages bounds the read: the digest went out within minutes
	// of its slot, so among the first messages after it.
	maxHistoryPages = 10
)

// historyMessage is what FindSlot reads of a message.
type historyMessage struct {
	ID     string          `json:"id"`
	Nonce  json.RawMessage `json:"nonce"` // a string or a number; echoed only for a while
	Author struct {
		ID string `json:"id"`
	} `json:"author"`
	Embeds []struct {
		Timestamp string `json:"timestamp"`
	} `json:"embeds"`
}

// FindSlot looks for the slot's messages among the channel's messages
// since the slot (see the marks above): the parts this bot posted.
//
// Without Read Message History Discord answers every read with no
// messages at all. So when nothing at all came after the slot and the
// channel's latest message can't be read either, FindSlot can't tell an
// empty channel from an unreadable one and returns post.ErrCannotLook.
func (a *Adapter) FindSlot(ctx context.Context, s post.Slot) ([]int, error) {
	ch := s.Channel
	if ch.Platform != Platform || ch.ID == "" {
		return nil, &post.Permanent{Reason: fmt.Sprintf("discord can't read channel %q", ch.String())}
	}
	me, err := a.botUserID(ctx)
	if err != nil {
		return nil, err
	}
	after := snowflakeAt(s.At.Add(-lookBehind))
	found := map[int]bool{}
	seen := 0
	for range maxHistoryPages {
		msgs, err := a.messages(ctx, ch, url.Values{"after": {strconv.FormatUint(after, 10)}, "limit": {strconv.Itoa(historyPage)}})
		if err != nil {
			return nil, err
		}
		seen += len(msgs)
		for _, m := range msgs {
			if part, ok := m.part(me, s); ok {
				found[part] = true
			}
			if id, err := strconv.ParseUint(m.ID, 10, 64); err == nil && id > after {
				after = id
			}
		}
		if len(msgs) < historyPage {
			break
		}
	}
	if seen == 0 {
		latest, err := a.messages(ctx, ch, url.Values{"limit": {"1"}})
		if err != nil {
			return nil, err
		}
		if len(latest) == 0 {
			return nil, fmt.Errorf("discord: read %s: no message at all (an empty channel, or the bot lacks Read Message History): %w", ch, post.ErrCannotLook)
		}
	}
	parts := make([]int, 0, len(found))
	for p := range found {
		parts = append(parts, p)
	}
	slices.Sort(parts)
	return parts, nil
}

// part says which part of the slot's digest m is, if it is one.
func (m historyMessage) part(me string, s post.Slot) (int, bool) {
	if me == "" || m.Author.ID != me {
		return 0, false
	}
	var nonce string
	if json.Unmarshal(m.Nonce, &nonce) == nil && len(nonce) == nonceLen && nonce[:nonceLen-2] == slotPrefix(s.Channel, s.At) {
		if p, err := strconv.Atoi(nonce[nonceLen-2:]); err == nil {
			return p, true
		}
	}
	base := s.At.UTC().Truncate(time.Second)
	for _, e := range m.Embeds {
		t, err := time.Parse(time.RFC3339, e.Timestamp)
		if err != nil {
			continue
		}
		if off := t.Sub(base); off >= 0 && off < reply.MaxMessagesPerPost*time.Second && off%time.Second == 0 {
			return int(off / time.Second), true
		}
	}
	return 0, false
}

func (a *Adapter) messages(ctx context.Context, ch channel.Key, q url.Values) ([]historyMessage, error) {
	endpoint := discordgo.EndpointChannelMessages(ch.ID)
	body, err := a.s.RequestWithBucketID("GET", endpoint+"?"+q.Encode(), nil, endpoint, discordgo.WithContext(ctx))
	if err != nil {
		return nil, classify(err, "read messages of "+ch.String())
	}
	var msgs []historyMessage
	if err := json.Unmarshal(body, &msgs); err != nil {
		return nil, fmt.Errorf("discord: read messages of %s: %w", ch, err)
	}
	return msgs, nil
}

// botUserID is the bot's own user id (GET /users/@me), asked once.
func (a *Adapter) botUserID(ctx context.Context) (string, error) {
	if id := a.self.Load(); id != nil {
		return *id, nil
	}
	u, err := a.s.User("@me", discordgo.WithContext(ctx))
	if err != nil {
		return "", classify(err, "read the bot's user")
	}
	if u == nil || u.ID == "" {
		return "", fmt.Errorf("discord: read the bot's user: no id")
	}
	a.self.Store(&u.ID)
	return u.ID, nil
}

// discordEpoch is the first instant of Discord's ids (2015-01-01 UTC).
const discordEpoch = 1420070400000

// snowflakeAt is the smallest Discord id made at t: messages after it were
// created after t.
func snowflakeAt(t time.Time) uint64 {
	ms := t.UnixMilli() - discordEpoch
	if ms < 0 {
		return 0
	}
	return uint64(ms) << 22
}

var (
	_ post.SlotPoster = (*Adapter)(nil)
	_ post.Finder     = (*Adapter)(nil)
)

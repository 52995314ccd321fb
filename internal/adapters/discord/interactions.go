package discord

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"brief/internal/ack"
	"brief/internal/reply"
	"brief/internal/router"
)

// MaxInteractionBytes bounds an interaction's body; real ones are a few KB.
const MaxInteractionBytes = 256 << 10

// InteractionsPath is where Discord sends interactions in HTTP mode.
const InteractionsPath = "/discord/interactions"

// Routes mounts POST /discord/interactions when a public key is set.
func (a *Adapter) Routes(mux interface{ Handle(string, http.Handler) }) {
	if !a.HTTPMode() {
		return
	}
	mux.Handle("POST "+InteractionsPath, http.HandlerFunc(a.ServeInteraction))
}

// ServeInteraction answers one HTTP interaction: the Ed25519 signature
// over X-Signature-Timestamp and the raw body is checked first, with the
// timestamp within TimestampWindow of now, and an interaction served
// before (its id recorded in Config.Replays) is refused: 401 for both,
// logged. A PING gets {"type":1}; an autocomplete its (empty) choices; a
// /brief command gets its reply, or a deferral followed by an edit and
// follow-ups when the command is slow.
func (a *Adapter) ServeInteraction(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxInteractionBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "can't read the request body", http.StatusBadRequest)
		return
	}
	at, sig, err := a.verify(r.Header, body)
	if err != nil {
		a.refuse(w, r, err)
		return
	}
	i, err := decodeInteraction(body)
	if err != nil {
		http.Error(w, "malformed interaction", http.StatusBadRequest)
		return
	}
	key := Platform + ":" + i.ID
	if i.ID == "" {
		key = Platform + ":signature:" + hex.EncodeToString(sig)
	}
	fresh, err := a.cfg.Replays.RecordRequest(r.Context(), key, a.cfg.Now(), at.Add(TimestampWindow))
	if err != nil {
		a.log.Error("interaction not served: the replay ledger failed", slog.Any("err", err))
		if i.Type == discordgo.InteractionApplicationCommand && router.IsUnavailable(err) {
			// The person who typed it reads why; nothing runs, so a
			// replay would get no more than this sentence either.
			writeJSON(w, a.immediate(router.Unavailable(), true))
			return
		}
		w.Header().Set("Retry-After", "1")
		http.Error(w, "try again", http.StatusServiceUnavailable)
		return
	}
	if !fresh {
		a.refuse(w, r, errReplay)
		return
	}
	switch i.Type {
	case discordgo.InteractionPing:
		writeJSON(w, &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong})
		return
	case discordgo.InteractionApplicationCommand, discordgo.InteractionApplicationCommandAutocomplete,
		discordgo.InteractionMessageComponent, discordgo.InteractionModalSubmit:
	default:
		http.Error(w, "unknown interaction type", http.StatusBadRequest)
		return
	}
	if i.ID == "" || i.Token == "" {
		http.Error(w, "interaction without id or token", http.StatusBadRequest)
		return
	}
	if i.Type == discordgo.InteractionApplicationCommandAutocomplete {
		writeJSON(w, newAutocompleteResponse())
		return
	}
	first, rest := a.answer(i)
	writeJSON(w, first)
	if f, ok := w.(http.Flusher); ok {
		f.Flush() // Discord must have the first answer before any follow-up
	}
	if rest != nil {
		a.work.Go(rest)
	}
}

// Why a request is refused.
var (
	errUnsigned     = errors.New("discord: request is missing its signature headers")
	errBadSignature = errors.New("discord: request signature does not match")
	errStale        = errors.New("discord: request timestamp is more than 5 minutes off")
	errReplay       = errors.New("discord: interaction was seen before (replay)")
)

// refuse answers 401 and logs why, as the Slack adapter does.
func (a *Adapter) refuse(w http.ResponseWriter, r *http.Request, why error) {
	a.log.Warn("request refused", slog.String("path", r.URL.Path), slog.String("remote", r.RemoteAddr), slog.Any("err", why))
	http.Error(w, "invalid request signature", http.StatusUnauthorized)
}

// verify checks Discord's signature and the timestamp's age, and returns
// the timestamp and the signature.
func (a *Adapter) verify(h http.Header, body []byte) (time.Time, []byte, error) {
	rawSig, ts := h.Get("X-Signature-Ed25519"), h.Get("X-Signature-Timestamp")
	if rawSig == "" || ts == "" {
		return time.Time{}, nil, errUnsigned
	}
	sig, err := hex.DecodeString(rawSig)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return time.Time{}, nil, errBadSignature
	}
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || len(ts) > 12 {
		return time.Time{}, nil, errStale
	}
	at := time.Unix(secs, 0)
	if d := a.cfg.Now().Sub(at); d > TimestampWindow || d < -TimestampWindow {
		return time.Time{}, nil, errStale
	}
	msg := make([]byte, 0, len(ts)+len(body))
	msg = append(msg, ts...)
	msg = append(msg, body...)
	if !ed25519.Verify(a.cfg.PublicKey, msg, sig) {
		return time.Time{}, nil, errBadSignature
	}
	return at, sig, nil
}

func writeJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(b)
}

// onEvent is the gateway's handler for every event: INTERACTION_CREATE
// is decoded as the HTTP route decodes it (decodeInteraction), not by
// discordgo, whose Interaction has no channel object and fails on one
// mismatched field. The first answer goes through the REST callback, the
// rest after it.
func (a *Adapter) onEvent(_ *discordgo.Session, e *discordgo.Event) {
	if e == nil || e.Type != "INTERACTION_CREATE" {
		return
	}
	i, err := decodeInteraction(e.RawData)
	if err != nil {
		a.log.Warn("unreadable interaction from the gateway", slog.Any("err", err))
		return
	}
	switch i.Type {
	case discordgo.InteractionApplicationCommand, discordgo.InteractionApplicationCommandAutocomplete,
		discordgo.InteractionMessageComponent, discordgo.InteractionModalSubmit:
	default:
		return
	}
	if i.ID == "" || i.Token == "" {
		return
	}
	a.work.Go(func(ctx context.Context) {
		if i.Type == discordgo.InteractionApplicationCommandAutocomplete {
			endpoint := discordgo.EndpointInteractionResponse(i.ID, i.Token)
			if _, err := a.s.RequestWithBucketID(http.MethodPost, endpoint, newAutocompleteResponse(), endpoint, discordgo.WithContext(ctx)); err != nil {
				a.log.Error("autocomplete response failed", slog.String("interaction", i.ID), slog.String("err", redact(err, i.Token)))
			}
			return
		}
		first, rest := a.answer(i)
		if err := a.s.InteractionRespond(i, first, discordgo.WithContext(ctx)); err != nil {
			a.log.Error("interaction response failed", slog.String("interaction", i.ID), slog.String("err", redact(err, i.Token)))
			return
		}
		if rest != nil {
			rest(ctx)
		}
	})
}

// answer runs an interaction's command within the ack budget. It returns
// the first response and, when there is more to send (a deferred reply, or
// the later messages of a long one), a function that sends it; that runs
// after the first response has reached Discord.
func (a *Adapter) answer(i *discordgo.Interaction) (*discordgo.InteractionResponse, func(context.Context)) {
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
	default:
		return a.immediate(reply.Reply{Kind: reply.Error, Summary: "This message has nothing to click any more. Use /brief instead."}, true), nil
	}
	data, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
	if !ok {
		return a.immediate(router.Invalid(invalidf("That command came without its options. Please try again.")), true), nil
	}
	cmd, err := toCommand(data)
	if err != nil {
		return a.immediate(router.Invalid(err), true), nil
	}
	req := router.Request{
		Platform:  Platform,
		ChannelID: i.ChannelID,
		UserID:    userID(i),
		Command:   &cmd,
		Auth:      memberAuth(i),
	}
	r, inTime, later, started := ack.Within(a.work, a.cfg.AckBudget, func(ctx context.Context) reply.Reply {
		return a.cfg.Handler.Handle(ctx, req)
	})
	switch {
	case !started:
		return a.immediate(router.Failure(), true), nil // shutting down
	case inTime:
		msgs := Render(r)
		eph := r.Visibility == reply.Caller
		first := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: responseData(msgs[0], eph)}
		if len(msgs) == 1 {
			return first, nil
		}
		return first, func(ctx context.Context) { a.followUps(ctx, i, msgs[1:], eph) }
	}
	// Slow: defer now, with the visibility the command will have.
	eph := ephemeralFor(cmd)
	deferred := &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: flags(eph), AllowedMentions: noMentions()},
	}
	return deferred, func(ctx context.Context) {
		var r reply.Reply
		select {
		case r = <-later:
		case <-ctx.Done():
			a.log.Error("command outlived its interaction", slog.String("interaction", i.ID), slog.String("command", cmd.Name))
			return
		}
		msgs := Render(r)
		edit := &discordgo.WebhookEdit{Embeds: &msgs[0].Embeds, AllowedMentions: noMentions()}
		if _, err := a.s.InteractionResponseEdit(i, edit, discordgo.WithContext(ctx)); err != nil {
			a.log.Error("editing the deferred reply failed", slog.String("interaction", i.ID), slog.String("err", redact(err, i.Token)))
			return
		}
		a.followUps(ctx, i, msgs[1:], eph)
	}
}

func (a *Adapter) followUps(ctx context.Context, i *discordgo.Interaction, msgs []*discordgo.MessageSend, eph bool) {
	for n, m := range msgs {
		params := &discordgo.WebhookParams{Embeds: m.Embeds, AllowedMentions: noMentions(), Flags: flags(eph)}
		if _, err := a.s.FollowupMessageCreate(i, true, params, discordgo.WithContext(ctx)); err != nil {
			a.log.Error("follow-up failed", slog.String("interaction", i.ID), slog.Int("message", n+2), slog.String("err", redact(err, i.Token)))
			return
		}
	}
}

// immediate is a type-4 answer with one reply, cut to one message.
func (a *Adapter) immediate(r reply.Reply, eph bool) *discordgo.InteractionResponse {
	msgs := Render(r)
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: responseData(msgs[0], eph)}
}

func responseData(m *discordgo.MessageSend, eph bool) *discordgo.InteractionResponseData {
	return &discordgo.InteractionResponseData{Embeds: m.Embeds, AllowedMentions: noMentions(), Flags: flags(eph)}
}

func flags(eph bool) discordgo.MessageFlags {
	if eph {
		return discordgo.MessageFlagsEphemeral
	}
	return 0
}

// ephemeralFor decides, before the reply exists, whether a deferred reply
// is ephemeral: everything the router answers only to the caller (help,
// errors, answers, briefings, settings), all but a shared digest.
func ephemeralFor(cmd router.Command) bool { return cmd.Name != router.CmdShare }

// memberAuth says whether the member may change the channel's settings:
// Manage Channels (or Administrator) in the channel, as the payload says.
func memberAuth(i *discordgo.Interaction) router.Authorizer {
	perms := int64(0)
	if i.Member != nil {
		perms = i.Member.Permissions
	}
	return router.AuthorizerFunc(func(context.Context) (bool, error) {
		return perms&managePerms != 0, nil
	})
}

// redact keeps an interaction token (it lives in webhook URLs) out of logs.
func redact(err error, token string) string {
	msg := err.Error()
	if token != "" {
		msg = strings.ReplaceAll(msg, token, "[token]")
	}
	return clip(msg, 500)
}

package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"time"

	"github.com/slack-go/slack"

	"brief/internal/router"
)

// MaxBodyBytes bounds what the HTTP routes read of a request.
const MaxBodyBytes = 1 << 20

// The paths Slack calls over HTTP: the slash command's Request URL and
// Interactivity's. EventsPath only answers Slack's url_verification
// check: brief subscribes to no events.
const (
	CommandsPath     = "/slack/commands"
	EventsPath       = "/slack/events"
	InteractionsPath = "/slack/interactions"
)

// Route patterns, for a ServeMux.
const (
	CommandsPattern     = "POST " + CommandsPath
	EventsPattern       = "POST " + EventsPath
	InteractionsPattern = "POST " + InteractionsPath
)

// Routes mounts POST /slack/commands, /slack/events and
// /slack/interactions on mux when a signing secret is set (Slack over
// HTTP); without one it mounts nothing.
func (a *Adapter) Routes(mux interface{ Handle(string, http.Handler) }) {
	if a.verify == nil {
		return
	}
	mux.Handle(CommandsPattern, a.signed(a.serveCommand, sslCheck))
	mux.Handle(EventsPattern, a.signed(a.serveEvents, nil))
	mux.Handle(InteractionsPattern, a.signed(a.serveInteraction, nil))
}

// signed reads the raw body (at most MaxBodyBytes), verifies Slack's
// signature on it before anything parses it, refuses a request served
// before (a replay), and hands the request on with the body restored. A
// request that fails gets 401 and nothing else. A body that answer says
// is no request to serve gets an empty 200 before any of that.
func (a *Adapter) signed(next func(w http.ResponseWriter, r *http.Request), answer func(body []byte) bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, MaxBodyBytes+1))
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) || len(body) > MaxBodyBytes {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		if err != nil {
			http.Error(w, "could not read the request body", http.StatusBadRequest)
			return
		}
		if answer != nil && answer(body) {
			w.WriteHeader(http.StatusOK)
			return
		}
		key, expires, err := a.verify.verify(r.Header, body)
		if err == nil {
			err = a.unseen(r.Context(), key, expires)
		}
		if errors.Is(err, errLedger) {
			a.log.Error("request not served: the replay ledger failed", slog.String("path", r.URL.Path), slog.Any("err", err))
			if r.URL.Path == CommandsPath && router.IsUnavailable(err) {
				// The person who typed it reads why; nothing runs, so a
				// replay would get no more than this sentence either.
				writeAck(w, &Render(router.Unavailable())[0])
				return
			}
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		if err != nil {
			a.log.Warn("request refused", slog.String("path", r.URL.Path), slog.String("remote", r.RemoteAddr), slog.Any("err", err))
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next(w, r)
	})
}

// errLedger wraps a failure to record a request: the request is not
// served (503), since it can't be told from a replay.
var errLedger = errors.New("slack: replay ledger")

// unseen records a verified request's key and refuses it as a replay
// when it was recorded before, on this replica or another, before a
// restart or after.
func (a *Adapter) unseen(ctx context.Context, key string, expires time.Time) error {
	fresh, err := a.cfg.Replays.RecordRequest(ctx, key, a.cfg.Now(), expires)
	switch {
	case err != nil:
		return fmt.Errorf("%w: %w", errLedger, err)
	case !fresh:
		return errReplay
	}
	return nil
}

// sslCheck reports whether a command body is Slack's certificate check
// (ssl_check=1), whatever else it carries: Slack sends it to the command
// URL, and Bolt answers it with an empty 200 without checking the
// signature; nothing runs.
func sslCheck(body []byte) bool {
	if !bytes.Contains(body, []byte("ssl_check")) {
		return false
	}
	form, err := url.ParseQuery(string(body))
	return err == nil && form.Get("ssl_check") == "1"
}

// isForm reports whether the request says it is form-encoded, as Slack's
// commands and interactions are.
func isForm(r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mt == "application/x-www-form-urlencoded"
}

func (a *Adapter) serveCommand(w http.ResponseWriter, r *http.Request) {
	if !isForm(r) {
		http.Error(w, "a slash command is form-encoded (application/x-www-form-urlencoded)", http.StatusBadRequest)
		return
	}
	cmd, err := slack.SlashCommandParse(r)
	if err != nil {
		http.Error(w, "the slash command could not be read", http.StatusBadRequest)
		return
	}
	if cmd.ChannelID == "" || cmd.UserID == "" {
		http.Error(w, "not a slash command: channel_id and user_id are required", http.StatusBadRequest)
		return
	}
	writeAck(w, a.command(cmd))
}

// writeAck answers a slash command: the message as JSON, or an empty 200.
func writeAck(w http.ResponseWriter, m *Message) {
	if m == nil {
		w.WriteHeader(http.StatusOK)
		return
	}
	body, err := json.Marshal(m)
	if err != nil {
		http.Error(w, "could not encode the reply", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(body)
}

func (a *Adapter) serveEvents(w http.ResponseWriter, r *http.Request) {
	var ev struct {
		Type      string `json:"type"`
		Challenge string `json:"challenge"`
	}
	if err := json.NewDecoder(r.Body).Decode(&ev); err != nil {
		http.Error(w, "an event is a JSON object", http.StatusBadRequest)
		return
	}
	if ev.Type == "url_verification" {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		json.NewEncoder(w).Encode(map[string]string{"challenge": ev.Challenge})
		return
	}
	// No event subscriptions act yet: acknowledge so Slack doesn't retry.
	w.WriteHeader(http.StatusOK)
}

func (a *Adapter) serveInteraction(w http.ResponseWriter, r *http.Request) {
	if !isForm(r) {
		http.Error(w, "an interaction is form-encoded (application/x-www-form-urlencoded)", http.StatusBadRequest)
		return
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, "the interaction could not be read", http.StatusBadRequest)
		return
	}
	payload := r.PostForm.Get("payload")
	if payload == "" {
		http.Error(w, "an interaction needs its payload field", http.StatusBadRequest)
		return
	}
	var cb slack.InteractionCallback
	if err := json.Unmarshal([]byte(payload), &cb); err != nil {
		http.Error(w, "the interaction payload is not valid JSON", http.StatusBadRequest)
		return
	}
	a.interaction(cb)
	w.WriteHeader(http.StatusOK)
}

// interaction acts on a button click; the acknowledgement is always
// empty and the result follows through the response_url.
func (a *Adapter) interaction(cb slack.InteractionCallback) {
	if isShare(cb) && cb.Channel.ID != "" {
		a.share(cb)
	}
}

package scheduler

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"brief/internal/adapters/discord"
	"brief/internal/adapters/slack"
	"brief/internal/channel"
	"brief/internal/post"
	"brief/internal/reply"
	"brief/internal/router"
	"brief/internal/store"
)

// The real adapters against loopback stand-ins of Slack and Discord: the
// process "dies" after the first create went out (the attempt's context
// ends before the answer comes), and a later attempt settles the slot.

// platformStandIn is the part of Discord's REST API and Slack's Web API
// that scheduled posts use, on loopback. Its first create hangs, after the
// message is in the channel, until the client gives up.
type platformStandIn struct {
	t     *testing.T
	srv   *httptest.Server
	clock func() time.Time

	mu        sync.Mutex
	creates   int           // create requests, deduplicated or not
	msgs      []standInMsg  // the channel, oldest first
	hangFirst bool          // the first create hangs after it is stored
	hanging   chan struct{} // closed when the first create hangs
	hideMine  bool          // Discord: listing leaves out the bot's messages (the lookup misses them)
	history   string        // Slack: conversations.history's error, if any
	seq       int
}

type standInMsg struct {
	ID, Nonce, Author string
	Metadata          json.RawMessage // Slack
}

const standInBot = "900"

func newPlatformStandIn(t *testing.T, clock func() time.Time) *platformStandIn {
	s := &platformStandIn{t: t, clock: clock, hanging: make(chan struct{})}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	// Someone else spoke in the channel before the slot: its history is
	// readable.
	s.msgs = append(s.msgs, standInMsg{ID: "1", Author: "u7"})
	return s
}

func (s *platformStandIn) channel() (creates, msgs int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.creates, len(s.msgs) - 1
}

// create stores a message unless enforce_nonce finds its nonce; it says
// whether this request should hang.
func (s *platformStandIn) create(nonce string, enforce bool, md json.RawMessage) (m standInMsg, hang bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.creates++
	if enforce && nonce != "" {
		for _, m := range s.msgs {
			if m.Nonce == nonce {
				return m, false
			}
		}
	}
	s.seq++
	ms := s.clock().UnixMilli() - 1420070400000
	m = standInMsg{ID: strconv.FormatUint(uint64(ms)<<22+uint64(s.seq), 10), Nonce: nonce, Author: standInBot, Metadata: md}
	s.msgs = append(s.msgs, m)
	hang = s.hangFirst && s.creates == 1
	return m, hang
}

func (s *platformStandIn) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	w.Header().Set("Content-Type", "application/json")
	p := r.URL.Path
	switch {
	// Discord
	case p == "/api/v9/users/@me":
		fmt.Fprintf(w, `{"id":%q,"bot":true}`, standInBot)
	case strings.HasSuffix(p, "/messages") && r.Method == http.MethodPost:
		var in struct {
			Nonce        string `json:"nonce"`
			EnforceNonce bool   `json:"enforce_nonce"`
		}
		json.Unmarshal(body, &in)
		m, hang := s.create(in.Nonce, in.EnforceNonce, nil)
		if hang {
			close(s.hanging)
			<-r.Context().Done()
			return
		}
		fmt.Fprintf(w, `{"id":%q,"nonce":%q,"author":{"id":%q}}`, m.ID, m.Nonce, m.Author)
	case strings.HasSuffix(p, "/messages") && r.Method == http.MethodGet:
		after, _ := strconv.ParseUint(r.URL.Query().Get("after"), 10, 64)
		s.mu.Lock()
		out := []map[string]any{}
		for i := len(s.msgs) - 1; i >= 0; i-- {
			m := s.msgs[i]
			id, _ := strconv.ParseUint(m.ID, 10, 64)
			if r.URL.Query().Has("after") && id <= after || s.hideMine && m.Author == standInBot {
				continue
			}
			out = append(out, map[string]any{"id": m.ID, "nonce": m.Nonce, "author": map[string]any{"id": m.Author}})
		}
		s.mu.Unlock()
		json.NewEncoder(w).Encode(out)
	// Slack
	case p == "/api/auth.test":
		io.WriteString(w, `{"ok":true,"user_id":"U0","bot_id":"B0BRIEF"}`)
	case p == "/api/chat.postMessage":
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		r.ParseForm()
		m, hang := s.create("", false, json.RawMessage(r.PostForm.Get("metadata")))
		if hang {
			close(s.hanging)
			<-r.Context().Done()
			return
		}
		fmt.Fprintf(w, `{"ok":true,"channel":"C9","ts":"%s.000100"}`, m.ID)
	case p == "/api/conversations.history":
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.history != "" {
			fmt.Fprintf(w, `{"ok":false,"error":%q}`, s.history)
			return
		}
		msgs := []map[string]any{}
		for i := len(s.msgs) - 1; i >= 0; i-- {
			m := map[string]any{"type": "message", "ts": s.msgs[i].ID + ".000100"}
			if s.msgs[i].Author == standInBot {
				m["bot_id"] = "B0BRIEF"
			}
			if len(s.msgs[i].Metadata) > 0 {
				m["metadata"] = s.msgs[i].Metadata
			}
			msgs = append(msgs, m)
		}
		json.NewEncoder(w).Encode(map[string]any{"ok": true, "messages": msgs})
	default:
		s.t.Errorf("stand-in: unexpected %s %s", r.Method, p)
		w.WriteHeader(http.StatusNotFound)
	}
}

type noHandler struct{}

func (noHandler) Handle(context.Context, router.Request) reply.Reply { return reply.Reply{} }

// crashAndRetry runs the slot's first attempt until its create hangs at
// the stand-in, ends it there, and runs a second attempt once the claim
// is stale.
func crashAndRetry(t *testing.T, h *harness, p post.Poster, ch channel.Key, si *platformStandIn) {
	t.Helper()
	ctx := context.Background()
	if err := h.st.SetSchedule(ctx, ch, berlin("08:00")); err != nil {
		t.Fatal(err)
	}
	s := h.scheduler(h.st, map[string]post.Poster{ch.Platform: p})
	args := DigestArgs{Platform: ch.Platform, ChannelID: ch.ID, Slot: monday}
	h.clock.Set(monday.Add(time.Second))
	si.hangFirst = true
	actx, kill := context.WithCancel(ctx)
	go func() { <-si.hanging; kill() }()
	if err := s.deliver(actx, args, false); err == nil {
		t.Fatal("the killed attempt returned no error")
	}
	if d, _ := h.st.Delivery(ctx, nil, ch, monday); d.Status != store.StatusPending {
		t.Fatalf("ledger after the kill = %q %q; want pending", d.Status, d.Error)
	}
	h.clock.Advance(staleClaim + time.Minute)
	if err := s.deliver(ctx, args, false); err != nil {
		t.Fatal(err)
	}
}

func TestDiscordCrashAfterPostIsNotDoubled(t *testing.T) {
	for _, tt := range []struct {
		name     string
		hideMine bool // the lookup misses the message: only the nonce saves the day
		creates  int
	}{
		{"found by the lookup", false, 1},
		{"missed by the lookup, refused by the nonce", true, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, monday.Add(-24*time.Hour), berlin("08:00"))
			si := newPlatformStandIn(t, h.clock.Now)
			si.hideMine = tt.hideMine
			a, err := discord.New(discord.Config{BotToken: "t", Handler: noHandler{}, APIURL: si.srv.URL, Timeout: 5 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			ch, err := h.st.EnsureChannel(context.Background(), "discord", "D1", "general")
			if err != nil {
				t.Fatal(err)
			}
			crashAndRetry(t, h, a, ch, si)
			creates, msgs := si.channel()
			if msgs != 1 || creates != tt.creates {
				t.Errorf("the channel has %d messages after %d creates; want 1 after %d", msgs, creates, tt.creates)
			}
			if d, _ := h.st.Delivery(context.Background(), nil, ch, monday); d.Status != store.StatusPosted {
				t.Errorf("ledger = %q %q; want posted", d.Status, d.Error)
			}
		})
	}
}

func TestSlackCrashAfterPost(t *testing.T) {
	for _, tt := range []struct {
		name    string
		history string // conversations.history's error
		status  string
	}{
		{"with the history scope: found, marked posted", "", store.StatusPosted},
		{"without it: at most once, skipped", "missing_scope", store.StatusSkipped},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, monday.Add(-24*time.Hour), berlin("08:00"))
			si := newPlatformStandIn(t, h.clock.Now)
			si.history = tt.history
			a, err := slack.New(slack.Config{BotToken: "xoxb-test", Handler: noHandler{}, APIURL: si.srv.URL + "/api/",
				HTTPClient: &http.Client{Timeout: 5 * time.Second}})
			if err != nil {
				t.Fatal(err)
			}
			crashAndRetry(t, h, a, h.ch, si)
			creates, msgs := si.channel()
			if msgs != 1 || creates != 1 {
				t.Errorf("the channel has %d messages after %d creates; want 1 after 1", msgs, creates)
			}
			d := h.delivery(monday)
			if d.Status != tt.status {
				t.Errorf("ledger = %q %q; want %s", d.Status, d.Error, tt.status)
			}
			if tt.status == store.StatusSkipped && !strings.Contains(h.logs.String(), "can't look in the channel") {
				t.Errorf("the skip was not logged with why:\n%s", h.logs)
			}
		})
	}
}

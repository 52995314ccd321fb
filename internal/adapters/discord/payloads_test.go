package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"brief/internal/reply"
	"brief/internal/store"
)

// Interactions written the way Discord's documentation shows them
// (Receiving and Responding, the Interaction object, the 2023-04-06
// changelog on channel_id), with the fields a bot that reads only a few
// still receives: app_permissions, locales, entitlements, contexts.
const (
	// A guild command as the docs' example: channel_id and the channel object.
	docGuild = `{
  "type": 2, "token": "A_UNIQUE_TOKEN", "id": "786008729715212338", "application_id": "app1", "version": 1,
  "guild_id": "290926798626357999", "channel_id": "645027906669510667",
  "channel": {"id": "645027906669510667", "type": 0, "name": "news", "guild_id": "290926798626357999", "permissions": "2147483647", "flags": 0},
  "member": {
    "user": {"id": "53908232506183680", "username": "Mason", "avatar": "a_d5efa99b3eeaa7dd43acca82f5692432", "discriminator": "1337", "public_flags": 131141, "global_name": null},
    "roles": ["539082325061836999"], "premium_since": null, "permissions": "2147483647", "pending": false,
    "nick": null, "mute": false, "joined_at": "2017-03-13T19:19:14.040000+00:00", "deaf": false, "flags": 0
  },
  "app_permissions": "442368", "locale": "en-US", "guild_locale": "en-US", "entitlements": [], "entitlement_sku_ids": [],
  "authorizing_integration_owners": {"0": "290926798626357999"}, "context": 0,
  "data": %s
}`
	// The same command naming its channel only in the channel object.
	docChannelObjectOnly = `{
  "type": 2, "token": "A_UNIQUE_TOKEN", "id": "786008729715212339", "application_id": "app1", "version": 1,
  "guild_id": "290926798626357999",
  "channel": {"id": "645027906669510667", "type": 0, "name": "news", "guild_id": "290926798626357999"},
  "member": {"user": {"id": "53908232506183680", "username": "Mason"}, "roles": [], "permissions": "16", "joined_at": "2017-03-13T19:19:14.040000+00:00"},
  "app_permissions": "442368", "locale": "en-US", "guild_locale": "en-US", "entitlements": [],
  "data": %s
}`
	// A DM: no member, the user at the top, a DM channel object (type 1),
	// the bot-DM context and an entitlement of a monetized app.
	docDM = `{
  "type": 2, "token": "A_UNIQUE_TOKEN", "id": "786008729715212340", "application_id": "app1", "version": 1,
  "channel_id": "880000000000000001", "channel": {"id": "880000000000000001", "type": 1, "last_message_id": null, "flags": 0, "recipients": [{"id": "53908232506183680", "username": "Mason"}]},
  "user": {"id": "53908232506183680", "username": "Mason", "avatar": null, "discriminator": "0", "public_flags": 0},
  "app_permissions": "1126060062457409", "locale": "en-GB", "context": 1,
  "authorizing_integration_owners": {"0": "290926798626357999", "1": "53908232506183680"},
  "entitlements": [{"id": "1019653849998299136", "sku_id": "1019475255913222144", "application_id": "app1", "user_id": "53908232506183680", "type": 8, "deleted": false, "starts_at": "2022-09-14T17:00:18.704163+00:00", "ends_at": "2022-10-14T17:00:18.704163+00:00", "consumed": false}],
  "data": %s
}`
	// A user-installed app in a group DM it isn't a member of: context 2,
	// a group DM channel object only.
	docUserInstall = `{
  "type": 2, "token": "A_UNIQUE_TOKEN", "id": "786008729715212341", "application_id": "app1", "version": 1,
  "channel": {"id": "880000000000000002", "type": 3, "name": "friends", "owner_id": "53908232506183680", "recipients": []},
  "user": {"id": "53908232506183680", "username": "Mason"},
  "app_permissions": "1126060062457409", "locale": "de", "context": 2,
  "authorizing_integration_owners": {"1": "53908232506183680"},
  "data": %s
}`
	// Fields the bot never reads, in shapes discordgo's structs can't
	// hold: app_permissions as a number, an entitlement's date as one, a
	// locale as an object, a new context value.
	docOddFields = `{
  "type": 2, "token": "A_UNIQUE_TOKEN", "id": "786008729715212342", "application_id": "app1", "version": 1,
  "guild_id": "290926798626357999", "channel_id": "645027906669510667",
  "member": {"user": {"id": "53908232506183680", "username": "Mason", "public_flags": "many"}, "roles": "none", "permissions": "0", "joined_at": 1489432754},
  "app_permissions": 442368, "locale": {"code": "en-US"}, "guild_locale": 7, "context": 99,
  "entitlements": [{"id": 1, "starts_at": 1663174818}], "authorizing_integration_owners": [],
  "data": %s
}`
	briefToday = `{"id": "771825006014889984", "name": "brief", "type": 1, "options": [{"type": 1, "name": "today"}]}`
	briefSched = `{"id": "771825006014889984", "name": "brief", "type": 1, "options": [{"type": 1, "name": "schedule", "options": [{"type": 3, "name": "time", "value": "08:00"}, {"type": 3, "name": "timezone", "value": "Europe/Berlin"}]}]}`
	briefFeed  = `{"id": "771825006014889984", "name": "brief", "type": 1, "options": [{"type": 2, "name": "feed", "options": [{"type": 1, "name": "add", "options": [{"type": 3, "name": "url", "value": "https://news.example/rss.xml"}]}]}]}`
	briefAsk   = `{"id": "771825006014889984", "name": "brief", "type": 1, "options": [{"type": 1, "name": "ask", "options": [{"type": 3, "name": "question", "value": "where will they meet?"}]}]}`
)

func TestHTTPPayloadsAsDiscordSendsThem(t *testing.T) {
	tests := []struct {
		name, body         string
		channel, user, cmd string
		perms              int64
	}{
		{"guild command", fmt.Sprintf(docGuild, briefToday), "645027906669510667", "53908232506183680", "digest", 2147483647},
		{"schedule, channel object only", fmt.Sprintf(docChannelObjectOnly, briefSched), "645027906669510667", "53908232506183680", "schedule", 16},
		{"feed add, channel object only", fmt.Sprintf(docChannelObjectOnly, briefFeed), "645027906669510667", "53908232506183680", "feed", 16},
		{"ask, channel object only", fmt.Sprintf(docChannelObjectOnly, briefAsk), "645027906669510667", "53908232506183680", "ask", 16},
		{"DM without member", fmt.Sprintf(docDM, briefToday), "880000000000000001", "53908232506183680", "digest", 0},
		{"user-installed app in a group DM", fmt.Sprintf(docUserInstall, briefAsk), "880000000000000002", "53908232506183680", "ask", 0},
		{"fields the bot doesn't read, in other shapes", fmt.Sprintf(docOddFields, briefToday), "645027906669510667", "53908232506183680", "digest", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &recorder{reply: reply.Reply{Kind: reply.Notice, Summary: "ok"}}
			a, _, sg := httpAdapter(t, h)
			w := serve(a, sg.request(tt.body, testNow))
			resp := response(t, w)
			if resp.Type != discordgo.InteractionResponseChannelMessageWithSource {
				t.Fatalf("type %d: %s", resp.Type, w.Body)
			}
			reqs := h.requests()
			if len(reqs) != 1 {
				t.Fatalf("%d requests reached the handler", len(reqs))
			}
			got := reqs[0]
			if got.ChannelID != tt.channel || got.UserID != tt.user || got.Command == nil || got.Command.Name != tt.cmd {
				t.Errorf("request %+v (command %+v); want channel %s, user %s, %s", got, got.Command, tt.channel, tt.user, tt.cmd)
			}
			ok, err := got.Auth.CanManage(context.Background())
			if want := tt.perms&managePerms != 0; err != nil || ok != want {
				t.Errorf("CanManage = %v, %v; want %v", ok, err, want)
			}
		})
	}
}

func TestGatewayInteractionWithTheChannelObjectOnly(t *testing.T) {
	gw := newGateway(t)
	rest := newREST(t)
	rest.gateway = gw.URL()
	h := &recorder{reply: briefingReply()}
	a := newAdapter(t, rest, h, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	c := gw.next()
	c.expect(2)
	c.dispatch("READY", fmt.Sprintf(`{"v":9,"session_id":"s","resume_gateway_url":%q,"user":{"id":"bot1"},"guilds":[],"application":{"id":"app1"}}`, gw.URL()), 1)
	c.dispatch("INTERACTION_CREATE", fmt.Sprintf(docOddFields, briefToday), 2)
	c.dispatch("INTERACTION_CREATE", fmt.Sprintf(docChannelObjectOnly, briefSched), 3)
	rest.waitFor(http.MethodPost, "/callback", 2)
	reqs := h.requests()
	if len(reqs) != 2 {
		t.Fatalf("%d interactions reached the handler, want 2", len(reqs))
	}
	for _, r := range reqs {
		if r.ChannelID != "645027906669510667" || r.UserID != "53908232506183680" {
			t.Errorf("request %+v", r)
		}
	}
	cancel()
	<-done
}

func TestAutocompleteAnswersAnEmptyList(t *testing.T) {
	a, _, sg := httpAdapter(t, &recorder{})
	body := fmt.Sprintf(docGuild, `{"id": "771825006014889984", "name": "brief", "type": 1, "options": [{"type": 1, "name": "ask", "options": [{"type": 3, "name": "question", "value": "wher", "focused": true}]}]}`)
	body = strings.Replace(body, `"type": 2, "token"`, `"type": 4, "token"`, 1)
	w := serve(a, sg.request(body, testNow))
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	var got map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	data, _ := got["data"].(map[string]any)
	choices, ok := data["choices"].([]any)
	if got["type"] != float64(8) || !ok || len(choices) != 0 {
		t.Errorf("autocomplete answered %s; want type 8 with \"choices\": []", w.Body)
	}
}

func TestHTTPReplayRefused(t *testing.T) {
	var logs bytes.Buffer
	path := filepath.Join(t.TempDir(), "brief.db")
	replica := func() (*Adapter, signer) {
		st, err := store.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		a, _, sg := httpAdapter(t, &recorder{reply: briefingReply()})
		a.cfg.Replays = st
		a.log = slog.New(slog.NewTextHandler(&logs, nil))
		return a, sg
	}
	one, sg := replica()
	two, _ := replica()
	two.cfg.PublicKey = one.cfg.PublicKey // the same application
	tests := []struct{ name, body string }{
		{"PING", `{"id":"p1","application_id":"app1","type":1,"token":"t","version":1}`},
		{"help", withID(interaction(`[{"name":"help","type":1}]`, 0), "h1")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := func() *http.Request { return sg.request(tt.body, testNow.Add(-time.Minute)) }
			if w := serve(one, req()); w.Code != http.StatusOK {
				t.Fatalf("first: %d %s", w.Code, w.Body)
			}
			for name, a := range map[string]*Adapter{"the same replica": one, "another replica": two} {
				if w := serve(a, req()); w.Code != http.StatusUnauthorized {
					t.Errorf("replay on %s: %d %s, want 401", name, w.Code, w.Body)
				}
			}
		})
	}
	if !strings.Contains(logs.String(), `msg="request refused"`) || !strings.Contains(logs.String(), "replay") {
		t.Errorf("refusals are not logged:\n%s", logs.String())
	}
}

func TestHTTPRefusalsAreLogged(t *testing.T) {
	var logs bytes.Buffer
	a, _, sg := httpAdapter(t, &recorder{})
	a.log = slog.New(slog.NewTextHandler(&logs, nil))
	other := newSigner(t)
	ping := `{"id":"p9","application_id":"app1","type":1,"token":"t"}`
	for name, r := range map[string]*http.Request{
		"bad signature": other.request(ping, testNow),
		"stale":         sg.request(ping, testNow.Add(-time.Hour)),
	} {
		if w := serve(a, r); w.Code != http.StatusUnauthorized {
			t.Errorf("%s: %d", name, w.Code)
		}
	}
	for _, want := range []string{"signature does not match", "more than 5 minutes off"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("the log lacks %q:\n%s", want, logs.String())
		}
	}
}

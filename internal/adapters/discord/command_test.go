package discord

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"brief/internal/reply"
	"brief/internal/router"
)

func TestRegisterOnceAndSkipWhenUnchanged(t *testing.T) {
	tests := []struct {
		name, guild, path string
	}{
		{"guild", "g1", "/api/v9/applications/app1/guilds/g1/commands"},
		{"global", "", "/api/v9/applications/app1/commands"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rest := newREST(t)
			a := newAdapter(t, rest, &recorder{}, func(c *Config) { c.GuildID = tt.guild })
			ctx := context.Background()
			if err := a.Register(ctx); err != nil {
				t.Fatal(err)
			}
			puts := rest.matching(http.MethodPut, "/commands")
			if len(puts) != 1 || puts[0].Path != tt.path {
				t.Fatalf("want one PUT %s, got %v", tt.path, rest.paths())
			}
			var sent []map[string]any
			if err := json.Unmarshal(puts[0].Body, &sent); err != nil || len(sent) != 1 || sent[0]["name"] != "brief" {
				t.Fatalf("bulk overwrite body: %s (%v)", puts[0].Body, err)
			}
			// Discord now has it (as it answers: ids added, defaults left
			// out): a restart registers nothing.
			for range 2 {
				if err := a.Register(ctx); err != nil {
					t.Fatal(err)
				}
			}
			if n := len(rest.matching(http.MethodPut, "/commands")); n != 1 {
				t.Errorf("%d bulk overwrites; an unchanged definition must not be sent again", n)
			}
			if n := len(rest.matching(http.MethodGet, "/commands")); n != 3 {
				t.Errorf("%d GETs of the commands, want 3", n)
			}
			// A changed definition on Discord's side is overwritten.
			rest.mu.Lock()
			rest.commands = json.RawMessage(strings.Replace(string(rest.commands), "What /brief can do", "old text", 1))
			rest.mu.Unlock()
			if err := a.Register(ctx); err != nil {
				t.Fatal(err)
			}
			if n := len(rest.matching(http.MethodPut, "/commands")); n != 2 {
				t.Errorf("%d bulk overwrites after a change, want 2", n)
			}
		})
	}
}

func TestRegisterErrors(t *testing.T) {
	rest := newREST(t)
	a := newAdapter(t, rest, &recorder{}, func(c *Config) { c.AppID = "" })
	if err := a.Register(context.Background()); err == nil || !strings.Contains(err.Error(), "DISCORD_APP_ID") {
		t.Errorf("want an error naming DISCORD_APP_ID, got %v", err)
	}
	rest2 := newREST(t)
	a2 := newAdapter(t, rest2, &recorder{}, nil)
	rest2.queue("/commands", 401, nil, `{"message":"401: Unauthorized","code":0}`)
	if err := a2.Register(context.Background()); err == nil {
		t.Error("a refused listing must fail Register")
	}
	if n := len(rest2.matching(http.MethodPut, "/commands")); n != 0 {
		t.Errorf("%d PUTs after a failed listing", n)
	}
}

func TestCommandDefinition(t *testing.T) {
	c := Command()
	if c.Name != "brief" || c.DefaultMemberPermissions != nil {
		t.Errorf("name %q, default member permissions %v", c.Name, c.DefaultMemberPermissions)
	}
	subs := map[string][]string{}
	for _, o := range c.Options {
		var names []string
		for _, oo := range o.Options {
			names = append(names, oo.Name)
			if oo.Type == discordgo.ApplicationCommandOptionString && oo.Name == "days" && len(oo.Choices) != 2 {
				t.Errorf("days has %d choices", len(oo.Choices))
			}
		}
		subs[o.Name] = names
		if len(o.Name) > 32 || len(o.Description) > 100 || o.Description == "" {
			t.Errorf("option %q: name or description out of Discord's limits", o.Name)
		}
	}
	want := map[string]string{
		"today": "", "share": "", "ask": "question", "article": "query", "list": "", "show": "id", "add": "url",
		"feed": "add,remove,list", "schedule": "time,timezone,days", "schedule-off": "", "help": "",
	}
	for name, opts := range want {
		got, ok := subs[name]
		if !ok || strings.Join(got, ",") != opts {
			t.Errorf("subcommand %s: options %v, want %q", name, got, opts)
		}
	}
	if len(subs) != len(want) {
		t.Errorf("subcommands %v", subs)
	}
}

func opt(name string, typ discordgo.ApplicationCommandOptionType, value any, sub ...*discordgo.ApplicationCommandInteractionDataOption) *discordgo.ApplicationCommandInteractionDataOption {
	return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: typ, Value: value, Options: sub}
}

func TestToCommand(t *testing.T) {
	const (
		subT   = discordgo.ApplicationCommandOptionSubCommand
		groupT = discordgo.ApplicationCommandOptionSubCommandGroup
		strT   = discordgo.ApplicationCommandOptionString
	)
	tests := []struct {
		name    string
		opts    []*discordgo.ApplicationCommandInteractionDataOption
		want    router.Command
		wantErr string
	}{
		{"no subcommand", nil, router.Command{Name: router.CmdDigest}, ""},
		{"today", []*discordgo.ApplicationCommandInteractionDataOption{opt("today", subT, nil)}, router.Command{Name: router.CmdDigest}, ""},
		{"share", []*discordgo.ApplicationCommandInteractionDataOption{opt("share", subT, nil)}, router.Command{Name: router.CmdShare}, ""},
		{"ask", []*discordgo.ApplicationCommandInteractionDataOption{opt("ask", subT, nil, opt("question", strT, "where will they meet?"))}, router.Command{Name: router.CmdAsk, Query: "where will they meet?"}, ""},
		{"ask without question", []*discordgo.ApplicationCommandInteractionDataOption{opt("ask", subT, nil)}, router.Command{}, "Ask what?"},
		{"article", []*discordgo.ApplicationCommandInteractionDataOption{opt("article", subT, nil, opt("query", strT, "Kim train"))}, router.Command{Name: router.CmdBrief, Query: "Kim train"}, ""},
		{"show", []*discordgo.ApplicationCommandInteractionDataOption{opt("show", subT, nil, opt("id", strT, "AB12CD34"))}, router.Command{Name: router.CmdShow, ID: "ab12cd34"}, ""},
		{"add", []*discordgo.ApplicationCommandInteractionDataOption{opt("add", subT, nil, opt("url", strT, "https://example.com/a"))}, router.Command{Name: router.CmdAdd, URL: "https://example.com/a"}, ""},
		{"feed add", []*discordgo.ApplicationCommandInteractionDataOption{opt("feed", groupT, nil, opt("add", subT, nil, opt("url", strT, "https://example.com/rss")))}, router.Command{Name: router.CmdFeed, FeedAction: "add", URL: "https://example.com/rss"}, ""},
		{"feed remove", []*discordgo.ApplicationCommandInteractionDataOption{opt("feed", groupT, nil, opt("remove", subT, nil, opt("url", strT, "https://example.com/rss")))}, router.Command{Name: router.CmdFeed, FeedAction: "remove", URL: "https://example.com/rss"}, ""},
		{"feed list", []*discordgo.ApplicationCommandInteractionDataOption{opt("feed", groupT, nil, opt("list", subT, nil))}, router.Command{Name: router.CmdFeed, FeedAction: "list"}, ""},
		{"schedule", []*discordgo.ApplicationCommandInteractionDataOption{opt("schedule", subT, nil, opt("time", strT, "8:00"), opt("timezone", strT, "Europe/Berlin"), opt("days", strT, "weekdays"))}, router.Command{Name: router.CmdSchedule, At: "08:00", Zone: "Europe/Berlin", Days: "weekdays"}, ""},
		{"schedule show", []*discordgo.ApplicationCommandInteractionDataOption{opt("schedule", subT, nil)}, router.Command{Name: router.CmdSchedule}, ""},
		{"schedule bad time", []*discordgo.ApplicationCommandInteractionDataOption{opt("schedule", subT, nil, opt("time", strT, "25:00"))}, router.Command{}, "not a time of day"},
		{"schedule-off", []*discordgo.ApplicationCommandInteractionDataOption{opt("schedule-off", subT, nil)}, router.Command{Name: router.CmdSchedule, Off: true}, ""},
		{"help", []*discordgo.ApplicationCommandInteractionDataOption{opt("help", subT, nil)}, router.Command{Name: router.CmdHelp}, ""},
		{"unknown", []*discordgo.ApplicationCommandInteractionDataOption{opt("launch", subT, nil)}, router.Command{}, "There is no /brief launch"},
		{"bare option", []*discordgo.ApplicationCommandInteractionDataOption{opt("question", strT, "x")}, router.Command{}, "doesn't know"},
		{"number option", []*discordgo.ApplicationCommandInteractionDataOption{opt("show", subT, nil, opt("id", discordgo.ApplicationCommandOptionNumber, float64(1234)))}, router.Command{Name: router.CmdShow, ID: "1234"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := toCommand(discordgo.ApplicationCommandInteractionData{Name: "brief", Options: tt.opts})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !isInvalid(err) {
					t.Fatalf("err %v, want a parse error with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
	if _, err := toCommand(discordgo.ApplicationCommandInteractionData{Name: "other"}); err == nil {
		t.Error("another command's name must be refused")
	}
}

func TestFromOptionsMatchesText(t *testing.T) {
	tests := []struct {
		sub  string
		opts map[string]string
		text string // the same command typed
	}{
		{"today", nil, ""},
		{"help", nil, "help"},
		{"ask", map[string]string{"question": "where will they meet?"}, "ask where will they meet?"},
		{"article", map[string]string{"query": "kim train"}, "kim train"},
		{"list", nil, "list"},
		{"show", map[string]string{"id": "3f2a9c1d"}, "show 3f2a9c1d"},
		{"add", map[string]string{"url": "https://example.com/a"}, "add https://example.com/a"},
		{"feed", map[string]string{"action": "add", "url": "https://example.com/rss"}, "feed add https://example.com/rss"},
		{"feed add", map[string]string{"url": "https://example.com/rss"}, "feed add https://example.com/rss"},
		{"feed list", nil, "feed list"},
		{"schedule", map[string]string{"time": "08:00", "timezone": "Europe/Berlin", "days": "weekdays"}, "schedule 08:00 Europe/Berlin weekdays"},
		{"schedule", nil, "schedule"},
		{"schedule-off", nil, "schedule off"},
	}
	for _, tt := range tests {
		t.Run(tt.sub, func(t *testing.T) {
			got, err := FromOptions(tt.sub, tt.opts)
			if err != nil {
				t.Fatalf("FromOptions(%q, %v): %v", tt.sub, tt.opts, err)
			}
			want, err := router.Parse(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("FromOptions(%q, %v) = %+v, want %+v as from %q", tt.sub, tt.opts, got, want, tt.text)
			}
		})
	}
	bad := []struct {
		sub  string
		opts map[string]string
	}{
		{"ask", nil},
		{"article", map[string]string{"query": " "}},
		{"show", map[string]string{"id": "nothex!"}},
		{"add", map[string]string{"url": "file:///etc/passwd"}},
		{"schedule", map[string]string{"time": "25:99"}},
		{"schedule", map[string]string{"timezone": "Europe/Berlin"}},
		{"schedule", map[string]string{"time": "08:00", "timezone": "Nowhere/Land"}},
		{"feed", map[string]string{"action": "purge"}},
		{"explode", nil},
		{"ask", map[string]string{"question": "\xff"}},
	}
	for _, tt := range bad {
		if got, err := FromOptions(tt.sub, tt.opts); err == nil || !isInvalid(err) {
			t.Errorf("FromOptions(%q, %v) = %+v, %v; want a parse error", tt.sub, tt.opts, got, err)
		}
	}
}

// isInvalid reports whether err is a mistake in the command, shown with the help.
func isInvalid(err error) bool {
	ue, ok := reply.AsUserError(err)
	return ok && ue.Help
}

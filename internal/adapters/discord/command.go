package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"brief/internal/router"
)

// CommandName is the one application command.
const CommandName = "brief"

// managePerms are the permissions that make a member a channel manager.
const managePerms = discordgo.PermissionManageChannels | discordgo.PermissionAdministrator

// Command is the /brief definition: subcommands and typed options that
// mirror the grammar, mapped back by router.FromOptions.
//
// default_member_permissions is left unset on purpose: Discord applies it
// to the whole command, not to one subcommand, so Manage Channels there
// would hide /brief today and /brief ask from every member. The settings
// subcommands (feed add/remove, schedule with a time, schedule-off) are
// checked on each interaction instead, from the member's permissions in
// the payload; a server can still restrict /brief in its Integrations
// settings.
func Command() *discordgo.ApplicationCommand {
	str := func(name, desc string, required bool) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: name, Description: desc, Required: required}
	}
	sub := func(name, desc string, opts ...*discordgo.ApplicationCommandOption) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionSubCommand, Name: name, Description: desc, Options: opts}
	}
	days := str("days", "Every day or on weekdays only (default: daily)", false)
	days.Choices = []*discordgo.ApplicationCommandOptionChoice{
		{Name: "daily", Value: "daily"},
		{Name: "weekdays", Value: "weekdays"},
	}
	guildOnly := []discordgo.InteractionContextType{discordgo.InteractionContextGuild}
	return &discordgo.ApplicationCommand{
		Type:        discordgo.ChatApplicationCommand,
		Name:        CommandName,
		Description: "News briefings quoted from the articles",
		Contexts:    &guildOnly,
		Options: []*discordgo.ApplicationCommandOption{
			sub("today", "Today's digest for this channel (or the newest articles), just for you"),
			sub("share", "Today's digest, posted in this channel for everyone"),
			sub("ask", "The sentence from the articles that answers a question", str("question", "What do you want to know?", true)),
			sub("article", "The briefing of the article that best matches some words", str("query", "Words from the article", true)),
			sub("list", "Recent articles with their short ids"),
			sub("show", "One article's full briefing", str("id", "The article's id, as /brief list shows it", true)),
			sub("add", "Fetch an article into the library", str("url", "The article's web address", true)),
			{
				Type:        discordgo.ApplicationCommandOptionSubCommandGroup,
				Name:        "feed",
				Description: "This channel's feed subscriptions",
				Options: []*discordgo.ApplicationCommandOption{
					sub("add", "Subscribe this channel to a feed (channel managers)", str("url", "The feed's address", true)),
					sub("remove", "Unsubscribe this channel from a feed (channel managers)", str("url", "The feed's address", true)),
					sub("list", "This channel's feeds"),
				},
			},
			sub("schedule", "Show this channel's morning digest, or set it (channel managers)",
				str("time", "HH:MM on a 24-hour clock, such as 08:00", false),
				str("timezone", "An IANA zone, such as Europe/Berlin (default: the service's)", false),
				days),
			sub("schedule-off", "Stop this channel's scheduled digest (channel managers)"),
			sub("help", "What /brief can do"),
		},
	}
}

// Register makes Discord's /brief match Command with one bulk overwrite
// (in DISCORD_GUILD_ID when set, else globally), and only when what
// Discord has differs: command creations are rate limited per day.
func (a *Adapter) Register(ctx context.Context) error {
	if a.cfg.AppID == "" {
		return errors.New("discord: DISCORD_APP_ID is required to register /brief")
	}
	want := []*discordgo.ApplicationCommand{Command()}
	have, err := a.s.ApplicationCommands(a.cfg.AppID, a.cfg.GuildID, discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("discord: list application commands: %w", classify(err, "list commands"))
	}
	scope := "global"
	if a.cfg.GuildID != "" {
		scope = "guild " + a.cfg.GuildID
	}
	if sameCommands(have, want) {
		a.log.Info("discord: /brief is registered and unchanged", slog.String("scope", scope))
		return nil
	}
	if _, err := a.s.ApplicationCommandBulkOverwrite(a.cfg.AppID, a.cfg.GuildID, want, discordgo.WithContext(ctx)); err != nil {
		return fmt.Errorf("discord: register /brief: %w", classify(err, "register commands"))
	}
	a.log.Info("discord: registered /brief", slog.String("scope", scope))
	return nil
}

// shape is what a command definition means, without what Discord adds
// (ids, versions, defaults it fills in), for comparing.
type shape struct {
	Type        int
	Name        string
	Description string
	Perms       string
	Contexts    []int
	Options     []optShape
}

type optShape struct {
	Type        int
	Name        string
	Description string
	Required    bool
	Choices     []string
	Options     []optShape
}

func sameCommands(have, want []*discordgo.ApplicationCommand) bool {
	if len(have) != len(want) {
		return false
	}
	shapes := func(cs []*discordgo.ApplicationCommand) []shape {
		out := make([]shape, 0, len(cs))
		for _, c := range cs {
			if c == nil {
				continue
			}
			out = append(out, shapeOf(c))
		}
		sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
		return out
	}
	return reflect.DeepEqual(shapes(have), shapes(want))
}

func shapeOf(c *discordgo.ApplicationCommand) shape {
	s := shape{Type: int(c.Type), Name: c.Name, Description: c.Description, Options: optShapes(c.Options)}
	if s.Type == 0 {
		s.Type = int(discordgo.ChatApplicationCommand)
	}
	if c.DefaultMemberPermissions != nil {
		s.Perms = strconv.FormatInt(*c.DefaultMemberPermissions, 10)
	}
	if c.Contexts != nil {
		for _, ct := range *c.Contexts {
			s.Contexts = append(s.Contexts, int(ct))
		}
		sort.Ints(s.Contexts)
	}
	return s
}

func optShapes(opts []*discordgo.ApplicationCommandOption) []optShape {
	var out []optShape
	for _, o := range opts {
		if o == nil {
			continue
		}
		os := optShape{Type: int(o.Type), Name: o.Name, Description: o.Description, Required: o.Required, Options: optShapes(o.Options)}
		for _, ch := range o.Choices {
			v, _ := json.Marshal(ch.Value)
			os.Choices = append(os.Choices, ch.Name+"="+string(v))
		}
		out = append(out, os)
	}
	return out
}

// toCommand reads an application command interaction as the router's
// command: the subcommand (or "group sub") and its options as strings.
func toCommand(data discordgo.ApplicationCommandInteractionData) (router.Command, error) {
	if data.Name != CommandName {
		return router.Command{}, &router.ParseError{Msg: fmt.Sprintf("This bot only knows /%s, not /%s.", CommandName, data.Name)}
	}
	sub := ""
	var options []*discordgo.ApplicationCommandInteractionDataOption
	if len(data.Options) > 0 && data.Options[0] != nil {
		first := data.Options[0]
		switch first.Type {
		case discordgo.ApplicationCommandOptionSubCommandGroup:
			sub = first.Name
			if len(first.Options) > 0 && first.Options[0] != nil {
				sub += " " + first.Options[0].Name
				options = first.Options[0].Options
			}
		case discordgo.ApplicationCommandOptionSubCommand:
			sub = first.Name
			options = first.Options
		default:
			return router.Command{}, &router.ParseError{Msg: "That /brief command has options this version doesn't know: try /brief help."}
		}
	}
	opts := map[string]string{}
	for _, o := range options {
		if o != nil && o.Name != "" {
			opts[o.Name] = optionString(o.Value)
		}
	}
	return router.FromOptions(sub, opts)
}

func optionString(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return strings.Trim(string(b), `"`)
}

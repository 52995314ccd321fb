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

	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"brief/internal/reply"
	"brief/internal/router"
)

// CommandName is the one application command.
const CommandName = "brief"

// managePerms are the permissions that make a member a channel manager.
const managePerms = discordgo.PermissionManageChannels | discordgo.PermissionAdministrator

// Command is the /brief definition: subcommands and typed options that
// mirror the grammar, mapped back by FromOptions.
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
		return registerError(err, "list the application's commands")
	}
	scope := "global"
	if a.cfg.GuildID != "" {
		scope = "guild " + a.cfg.GuildID
	}
	if sameCommands(have, want) {
		a.log.Info("/brief is registered and unchanged", slog.String("scope", scope))
		return nil
	}
	if _, err := a.s.ApplicationCommandBulkOverwrite(a.cfg.AppID, a.cfg.GuildID, want, discordgo.WithContext(ctx)); err != nil {
		return registerError(err, "register /brief")
	}
	a.log.Info("registered /brief", slog.String("scope", scope))
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
		return router.Command{}, invalidf("This bot only knows /%s, not /%s.", CommandName, data.Name)
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
			return router.Command{}, invalidf("That /brief command has options this version doesn't know: try /brief help.")
		}
	}
	opts := map[string]string{}
	for _, o := range options {
		if o != nil && o.Name != "" {
			opts[o.Name] = optionString(o.Value)
		}
	}
	return FromOptions(sub, opts)
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

// FromOptions builds the router's command from a subcommand of /brief and
// its typed options, as Command defines them: "today", "ask" {question}, "article" {query},
// "list", "show" {id}, "add" {url}, "feed" {action, url} (or "feed add",
// "feed remove", "feed list" with {url}), "schedule" {time, timezone,
// days}, "schedule-off", "help". It checks them as router.Parse does.
func FromOptions(sub string, opts map[string]string) (router.Command, error) {
	opt := func(name string) string { return strings.TrimSpace(opts[name]) }
	for name, v := range opts {
		if len(v) > router.MaxCommandBytes {
			return router.Command{}, invalidf("The %s option is too long (%d bytes; the limit is %d).", name, len(v), router.MaxCommandBytes)
		}
		if !utf8.ValidString(v) {
			return router.Command{}, invalidf("The %s option has bytes that are not UTF-8 text.", name)
		}
	}
	switch strings.ToLower(sub) {
	case "today", "digest", "":
		return router.Command{Name: router.CmdDigest}, nil
	case router.CmdShare:
		return router.Command{Name: router.CmdShare}, nil
	case router.CmdHelp:
		return router.Command{Name: router.CmdHelp}, nil
	case router.CmdAsk:
		return router.AskCommand(opt("question"))
	case "article", router.CmdBrief:
		q := opt("query")
		if q == "" {
			return router.Command{}, invalidf("Which article? Give some words from it: /brief article query: Kim Putin train")
		}
		return router.Command{Name: router.CmdBrief, Query: q}, nil
	case router.CmdList:
		return router.Command{Name: router.CmdList}, nil
	case router.CmdShow:
		return router.ShowCommand(opt("id"))
	case router.CmdAdd:
		return router.AddCommand(opt("url"))
	case router.CmdFeed:
		action := opt("action")
		if action == "" {
			action = "list"
		}
		return router.FeedCommand(nonEmpty(action, opt("url")))
	case "feed add", "feed-add":
		return router.FeedCommand(nonEmpty("add", opt("url")))
	case "feed remove", "feed-remove":
		return router.FeedCommand(nonEmpty("remove", opt("url")))
	case "feed list", "feed-list":
		return router.FeedCommand([]string{"list"})
	case router.CmdSchedule:
		t := opt("time")
		if t == "" {
			if opt("timezone") != "" || opt("days") != "" {
				return router.Command{}, invalidf("Give the time too: /brief schedule time: 08:00 timezone: Europe/Berlin")
			}
			return router.Command{Name: router.CmdSchedule}, nil
		}
		if strings.EqualFold(t, "off") {
			return router.Command{Name: router.CmdSchedule, Off: true}, nil
		}
		return router.ScheduleCommand(nonEmpty(t, opt("timezone"), opt("days")))
	case "schedule-off", "schedule off":
		return router.Command{Name: router.CmdSchedule, Off: true}, nil
	}
	return router.Command{}, invalidf("There is no /brief %s.", sub)
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// invalidf is a mistake in a command, for the member who sent it: the
// router's reply to it shows the help beside it.
func invalidf(format string, args ...any) error {
	return &reply.UserError{Msg: fmt.Sprintf(format, args...), Help: true}
}

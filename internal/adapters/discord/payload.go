package discord

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// The interaction payload, decoded by hand: only what the bot reads, each
// field on its own, so that a field it never reads (entitlements,
// app_permissions, a new context) can have any shape, and a type Discord
// changes in one field does not make the whole interaction unreadable.
// discordgo's own decoding (used for its Interaction) fails the whole
// payload on one mismatched field, and has no "channel" object.

// errNotObject is an interaction that is not a JSON object.
var errNotObject = errors.New("discord: an interaction is a JSON object")

type object map[string]json.RawMessage

func decodeObject(raw json.RawMessage) object {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return nil
	}
	var o object
	if json.Unmarshal(raw, &o) != nil {
		return nil
	}
	return o
}

// decodeInteraction reads an interaction's JSON: its id, application id,
// type, token, guild, channel (channel_id, or the channel object's id when
// channel_id is missing), the member's user id and permissions (or the
// user's id in a DM), and an application command's data.
func decodeInteraction(body []byte) (*discordgo.Interaction, error) {
	top := decodeObject(body)
	if top == nil {
		return nil, errNotObject
	}
	i := &discordgo.Interaction{
		ID:        snowflake(top["id"]),
		AppID:     snowflake(top["application_id"]),
		Type:      discordgo.InteractionType(integer(top["type"])),
		GuildID:   snowflake(top["guild_id"]),
		ChannelID: snowflake(top["channel_id"]),
		Token:     text(top["token"]),
		Version:   int(integer(top["version"])),
	}
	if i.ChannelID == "" {
		// Discord's 2023-04-06 changelog: channel_id may go; the channel
		// object stays.
		if ch := decodeObject(top["channel"]); ch != nil {
			i.ChannelID = snowflake(ch["id"])
		}
	}
	if m := decodeObject(top["member"]); m != nil {
		i.Member = &discordgo.Member{Permissions: permissions(m["permissions"])}
		if u := decodeObject(m["user"]); u != nil {
			i.Member.User = &discordgo.User{ID: snowflake(u["id"])}
		}
	}
	if u := decodeObject(top["user"]); u != nil {
		i.User = &discordgo.User{ID: snowflake(u["id"])}
	}
	switch i.Type {
	case discordgo.InteractionApplicationCommand, discordgo.InteractionApplicationCommandAutocomplete:
		if d := decodeObject(top["data"]); d != nil {
			i.Data = discordgo.ApplicationCommandInteractionData{
				ID:      snowflake(d["id"]),
				Name:    text(d["name"]),
				Options: options(d["options"], 0),
			}
		}
	}
	return i, nil
}

// maxOptionDepth bounds option nesting: a group, a subcommand, its options.
const maxOptionDepth = 4

func options(raw json.RawMessage, depth int) []*discordgo.ApplicationCommandInteractionDataOption {
	raw = bytes.TrimSpace(raw)
	if depth >= maxOptionDepth || len(raw) == 0 || raw[0] != '[' {
		return nil
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) != nil {
		return nil
	}
	var out []*discordgo.ApplicationCommandInteractionDataOption
	for _, el := range list {
		o := decodeObject(el)
		if o == nil {
			continue
		}
		out = append(out, &discordgo.ApplicationCommandInteractionDataOption{
			Name:    text(o["name"]),
			Type:    discordgo.ApplicationCommandOptionType(integer(o["type"])),
			Value:   value(o["value"]),
			Options: options(o["options"], depth+1),
			Focused: boolean(o["focused"]),
		})
	}
	return out
}

// text is a JSON string, or "" for anything else.
func text(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

// snowflake is an id: a JSON string, or a number written out.
func snowflake(raw json.RawMessage) string {
	if s := text(raw); s != "" {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

// integer is a JSON number (or a string holding one), 0 otherwise.
func integer(raw json.RawMessage) int64 {
	var n json.Number
	if json.Unmarshal(raw, &n) != nil {
		if n = json.Number(text(raw)); n == "" {
			return 0
		}
	}
	v, err := n.Int64()
	if err != nil {
		return 0
	}
	return v
}

// permissions is a permission bit set: Discord sends a string of digits;
// a number is taken too.
func permissions(raw json.RawMessage) int64 {
	s := snowflake(raw)
	v, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil {
		return 0
	}
	return v
}

func boolean(raw json.RawMessage) bool {
	var b bool
	return json.Unmarshal(raw, &b) == nil && b
}

// value is an option's value as discordgo would hold it: a string, a
// float64, a bool, or nil.
func value(raw json.RawMessage) any {
	var v any
	if len(raw) == 0 || json.Unmarshal(raw, &v) != nil {
		return nil
	}
	switch v.(type) {
	case string, float64, bool:
		return v
	}
	return nil
}

// autocompleteResponse is a type-8 answer with its choices: discordgo's
// InteractionResponseData drops an empty "choices" list (omitempty), and
// Discord wants the list, empty or not.
type autocompleteResponse struct {
	Type discordgo.InteractionResponseType `json:"type"`
	Data struct {
		Choices []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
	} `json:"data"`
}

func newAutocompleteResponse() *autocompleteResponse {
	r := &autocompleteResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult}
	r.Data.Choices = []*discordgo.ApplicationCommandOptionChoice{} // no option autocompletes yet
	return r
}

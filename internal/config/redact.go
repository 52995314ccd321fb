package config

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
)

// String prints every setting on one line, key=value, secrets redacted
// (tokens as "xoxb-…(redacted)" or "[set]", a postgres password as "xxxxx").
func (c Config) String() string {
	var b strings.Builder
	writeAttrs(&b, "", c.LogValue().Group())
	return b.String()
}

// Format prints String for every verb, so %v, %+v, %#v and %s all redact.
func (c Config) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// MarshalJSON encodes the redacted view of LogValue, so that JSON loggers
// which ignore slog.LogValuer never see a secret either.
func (c Config) MarshalJSON() ([]byte, error) { return json.Marshal(groupMap(c.LogValue())) }

func groupMap(v slog.Value) map[string]any {
	m := map[string]any{}
	for _, a := range v.Group() {
		if a.Value.Kind() == slog.KindGroup {
			m[a.Key] = groupMap(a.Value)
		} else {
			m[a.Key] = a.Value.Any()
		}
	}
	return m
}

// LogValue implements slog.LogValuer: snake_case keys, secrets redacted,
// slack and discord as groups.
func (c Config) LogValue() slog.Value {
	tz := "UTC"
	if c.Timezone != nil {
		tz = c.Timezone.String()
	}
	return slog.GroupValue(
		slog.String("articles_dir", c.ArticlesDir),
		slog.String("db", redactDSN(c.DB)),
		slog.String("db_driver", c.DBDriver()),
		slog.String("http_addr", c.HTTPAddr),
		slog.Int("http_max_conns", c.HTTPMaxConns),
		slog.String("timezone", tz),
		slog.String("admins", strings.Join(c.Admins, ",")),
		slog.Bool("allow_private_networks", c.AllowPrivateNetworks),
		slog.String("feed_min_interval", shortDuration(c.FeedMinInterval)),
		slog.String("digest_timeout", shortDuration(c.DigestTimeout)),
		slog.Int("library_days", c.LibraryDays),
		slog.Attr{Key: "slack", Value: c.Slack.LogValue()},
		slog.String("slack_mode", c.slackMode()),
		slog.Attr{Key: "discord", Value: c.Discord.LogValue()},
		slog.String("discord_mode", c.discordMode()),
	)
}

func (c *Config) slackMode() string {
	switch {
	case c.SlackSocketMode():
		return "socket"
	case c.SlackHTTP():
		return "http"
	}
	return "off"
}

func (c *Config) discordMode() string {
	switch {
	case c.DiscordHTTP():
		return "http"
	case c.DiscordGateway():
		return "gateway"
	}
	return "off"
}

// String prints the Slack settings, secrets redacted.
func (s Slack) String() string {
	var b strings.Builder
	writeAttrs(&b, "", s.LogValue().Group())
	return b.String()
}

// LogValue implements slog.LogValuer.
func (s Slack) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("bot_token", s.BotToken.String()),
		slog.String("app_token", s.AppToken.String()),
		slog.String("signing_secret", s.SigningSecret.String()),
		slog.String("api_url", redactURL(s.APIURL)),
	)
}

// String prints the Discord settings, the bot token redacted.
func (d Discord) String() string {
	var b strings.Builder
	writeAttrs(&b, "", d.LogValue().Group())
	return b.String()
}

// LogValue implements slog.LogValuer. The public key is not a secret and is
// shown in hex.
func (d Discord) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("bot_token", d.BotToken.String()),
		slog.String("app_id", d.AppID),
		slog.String("public_key", hex.EncodeToString(d.PublicKey)),
		slog.String("guild_id", d.GuildID),
		slog.String("api_url", redactURL(d.APIURL)),
	)
}

var (
	_ fmt.Formatter  = Config{}
	_ slog.LogValuer = Config{}
	_ slog.LogValuer = Slack{}
	_ slog.LogValuer = Discord{}
)

// redactDSN hides the password of a postgres URL; a SQLite path has none.
func redactDSN(dsn string) string {
	if !isPostgres(dsn) {
		return dsn
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://[unparsable]"
	}
	// A password may also come as a query parameter.
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// redactURL hides a password in a proxy's URL.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "[unparsable]"
	}
	return u.Redacted()
}

// writeAttrs writes attrs as space-separated key=value pairs, group keys
// joined with dots, values quoted when empty or holding spaces or quotes.
func writeAttrs(b *strings.Builder, prefix string, attrs []slog.Attr) {
	for _, a := range attrs {
		if a.Value.Kind() == slog.KindGroup {
			writeAttrs(b, prefix+a.Key+".", a.Value.Group())
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		v := a.Value.String()
		if v == "" || strings.ContainsAny(v, " \t\n\"=") {
			v = strconv.Quote(v)
		}
		b.WriteString(prefix + a.Key + "=" + v)
	}
}

package config

import (
	"encoding/hex"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// env is an injected environment: tests never touch the process's own.
func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

// Distinctive secret values: "SEKRIT" must never show up in any output.
const (
	slackBot   = "xoxb-1111-2222-SEKRITbot"
	slackApp   = "xapp-1-A111-SEKRITapp"
	slackSign  = "8f742231b10e8888abcdSEKRITsign00"
	discordBot = "MTA5.SEKRIT.discordbot"
	appID      = "1234567890123456789"
	guildID    = "987654321098765432"
	pubKeyHex  = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
)

// summary flattens a Config into comparable values, secrets revealed.
type summary struct {
	ArticlesDir, DB, Driver, HTTPAddr, TZ string
	Admins                                []string
	Private                               bool
	MaxConns                              int
	SlackBot, SlackApp, SlackSign         string
	SlackURL, SlackMode                   string
	SlackEnabled                          bool
	DiscordBot, AppID, PubKey, Guild      string
	DiscordURL, DiscordMode               string
	DiscordEnabled                        bool
}

func summarize(c *Config) summary {
	return summary{
		ArticlesDir: c.ArticlesDir, DB: c.DB, Driver: c.DBDriver(), HTTPAddr: c.HTTPAddr, MaxConns: c.HTTPMaxConns,
		TZ: c.Timezone.String(), Admins: c.Admins, Private: c.AllowPrivateNetworks,
		SlackBot: c.Slack.BotToken.Reveal(), SlackApp: c.Slack.AppToken.Reveal(), SlackSign: c.Slack.SigningSecret.Reveal(),
		SlackURL: c.Slack.APIURL, SlackMode: c.slackMode(), SlackEnabled: c.SlackEnabled(),
		DiscordBot: c.Discord.BotToken.Reveal(), AppID: c.Discord.AppID, PubKey: hex.EncodeToString(c.Discord.PublicKey),
		Guild: c.Discord.GuildID, DiscordURL: c.Discord.APIURL, DiscordMode: c.discordMode(), DiscordEnabled: c.DiscordEnabled(),
	}
}

func defaults() summary {
	return summary{
		ArticlesDir: "./articles", DB: "./data/brief.db", Driver: "sqlite", HTTPAddr: "127.0.0.1:8080", MaxConns: 1024, TZ: "UTC",
		SlackURL: "https://slack.com/api/", SlackMode: "off",
		DiscordURL: "https://discord.com", DiscordMode: "off",
	}
}

func TestLoadValid(t *testing.T) {
	tests := []struct {
		name string
		env  func(string) string
		want func(*summary)
	}{
		{"nothing set: every default", env(), func(*summary) {}},
		{"empty and blank values mean the default", env("BRIEF_DB", "  ", "BRIEF_TIMEZONE", "", "SLACK_API_URL", " "), func(*summary) {}},
		{"service settings", env(
			"BRIEF_ARTICLES_DIR", " /srv/news ",
			"BRIEF_DB", "/var/lib/brief/brief.db",
			"BRIEF_HTTP_ADDR", ":9090",
			"BRIEF_TIMEZONE", "Europe/Berlin",
			"BRIEF_ALLOW_PRIVATE_NETWORKS", "TRUE",
		), func(s *summary) {
			s.ArticlesDir, s.DB, s.HTTPAddr, s.TZ, s.Private = "/srv/news", "/var/lib/brief/brief.db", ":9090", "Europe/Berlin", true
		}},
		{"admins trimmed, blanks skipped, duplicates dropped", env("BRIEF_ADMINS", " U0123ABCD , W0456EFGH,,U0123ABCD, "), func(s *summary) {
			s.Admins = []string{"U0123ABCD", "W0456EFGH"}
		}},
		{"private networks off spelled 0", env("BRIEF_ALLOW_PRIVATE_NETWORKS", "0"), func(*summary) {}},
		{"postgres url", env("BRIEF_DB", "postgres://brief:pw@db:5432/brief?sslmode=disable"), func(s *summary) {
			s.DB, s.Driver = "postgres://brief:pw@db:5432/brief?sslmode=disable", "postgres"
		}},
		{"postgresql url", env("BRIEF_DB", "postgresql:///brief?host=/run/postgresql"), func(s *summary) {
			s.DB, s.Driver = "postgresql:///brief?host=/run/postgresql", "postgres"
		}},
		{"sqlite in-memory", env("BRIEF_DB", ":memory:"), func(s *summary) { s.DB = ":memory:" }},
		{"listen on port 0 and on ipv6", env("BRIEF_HTTP_ADDR", "[::1]:0"), func(s *summary) { s.HTTPAddr = "[::1]:0" }},
		{"connection cap", env("BRIEF_HTTP_MAX_CONNS", " 200 "), func(s *summary) { s.MaxConns = 200 }},
		{"slack socket mode", env("SLACK_BOT_TOKEN", slackBot, "SLACK_APP_TOKEN", slackApp), func(s *summary) {
			s.SlackBot, s.SlackApp, s.SlackMode, s.SlackEnabled = slackBot, slackApp, "socket", true
		}},
		{"slack http", env("SLACK_BOT_TOKEN", slackBot, "SLACK_SIGNING_SECRET", slackSign), func(s *summary) {
			s.SlackBot, s.SlackSign, s.SlackMode, s.SlackEnabled = slackBot, slackSign, "http", true
		}},
		{"slack app token and signing secret: socket mode wins", env("SLACK_BOT_TOKEN", slackBot, "SLACK_APP_TOKEN", slackApp, "SLACK_SIGNING_SECRET", slackSign), func(s *summary) {
			s.SlackBot, s.SlackApp, s.SlackSign, s.SlackMode, s.SlackEnabled = slackBot, slackApp, slackSign, "socket", true
		}},
		{"tokens trimmed (pasted with a newline)", env("SLACK_BOT_TOKEN", " "+slackBot+"\n", "SLACK_APP_TOKEN", slackApp+"\r\n"), func(s *summary) {
			s.SlackBot, s.SlackApp, s.SlackMode, s.SlackEnabled = slackBot, slackApp, "socket", true
		}},
		{"slack api url gets its trailing slash", env("SLACK_API_URL", "http://127.0.0.1:9999/api"), func(s *summary) {
			s.SlackURL = "http://127.0.0.1:9999/api/"
		}},
		{"slack api url keeps its trailing slash", env("SLACK_API_URL", "https://proxy.example/slack/api/"), func(s *summary) {
			s.SlackURL = "https://proxy.example/slack/api/"
		}},
		{"discord gateway", env("DISCORD_BOT_TOKEN", discordBot, "DISCORD_APP_ID", appID), func(s *summary) {
			s.DiscordBot, s.AppID, s.DiscordMode, s.DiscordEnabled = discordBot, appID, "gateway", true
		}},
		{"discord http with guild", env("DISCORD_BOT_TOKEN", discordBot, "DISCORD_APP_ID", appID, "DISCORD_PUBLIC_KEY", strings.ToUpper(pubKeyHex), "DISCORD_GUILD_ID", guildID), func(s *summary) {
			s.DiscordBot, s.AppID, s.PubKey, s.Guild, s.DiscordMode, s.DiscordEnabled = discordBot, appID, pubKeyHex, guildID, "http", true
		}},
		{"discord api url loses its trailing slash", env("DISCORD_API_URL", "http://127.0.0.1:9999/"), func(s *summary) {
			s.DiscordURL = "http://127.0.0.1:9999"
		}},
		{"both platforms", env("SLACK_BOT_TOKEN", slackBot, "SLACK_SIGNING_SECRET", slackSign, "DISCORD_BOT_TOKEN", discordBot, "DISCORD_APP_ID", appID), func(s *summary) {
			s.SlackBot, s.SlackSign, s.SlackMode, s.SlackEnabled = slackBot, slackSign, "http", true
			s.DiscordBot, s.AppID, s.DiscordMode, s.DiscordEnabled = discordBot, appID, "gateway", true
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(tt.env)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			want := defaults()
			tt.want(&want)
			if got := summarize(c); !reflect.DeepEqual(got, want) {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestFeedMinInterval(t *testing.T) {
	for in, want := range map[string]time.Duration{"": 5 * time.Minute, "10m": 10 * time.Minute, " 1h30m ": 90 * time.Minute, "1m": time.Minute} {
		c, err := Load(env("BRIEF_FEED_MIN_INTERVAL", in))
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if c.FeedMinInterval != want {
			t.Errorf("BRIEF_FEED_MIN_INTERVAL=%q gives %s, want %s", in, c.FeedMinInterval, want)
		}
	}
}

func TestLibraryDays(t *testing.T) {
	for in, want := range map[string]int{"": 30, "7": 7, " 365 ": 365, "1": 1, "3650": 3650} {
		c, err := Load(env("BRIEF_LIBRARY_DAYS", in))
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if c.LibraryDays != want {
			t.Errorf("BRIEF_LIBRARY_DAYS=%q gives %d, want %d", in, c.LibraryDays, want)
		}
	}
}

func TestLoadModes(t *testing.T) {
	c, err := Load(env("SLACK_BOT_TOKEN", slackBot, "SLACK_APP_TOKEN", slackApp, "DISCORD_BOT_TOKEN", discordBot, "DISCORD_APP_ID", appID, "DISCORD_PUBLIC_KEY", pubKeyHex))
	if err != nil {
		t.Fatal(err)
	}
	got := []bool{c.SlackEnabled(), c.SlackSocketMode(), c.SlackHTTP(), c.DiscordEnabled(), c.DiscordGateway(), c.DiscordHTTP()}
	if want := []bool{true, true, false, true, false, true}; !reflect.DeepEqual(got, want) {
		t.Errorf("SlackEnabled, SlackSocketMode, SlackHTTP, DiscordEnabled, DiscordGateway, DiscordHTTP = %v, want %v", got, want)
	}
	if len(c.Discord.PublicKey) != 32 {
		t.Errorf("public key has %d bytes, want 32", len(c.Discord.PublicKey))
	}
	off, err := Load(env())
	if err != nil {
		t.Fatal(err)
	}
	if off.SlackEnabled() || off.SlackSocketMode() || off.SlackHTTP() || off.DiscordEnabled() || off.DiscordGateway() || off.DiscordHTTP() {
		t.Error("no credentials, yet a platform is on")
	}
}

func TestAdminsAreSlackUserIDs(t *testing.T) {
	c, err := Load(env("BRIEF_ADMINS", "U0123ABCD, W0456EFGH"))
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]bool{"U0123ABCD": true, "W0456EFGH": true, "U999": false, "": false, "u0123abcd": false} {
		if got := slices.Contains(c.Admins, id); got != want {
			t.Errorf("%q in Admins %q = %v, want %v", id, c.Admins, got, want)
		}
	}
}

func TestLoadInvalid(t *testing.T) {
	slack := func(kv ...string) func(string) string { // a valid Slack set-up plus kv
		return env(append([]string{"SLACK_BOT_TOKEN", slackBot, "SLACK_APP_TOKEN", slackApp}, kv...)...)
	}
	discord := func(kv ...string) func(string) string { // a valid Discord set-up plus kv
		return env(append([]string{"DISCORD_BOT_TOKEN", discordBot, "DISCORD_APP_ID", appID}, kv...)...)
	}
	tests := []struct {
		name string
		env  func(string) string
		want []string // one substring per expected error line, in order
	}{
		// Service.
		{"db: other scheme", env("BRIEF_DB", "mysql://u:p@h/db"), []string{`BRIEF_DB: unsupported database "mysql": use a SQLite file path like ./data/brief.db or a postgres:// URL`}},
		{"db: malformed postgres url hides the password", env("BRIEF_DB", "postgres://brief:SEKRIT@db:port/brief"), []string{"BRIEF_DB is not a valid Postgres URL: use postgres://user:password@host:5432/dbname"}},
		{"db: key=value string hides the password", env("BRIEF_DB", "host=db password=SEKRIT dbname=brief"), []string{"BRIEF_DB looks like a key=value connection string: use a postgres:// URL"}},
		{"db: a folder", env("BRIEF_DB", "./data/"), []string{`BRIEF_DB "./data/" names a folder: name the SQLite file, like ./data/brief.db`}},
		{"http addr: port only", env("BRIEF_HTTP_ADDR", "8080"), []string{`BRIEF_HTTP_ADDR "8080" must be host:port: use 127.0.0.1:8080, or :8080 to listen on every interface`}},
		{"http addr: url", env("BRIEF_HTTP_ADDR", "http://localhost:8080"), []string{`BRIEF_HTTP_ADDR "http://localhost:8080" must be host:port`}},
		{"http addr: named port", env("BRIEF_HTTP_ADDR", "localhost:http"), []string{`BRIEF_HTTP_ADDR "localhost:http": the port must be a number from 0 to 65535`}},
		{"http addr: port out of range", env("BRIEF_HTTP_ADDR", "127.0.0.1:70000"), []string{`BRIEF_HTTP_ADDR "127.0.0.1:70000": the port must be a number from 0 to 65535`}},
		{"http addr: no port", env("BRIEF_HTTP_ADDR", "127.0.0.1:"), []string{`BRIEF_HTTP_ADDR "127.0.0.1:": the port must be a number`}},
		{"connection cap: zero", env("BRIEF_HTTP_MAX_CONNS", "0"), []string{`BRIEF_HTTP_MAX_CONNS "0" must be a whole number from 1 to 1000000, like 1024`}},
		{"connection cap: words", env("BRIEF_HTTP_MAX_CONNS", "lots"), []string{`BRIEF_HTTP_MAX_CONNS "lots" must be a whole number`}},
		{"timezone: unknown", env("BRIEF_TIMEZONE", "Mars/Base"), []string{`BRIEF_TIMEZONE: unknown time zone "Mars/Base": use an IANA name like Europe/Berlin`}},
		{"timezone: offset", env("BRIEF_TIMEZONE", "+02:00"), []string{`BRIEF_TIMEZONE: unknown time zone "+02:00": use an IANA name`}},
		{"timezone: Local", env("BRIEF_TIMEZONE", "Local"), []string{`BRIEF_TIMEZONE: "Local" depends on the host: use an IANA name like Europe/Berlin`}},
		{"admins: names and handles, each reported", env("BRIEF_ADMINS", "U0123ABCD, alice,@bob,u0123abcd"), []string{
			`BRIEF_ADMINS: "alice" is not a Slack user id: list member ids like U0123ABCD, separated by commas`,
			`BRIEF_ADMINS: "@bob" is not a Slack user id`,
			`BRIEF_ADMINS: "u0123abcd" is not a Slack user id`,
		}},
		{"admins: separated by spaces", env("BRIEF_ADMINS", "U0123ABCD W0456EFGH"), []string{`BRIEF_ADMINS: "U0123ABCD W0456EFGH" is not a Slack user id`}},
		{"private networks: yes", env("BRIEF_ALLOW_PRIVATE_NETWORKS", "yes"), []string{`BRIEF_ALLOW_PRIVATE_NETWORKS must be true or false, not "yes"`}},
		{"feed interval: seconds", env("BRIEF_FEED_MIN_INTERVAL", "30s"), []string{`BRIEF_FEED_MIN_INTERVAL "30s" must be a duration from 1m to 24h, like 10m or 1h`}},
		{"feed interval: a number", env("BRIEF_FEED_MIN_INTERVAL", "10"), []string{`BRIEF_FEED_MIN_INTERVAL "10" must be a duration`}},
		{"feed interval: two days", env("BRIEF_FEED_MIN_INTERVAL", "48h"), []string{`BRIEF_FEED_MIN_INTERVAL "48h" must be a duration`}},
		{"digest timeout: a second", env("BRIEF_DIGEST_TIMEOUT", "1s"), []string{`BRIEF_DIGEST_TIMEOUT "1s" must be a duration from 5s to 30m, like 2m`}},
		{"digest timeout: a number", env("BRIEF_DIGEST_TIMEOUT", "120"), []string{`BRIEF_DIGEST_TIMEOUT "120" must be a duration`}},
		{"library days: zero", env("BRIEF_LIBRARY_DAYS", "0"), []string{`BRIEF_LIBRARY_DAYS "0" must be a whole number of days from 1 to 3650, like 30`}},
		{"library days: a duration", env("BRIEF_LIBRARY_DAYS", "30d"), []string{`BRIEF_LIBRARY_DAYS "30d" must be a whole number of days`}},
		{"library days: too many", env("BRIEF_LIBRARY_DAYS", "5000"), []string{`BRIEF_LIBRARY_DAYS "5000" must be a whole number of days`}},

		// Slack, one variable at a time.
		{"slack bot token: user token", slack("SLACK_BOT_TOKEN", "xoxp-1-SEKRIT"), []string{"SLACK_BOT_TOKEN must start with xoxb- (this is a user token): copy the Bot User OAuth Token from your Slack app's OAuth & Permissions page"}},
		{"slack bot token: app token pasted", slack("SLACK_BOT_TOKEN", "xapp-1-SEKRIT"), []string{"SLACK_BOT_TOKEN must start with xoxb- (this is the app-level token: it belongs in SLACK_APP_TOKEN)"}},
		{"slack bot token: garbage", slack("SLACK_BOT_TOKEN", "SEKRIT"), []string{"SLACK_BOT_TOKEN must start with xoxb-: copy the Bot User OAuth Token"}},
		{"slack bot token: prefix only", slack("SLACK_BOT_TOKEN", "xoxb-"), []string{"SLACK_BOT_TOKEN must start with xoxb-"}},
		{"slack bot token: quoted", slack("SLACK_BOT_TOKEN", `"xoxb-SEKRIT"`), []string{"SLACK_BOT_TOKEN must start with xoxb-"}},
		{"slack bot token: inner space", slack("SLACK_BOT_TOKEN", "xoxb-SEKRIT more"), []string{"SLACK_BOT_TOKEN contains white space: paste the token alone"}},
		{"slack app token: garbage", slack("SLACK_APP_TOKEN", "SEKRIT"), []string{"SLACK_APP_TOKEN must start with xapp-: create an app-level token with connections:write"}},
		{"slack app token: bot token pasted", slack("SLACK_APP_TOKEN", "xoxb-2-SEKRIT"), []string{"SLACK_APP_TOKEN must start with xapp- (this is the bot token: it belongs in SLACK_BOT_TOKEN): create an app-level token with connections:write"}},
		{"slack signing secret: a token", env("SLACK_BOT_TOKEN", slackBot, "SLACK_SIGNING_SECRET", "xoxb-SEKRIT"), []string{"SLACK_SIGNING_SECRET holds a token, not the signing secret: copy the Signing Secret from your Slack app's Basic Information"}},
		{"slack signing secret: inner space", env("SLACK_BOT_TOKEN", slackBot, "SLACK_SIGNING_SECRET", "SEKRIT SEKRIT"), []string{"SLACK_SIGNING_SECRET contains white space"}},
		{"slack api url: no scheme", env("SLACK_API_URL", "slack.com/api/"), []string{"SLACK_API_URL must be an absolute http(s) URL like https://slack.com/api/"}},
		{"slack api url: relative", env("SLACK_API_URL", "/api/"), []string{"SLACK_API_URL must be an absolute http(s) URL"}},
		{"slack api url: ftp", env("SLACK_API_URL", "ftp://slack.com/api/"), []string{"SLACK_API_URL must be an absolute http(s) URL"}},
		{"slack api url: host:port without scheme", env("SLACK_API_URL", "localhost:9999"), []string{"SLACK_API_URL must be an absolute http(s) URL"}},
		{"slack api url: query", env("SLACK_API_URL", "https://slack.com/api/?x=1"), []string{`SLACK_API_URL "https://slack.com/api/?x=1" must not have a query or fragment`}},
		{"slack api url: fragment", env("SLACK_API_URL", "https://slack.com/api/#x"), []string{`SLACK_API_URL "https://slack.com/api/#x" must not have a query or fragment`}},
		{"slack api url: password", env("SLACK_API_URL", "https://u:SEKRIT@proxy/api/"), []string{"SLACK_API_URL must not hold a user name or password: use a base URL like https://slack.com/api/"}},
		{"discord api url: user", env("DISCORD_API_URL", "https://u@proxy"), []string{"DISCORD_API_URL must not hold a user name or password"}},

		// Discord, one variable at a time.
		{"discord bot token: Bot prefix", discord("DISCORD_BOT_TOKEN", "Bot "+discordBot), []string{`DISCORD_BOT_TOKEN must be the token alone, without the "Bot " prefix`}},
		{"discord bot token: inner space", discord("DISCORD_BOT_TOKEN", "MTA5 SEKRIT"), []string{"DISCORD_BOT_TOKEN contains white space"}},
		{"discord app id: a name", discord("DISCORD_APP_ID", "brief-bot"), []string{`DISCORD_APP_ID "brief-bot" must be a numeric Discord id (snowflake) like 1234567890123456789: copy the Application ID`}},
		{"discord app id: zero", discord("DISCORD_APP_ID", "0"), []string{`DISCORD_APP_ID "0" must be a numeric Discord id`}},
		{"discord app id: negative", discord("DISCORD_APP_ID", "-12"), []string{`DISCORD_APP_ID "-12" must be a numeric Discord id`}},
		{"discord app id: too large", discord("DISCORD_APP_ID", "99999999999999999999"), []string{`DISCORD_APP_ID "99999999999999999999" must be a numeric Discord id`}},
		{"discord guild id: a name", discord("DISCORD_GUILD_ID", "my server"), []string{`DISCORD_GUILD_ID "my server" must be a numeric Discord id (snowflake) like 1234567890123456789: right-click the server`}},
		{"discord public key: not hex", discord("DISCORD_PUBLIC_KEY", strings.Repeat("zz", 32)), []string{"DISCORD_PUBLIC_KEY must be 64 hex characters (a 32-byte Ed25519 key), got 64 characters: copy the Public Key"}},
		{"discord public key: too short", discord("DISCORD_PUBLIC_KEY", pubKeyHex[:62]), []string{"DISCORD_PUBLIC_KEY must be 64 hex characters (a 32-byte Ed25519 key), got 62 characters"}},
		{"discord public key: a private key's length", discord("DISCORD_PUBLIC_KEY", pubKeyHex+pubKeyHex), []string{"DISCORD_PUBLIC_KEY must be 64 hex characters (a 32-byte Ed25519 key), got 128 characters"}},
		{"discord public key: base64", discord("DISCORD_PUBLIC_KEY", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="), []string{"DISCORD_PUBLIC_KEY must be 64 hex characters"}},
		{"discord api url: with a path", env("DISCORD_API_URL", "https://discord.com/api/v10"), []string{`DISCORD_API_URL "https://discord.com/api/v10" must be a scheme and host only, like https://discord.com`}},
		{"discord api url: no scheme", env("DISCORD_API_URL", "discord.com"), []string{"DISCORD_API_URL must be an absolute http(s) URL like https://discord.com"}},

		// Combinations.
		{"slack app token without bot token", env("SLACK_APP_TOKEN", slackApp), []string{"SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is not: set SLACK_BOT_TOKEN (xoxb-…) to enable Slack, or remove SLACK_APP_TOKEN"}},
		{"slack signing secret without bot token", env("SLACK_SIGNING_SECRET", slackSign), []string{"SLACK_SIGNING_SECRET is set but SLACK_BOT_TOKEN is not"}},
		{"slack app token and signing secret without bot token", env("SLACK_APP_TOKEN", slackApp, "SLACK_SIGNING_SECRET", slackSign), []string{
			"SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is not",
			"SLACK_SIGNING_SECRET is set but SLACK_BOT_TOKEN is not",
		}},
		{"slack bot token alone", env("SLACK_BOT_TOKEN", slackBot), []string{"SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN nor SLACK_SIGNING_SECRET is, so Slack cannot deliver commands: set SLACK_APP_TOKEN for Socket Mode"}},
		{"malformed slack app token still counts as set", env("SLACK_APP_TOKEN", "SEKRIT"), []string{
			"SLACK_APP_TOKEN must start with xapp-",
			"SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is not",
		}},
		{"discord bot token without app id", env("DISCORD_BOT_TOKEN", discordBot), []string{"DISCORD_BOT_TOKEN is set but DISCORD_APP_ID is not: set it to the Application ID from the Discord developer portal"}},
		{"discord public key without app id", env("DISCORD_BOT_TOKEN", discordBot, "DISCORD_PUBLIC_KEY", pubKeyHex), []string{"DISCORD_PUBLIC_KEY is set but DISCORD_APP_ID is not: HTTP interactions need the Application ID"}},
		{"discord public key alone", env("DISCORD_PUBLIC_KEY", pubKeyHex), []string{
			"DISCORD_PUBLIC_KEY is set but DISCORD_APP_ID is not",
			"DISCORD_PUBLIC_KEY is set but DISCORD_BOT_TOKEN is not: set DISCORD_BOT_TOKEN to enable Discord, or remove DISCORD_PUBLIC_KEY",
		}},
		{"discord app id and public key without bot token", env("DISCORD_APP_ID", appID, "DISCORD_PUBLIC_KEY", pubKeyHex), []string{
			"DISCORD_APP_ID is set but DISCORD_BOT_TOKEN is not",
			"DISCORD_PUBLIC_KEY is set but DISCORD_BOT_TOKEN is not",
		}},
		{"discord guild id without bot token", env("DISCORD_GUILD_ID", guildID), []string{"DISCORD_GUILD_ID is set but DISCORD_BOT_TOKEN is not"}},

		// Everything wrong at once: fixed in one go.
		{"every problem reported together", env(
			"BRIEF_DB", "mysql://x",
			"BRIEF_HTTP_ADDR", "8080",
			"BRIEF_TIMEZONE", "Mars/Base",
			"BRIEF_ADMINS", "alice",
			"BRIEF_ALLOW_PRIVATE_NETWORKS", "maybe",
			"SLACK_APP_TOKEN", "xoxb-SEKRIT",
			"SLACK_API_URL", "slack",
			"DISCORD_PUBLIC_KEY", "SEKRIT",
			"DISCORD_API_URL", "https://discord.com/api",
		), []string{
			"BRIEF_DB: unsupported database",
			"BRIEF_HTTP_ADDR",
			"BRIEF_TIMEZONE",
			"BRIEF_ADMINS",
			"BRIEF_ALLOW_PRIVATE_NETWORKS",
			"SLACK_APP_TOKEN must start with xapp-",
			"SLACK_API_URL",
			"DISCORD_PUBLIC_KEY must be 64 hex characters",
			"DISCORD_API_URL",
			"SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is not",
			"DISCORD_PUBLIC_KEY is set but DISCORD_APP_ID is not",
			"DISCORD_PUBLIC_KEY is set but DISCORD_BOT_TOKEN is not",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(tt.env)
			if err == nil {
				t.Fatalf("Load succeeded: %v", c)
			}
			if c != nil {
				t.Errorf("Load returned a config with its error")
			}
			msg := err.Error()
			if strings.Contains(msg, "SEKRIT") {
				t.Errorf("error shows a secret:\n%s", msg)
			}
			lines := strings.Split(msg, "\n")
			if len(lines) != len(tt.want) {
				t.Fatalf("got %d errors, want %d:\n%s", len(lines), len(tt.want), msg)
			}
			for i, line := range lines {
				if !strings.HasPrefix(line, "config: ") {
					t.Errorf("error %q lacks the \"config: \" prefix", line)
				}
				if !strings.Contains(line, tt.want[i]) {
					t.Errorf("error %d = %q\nwant it to contain %q", i, line, tt.want[i])
				}
				if strings.HasSuffix(line, ".") {
					t.Errorf("error %q ends with a period", line)
				}
				if m := lowerName.FindString(withoutAddresses(line)); m != "" {
					t.Errorf("error %q writes %q in lower case", line, m)
				}
			}
		})
	}
}

// lowerName finds a proper name written in lower case in a message.
var lowerName = regexp.MustCompile(`\b(slack|discord|socket mode|sqlite|postgres|ed25519|url|http interactions)\b`)

// withoutAddresses drops the words of a message that are addresses,
// file paths or quoted values, which keep their case.
func withoutAddresses(msg string) string {
	msg = regexp.MustCompile(`"[^"]*"`).ReplaceAllString(msg, "")
	var kept []string
	for _, w := range strings.Fields(msg) {
		if !strings.Contains(w, "://") && !strings.Contains(w, ".com") && !strings.HasPrefix(w, "postgres://") {
			kept = append(kept, w)
		}
	}
	return strings.Join(kept, " ")
}

// Package config reads brief's settings from environment variables (and an
// optional .env file, see Environ), validates them with messages that name
// the variable and the fix, and prints them with every secret redacted.
package config

import (
	"crypto/ed25519"
	"time"
)

// Defaults of DESIGN.md's Configuration section.
const (
	DefaultArticlesDir   = "./articles"
	DefaultDB            = "./data/brief.db"
	DefaultHTTPAddr      = "127.0.0.1:8080"
	DefaultHTTPMaxConns  = 1024 // well under the usual file descriptor limits
	DefaultTimezone      = "UTC"
	DefaultSlackAPIURL   = "https://slack.com/api/"
	DefaultDiscordAPIURL = "https://discord.com"
	// DefaultFeedMinInterval is the shortest wait between two polls of
	// one feed (BRIEF_FEED_MIN_INTERVAL).
	DefaultFeedMinInterval = 5 * time.Minute
	// DefaultDigestTimeout bounds one attempt to post a scheduled digest
	// (BRIEF_DIGEST_TIMEOUT).
	DefaultDigestTimeout = 2 * time.Minute
)

// The range BRIEF_DIGEST_TIMEOUT takes.
const (
	minDigestTimeout = 5 * time.Second
	maxDigestTimeout = 30 * time.Minute
	// DefaultLibraryDays is how many days of arrivals the library holds in
	// memory (BRIEF_LIBRARY_DAYS).
	DefaultLibraryDays = 30
)

// The range BRIEF_LIBRARY_DAYS takes.
const (
	minLibraryDays = 1
	maxLibraryDays = 3650
)

// The range BRIEF_FEED_MIN_INTERVAL takes.
const (
	minFeedInterval = time.Minute
	maxFeedInterval = 24 * time.Hour
)

// Database drivers, as returned by Config.DBDriver.
const (
	DriverSQLite   = "sqlite"
	DriverPostgres = "postgres"
)

// Config is the validated configuration of the service.
type Config struct {
	ArticlesDir string // BRIEF_ARTICLES_DIR
	// DB is a SQLite file path or a postgres:// (postgresql://) URL
	// (BRIEF_DB); DBDriver tells which. A postgres URL may hold a password:
	// print the Config, not this field.
	DB                   string
	HTTPAddr             string         // BRIEF_HTTP_ADDR, host:port
	HTTPMaxConns         int            // BRIEF_HTTP_MAX_CONNS, connections open at once
	Timezone             *time.Location // BRIEF_TIMEZONE, never nil after Load
	Admins               []string       // BRIEF_ADMINS, Slack user ids, deduplicated
	AllowPrivateNetworks bool           // BRIEF_ALLOW_PRIVATE_NETWORKS
	FeedMinInterval      time.Duration  // BRIEF_FEED_MIN_INTERVAL
	DigestTimeout        time.Duration  // BRIEF_DIGEST_TIMEOUT
	LibraryDays          int            // BRIEF_LIBRARY_DAYS: days of arrivals held in memory

	Slack   Slack
	Discord Discord
}

// Slack holds the SLACK_* settings.
type Slack struct {
	BotToken      Secret // SLACK_BOT_TOKEN, xoxb-…
	AppToken      Secret // SLACK_APP_TOKEN, xapp-…: Socket Mode
	SigningSecret Secret // SLACK_SIGNING_SECRET: HTTP mode
	APIURL        string // SLACK_API_URL, always ends in "/"
}

// Discord holds the DISCORD_* settings.
type Discord struct {
	BotToken  Secret            // DISCORD_BOT_TOKEN, without the "Bot " prefix
	AppID     string            // DISCORD_APP_ID, a snowflake
	PublicKey ed25519.PublicKey // DISCORD_PUBLIC_KEY, decoded; not a secret
	GuildID   string            // DISCORD_GUILD_ID, a snowflake, or "" for global commands
	APIURL    string            // DISCORD_API_URL, scheme and host, no trailing "/"
}

// DBDriver reports which database DB names: DriverPostgres for a
// postgres:// or postgresql:// URL, DriverSQLite otherwise.
func (c *Config) DBDriver() string {
	if isPostgres(c.DB) {
		return DriverPostgres
	}
	return DriverSQLite
}

// SlackEnabled reports whether Slack is configured (SLACK_BOT_TOKEN is set).
func (c *Config) SlackEnabled() bool { return c.Slack.BotToken.IsSet() }

// SlackSocketMode reports whether Slack runs over Socket Mode: the bot token
// and SLACK_APP_TOKEN are set. Socket Mode wins when the signing secret is
// set as well, because Slack then delivers nothing over HTTP.
func (c *Config) SlackSocketMode() bool { return c.SlackEnabled() && c.Slack.AppToken.IsSet() }

// SlackHTTP reports whether Slack runs over HTTP (POST /slack/commands,
// /slack/events, /slack/interactions): the bot token and
// SLACK_SIGNING_SECRET are set and SLACK_APP_TOKEN is not.
func (c *Config) SlackHTTP() bool {
	return c.SlackEnabled() && c.Slack.SigningSecret.IsSet() && !c.Slack.AppToken.IsSet()
}

// DiscordEnabled reports whether Discord is configured (DISCORD_BOT_TOKEN is
// set; Load then also guarantees DISCORD_APP_ID).
func (c *Config) DiscordEnabled() bool { return c.Discord.BotToken.IsSet() }

// DiscordGateway reports whether Discord interactions arrive over the
// gateway: the bot token is set and DISCORD_PUBLIC_KEY is not.
func (c *Config) DiscordGateway() bool { return c.DiscordEnabled() && len(c.Discord.PublicKey) == 0 }

// DiscordHTTP reports whether Discord interactions arrive over HTTP (POST
// /discord/interactions): the bot token and DISCORD_PUBLIC_KEY are set.
// Discord sends interactions to the endpoint URL when one is configured, so
// the two modes exclude each other.
func (c *Config) DiscordHTTP() bool { return c.DiscordEnabled() && len(c.Discord.PublicKey) != 0 }

// LibraryWindow is BRIEF_LIBRARY_DAYS as a duration: how far back the
// library keeps arrivals in memory.
func (c *Config) LibraryWindow() time.Duration {
	return time.Duration(c.LibraryDays) * 24 * time.Hour
}

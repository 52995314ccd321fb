package config

import (
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ArticlesDir is BRIEF_ARTICLES_DIR, trimmed, or DefaultArticlesDir: the
// one setting the verbs that work on files alone (brief, ask, digest)
// read, so that a mistake in an unrelated variable does not stop them.
// Load reads it the same way.
func ArticlesDir(getenv func(string) string) string { return Value(getenv, "BRIEF_ARTICLES_DIR") }

// Load reads the configuration from getenv (os.Getenv, or the function
// Environ returns), trimming surrounding white space; an empty value means
// the default. It validates every variable, then their combinations, and
// reports every problem at once: the error joins one "config: ..." line per
// problem, each naming the variable and the fix. Error messages never
// contain a secret.
func Load(getenv func(string) string) (*Config, error) {
	l := loader{getenv: getenv}
	c := &Config{
		ArticlesDir:          ArticlesDir(getenv),
		DB:                   l.db(),
		HTTPAddr:             l.httpAddr(),
		HTTPMaxConns:         l.maxConns(),
		Timezone:             l.timezone(),
		Admins:               l.admins(),
		AllowPrivateNetworks: l.boolean("BRIEF_ALLOW_PRIVATE_NETWORKS"),
		FeedMinInterval:      l.feedMinInterval(),
		DigestTimeout:        l.digestTimeout(),
		LibraryDays:          l.libraryDays(),
		Slack: Slack{
			BotToken:      l.slackToken("SLACK_BOT_TOKEN", "xoxb-", "copy the Bot User OAuth Token from your Slack app's OAuth & Permissions page"),
			AppToken:      l.slackToken("SLACK_APP_TOKEN", "xapp-", "create an app-level token with connections:write (Basic Information → App-Level Tokens)"),
			SigningSecret: l.signingSecret(),
			APIURL:        l.apiURL("SLACK_API_URL", DefaultSlackAPIURL, false),
		},
		Discord: Discord{
			BotToken:  l.discordToken(),
			AppID:     l.snowflake("DISCORD_APP_ID", "copy the Application ID from the Discord developer portal (General Information)"),
			PublicKey: l.publicKey(),
			GuildID:   l.snowflake("DISCORD_GUILD_ID", "right-click the server with developer mode on and Copy Server ID"),
			APIURL:    l.apiURL("DISCORD_API_URL", DefaultDiscordAPIURL, true),
		},
	}
	l.combinations()
	if len(l.errs) > 0 {
		return nil, errors.Join(l.errs...)
	}
	return c, nil
}

// loader collects every problem instead of stopping at the first.
type loader struct {
	getenv func(string) string
	errs   []error
}

func (l *loader) get(name string) string { return strings.TrimSpace(l.getenv(name)) }

func (l *loader) fail(format string, args ...any) {
	l.errs = append(l.errs, fmt.Errorf("config: "+format, args...))
}

// str is the variable's value, or its default (Vars).
func (l *loader) str(name string) string { return Value(l.getenv, name) }

func isPostgres(dsn string) bool {
	s := strings.ToLower(dsn)
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

func (l *loader) db() string {
	v := l.str("BRIEF_DB")
	switch {
	case isPostgres(v):
		// url.Parse's error repeats the URL, password and all: not shown.
		if _, err := url.Parse(v); err != nil {
			l.fail("BRIEF_DB is not a valid Postgres URL: use postgres://user:password@host:5432/dbname (percent-encode special characters in the password)")
		}
	case strings.Contains(v, "://"):
		scheme, _, _ := strings.Cut(v, "://")
		l.fail("BRIEF_DB: unsupported database %q: use a SQLite file path like %s or a postgres:// URL", scheme, DefaultDB)
	case strings.Contains(v, "=") && strings.Contains(v, " "):
		// Not shown: a key=value connection string may hold a password.
		l.fail("BRIEF_DB looks like a key=value connection string: use a postgres:// URL (postgres://user:password@host:5432/dbname) or a SQLite file path")
	case strings.HasSuffix(v, "/") || strings.HasSuffix(v, `\`):
		l.fail("BRIEF_DB %q names a folder: name the SQLite file, like %s", v, DefaultDB)
	}
	return v
}

func (l *loader) httpAddr() string {
	v := l.str("BRIEF_HTTP_ADDR")
	_, port, err := net.SplitHostPort(v)
	if err != nil {
		l.fail("BRIEF_HTTP_ADDR %q must be host:port: use %s, or :8080 to listen on every interface", v, DefaultHTTPAddr)
		return v
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		l.fail("BRIEF_HTTP_ADDR %q: the port must be a number from 0 to 65535, like %s", v, DefaultHTTPAddr)
	}
	return v
}

// maxHTTPConns is the most BRIEF_HTTP_MAX_CONNS takes.
const maxHTTPConns = 1_000_000

func (l *loader) maxConns() int {
	v := l.get("BRIEF_HTTP_MAX_CONNS")
	if v == "" {
		return DefaultHTTPMaxConns
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > maxHTTPConns {
		l.fail("BRIEF_HTTP_MAX_CONNS %q must be a whole number from 1 to %d, like %d: keep it well under the open-file limit (ulimit -n)", v, maxHTTPConns, DefaultHTTPMaxConns)
		return DefaultHTTPMaxConns
	}
	return n
}

func (l *loader) feedMinInterval() time.Duration {
	v := l.get("BRIEF_FEED_MIN_INTERVAL")
	if v == "" {
		return DefaultFeedMinInterval
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < minFeedInterval || d > maxFeedInterval {
		l.fail("BRIEF_FEED_MIN_INTERVAL %q must be a duration from %s to %s, like 10m or 1h", v, shortDuration(minFeedInterval), shortDuration(maxFeedInterval))
		return DefaultFeedMinInterval
	}
	return d
}

func (l *loader) digestTimeout() time.Duration {
	v := l.get("BRIEF_DIGEST_TIMEOUT")
	if v == "" {
		return DefaultDigestTimeout
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < minDigestTimeout || d > maxDigestTimeout {
		l.fail("BRIEF_DIGEST_TIMEOUT %q must be a duration from %s to %s, like 2m", v, shortDuration(minDigestTimeout), shortDuration(maxDigestTimeout))
		return DefaultDigestTimeout
	}
	return d
}

func (l *loader) libraryDays() int {
	v := l.get("BRIEF_LIBRARY_DAYS")
	if v == "" {
		return DefaultLibraryDays
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < minLibraryDays || n > maxLibraryDays {
		l.fail("BRIEF_LIBRARY_DAYS %q must be a whole number of days from %d to %d, like %d: older articles stay searchable in the database", v, minLibraryDays, maxLibraryDays, DefaultLibraryDays)
		return DefaultLibraryDays
	}
	return n
}

func (l *loader) timezone() *time.Location {
	v := l.get("BRIEF_TIMEZONE")
	if v == "" {
		return time.UTC
	}
	if v == "Local" {
		l.fail("BRIEF_TIMEZONE: \"Local\" depends on the host: use an IANA name like Europe/Berlin")
		return time.UTC
	}
	loc, err := time.LoadLocation(v)
	if err != nil {
		hint := ""
		if _, err := time.LoadLocation("Europe/Berlin"); err != nil {
			hint = " (this system has no time zone database: install tzdata or build with -tags timetzdata)"
		}
		l.fail("BRIEF_TIMEZONE: unknown time zone %q: use an IANA name like Europe/Berlin%s", v, hint)
		return time.UTC
	}
	return loc
}

// slackUserID matches Slack user ids: U… for users, W… for Enterprise Grid.
var slackUserID = regexp.MustCompile(`^[UW][A-Z0-9]{2,}$`)

func (l *loader) admins() []string {
	var ids []string
	for id := range strings.SplitSeq(l.get("BRIEF_ADMINS"), ",") {
		id = strings.TrimSpace(id)
		switch {
		case id == "":
		case !slackUserID.MatchString(id):
			l.fail("BRIEF_ADMINS: %q is not a Slack user id: list member ids like U0123ABCD, separated by commas (profile → ⋮ → Copy member ID)", id)
		case !slices.Contains(ids, id):
			ids = append(ids, id)
		}
	}
	return ids
}

func (l *loader) boolean(name string) bool {
	v := l.get(name)
	if v == "" {
		return false
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		l.fail("%s must be true or false, not %q", name, v)
	}
	return b
}

func hasSpace(s string) bool { return strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' }) }

// slackToken checks a token's prefix. Messages show at most a known prefix
// (see Secret.String), never the token.
func (l *loader) slackToken(name, prefix, how string) Secret {
	v := l.get(name)
	if v == "" {
		return ""
	}
	switch {
	case !strings.HasPrefix(v, prefix) || len(v) == len(prefix):
		hint := ""
		switch {
		case name == "SLACK_BOT_TOKEN" && strings.HasPrefix(v, "xapp-"):
			hint = " (this is the app-level token: it belongs in SLACK_APP_TOKEN)"
		case name == "SLACK_BOT_TOKEN" && strings.HasPrefix(v, "xoxp-"):
			hint = " (this is a user token)"
		case name == "SLACK_APP_TOKEN" && strings.HasPrefix(v, "xoxb-"):
			hint = " (this is the bot token: it belongs in SLACK_BOT_TOKEN)"
		}
		l.fail("%s must start with %s%s: %s", name, prefix, hint, how)
	case hasSpace(v):
		l.fail("%s contains white space: paste the token alone, without quotes or line breaks", name)
	}
	return Secret(v)
}

func (l *loader) signingSecret() Secret {
	v := l.get("SLACK_SIGNING_SECRET")
	switch {
	case v == "":
	case strings.HasPrefix(v, "xox") || strings.HasPrefix(v, "xapp-"):
		l.fail("SLACK_SIGNING_SECRET holds a token, not the signing secret: copy the Signing Secret from your Slack app's Basic Information → App Credentials")
	case hasSpace(v):
		l.fail("SLACK_SIGNING_SECRET contains white space: paste the signing secret alone")
	}
	return Secret(v)
}

func (l *loader) discordToken() Secret {
	v := l.get("DISCORD_BOT_TOKEN")
	switch {
	case v == "":
	case strings.HasPrefix(strings.ToLower(v), "bot "):
		l.fail("DISCORD_BOT_TOKEN must be the token alone, without the \"Bot \" prefix")
	case hasSpace(v):
		l.fail("DISCORD_BOT_TOKEN contains white space: paste the token alone (developer portal → Bot → Reset Token)")
	}
	return Secret(v)
}

func (l *loader) snowflake(name, how string) string {
	v := l.get(name)
	if v == "" {
		return ""
	}
	if n, err := strconv.ParseUint(v, 10, 64); err != nil || n == 0 {
		l.fail("%s %q must be a numeric Discord id (snowflake) like 1234567890123456789: %s", name, v, how)
	}
	return v
}

func (l *loader) publicKey() ed25519.PublicKey {
	v := l.get("DISCORD_PUBLIC_KEY")
	if v == "" {
		return nil
	}
	key, err := hex.DecodeString(v)
	if err != nil || len(key) != ed25519.PublicKeySize {
		l.fail("DISCORD_PUBLIC_KEY must be 64 hex characters (a 32-byte Ed25519 key), got %d characters: copy the Public Key from the Discord developer portal (General Information)", len(v))
		return nil
	}
	return key
}

// apiURL checks an absolute http(s) URL. Slack's keeps a path and gets a
// trailing slash; Discord's is scheme and host only (hostOnly), without one.
func (l *loader) apiURL(name, def string, hostOnly bool) string {
	v := l.str(name)
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" {
		l.fail("%s must be an absolute http(s) URL like %s", name, def)
		return v
	}
	if u.User != nil {
		l.fail("%s must not hold a user name or password: use a base URL like %s", name, def)
		return v
	}
	if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		l.fail("%s %q must not have a query or fragment: use a base URL like %s", name, u.Redacted(), def)
		return v
	}
	if hostOnly {
		if u.Path != "" && u.Path != "/" {
			l.fail("%s %q must be a scheme and host only, like %s: the request paths are the library's", name, u.Redacted(), def)
			return v
		}
		return strings.TrimSuffix(v, "/")
	}
	if !strings.HasSuffix(v, "/") {
		v += "/"
	}
	return v
}

// combinations checks the variables against each other: every platform
// setting needs that platform's bot token, and each token needs what makes it
// usable.
func (l *loader) combinations() {
	set := func(name string) bool { return l.get(name) != "" }

	if set("SLACK_BOT_TOKEN") {
		if !set("SLACK_APP_TOKEN") && !set("SLACK_SIGNING_SECRET") {
			l.fail("SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN nor SLACK_SIGNING_SECRET is, so Slack cannot deliver commands: set SLACK_APP_TOKEN for Socket Mode (no public URL needed) or SLACK_SIGNING_SECRET for HTTP")
		}
	} else {
		for _, name := range []string{"SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"} {
			if set(name) {
				l.fail("%s is set but SLACK_BOT_TOKEN is not: set SLACK_BOT_TOKEN (xoxb-…) to enable Slack, or remove %s", name, name)
			}
		}
	}

	if set("DISCORD_BOT_TOKEN") {
		switch {
		case set("DISCORD_APP_ID"):
		case set("DISCORD_PUBLIC_KEY"):
			l.fail("DISCORD_PUBLIC_KEY is set but DISCORD_APP_ID is not: HTTP interactions need the Application ID from the Discord developer portal (General Information)")
		default:
			l.fail("DISCORD_BOT_TOKEN is set but DISCORD_APP_ID is not: set it to the Application ID from the Discord developer portal (General Information), needed to register /brief")
		}
	} else {
		if set("DISCORD_PUBLIC_KEY") && !set("DISCORD_APP_ID") {
			l.fail("DISCORD_PUBLIC_KEY is set but DISCORD_APP_ID is not: HTTP interactions need the Application ID from the Discord developer portal (General Information)")
		}
		for _, name := range []string{"DISCORD_APP_ID", "DISCORD_PUBLIC_KEY", "DISCORD_GUILD_ID"} {
			if set(name) {
				l.fail("%s is set but DISCORD_BOT_TOKEN is not: set DISCORD_BOT_TOKEN to enable Discord, or remove %s", name, name)
			}
		}
	}
}

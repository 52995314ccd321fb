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

// variables lists every variable Load reads, in DESIGN.md's order.
func variables() []string {
	return []string{
		"BRIEF_ARTICLES_DIR", "BRIEF_DB", "BRIEF_HTTP_ADDR", "BRIEF_HTTP_MAX_CONNS", "BRIEF_TIMEZONE",
		"BRIEF_ADMINS", "BRIEF_ALLOW_PRIVATE_NETWORKS",
		"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL",
		"DISCORD_BOT_TOKEN", "DISCORD_APP_ID", "DISCORD_PUBLIC_KEY", "DISCORD_GUILD_ID", "DISCORD_API_URL",
	}
}

// ArticlesDir is BRIEF_ARTICLES_DIR, trimmed, or DefaultArticlesDir: the
// one setting the verbs that work on files alone (brief, ask, digest)
// read, so that a mistake in an unrelated variable does not stop them.
// Load reads it the same way.
func ArticlesDir(getenv func(string) string) string {
	l := loader{getenv: getenv}
	return l.str("BRIEF_ARTICLES_DIR", DefaultArticlesDir)
}

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
		Slack: Slack{
			BotToken:      l.slackToken("SLACK_BOT_TOKEN", "xoxb-", "copy the bot user oauth token from your slack app's oauth & permissions page"),
			AppToken:      l.slackToken("SLACK_APP_TOKEN", "xapp-", "create an app-level token with connections:write (basic information → app-level tokens)"),
			SigningSecret: l.signingSecret(),
			APIURL:        l.apiURL("SLACK_API_URL", DefaultSlackAPIURL, false),
		},
		Discord: Discord{
			BotToken:  l.discordToken(),
			AppID:     l.snowflake("DISCORD_APP_ID", "copy the application id from the discord developer portal (general information)"),
			PublicKey: l.publicKey(),
			GuildID:   l.snowflake("DISCORD_GUILD_ID", "right-click the server with developer mode on and copy server id"),
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

func (l *loader) str(name, def string) string {
	if v := l.get(name); v != "" {
		return v
	}
	return def
}

func isPostgres(dsn string) bool {
	s := strings.ToLower(dsn)
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

func (l *loader) db() string {
	v := l.str("BRIEF_DB", DefaultDB)
	switch {
	case isPostgres(v):
		// url.Parse's error repeats the URL, password and all: not shown.
		if _, err := url.Parse(v); err != nil {
			l.fail("BRIEF_DB is not a valid postgres url: use postgres://user:password@host:5432/dbname (percent-encode special characters in the password)")
		}
	case strings.Contains(v, "://"):
		scheme, _, _ := strings.Cut(v, "://")
		l.fail("BRIEF_DB: unsupported database %q: use a sqlite file path like %s or a postgres:// url", scheme, DefaultDB)
	case strings.Contains(v, "=") && strings.Contains(v, " "):
		// Not shown: a key=value connection string may hold a password.
		l.fail("BRIEF_DB looks like a key=value connection string: use a postgres:// url (postgres://user:password@host:5432/dbname) or a sqlite file path")
	case strings.HasSuffix(v, "/") || strings.HasSuffix(v, `\`):
		l.fail("BRIEF_DB %q names a folder: name the sqlite file, like %s", v, DefaultDB)
	}
	return v
}

func (l *loader) httpAddr() string {
	v := l.str("BRIEF_HTTP_ADDR", DefaultHTTPAddr)
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
			l.fail("BRIEF_ADMINS: %q is not a slack user id: list member ids like U0123ABCD, separated by commas (profile → ⋮ → copy member id)", id)
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
		l.fail("SLACK_SIGNING_SECRET holds a token, not the signing secret: copy the signing secret from your slack app's basic information → app credentials")
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
		l.fail("DISCORD_BOT_TOKEN contains white space: paste the token alone (developer portal → bot → reset token)")
	}
	return Secret(v)
}

func (l *loader) snowflake(name, how string) string {
	v := l.get(name)
	if v == "" {
		return ""
	}
	if n, err := strconv.ParseUint(v, 10, 64); err != nil || n == 0 {
		l.fail("%s %q must be a numeric discord id (snowflake) like 1234567890123456789: %s", name, v, how)
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
		l.fail("DISCORD_PUBLIC_KEY must be 64 hex characters (a 32-byte ed25519 key), got %d characters: copy the public key from the discord developer portal (general information)", len(v))
		return nil
	}
	return key
}

// apiURL checks an absolute http(s) URL. Slack's keeps a path and gets a
// trailing slash; Discord's is scheme and host only (hostOnly), without one.
func (l *loader) apiURL(name, def string, hostOnly bool) string {
	v := l.str(name, def)
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" {
		l.fail("%s must be an absolute http(s) url like %s", name, def)
		return v
	}
	if u.User != nil {
		l.fail("%s must not hold a user name or password: use a base url like %s", name, def)
		return v
	}
	if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		l.fail("%s %q must not have a query or fragment: use a base url like %s", name, u.Redacted(), def)
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
			l.fail("SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN nor SLACK_SIGNING_SECRET is, so slack cannot deliver commands: set SLACK_APP_TOKEN for socket mode (no public url needed) or SLACK_SIGNING_SECRET for http")
		}
	} else {
		for _, name := range []string{"SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"} {
			if set(name) {
				l.fail("%s is set but SLACK_BOT_TOKEN is not: set SLACK_BOT_TOKEN (xoxb-…) to enable slack, or remove %s", name, name)
			}
		}
	}

	if set("DISCORD_BOT_TOKEN") {
		switch {
		case set("DISCORD_APP_ID"):
		case set("DISCORD_PUBLIC_KEY"):
			l.fail("DISCORD_PUBLIC_KEY is set but DISCORD_APP_ID is not: http interactions need the application id from the discord developer portal (general information)")
		default:
			l.fail("DISCORD_BOT_TOKEN is set but DISCORD_APP_ID is not: set it to the application id from the discord developer portal (general information), needed to register /brief")
		}
	} else {
		if set("DISCORD_PUBLIC_KEY") && !set("DISCORD_APP_ID") {
			l.fail("DISCORD_PUBLIC_KEY is set but DISCORD_APP_ID is not: http interactions need the application id from the discord developer portal (general information)")
		}
		for _, name := range []string{"DISCORD_APP_ID", "DISCORD_PUBLIC_KEY", "DISCORD_GUILD_ID"} {
			if set(name) {
				l.fail("%s is set but DISCORD_BOT_TOKEN is not: set DISCORD_BOT_TOKEN to enable discord, or remove %s", name, name)
			}
		}
	}
}

package config

import (
	"fmt"
	"strings"
	"time"
)

// A Var is one environment variable brief reads. Vars is the one
// definition of them: Load reads them, `bot run --help` lists them, and
// .env.example is written from them (EnvExample; a test keeps the file in
// step).
type Var struct {
	Name    string
	Group   string // GroupService, GroupSlack or GroupDiscord
	Default string // as written in the environment; "" when there is none
	Example string // a value to show when there is no default
	Meaning string // what it does and where to find it: sentences, the last without its period
}

// Groups of variables, in the order they are listed.
const (
	GroupService = "Service"
	GroupSlack   = "Slack"
	GroupDiscord = "Discord"
)

// groupNotes say what each group needs, after its name.
var groupNotes = map[string]string{
	GroupService: "",
	GroupSlack:   "set SLACK_BOT_TOKEN plus SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP)",
	GroupDiscord: "set DISCORD_BOT_TOKEN and DISCORD_APP_ID; add DISCORD_PUBLIC_KEY for HTTP interactions",
}

// Vars lists every variable Load reads, in the order of .env.example.
func Vars() []Var {
	return []Var{
		{Name: "BRIEF_ARTICLES_DIR", Group: GroupService, Default: DefaultArticlesDir,
			Meaning: "Folder of article files (.txt, .md, .html) to brief and answer from, read at start and every 10 s"},
		{Name: "BRIEF_DB", Group: GroupService, Default: DefaultDB,
			Meaning: "Database: a SQLite file path (its folder is created), or a postgres://user:password@host:5432/dbname URL for several replicas"},
		{Name: "BRIEF_HTTP_ADDR", Group: GroupService, Default: DefaultHTTPAddr,
			Meaning: "Listen address (host:port) for webhooks, GET /healthz, GET /readyz and GET /metrics; use :8080 for every interface"},
		{Name: "BRIEF_HTTP_MAX_CONNS", Group: GroupService, Default: fmt.Sprint(DefaultHTTPMaxConns),
			Meaning: "Connections the HTTP server keeps open at once; at the cap, idle ones are closed to make room (keep it well under ulimit -n)"},
		{Name: "BRIEF_TIMEZONE", Group: GroupService, Default: DefaultTimezone,
			Meaning: "Default IANA time zone for schedules set without one, like Europe/Berlin"},
		{Name: "BRIEF_ADMINS", Group: GroupService, Example: "U0123ABCD,W0456EFGH",
			Meaning: "Comma-separated Slack member ids allowed to change feeds and schedules besides workspace admins (profile → ⋮ → Copy member ID)"},
		{Name: "BRIEF_ALLOW_PRIVATE_NETWORKS", Group: GroupService, Default: "false",
			Meaning: "true lets /brief add and feeds fetch private, loopback and link-local addresses (only for trusted users)"},
		{Name: "BRIEF_FEED_MIN_INTERVAL", Group: GroupService, Default: shortDuration(DefaultFeedMinInterval),
			Meaning: fmt.Sprintf("Shortest wait between two polls of one feed, however often the feed asks (a duration from %s to %s, such as 10m or 1h); a feed that says nothing is polled every 30m, or this if longer", shortDuration(minFeedInterval), shortDuration(maxFeedInterval))},
		{Name: "BRIEF_DIGEST_TIMEOUT", Group: GroupService, Default: shortDuration(DefaultDigestTimeout),
			Meaning: fmt.Sprintf("How long one attempt to post a scheduled digest may take (%s to %s); a post left unfinished longer than this and a margin, by a process that died, is looked for in the channel and posted if missing", shortDuration(minDigestTimeout), shortDuration(maxDigestTimeout))},
		{Name: "BRIEF_LIBRARY_DAYS", Group: GroupService, Default: fmt.Sprint(DefaultLibraryDays),
			Meaning: fmt.Sprintf("Days of arrivals the library keeps in memory, fully indexed (%d to %d); older articles stay in the database and are found by its full-text search, for /brief <words>, show and ask", minLibraryDays, maxLibraryDays)},

		{Name: "SLACK_BOT_TOKEN", Group: GroupSlack, Example: "xoxb-your-bot-token",
			Meaning: "Bot token that enables Slack: api.slack.com/apps → your app → OAuth & Permissions → Bot User OAuth Token"},
		{Name: "SLACK_APP_TOKEN", Group: GroupSlack, Example: "xapp-your-app-token",
			Meaning: "App-level token for Socket Mode, no public URL needed: Basic Information → App-Level Tokens, scope connections:write"},
		{Name: "SLACK_SIGNING_SECRET", Group: GroupSlack, Example: "your-signing-secret",
			Meaning: "Signing secret for HTTP mode (POST /slack/commands and /slack/interactions): Basic Information → App Credentials"},
		{Name: "SLACK_API_URL", Group: GroupSlack, Default: DefaultSlackAPIURL,
			Meaning: "Slack Web API base URL, for tests and proxies"},

		{Name: "DISCORD_BOT_TOKEN", Group: GroupDiscord, Example: "your-bot-token",
			Meaning: "Bot token (without \"Bot \") that enables Discord over the gateway: discord.com/developers/applications → Bot → Reset Token"},
		{Name: "DISCORD_APP_ID", Group: GroupDiscord, Example: "123456789012345678",
			Meaning: "Application id, to register /brief, for the invite link and for HTTP mode: developer portal → General Information → Application ID"},
		{Name: "DISCORD_PUBLIC_KEY", Group: GroupDiscord, Example: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
			Meaning: "Hex Ed25519 public key (64 characters) for HTTP interactions at POST /discord/interactions: General Information → Public Key"},
		{Name: "DISCORD_GUILD_ID", Group: GroupDiscord, Example: "123456789012345678",
			Meaning: "Register /brief in this one server (instant) instead of globally: with developer mode on, right-click the server → Copy Server ID"},
		{Name: "DISCORD_API_URL", Group: GroupDiscord, Default: DefaultDiscordAPIURL,
			Meaning: "Scheme and host for Discord REST calls (paths stay the library's), for tests and proxies"},
	}
}

// lookupVar is the definition of name; it panics on a name that is not
// one, which is a bug in this package.
func lookupVar(name string) Var {
	for _, v := range Vars() {
		if v.Name == name {
			return v
		}
	}
	panic("config: no variable " + name)
}

// Value is the variable's value from getenv, trimmed, or its default when
// unset or blank. It checks nothing: the verbs that need one setting alone
// (brief, ask, digest, health) read it this way, so that a mistake in an
// unrelated variable does not stop them.
func Value(getenv func(string) string, name string) string {
	def := lookupVar(name).Default
	if v := strings.TrimSpace(getenv(name)); v != "" {
		return v
	}
	return def
}

// defaultText is how a variable's default is written for people.
func (v Var) defaultText() string {
	if v.Default == "" {
		return "no default"
	}
	return "default " + v.Default
}

// EnvExample is the text of .env.example: every variable with its meaning
// and default on the line above it; a variable with a default is set to
// it, one without is shown commented out with an example value.
func EnvExample() string {
	var b strings.Builder
	b.WriteString("# brief configuration. Copy to .env and edit; variables set in the real\n" +
		"# environment win over this file (even when set to an empty value).\n" +
		"# Lines starting with # are off; settings with a default show it.\n" +
		"# This file is written from internal/config/vars.go (go test ./internal/config -update).\n")
	group := ""
	for _, v := range Vars() {
		if v.Group != group {
			group = v.Group
			head := "# --- " + group
			if n := groupNotes[group]; n != "" {
				head += ": " + n
			}
			head += " "
			if pad := 79 - len([]rune(head)); pad > 3 {
				head += strings.Repeat("-", pad)
			} else {
				head += "---"
			}
			b.WriteString("\n" + head + "\n\n")
		}
		fmt.Fprintf(&b, "# %s; %s.\n", v.Meaning, v.defaultText())
		if v.Default != "" {
			fmt.Fprintf(&b, "%s=%s\n", v.Name, v.Default)
		} else {
			fmt.Fprintf(&b, "# %s=%s\n", v.Name, v.Example)
		}
	}
	return b.String()
}

// Help lists every variable for `bot run --help`: by group, each with its
// default (or an example) and its meaning, wrapped to width columns.
func Help(width int) string {
	var b strings.Builder
	group := ""
	for _, v := range Vars() {
		if v.Group != group {
			group = v.Group
			if b.Len() > 0 {
				b.WriteByte('\n')
			}
			head := group + ":"
			if n := groupNotes[group]; n != "" {
				head += " " + n
			}
			b.WriteString(wrap(head, "  ", width))
		}
		meaning := v.Meaning + "."
		if v.Default != "" {
			fmt.Fprintf(&b, "    %s=%s\n", v.Name, v.Default)
		} else {
			fmt.Fprintf(&b, "    %s  (no default)\n", v.Name)
			meaning += " Like " + v.Example + "."
		}
		b.WriteString(wrap(meaning, "        ", width))
	}
	return b.String()
}

// wrap breaks text into lines of at most width columns (a longer word
// stands alone), each starting with indent.
func wrap(text, indent string, width int) string {
	var b strings.Builder
	line := indent
	for _, w := range strings.Fields(text) {
		if len([]rune(line))+1+len([]rune(w)) > width && line != indent {
			b.WriteString(line + "\n")
			line = indent
		}
		if line != indent {
			line += " "
		}
		line += w
	}
	if line != indent {
		b.WriteString(line + "\n")
	}
	return b.String()
}

// shortDuration writes d as people do: 5m, 1h30m, 24h.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

package config

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/joho/godotenv"
)

// lookup is an injected real environment: set-but-empty is distinct from unset.
func lookup(kv ...string) func(string) (string, bool) {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

// dotenv writes content to dir/.env in a new temporary dir and returns dir.
func dotenv(t *testing.T, content string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".env"), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestEnvironPrecedence(t *testing.T) {
	const file = `# comment
BRIEF_TIMEZONE=Europe/Berlin
BRIEF_HTTP_ADDR=:9090
SLACK_BOT_TOKEN="xoxb-from-file"
export SLACK_APP_TOKEN=xapp-from-file
BRIEF_ADMINS='U0123ABCD, W0456EFGH'
BRIEF_ARTICLES_DIR=/srv/news
BRIEF_DB=${BRIEF_ARTICLES_DIR}/brief.db
`
	tests := []struct {
		name   string
		env    func(string) (string, bool)
		key    string
		want   string
		noFile bool
	}{
		{"file fills what the environment lacks", lookup(), "BRIEF_TIMEZONE", "Europe/Berlin", false},
		{"double-quoted value", lookup(), "SLACK_BOT_TOKEN", "xoxb-from-file", false},
		{"export prefix", lookup(), "SLACK_APP_TOKEN", "xapp-from-file", false},
		{"single-quoted value", lookup(), "BRIEF_ADMINS", "U0123ABCD, W0456EFGH", false},
		{"expansion within the file", lookup(), "BRIEF_DB", "/srv/news/brief.db", false},
		{"expansion ignores the environment", lookup("BRIEF_ARTICLES_DIR", "/env"), "BRIEF_DB", "/srv/news/brief.db", false},
		{"environment wins", lookup("BRIEF_TIMEZONE", "America/New_York"), "BRIEF_TIMEZONE", "America/New_York", false},
		{"empty in the environment wins too", lookup("SLACK_BOT_TOKEN", ""), "SLACK_BOT_TOKEN", "", false},
		{"absent from both", lookup(), "DISCORD_BOT_TOKEN", "", false},
		{"environment only, no .env", lookup("BRIEF_TIMEZONE", "Asia/Tokyo"), "BRIEF_TIMEZONE", "Asia/Tokyo", true},
		{"nothing, no .env", lookup(), "BRIEF_TIMEZONE", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if !tt.noFile {
				dir = dotenv(t, file)
			}
			getenv, err := Environ(dir, tt.env)
			if err != nil {
				t.Fatal(err)
			}
			if got := getenv(tt.key); got != tt.want {
				t.Errorf("getenv(%q) = %q, want %q", tt.key, got, tt.want)
			}
		})
	}
}

func TestEnvironThenLoad(t *testing.T) {
	dir := dotenv(t, "SLACK_BOT_TOKEN=xoxb-1-SEKRIT\nSLACK_APP_TOKEN=xapp-1-SEKRIT\nBRIEF_TIMEZONE=Mars/Base\n")
	// The environment switches Slack to HTTP and fixes the file's bad zone.
	getenv, err := Environ(dir, lookup("SLACK_APP_TOKEN", "", "SLACK_SIGNING_SECRET", "abc123", "BRIEF_TIMEZONE", "Europe/Berlin"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := Load(getenv)
	if err != nil {
		t.Fatal(err)
	}
	if !c.SlackHTTP() || c.SlackSocketMode() || c.Timezone.String() != "Europe/Berlin" || c.Slack.BotToken.Reveal() != "xoxb-1-SEKRIT" {
		t.Errorf("got %v, want slack over http in Europe/Berlin with the file's bot token", c)
	}
}

func TestEnvironBadFile(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    string
	}{
		{"unterminated quote", "BRIEF_TIMEZONE=UTC\nSLACK_BOT_TOKEN=\"xoxb-SEKRIT\nSLACK_APP_TOKEN=xapp-SEKRIT\n", "line 2: a quoted value is not closed"},
		{"a token on a line of its own", "BRIEF_TIMEZONE=UTC\n\n# Slack\nxoxb-SEKRIT\n", `line 4: unexpected character "-" in variable name`},
		{"a bare word on a line of its own", "BRIEF_TIMEZONE=UTC\nSEKRIT\nSLACK_APP_TOKEN=x\n", "line 2: the line is not NAME=value"},
		{"a bare word on the last line", "BRIEF_TIMEZONE=UTC\nSEKRIT", "a line is not NAME=value"},
		{"a multi-line quoted value, then a bad line", "A=\"one\ntwo\"\nB='x\n", "line 3: a quoted value is not closed"},
		{"a name with a space", "SLACK BOT TOKEN=xoxb-SEKRIT\n", `"SLACK BOT TOKEN" is not a variable name`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := dotenv(t, tt.content)
			getenv, err := Environ(dir, lookup())
			if err == nil {
				t.Fatalf("no error; getenv = %v", getenv != nil)
			}
			msg := err.Error()
			path := filepath.Join(dir, ".env")
			for _, want := range []string{"config: read " + path + ": ", tt.want, "fix the file"} {
				if !strings.Contains(msg, want) {
					t.Errorf("error %q\nwant it to contain %q", msg, want)
				}
			}
			if strings.Contains(msg, "SEKRIT") {
				t.Errorf("error shows a secret: %s", msg)
			}
		})
	}
}

func TestEnvironUnreadable(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, ".env"), 0o700); err != nil {
		t.Fatal(err)
	}
	_, err := Environ(dir, lookup())
	if err == nil || !strings.Contains(err.Error(), "config: read "+filepath.Join(dir, ".env")+": ") {
		t.Errorf("a .env folder: got %v, want an error naming the file", err)
	}
}

var update = flag.Bool("update", false, "rewrite .env.example from Vars")

// TestEnvExample keeps .env.example in step with Vars, the definition
// Load reads and `bot run --help` prints: the file is EnvExample's text
// (go test -update rewrites it), it names every variable Load reads with a
// comment of its own, it loads as it is, and with every line uncommented
// it still loads.
func TestEnvExample(t *testing.T) {
	const path = "../../.env.example"
	if *update {
		if err := os.WriteFile(path, []byte(EnvExample()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(raw), EnvExample(); got != want {
		t.Errorf("%s differs from the variables' definitions (go test ./internal/config -update rewrites it):\n%s", path, lineDiff(got, want))
	}
	line := regexp.MustCompile(`(?m)^(#\s*)?([A-Z][A-Z0-9_]*)=`)
	var names []string
	lines := strings.Split(string(raw), "\n")
	for i, l := range lines {
		m := line.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		names = append(names, m[2])
		if i == 0 || !strings.HasPrefix(lines[i-1], "# ") || line.MatchString(lines[i-1]) {
			t.Errorf("%s: %s has no comment line of its own above it", path, m[2])
		}
	}
	var want []string
	for _, v := range Vars() {
		want = append(want, v.Name)
	}
	if !slices.Equal(names, want) {
		t.Errorf("%s lists %v\nwant (in this order) %v", path, names, want)
	}

	file, err := godotenv.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Load(func(k string) string { return file[k] }); err != nil {
		t.Errorf("%s as shipped: %v", path, err)
	}

	uncommented := regexp.MustCompile(`(?m)^#\s*([A-Z][A-Z0-9_]*=)`).ReplaceAllString(string(raw), "$1")
	all, err := godotenv.Unmarshal(uncommented)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Load(func(k string) string { return all[k] })
	if err != nil {
		t.Fatalf("%s with every line uncommented: %v", path, err)
	}
	if !c.SlackSocketMode() || !c.DiscordHTTP() || len(c.Admins) == 0 || c.Discord.GuildID == "" {
		t.Errorf("%s with every line uncommented: %v", path, c)
	}
}

// lineDiff shows the first lines where got and want differ.
func lineDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got: %s\nwant: %s", i+1, gl, wl)
		}
	}
	return ""
}

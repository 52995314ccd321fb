package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// secretConfig has every secret set, each holding "SEKRIT".
func secretConfig(t *testing.T) *Config {
	t.Helper()
	c, err := Load(env(
		"BRIEF_DB", "postgres://brief:SEKRITpw@db:5432/brief?sslmode=disable",
		"BRIEF_TIMEZONE", "Europe/Berlin",
		"BRIEF_ADMINS", "U0123ABCD,W0456EFGH",
		"SLACK_BOT_TOKEN", slackBot,
		"SLACK_APP_TOKEN", slackApp,
		"SLACK_SIGNING_SECRET", slackSign,
		"SLACK_API_URL", "http://127.0.0.1:9999/api/",
		"DISCORD_BOT_TOKEN", discordBot,
		"DISCORD_APP_ID", appID,
		"DISCORD_PUBLIC_KEY", pubKeyHex,
		"DISCORD_GUILD_ID", guildID,
	))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestStringRedacts(t *testing.T) {
	c := secretConfig(t)
	want := "articles_dir=./articles" +
		` db="postgres://brief:xxxxx@db:5432/brief?sslmode=disable"` + " db_driver=postgres" +
		" http_addr=127.0.0.1:8080 http_max_conns=1024 timezone=Europe/Berlin admins=U0123ABCD,W0456EFGH allow_private_networks=false feed_min_interval=5m digest_timeout=2m library_days=30" +
		" slack.bot_token=xoxb-…(redacted) slack.app_token=xapp-…(redacted) slack.signing_secret=[set]" +
		" slack.api_url=http://127.0.0.1:9999/api/ slack_mode=socket" +
		" discord.bot_token=[set] discord.app_id=" + appID + " discord.public_key=" + pubKeyHex +
		" discord.guild_id=" + guildID + " discord.api_url=https://discord.com discord_mode=http"
	if got := c.String(); got != want {
		t.Errorf("String() =\n%s\nwant\n%s", got, want)
	}
}

func TestStringDefaults(t *testing.T) {
	c, err := Load(env())
	if err != nil {
		t.Fatal(err)
	}
	want := `articles_dir=./articles db=./data/brief.db db_driver=sqlite http_addr=127.0.0.1:8080 http_max_conns=1024 timezone=UTC admins="" allow_private_networks=false feed_min_interval=5m digest_timeout=2m library_days=30` +
		` slack.bot_token="" slack.app_token="" slack.signing_secret="" slack.api_url=https://slack.com/api/ slack_mode=off` +
		` discord.bot_token="" discord.app_id="" discord.public_key="" discord.guild_id="" discord.api_url=https://discord.com discord_mode=off`
	if got := c.String(); got != want {
		t.Errorf("String() =\n%s\nwant\n%s", got, want)
	}
}

// TestNoSecretPrinted prints the config every way a log line might, and
// finds no secret in any of them.
func TestNoSecretPrinted(t *testing.T) {
	c := secretConfig(t)
	outputs := map[string]string{
		"String":               c.String(),
		"%v pointer":           fmt.Sprintf("%v", c),
		"%+v pointer":          fmt.Sprintf("%+v", c),
		"%#v pointer":          fmt.Sprintf("%#v", c),
		"%v value":             fmt.Sprintf("%v", *c),
		"%+v value":            fmt.Sprintf("%+v", *c),
		"%#v value":            fmt.Sprintf("%#v", *c),
		"%s value":             fmt.Sprintf("%s", *c),
		"%q value":             fmt.Sprintf("%q", *c),
		"Sprint":               fmt.Sprint(c, *c),
		"%+v slack":            fmt.Sprintf("%+v", c.Slack),
		"%#v slack":            fmt.Sprintf("%#v", c.Slack),
		"%+v discord":          fmt.Sprintf("%+v", c.Discord),
		"%#v discord":          fmt.Sprintf("%#v", c.Discord),
		"%s token":             fmt.Sprintf("%s", c.Slack.BotToken),
		"%q token":             fmt.Sprintf("%q", c.Slack.BotToken),
		"%x token":             fmt.Sprintf("%x", c.Slack.BotToken),
		"%#v token":            fmt.Sprintf("%#v", c.Slack.BotToken),
		"%d token":             fmt.Sprintf("%d", c.Slack.BotToken),
		"%v tokens in a slice": fmt.Sprintf("%v", []Secret{c.Slack.AppToken, c.Discord.BotToken}),
		"%+v anonymous struct": fmt.Sprintf("%+v", struct{ S Slack }{c.Slack}),
	}
	for name, v := range map[string]any{"config": c, "config value": *c, "slack": c.Slack, "discord": c.Discord, "token": c.Discord.BotToken} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		outputs["json "+name] = string(b)
	}
	for _, h := range []struct {
		name string
		new  func(*bytes.Buffer) slog.Handler
	}{
		{"slog json", func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) }},
		{"slog text", func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) }},
	} {
		var buf bytes.Buffer
		log := slog.New(h.new(&buf))
		log.Info("config", slog.Any("config", c), slog.Any("value", *c), slog.Any("slack", c.Slack),
			slog.Any("discord", c.Discord), slog.Any("token", c.Slack.BotToken), "signing", c.Slack.SigningSecret)
		outputs[h.name] = buf.String()
	}

	for name, out := range outputs {
		t.Run(name, func(t *testing.T) {
			if strings.Contains(out, "SEKRIT") {
				t.Errorf("a secret is printed:\n%s", out)
			}
			if out == "" {
				t.Error("printed nothing")
			}
		})
	}

	// The printing still shows what a reader needs.
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("start", slog.Any("config", c))
	var rec struct {
		Config struct {
			DB    string `json:"db"`
			Slack struct {
				BotToken string `json:"bot_token"`
				Signing  string `json:"signing_secret"`
			} `json:"slack"`
			Discord struct {
				BotToken  string `json:"bot_token"`
				PublicKey string `json:"public_key"`
			} `json:"discord"`
		} `json:"config"`
	}
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatalf("slog json output: %v\n%s", err, buf.String())
	}
	got := []string{rec.Config.DB, rec.Config.Slack.BotToken, rec.Config.Slack.Signing, rec.Config.Discord.BotToken, rec.Config.Discord.PublicKey}
	want := []string{"postgres://brief:xxxxx@db:5432/brief?sslmode=disable", "xoxb-…(redacted)", "[set]", "[set]", pubKeyHex}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("slog json shows %q, want %q", got, want)
	}
}

func TestSecret(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"unset", "", ""},
		{"bot token", "xoxb-SEKRIT", "xoxb-…(redacted)"},
		{"app token", "xapp-SEKRIT", "xapp-…(redacted)"},
		{"user token", "xoxp-SEKRIT", "xoxp-…(redacted)"},
		{"prefix alone is not shown", "xoxb-", "[set]"},
		{"other", "SEKRIT", "[set]"},
		{"prefix-like text inside", "SEKRITxoxb-", "[set]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Secret(tt.in)
			if got := s.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			if got := s.Reveal(); got != tt.in {
				t.Errorf("Reveal() = %q, want %q", got, tt.in)
			}
			if got := s.IsSet(); got != (tt.in != "") {
				t.Errorf("IsSet() = %v", got)
			}
		})
	}
}

func TestRedactDSN(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"sqlite path untouched", "./data/brief.db", "./data/brief.db"},
		{"password in userinfo", "postgres://u:SEKRIT@h/db", "postgres://u:xxxxx@h/db"},
		{"password in query", "postgresql://u@h/db?password=SEKRIT&sslmode=require", "postgresql://u@h/db?password=xxxxx&sslmode=require"},
		{"no password", "postgres://u@h:5432/db", "postgres://u@h:5432/db"},
		{"unparsable", "postgres://u:SEKRIT@h:port/db", "postgres://[unparsable]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := redactDSN(tt.in); got != tt.want {
				t.Errorf("redactDSN(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

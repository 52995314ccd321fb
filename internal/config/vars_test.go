package config

import (
	"slices"
	"strings"
	"testing"
)

// Load reads exactly the variables Vars defines: a variable added to one
// and not the other fails here.
func TestLoadReadsTheDefinedVariables(t *testing.T) {
	var asked []string
	if _, err := Load(func(k string) string {
		if !slices.Contains(asked, k) {
			asked = append(asked, k)
		}
		return ""
	}); err != nil {
		t.Fatal(err)
	}
	var defined []string
	for _, v := range Vars() {
		defined = append(defined, v.Name)
	}
	slices.Sort(asked)
	slices.Sort(defined)
	if !slices.Equal(asked, defined) {
		t.Errorf("Load reads %v\nVars defines %v", asked, defined)
	}
}

// The defaults Vars shows are the ones Load uses.
func TestVarsDefaultsAreLoads(t *testing.T) {
	c, err := Load(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{
		"BRIEF_ARTICLES_DIR":           c.ArticlesDir,
		"BRIEF_DB":                     c.DB,
		"BRIEF_HTTP_ADDR":              c.HTTPAddr,
		"BRIEF_HTTP_MAX_CONNS":         itoa(c.HTTPMaxConns),
		"BRIEF_TIMEZONE":               c.Timezone.String(),
		"BRIEF_ALLOW_PRIVATE_NETWORKS": map[bool]string{true: "true", false: "false"}[c.AllowPrivateNetworks],
		"BRIEF_FEED_MIN_INTERVAL":      shortDuration(c.FeedMinInterval),
		"BRIEF_DIGEST_TIMEOUT":         shortDuration(c.DigestTimeout),
		"BRIEF_LIBRARY_DAYS":           itoa(c.LibraryDays),
		"SLACK_API_URL":                c.Slack.APIURL,
		"DISCORD_API_URL":              c.Discord.APIURL,
	}
	for _, v := range Vars() {
		if v.Default == "" {
			if v.Example == "" {
				t.Errorf("%s has neither a default nor an example", v.Name)
			}
			continue
		}
		if got[v.Name] != v.Default {
			t.Errorf("%s: Vars says the default is %q, Load gives %q", v.Name, v.Default, got[v.Name])
		}
	}
}

func itoa(n int) string {
	var b []byte
	for n > 0 || len(b) == 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

// Help names every variable with its default or an example, and its meaning.
func TestHelpListsEveryVariable(t *testing.T) {
	h := Help(80)
	for _, v := range Vars() {
		head := v.Name + "=" + v.Default
		if v.Default == "" {
			head = v.Name + "  (no default)"
		}
		if !strings.Contains(h, "    "+head+"\n") {
			t.Errorf("Help lacks %q:\n%s", head, h)
		}
		first := strings.Fields(v.Meaning)[:3]
		if !strings.Contains(strings.Join(strings.Fields(h), " "), strings.Join(first, " ")) {
			t.Errorf("Help lacks the meaning of %s", v.Name)
		}
	}
	for _, l := range strings.Split(h, "\n") {
		if len([]rune(l)) > 80 && strings.Contains(strings.TrimSpace(l), " ") {
			t.Errorf("line longer than 80 columns: %q", l)
		}
	}
}

func TestValue(t *testing.T) {
	e := env("BRIEF_HTTP_ADDR", " :9090 ", "BRIEF_DB", "  ")
	if got := Value(e, "BRIEF_HTTP_ADDR"); got != ":9090" {
		t.Errorf("set: %q", got)
	}
	if got := Value(e, "BRIEF_DB"); got != DefaultDB {
		t.Errorf("blank: %q, want the default", got)
	}
}

package slack

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/slack-go/slack"
)

// webAPIScopes names, for every *slack.Client method the adapter may call,
// the Web API method it calls and the bot scope that needs. A call to a
// method missing here fails the test: add it, with its scope, and the
// scope to both manifests.
var webAPIScopes = map[string][2]string{
	"PostMessageContext":   {"chat.postMessage", "chat:write"},
	"PostEphemeralContext": {"chat.postEphemeral", "chat:write"},
	"GetUserInfoContext":   {"users.info", "users:read"},
	// Reconciling a scheduled post a dead process left unsettled; without
	// the scopes the bot still posts, at most once (history.go).
	"GetConversationHistoryContext": {"conversations.history", "channels:history groups:history"},
	"AuthTestContext":               {"auth.test", ""}, // needs no scope
}

// calledClientMethods lists the *slack.Client methods the package's
// non-test code calls, found by name in its syntax (a package function
// such as slack.New is not one).
func calledClientMethods(t *testing.T) []string {
	t.Helper()
	methods := map[string]bool{}
	ct := reflect.TypeOf(&slack.Client{})
	for i := range ct.NumMethod() {
		methods[ct.Method(i).Name] = true
	}
	for _, local := range []string{"Debug", "Debugf", "Debugln"} {
		delete(methods, local) // the client's own logging, and slog's names
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	seen := map[string]bool{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || !methods[sel.Sel.Name] {
				return true
			}
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == "slack" {
				return true
			}
			seen[sel.Sel.Name] = true
			return true
		})
	}
	var out []string
	for m := range seen {
		out = append(out, m)
	}
	slices.Sort(out)
	return out
}

// The manifests a self-hoster pastes into Slack parse as Slack's manifest
// format, and ask for exactly the bot scopes the adapter's calls need: the
// /brief command (commands) and each Web API method's.
func TestManifestsNameEveryScope(t *testing.T) {
	called := calledClientMethods(t)
	if len(called) < 3 {
		t.Fatalf("found only %v: is the search still finding the calls?", called)
	}
	want := []string{"commands"}
	for _, m := range called {
		s, ok := webAPIScopes[m]
		if !ok {
			t.Errorf("the adapter calls (*slack.Client).%s: add its Web API method and scope to webAPIScopes", m)
			continue
		}
		for _, scope := range strings.Fields(s[1]) {
			if !slices.Contains(want, scope) {
				want = append(want, scope)
			}
		}
	}
	slices.Sort(want)
	for _, file := range []string{"manifest.socket.yaml", "manifest.http.yaml"} {
		t.Run(file, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("..", "..", "..", "deploy", "slack", file))
			if err != nil {
				t.Fatal(err)
			}
			var m slack.Manifest
			if err := yaml.UnmarshalWithOptions(raw, &m, yaml.Strict()); err != nil {
				t.Fatalf("not a Slack manifest: %v", err)
			}
			got := slices.Clone(m.OAuthConfig.Scopes.Bot)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("oauth_config.scopes.bot = %v; the adapter needs %v (for %v), no more", got, want, called)
			}
			if len(m.OAuthConfig.Scopes.User) > 0 {
				t.Errorf("user scopes %v: brief acts as its bot only", m.OAuthConfig.Scopes.User)
			}
			if len(m.Features.SlashCommands) != 1 || m.Features.SlashCommands[0].Command != "/brief" {
				t.Fatalf("want the one slash command /brief, got %+v", m.Features.SlashCommands)
			}
			if m.Features.BotUser.DisplayName == "" {
				t.Error("no bot user: SLACK_BOT_TOKEN comes from it")
			}
			if m.Settings.Interactivity == nil || !m.Settings.Interactivity.IsEnabled {
				t.Error("interactivity must be on: the Share in channel button needs it")
			}
			if m.Settings.EventSubscriptions != nil {
				t.Error("event subscriptions: brief acts on no events")
			}
			socket := strings.Contains(file, "socket")
			if m.Settings.SocketModeEnabled != socket {
				t.Errorf("socket_mode_enabled = %v", m.Settings.SocketModeEnabled)
			}
			cmdURL, interURL := m.Features.SlashCommands[0].Url, m.Settings.Interactivity.RequestUrl
			if socket && (cmdURL != "" || interURL != "") {
				t.Errorf("Socket Mode needs no request URLs, got %q and %q", cmdURL, interURL)
			}
			if !socket {
				if !strings.HasPrefix(cmdURL, "https://") || !strings.HasSuffix(cmdURL, strings.TrimPrefix(CommandsPattern, "POST ")) {
					t.Errorf("slash command url %q: want https://…%s", cmdURL, strings.TrimPrefix(CommandsPattern, "POST "))
				}
				if !strings.HasPrefix(interURL, "https://") || !strings.HasSuffix(interURL, strings.TrimPrefix(InteractionsPattern, "POST ")) {
					t.Errorf("interactivity request_url %q: want https://…%s", interURL, strings.TrimPrefix(InteractionsPattern, "POST "))
				}
			}
		})
	}
}

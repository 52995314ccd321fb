package slack

import (
	"net/url"
	"strings"
	"testing"

	"brief/internal/reply"
	"brief/internal/router"
)

// Requests written the way Slack's documentation shows them (Slash
// commands, the block_actions payload), with the enterprise and org-level
// install fields, a DM channel, and a click that has no response_url.

// docCommand is the slash command of Slack's docs, in an Enterprise Grid
// workspace, with responseURL put in.
func docCommand(channelID, channelName, text, responseURL string) string {
	return "token=gIkuvaNzQIHg97ATvDxqgjtO&team_id=T0001&team_domain=example&enterprise_id=E0001" +
		"&enterprise_name=Globular%20Construct%20Inc&channel_id=" + channelID + "&channel_name=" + channelName +
		"&user_id=U2147483697&user_name=Steve&command=%2Fbrief&text=" + url.QueryEscape(text) +
		"&api_app_id=A123456&is_enterprise_install=false&response_url=" + url.QueryEscape(responseURL) +
		"&trigger_id=13345224609.738474920.8088930838d88f008e0"
}

// docBlockActions is a click on the Share button as Slack's docs show a
// block_actions payload, from an org-level install; responseURL may be "".
func docBlockActions(responseURL string) string {
	ru := ""
	if responseURL != "" {
		ru = `"response_url": "` + responseURL + `",`
	}
	return `{
  "type": "block_actions",
  "user": {"id": "U2147483697", "username": "steve", "name": "steve", "team_id": "T0001"},
  "api_app_id": "A123456", "token": "gIkuvaNzQIHg97ATvDxqgjtO",
  "container": {"type": "message", "message_ts": "1548261231.000200", "channel_id": "C2147483705", "is_ephemeral": true},
  "trigger_id": "12321423423.333649436676.d8c1bb837935619ccad0f624c448ffb3",
  "team": {"id": "T0001", "domain": "example", "enterprise_id": "E0001", "enterprise_name": "Globular Construct Inc"},
  "enterprise": {"id": "E0001", "name": "Globular Construct Inc"},
  "is_enterprise_install": true,
  "channel": {"id": "C2147483705", "name": "test"},
  "state": {"values": {}},
  ` + ru + `
  "actions": [{"action_id": "brief_share", "block_id": "brief_actions", "text": {"type": "plain_text", "text": "Share in channel", "emoji": true}, "value": "share", "style": "primary", "type": "button", "action_ts": "1548426417.840180"}]
}`
}

func TestPayloadsAsSlackSendsThem(t *testing.T) {
	f := newHTTPFixture(t, nil)
	f.h.reply = func(req router.Request) reply.Reply {
		return reply.Reply{Kind: reply.Digest, Title: "Today", Summary: "2 new articles.", Visibility: reply.Channel}
	}
	tests := []struct {
		name, channel, channelName, text string
	}{
		{"enterprise workspace channel", "C2147483705", "test", "today"},
		{"a DM", "D024BE91L", "directmessage", "ask where?"},
		{"a private channel", "G0123ABCD", "privategroup", "list"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := docCommand(tt.channel, tt.channelName, tt.text, f.st.responseURLFor("cmd"))
			code, got := f.post(t, "/slack/commands", formType, body, testSecret, testNow.Unix()-int64(i))
			if code != 200 || !strings.Contains(got, "2 new articles.") {
				t.Fatalf("status %d: %s", code, got)
			}
			reqs := f.h.requests()
			last := reqs[len(reqs)-1]
			if last.ChannelID != tt.channel || last.UserID != "U2147483697" || last.Text != tt.text {
				t.Errorf("request %+v", last)
			}
		})
	}
	clicks := []struct {
		name, responseURL string
		via               func() int
	}{
		{"share with a response_url", f.st.responseURLFor("click"), func() int { return len(f.st.responses) }},
		{"share without a response_url", "", func() int { return len(f.st.posts) }},
	}
	for i, c := range clicks {
		t.Run(c.name, func(t *testing.T) {
			body := url.Values{"payload": {docBlockActions(c.responseURL)}}.Encode()
			code, got := f.post(t, "/slack/interactions", formType, body, testSecret, testNow.Unix()-int64(10+i))
			if code != 200 || got != "" {
				t.Fatalf("interaction: %d %q", code, got)
			}
			f.st.waitFor("the shared digest", func() bool { return c.via() == 1 })
			reqs := f.h.requests()
			if last := reqs[len(reqs)-1]; last.Text != router.CmdShare || last.ChannelID != "C2147483705" || last.UserID != "U2147483697" {
				t.Errorf("the click ran %+v", last)
			}
		})
	}
}

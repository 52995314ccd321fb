package discord

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"brief/internal/reply"
	"brief/internal/textsafe"
)

// sneaky hides characters that change how text reads in every field a
// reply has, and credentials in every link.
const (
	rlo      = "\u202E" // right-to-left override: "gnp.exe" reads "exe.png"
	hidden   = "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200B\u200C\u200D\u2060\uFEFF"
	credsURL = "https://alice:secret@news.example/story?token=s3cr3t&id=7"
)

func sneakyReply(kind reply.Kind) reply.Reply {
	return reply.Reply{
		Kind:     kind,
		Title:    "Invoice " + rlo + "gnp.exe" + hidden,
		TitleURL: credsURL,
		Summary:  "Open the attachment" + strings.Repeat("\u200B", 50) + " now" + hidden,
		Sections: []reply.Section{
			{Label: "Label" + hidden, Text: "Text" + rlo + "txt.exe", URL: credsURL},
			{Label: "Second", Text: "More" + hidden},
		},
		Sources: []reply.Source{
			{Title: "Source" + hidden, Publisher: "Pub" + rlo + "lisher", Date: "2026-03-01" + hidden, URL: credsURL},
			{Title: "Other" + rlo, Publisher: "Other" + hidden, URL: credsURL},
		},
		Footer: "Footer" + hidden,
	}
}

// checkClean fails when what was sent carries a hidden character (other
// than the zero-width space Discord needs for an empty field) or a
// credential.
func checkClean(t *testing.T, where string, m *discordgo.MessageSend) {
	t.Helper()
	raw, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, e := range m.Embeds {
		texts = append(texts, e.Title, e.Description, e.URL)
		for _, f := range e.Fields {
			if f.Name != "\u200b" {
				texts = append(texts, f.Name)
			}
			if f.Value != "\u200b" {
				texts = append(texts, f.Value)
			}
		}
		if e.Footer != nil {
			texts = append(texts, e.Footer.Text)
		}
	}
	for _, s := range texts {
		if textsafe.Has(s) {
			t.Errorf("%s carries hidden characters: %+q", where, s)
		}
	}
	for _, secret := range []string{"alice", "secret", "s3cr3t"} {
		if strings.Contains(string(raw), secret) {
			t.Errorf("%s shows %q: %s", where, secret, raw)
		}
	}
}

func TestRenderDropsHiddenCharactersAndCredentials(t *testing.T) {
	for _, kind := range []reply.Kind{reply.Briefing, reply.Digest, reply.Answer, reply.Notice} {
		t.Run(kind.String(), func(t *testing.T) {
			msgs := Render(sneakyReply(kind))
			for _, m := range msgs {
				checkClean(t, "the message", m)
			}
			raw, _ := json.Marshal(msgs)
			if !strings.Contains(string(raw), "gnp.exe") {
				t.Errorf("the title lost its words: %s", raw)
			}
			if !strings.Contains(string(raw), "https://news.example/story?token=redacted\\u0026id=7") {
				t.Errorf("the link is not the redacted one: %s", raw)
			}
		})
	}
}

func TestSentMessagesCarryNoHiddenCharacters(t *testing.T) {
	rest := newREST(t)
	a := newAdapter(t, rest, &recorder{}, nil)
	if _, err := a.Post(context.Background(), chanC1, sneakyReply(reply.Digest), 0); err != nil {
		t.Fatal(err)
	}
	b, _, sg := httpAdapter(t, &recorder{reply: sneakyReply(reply.Answer)})
	w := serve(b, sg.request(interaction(todayOpts, 0), testNow))
	if w.Code != http.StatusOK {
		t.Fatalf("interaction: %d %s", w.Code, w.Body)
	}
	sent := []string{w.Body.String()}
	for _, r := range rest.matching(http.MethodPost, "/messages") {
		sent = append(sent, string(r.Body))
	}
	if len(sent) < 2 {
		t.Fatalf("nothing posted: %v", rest.paths())
	}
	for _, body := range sent {
		var m struct {
			Data *discordgo.MessageSend `json:"data"`
		}
		var msg discordgo.MessageSend
		if err := json.Unmarshal([]byte(body), &m); err != nil || m.Data == nil || len(m.Data.Embeds) == 0 {
			if err := json.Unmarshal([]byte(body), &msg); err != nil {
				t.Fatalf("%v: %s", err, body)
			}
		} else {
			msg = *m.Data
		}
		checkClean(t, "a request to Discord", &msg)
	}
}

package slack

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"brief/internal/reply"
	"brief/internal/router"
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
		Sources: []reply.Source{{Title: "Source" + hidden, Publisher: "Pub" + rlo + "lisher", Date: "2026-03-01" + hidden, URL: credsURL}},
		Footer:  "Footer" + hidden,
	}
}

// checkClean fails when anything sent carries a hidden character or a
// credential.
func checkClean(t *testing.T, where, sent string) {
	t.Helper()
	if textsafe.Has(sent) {
		t.Errorf("%s carries hidden characters: %+q", where, sent)
	}
	for _, secret := range []string{"alice", "secret", "s3cr3t"} {
		if strings.Contains(sent, secret) {
			t.Errorf("%s shows %q: %s", where, secret, sent)
		}
	}
}

func TestRenderDropsHiddenCharactersAndCredentials(t *testing.T) {
	for _, kind := range []reply.Kind{reply.Briefing, reply.Digest, reply.Answer, reply.Notice} {
		t.Run(kind.String(), func(t *testing.T) {
			msgs := Render(sneakyReply(kind))
			checkLimits(t, msgs)
			raw, err := json.Marshal(msgs)
			if err != nil {
				t.Fatal(err)
			}
			checkClean(t, "the messages", string(raw))
			var decoded []webMessage
			if err := json.Unmarshal(raw, &decoded); err != nil {
				t.Fatal(err)
			}
			var all []string
			for _, m := range decoded {
				checkClean(t, "a message's text", m.Text+strings.Join(texts(m.Blocks), "\n"))
				all = append(all, texts(m.Blocks)...)
			}
			joined := strings.Join(all, "\n")
			if !strings.Contains(joined, "gnp.exe") {
				t.Errorf("the title lost its words: %q", joined)
			}
			if kind == reply.Briefing && !strings.Contains(joined, "<https://news.example/story?token=redacted&amp;id=7|") {
				t.Errorf("the link is not the redacted one: %q", joined)
			}
		})
	}
}

func TestPostedMessagesCarryNoHiddenCharacters(t *testing.T) {
	st := newStandin(t)
	a := newTestAdapter(t, st, &fakeHandler{}, nil)
	if _, err := a.Post(context.Background(), slackChannel, sneakyReply(reply.Digest), 0); err != nil {
		t.Fatal(err)
	}
	// And a command's reply, through the acknowledgement.
	f := newHTTPFixture(t, nil)
	f.h.reply = func(router.Request) reply.Reply { return sneakyReply(reply.Answer) }
	code, _, body := f.command(t, "ask where?", "sneaky")
	if code != 200 {
		t.Fatalf("command: %d", code)
	}
	checkClean(t, "the acknowledgement", body)
	st.mu.Lock()
	defer st.mu.Unlock()
	if len(st.posts) == 0 {
		t.Fatal("nothing posted")
	}
	for _, p := range st.posts {
		checkClean(t, "chat.postMessage", p.Text+strings.Join(texts(p.Blocks), "\n"))
	}
}

func TestHeaderIsInertAndReadable(t *testing.T) {
	tests := []struct{ title, want string }{
		{"<!channel> Breaking: <@U123> & friends", "‹!channel› Breaking: ‹@U123› & friends"},
		{"Kim & Putin: arms <deal> talks", "Kim & Putin: arms ‹deal› talks"},
		{"AT&amp;T results", "AT&amp;T results"},
		{"Plain headline", "Plain headline"},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			msgs := Render(reply.Reply{Kind: reply.Briefing, Title: tt.title, Summary: "Text."})
			blocks := blocksOf(t, msgs[0])
			if blocks[0]["type"] != "header" {
				t.Fatalf("first block %v", blocks[0])
			}
			txt := blocks[0]["text"].(map[string]any)
			if txt["type"] != "plain_text" || txt["text"] != tt.want {
				t.Errorf("header %v, want plain_text %q", txt, tt.want)
			}
		})
	}
}

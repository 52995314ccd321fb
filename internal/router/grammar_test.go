package router

import (
	"brief/internal/channel"
	"brief/internal/reply"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		text string
		want Command
	}{
		{"empty is the digest", "", Command{Name: CmdDigest}},
		{"bare /brief", "/brief", Command{Name: CmdDigest}},
		{"spaces", "   ", Command{Name: CmdDigest}},
		{"today", "today", Command{Name: CmdDigest}},
		{"share", "share", Command{Name: CmdShare}},
		{"help", "/brief help", Command{Name: CmdHelp}},
		{"help any case", "HELP", Command{Name: CmdHelp}},
		{"words", "kim putin train", Command{Name: CmdBrief, Query: "kim putin train"}},
		{"words after /brief", "/brief  Kim  Putin", Command{Name: CmdBrief, Query: "Kim Putin"}},
		{"ask", "ask where will Kim and Putin meet?", Command{Name: CmdAsk, Query: "where will Kim and Putin meet?"}},
		{"ask upper case", "/brief ASK Who?", Command{Name: CmdAsk, Query: "Who?"}},
		{"list", "list", Command{Name: CmdList}},
		{"show", "show 3F2A9C1D", Command{Name: CmdShow, ID: "3f2a9c1d"}},
		{"show in brackets", "show [3f2a9c1d]", Command{Name: CmdShow, ID: "3f2a9c1d"}},
		{"add", "add https://example.com/story?id=1", Command{Name: CmdAdd, URL: "https://example.com/story?id=1"}},
		{"feed alone lists", "feed", Command{Name: CmdFeed, FeedAction: "list"}},
		{"feed list", "feed list", Command{Name: CmdFeed, FeedAction: "list"}},
		{"feed add", "feed add http://example.com/rss.xml", Command{Name: CmdFeed, FeedAction: "add", URL: "http://example.com/rss.xml"}},
		{"feed remove", "feed REMOVE http://example.com/rss.xml", Command{Name: CmdFeed, FeedAction: "remove", URL: "http://example.com/rss.xml"}},
		{"schedule shows", "schedule", Command{Name: CmdSchedule}},
		{"schedule off", "schedule off", Command{Name: CmdSchedule, Off: true}},
		{"schedule time", "schedule 08:00", Command{Name: CmdSchedule, At: "08:00"}},
		{"schedule one-digit hour", "schedule 8:05", Command{Name: CmdSchedule, At: "08:05"}},
		{"schedule zone", "schedule 08:00 Europe/Berlin", Command{Name: CmdSchedule, At: "08:00", Zone: "Europe/Berlin"}},
		{"schedule utc", "schedule 23:59 utc", Command{Name: CmdSchedule, At: "23:59", Zone: "UTC"}},
		{"schedule all", "schedule 07:30 America/New_York weekdays", Command{Name: CmdSchedule, At: "07:30", Zone: "America/New_York", Days: "weekdays"}},
		{"schedule days before zone", "schedule 07:30 daily Asia/Tokyo", Command{Name: CmdSchedule, At: "07:30", Zone: "Asia/Tokyo", Days: "daily"}},
		{"midnight", "schedule 00:00", Command{Name: CmdSchedule, At: "00:00"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.text)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.text, err)
			}
			if got != tt.want {
				t.Errorf("Parse(%q) = %+v, want %+v", tt.text, got, tt.want)
			}
		})
	}
}

func TestParseMalformed(t *testing.T) {
	tests := []struct {
		name, text string
		says       string // the error names what was wrong
	}{
		{"ask nothing", "ask", "Ask what?"},
		{"ask spaces", "ask    ", "Ask what?"},
		{"list with words", "list all", "takes no words"},
		{"today with words", "today kim", "takes no words"},
		{"share with words", "share now", "takes no words"},
		{"show nothing", "show", "needs one article id"},
		{"show two", "show ab12 cd34", "needs one article id"},
		{"show not hex", "show zzzz1234", "is not an article id"},
		{"show too short", "show abc", "is not an article id"},
		{"add nothing", "add", "needs one web address"},
		{"add not a url", "add example.com", "is not a web address"},
		{"add ftp", "add ftp://example.com/x", "is not a web address"},
		{"add javascript", "add javascript:alert(1)", "is not a web address"},
		{"feed bad action", "feed subscribe http://x.org/rss", "add, remove or list"},
		{"feed add no url", "feed add", "needs one feed address"},
		{"feed add bad url", "feed add notaurl", "is not a web address"},
		{"feed list url", "feed list http://x.org", "takes no address"},
		{"schedule 25:99", "schedule 25:99", "is not a time of day"},
		{"schedule 24:00", "schedule 24:00", "is not a time of day"},
		{"schedule 12:60", "schedule 12:60", "is not a time of day"},
		{"schedule no colon", "schedule 0800", "is not a time of day"},
		{"schedule words", "schedule tomorrow", "is not a time of day"},
		{"schedule negative", "schedule -1:00", "is not a time of day"},
		{"schedule unknown zone", "schedule 08:00 Mars/Olympus", "is not a time zone I know"},
		{"schedule Local", "schedule 08:00 Local", "is not a time zone I know"},
		{"schedule path zone", "schedule 08:00 ../../etc/passwd", "is not a time zone I know"},
		{"schedule two zones", "schedule 08:00 UTC Europe/Berlin", "I don't know what"},
		{"schedule daily twice", "schedule 08:00 daily weekdays", "daily or weekdays once"},
		{"too long", "ask " + strings.Repeat("x", MaxCommandBytes), "too long"},
		{"not utf-8", "ask \xff\xfe", "not UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.text)
			if err == nil {
				t.Fatalf("Parse(%q) = %+v, want an error", tt.text, got)
			}
			if !isInvalid(err) || !strings.Contains(err.Error(), tt.says) {
				t.Errorf("Parse(%q) error %q, want one saying %q", tt.text, err, tt.says)
			}
		})
	}
}

func TestSettingsCommands(t *testing.T) {
	for text, want := range map[string]bool{
		"schedule": false, "schedule 08:00": true, "schedule off": true,
		"feed": false, "feed list": false, "feed add http://a.b/c": true, "feed remove http://a.b/c": true,
		"": false, "ask x": false, "help": false, "add http://a.b/c": false,
	} {
		c, err := Parse(text)
		if err != nil {
			t.Fatal(err)
		}
		if c.Settings() != want {
			t.Errorf("Parse(%q).Settings() = %v, want %v", text, c.Settings(), want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "/brief", "ask who?", "show abcd1234", "schedule 08:00 Europe/Berlin weekdays",
		"schedule 25:99", "feed add https://x.org/rss", "add <https://a.b|a>", "\xff", "schedule 8:0", "/brief   list"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		c, err := Parse(text)
		if err != nil {
			if !isInvalid(err) || err.Error() == "" {
				t.Fatalf("Parse(%q): error %v is not a readable parse error", text, err)
			}
			return
		}
		switch c.Name {
		case CmdDigest, CmdShare, CmdHelp, CmdList:
		case CmdBrief, CmdAsk:
			if strings.TrimSpace(c.Query) == "" || !utf8.ValidString(c.Query) {
				t.Fatalf("Parse(%q) = %+v: empty or invalid query", text, c)
			}
		case CmdShow:
			if len(c.ID) < 4 || !isHex(c.ID) {
				t.Fatalf("Parse(%q) = %+v: bad id", text, c)
			}
		case CmdAdd:
			if !strings.HasPrefix(c.URL, "http") {
				t.Fatalf("Parse(%q) = %+v: bad url", text, c)
			}
		case CmdFeed:
			if c.FeedAction != "list" && !strings.HasPrefix(c.URL, "http") {
				t.Fatalf("Parse(%q) = %+v: bad feed", text, c)
			}
		case CmdSchedule:
			if c.At != "" {
				if _, err := channel.ParseClock(c.At); err != nil {
					t.Fatalf("Parse(%q) = %+v: bad time", text, c)
				}
			}
		default:
			t.Fatalf("Parse(%q) = %+v: unknown command", text, c)
		}
	})
}

// isInvalid reports whether err is a mistake in the command, shown with the help.
func isInvalid(err error) bool {
	ue, ok := reply.AsUserError(err)
	return ok && ue.Help
}

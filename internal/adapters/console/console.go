// Package console is the local terminal adapter: the channel "console".
// It reads commands from its input, one per line, and prints replies and
// scheduled posts as readable text. It needs no credentials, so `bot run`
// does the whole job on a laptop.
package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"sync"

	"brief/internal/channel"
	"brief/internal/post"
	"brief/internal/reply"
	"brief/internal/router"
	"brief/internal/textsafe"
)

// Platform and ChannelID name the console's one channel.
const (
	Platform  = "console"
	ChannelID = "console"
)

// Channel is the console's channel key.
var Channel = channel.Key{Platform: Platform, ID: ChannelID}

// MaxLineBytes bounds one command line; longer lines get an error.
const MaxLineBytes = 64 << 10

// Console is the adapter. Output is serialised: replies and scheduled
// posts never interleave.
type Console struct {
	router router.Handler
	in     io.Reader
	mu     sync.Mutex
	out    io.Writer
}

var _ post.Poster = (*Console)(nil)

// New makes a console adapter reading in and writing out.
func New(r router.Handler, in io.Reader, out io.Writer) *Console {
	return &Console{router: r, in: in, out: out}
}

// Run reads commands until ctx ends. The end of the input stops reading,
// not the service: Run then waits for ctx, so `bot run < commands.txt`
// keeps posting schedules. It returns ctx's error or a read error.
func (c *Console) Run(ctx context.Context) error {
	c.print("brief is running. Type /brief help for the commands; Ctrl-C stops.\n")
	lines := make(chan string)
	readErr := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(c.in)
		sc.Buffer(make([]byte, 4096), MaxLineBytes)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
		readErr <- sc.Err()
	}()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-readErr:
			if err != nil {
				c.print(fmt.Sprintf("The input failed (%v); commands can no longer be read, but scheduled posts go on until Ctrl-C.\n", err))
			}
			<-ctx.Done()
			return ctx.Err()
		case line := <-lines:
			c.Handle(ctx, line)
		}
	}
}

// Handle runs one command line and prints the reply.
func (c *Console) Handle(ctx context.Context, line string) {
	text := strings.TrimSpace(line)
	if text == "" {
		return
	}
	if strings.HasPrefix(text, "/") && !isBrief(text) {
		c.print("Commands start with /brief. Type /brief help for the list.\n\n")
		return
	}
	rep := c.router.Handle(ctx, router.Request{
		Platform:    Platform,
		ChannelID:   ChannelID,
		ChannelName: "console",
		UserID:      "console",
		Text:        text,
		Auth:        router.Allow, // whoever types here runs the service
	})
	c.print(Render(rep))
}

func isBrief(text string) bool {
	word, _, _ := strings.Cut(text, " ")
	return strings.EqualFold(word, "/brief")
}

// Post prints a scheduled post, from its from-th message on, all at once.
func (c *Console) Post(ctx context.Context, ch channel.Key, r reply.Reply, from int) (sent int, err error) {
	if ch != Channel {
		return 0, &post.Permanent{Reason: fmt.Sprintf("the console has no channel %q", ch.String())}
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	msgs := reply.Split(r)
	msgs = msgs[min(from, len(msgs)):]
	c.print("── scheduled post ──\n" + render(msgs))
	return len(msgs), nil
}

// Render is a reply as terminal text: the messages it splits into
// (reply.Split), a blank line after each. Control characters from article
// text (terminal escape sequences) are dropped.
func Render(r reply.Reply) string { return render(reply.Split(r)) }

func render(msgs []reply.Reply) string {
	var sb strings.Builder
	for _, m := range msgs {
		sb.WriteString(reply.PlainText(m))
		sb.WriteByte('\n')
	}
	return strings.Map(printable, sb.String())
}

// printable keeps newlines and tabs and drops the other control
// characters (C0, DEL, C1), so an article can't move the cursor, clear the
// screen or retitle the terminal, and the invisible and
// direction-changing ones (textsafe.Hidden).
func printable(r rune) rune {
	if r == '\n' || r == '\t' {
		return r
	}
	if r < 0x20 || (r >= 0x7f && r < 0xa0) || textsafe.Hidden(r) {
		return -1
	}
	return r
}

func (c *Console) print(s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	io.WriteString(c.out, s)
}

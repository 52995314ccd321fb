package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"brief/internal/config"
)

// A verb is one of bot's commands, as its help describes it.
type verb struct {
	name  string // as typed after bot: "brief", "eval answers"
	usage string // the synopsis, after "bot "
	short string // one line, for the list
	long  string // paragraphs for bot help NAME; "" repeats short
}

// verbs are bot's commands, in the order `bot help` lists them.
var verbs = []verb{
	{name: "run", usage: "run",
		short: "the service: every platform whose credentials are set; with none, the console",
		long: `The service: the store (BRIEF_DB), the articles folder (read at start and
every 10 s), scheduled digests, feed polling, the HTTP server (GET /healthz,
GET /readyz, GET /metrics and the webhooks) and every platform adapter
whose credentials are set. With none, the console: commands on stdin, one
per line, replies and scheduled posts on stdout. The end of stdin does not
stop it; SIGINT or SIGTERM does.

It logs "ready" once the store answers and every configured platform is
connected (Slack's Socket Mode, Discord's gateway, /brief registered).
Settings come from the environment and an optional ./.env (the real
environment wins):`},
	{name: "brief", usage: "brief [--json | --format text|md|json] [PATH ...]",
		short: "briefings of article files or folders",
		long: `Briefings of article files or folders (default BRIEF_ARTICLES_DIR,
./articles): a headline, a one-sentence tl;dr and three to five labelled key
points quoted from the article. --json prints one object per line. A file
that cannot be read is reported on stderr and the others are still briefed;
the exit status is then 1.`},
	{name: "ask", usage: "ask [--json] [--articles PATH] [QUESTION]",
		short: "an answer from the articles; with no QUESTION, one per stdin line",
		long: `The sentence of the articles that answers QUESTION, with its source; the
closest passages when not sure; "I couldn't find that in the articles." when
nothing touches it. With no QUESTION, one question per stdin line and one
answer per line.`},
	{name: "digest", usage: "digest [--json] [PATH ...]",
		short: "the digest of the articles, as it would be posted",
		long: `The digest of the articles as it would be posted: one item per story
(articles about one event from several outlets merged), most important
first. It needs no database.`},
	{name: "add", usage: "add [--json] URL ...",
		short: "fetch web pages into the library (BRIEF_DB) and brief them",
		long: `Fetch web pages into the library (BRIEF_DB): each page is reduced to its
article, stored once and briefed. Private and loopback addresses are refused
unless BRIEF_ALLOW_PRIVATE_NETWORKS=true.`},
	{name: "feed", usage: "feed [--channel PLATFORM:ID] add URL | remove URL | list | import FILE.opml | export",
		short: "a channel's feed subscriptions (default: the console's); OPML import and export",
		long: `A channel's feed subscriptions (RSS, Atom, JSON Feed), which bot run polls.
--channel names the channel as PLATFORM:ID, such as slack:C0123ABCD or
discord:1234567890123456789 (default console). add takes a feed's address,
or a site's page that names one feed. A new feed's current items enter the
library as back catalogue (listed, never in a digest); new items reach the
next digest. import subscribes the channel to every feed of an OPML file;
export writes the channel's feeds as OPML on stdout.`},
	{name: "backup", usage: "backup FILE",
		short: "a consistent copy of the SQLite database, while bot run keeps running",
		long: `A consistent copy of the SQLite database (BRIEF_DB) in FILE, made with
VACUUM INTO while bot run goes on using it. FILE must not exist; it is
written with mode 0600, synced to disk and checked. Restore by stopping the
service and putting the copy in BRIEF_DB's place.`},
	{name: "migrate-db", usage: "migrate-db --from SRC --to DST",
		short: "copy an install's data into a new, empty database (SQLite to Postgres)",
		long: `Copies articles, channels, schedules, feeds (with their polling state) and
the delivery ledger from SRC into DST, in one transaction: an SQLite install
moving to Postgres, bot migrate-db --from ./data/brief.db --to
postgres://user:password@host:5432/brief. DST is created or migrated to the
current schema and must hold no data; a non-empty DST is refused untouched.
Stop bot run first, then point BRIEF_DB at DST.`},
	{name: "discord invite", usage: "discord invite",
		short: "the link that adds the bot to a Discord server (DISCORD_APP_ID)",
		long: `The OAuth2 link that adds the bot to a Discord server, with the scopes
(bot, applications.commands) and the permissions it needs (View Channels,
Send Messages, Send Messages in Threads, Embed Links, Read Message History). It needs
DISCORD_APP_ID; with DISCORD_GUILD_ID the link picks that server.`},
	{name: "health", usage: "health [--ready]",
		short: "ask the running service whether it is up (or, with --ready, ready)",
		long: `Ask the service running on BRIEF_HTTP_ADDR whether it is up (GET
/healthz) or, with --ready, ready (GET /readyz): exit status 0 if so, 1
with the reason if not. Container health checks run it.`},
	{name: "version", usage: "version",
		short: "the version, revision and Go version of this build",
		long:  `The module version, VCS revision and Go version this binary was built from (also bot --version).`},
	{name: "eval summaries", usage: "eval summaries [-v] DIR ...",
		short: "ROUGE of the briefings against reference summaries",
		long: `Maintainers' check: ROUGE-1/2/Lsum F1 of the briefings against reference
summaries (DIR/article/** beside DIR/summary/**), with Lead-3 and Lead-1 in
the same run.`},
	{name: "eval answers", usage: "eval answers FILE.json [--library DIR ...]",
		short: "answer accuracy and abstention on SQuAD-format questions",
		long: `Maintainers' check on SQuAD-format questions: accuracy@1 at document level,
abstention, and a word-overlap baseline in the same run; with --library,
also asked of those folders' articles and the file's together.`},
	{name: "help", usage: "help [COMMAND]",
		short: "this list, or one command's help (also bot COMMAND --help)"},
}

// lookupVerb is the verb called name.
func lookupVerb(name string) (verb, bool) {
	for _, v := range verbs {
		if v.name == name {
			return v, true
		}
	}
	return verb{}, false
}

// usage is the list of commands.
func usage() string {
	var b strings.Builder
	b.WriteString("usage: bot <command> [flags] [args]\n\ncommands:\n")
	for _, v := range verbs {
		fmt.Fprintf(&b, "  %s\n      %s\n", v.usage, v.short)
	}
	b.WriteString("\nPATH defaults to BRIEF_ARTICLES_DIR (./articles). bot help COMMAND, or\nbot COMMAND --help, shows a command's flags; bot help run, the settings.\n")
	return b.String()
}

// errHelp means a command's help was asked for and printed: the program
// then exits 0.
var errHelp = errors.New("help shown")

// newFlags makes a verb's flag set: it reports to stderr, does not exit,
// and on a mistake shows the verb's usage line.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {} // parse shows the usage line, or the help
	return fs
}

// parse parses a verb's flags. On -h or --help it prints the verb's help
// to stdout and returns errHelp.
func parse(fs *flag.FlagSet, args []string, stdout io.Writer) error {
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		printHelp(stdout, fs)
		return errHelp
	case err != nil:
		v, _ := lookupVerb(fs.Name())
		fmt.Fprintf(fs.Output(), "usage: bot %s\n(bot help %s says more)\n", v.usage, fs.Name())
		return fmt.Errorf("%s: %w", fs.Name(), err)
	}
	return nil
}

// printHelp is a verb's help: its usage, what it does, its flags and,
// for run, the settings.
func printHelp(w io.Writer, fs *flag.FlagSet) {
	v, _ := lookupVerb(fs.Name())
	fmt.Fprintf(w, "usage: bot %s\n\n", v.usage)
	long := v.long
	if long == "" {
		long = strings.ToUpper(v.short[:1]) + v.short[1:] + "."
	}
	fmt.Fprintln(w, long)
	if v.name == "run" {
		fmt.Fprintln(w)
		fmt.Fprint(w, config.Help(80))
	}
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		fmt.Fprintln(w, "\nflags:")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
}

// isHelp reports whether an argument asks for help.
func isHelp(arg string) bool {
	return arg == "-h" || arg == "--help" || arg == "-help"
}

// cmdHelp is `bot help [COMMAND ...]`: the list, or one command's help,
// which is what `bot COMMAND --help` prints (run is the program).
func cmdHelp(args []string, stdout, stderr io.Writer, run func(args []string) error) error {
	if len(args) == 0 {
		fmt.Fprint(stdout, usage())
		return nil
	}
	name := strings.Join(args, " ")
	if _, ok := lookupVerb(name); !ok || name == "help" {
		if group := groupHelp(args[0]); group != "" && len(args) == 1 {
			fmt.Fprint(stdout, group)
			return nil
		}
		if name == "help" {
			fmt.Fprint(stdout, usage())
			return nil
		}
		fmt.Fprint(stderr, usage())
		return fmt.Errorf("help: there is no command %q", name)
	}
	return run(append(args[:len(args):len(args)], "--help"))
}

// groupHelp lists the commands under a word that is not one by itself
// (eval, discord); "" when there are none.
func groupHelp(word string) string {
	var b strings.Builder
	for _, v := range verbs {
		if strings.HasPrefix(v.name, word+" ") {
			fmt.Fprintf(&b, "  bot %s\n      %s\n", v.usage, v.short)
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return "usage:\n" + b.String()
}

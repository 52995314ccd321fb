package router

import "brief/internal/reply"

// A usage is one command's line of the help.
type usage struct {
	name string // CmdAsk, ...
	line string // "/brief ask <question>"
	text string // what it does
}

// usages are the commands, in the order the help lists them.
var usages = []usage{
	{CmdDigest, "/brief", "today's digest for this channel (or the newest articles), just for you"},
	{CmdShare, "/brief share", "today's digest, posted in the channel for everyone"},
	{CmdBrief, "/brief <words>", "the briefing of the article that best matches the words"},
	{CmdAsk, "/brief ask <question>", "the sentence that answers it, with its source, or a plain \"not in the articles\""},
	{CmdList, "/brief list", "recent articles with their short ids"},
	{CmdShow, "/brief show <id>", "one article's full briefing"},
	{CmdAdd, "/brief add <url>", "fetch an article into the library"},
	{CmdFeed, "/brief feed add|remove|list [url]", "this channel's feed subscriptions (channel managers)"},
	{CmdSchedule, "/brief schedule [HH:MM] [zone] [daily|weekdays]", "a morning digest in this channel, such as /brief schedule 08:00 Europe/Berlin; /brief schedule off stops it (channel managers)"},
	{CmdHelp, "/brief help", "this help"},
}

// Usage is the help's line for the command named name, and whether there
// is one.
func Usage(name string) (line, text string, ok bool) {
	for _, u := range usages {
		if u.name == name {
			return u.line, u.text, true
		}
	}
	return "", "", false
}

// HelpReply lists the commands.
func HelpReply() reply.Reply {
	r := reply.Reply{
		Kind:    reply.Help,
		Title:   "brief: the news that matters, in this channel",
		Summary: "Every answer is quoted from the articles, with its source.",
	}
	for _, u := range usages {
		r.Sections = append(r.Sections, reply.Section{Label: u.line, Text: u.text})
	}
	return r
}

package router

import "brief/internal/reply"

// HelpReply lists the commands.
func HelpReply() reply.Reply {
	return reply.Reply{
		Kind:    reply.Help,
		Title:   "brief: the news that matters, in this channel",
		Summary: "Every answer is quoted from the articles, with its source.",
		Sections: []reply.Section{
			{Label: "/brief", Text: "today's digest for this channel (or the newest articles), just for you"},
			{Label: "/brief share", Text: "today's digest, posted in the channel for everyone"},
			{Label: "/brief <words>", Text: "the briefing of the article that best matches the words"},
			{Label: "/brief ask <question>", Text: "the sentence that answers it, with its source, or a plain \"not in the articles\""},
			{Label: "/brief list", Text: "recent articles with their short ids"},
			{Label: "/brief show <id>", Text: "one article's full briefing"},
			{Label: "/brief add <url>", Text: "fetch an article into the library"},
			{Label: "/brief feed add|remove|list [url]", Text: "this channel's feed subscriptions (channel managers)"},
			{Label: "/brief schedule [HH:MM] [zone] [daily|weekdays]", Text: "a morning digest in this channel, such as /brief schedule 08:00 Europe/Berlin; /brief schedule off stops it (channel managers)"},
			{Label: "/brief help", Text: "this help"},
		},
	}
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"

	"brief/internal/app"
	"brief/internal/config"
)

// cmdDiscord is `bot discord invite`: the link that adds the bot to a
// server, computed from the permissions it needs.
func cmdDiscord(_ context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, groupHelp("discord"))
		return errors.New("discord: want discord invite")
	}
	if isHelp(args[0]) {
		fmt.Fprint(stdout, groupHelp("discord"))
		return errHelp
	}
	if args[0] != "invite" {
		return fmt.Errorf("discord: unknown command %q (want invite)", args[0])
	}
	fs := newFlags("discord invite", stderr)
	if err := parse(fs, args[1:], stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("discord invite takes no arguments (got %q)", fs.Args())
	}
	// The link needs the application id alone: it can be made before the
	// bot token is set.
	appID, guildID := config.Value(getenv, "DISCORD_APP_ID"), config.Value(getenv, "DISCORD_GUILD_ID")
	if appID == "" {
		return errors.New("discord invite: set DISCORD_APP_ID to the Application ID from the Discord developer portal (General Information)")
	}
	for name, v := range map[string]string{"DISCORD_APP_ID": appID, "DISCORD_GUILD_ID": guildID} {
		if n, err := strconv.ParseUint(v, 10, 64); v != "" && (err != nil || n == 0) {
			return fmt.Errorf("discord invite: %s %q must be a numeric Discord id like 1234567890123456789", name, v)
		}
	}
	fmt.Fprintln(stdout, app.DiscordInvite(appID, guildID))
	return nil
}

package app

import (
	"context"
	"log/slog"
	"sync/atomic"

	"brief/internal/adapters/console"
	"brief/internal/adapters/discord"
	slackadapter "brief/internal/adapters/slack"
	"brief/internal/config"
	"brief/internal/lease"
)

// GatewayLease is the lease the replicas on one Postgres database hold the
// Discord gateway by: one connection among them, so no interaction is
// answered twice.
const GatewayLease = "discord-gateway"

// gatewayRunner is the Discord adapter's loop. On Postgres, with the
// gateway, it runs only while this replica holds the gateway lease; the
// others stand by (ready, serving HTTP and posting) and one takes over
// when the holder stops renewing it. brief_discord_gateway says which
// replica holds it.
func (a *App) gatewayRunner(dc *discord.Adapter) func(context.Context) error {
	var held atomic.Bool
	a.metrics.Gauge("brief_discord_gateway", "Whether this replica holds the Discord gateway connection (1) or another replica does (0).", func() float64 {
		if dc.HTTPMode() || held.Load() || a.cfg.DBDriver() != config.DriverPostgres {
			return 1
		}
		return 0
	})
	if dc.HTTPMode() || a.cfg.DBDriver() != config.DriverPostgres {
		return dc.Run
	}
	dc.SetStandby(true)
	return func(ctx context.Context) error {
		return lease.Run(ctx, lease.Config{
			Store:  a.st,
			Name:   GatewayLease,
			Holder: a.jobs.ID(),
			Logger: a.opts.Logger,
			Held: func(h bool) {
				held.Store(h)
				dc.SetStandby(!h)
			},
		}, dc.Run)
	}
}

// newAdapters makes the adapter of every platform whose credentials are
// set, mounts its webhooks on the HTTP server and adds it to the poster
// registry; with none, the console.
func (a *App) newAdapters() error {
	cfg := a.cfg
	if cfg.SlackEnabled() {
		sc := slackadapter.Config{
			BotToken: cfg.Slack.BotToken.Reveal(),
			APIURL:   cfg.Slack.APIURL,
			Admins:   cfg.Admins,
			Handler:  a.router,
			Replays:  a.st, // a replay is refused on every replica, before and after a restart
			Logger:   a.opts.Logger,
		}
		if cfg.SlackSocketMode() {
			sc.AppToken = cfg.Slack.AppToken.Reveal()
		}
		if cfg.SlackHTTP() {
			sc.SigningSecret = cfg.Slack.SigningSecret.Reveal()
		}
		sl, err := slackadapter.New(sc)
		if err != nil {
			return err
		}
		sl.Routes(a.srv)
		if cfg.SlackHTTP() {
			a.log.Info("Slack over HTTP: in the Slack app, the slash command's Request URL and Interactivity's go to these paths on your public HTTPS host",
				slog.String("slash_command", slackadapter.CommandsPath), slog.String("interactivity", slackadapter.InteractionsPath))
		}
		a.posters.Add(slackadapter.Platform, sl)
		a.runners = append(a.runners, sl.Run)
		a.stops = append(a.stops, sl.Shutdown)
		a.readies = append(a.readies, readiness{slackadapter.Platform, sl.Ready})
	}
	if cfg.DiscordEnabled() {
		dc, err := discord.New(discord.Config{
			BotToken:  cfg.Discord.BotToken.Reveal(),
			AppID:     cfg.Discord.AppID,
			GuildID:   cfg.Discord.GuildID,
			PublicKey: cfg.Discord.PublicKey,
			APIURL:    cfg.Discord.APIURL,
			Handler:   a.router,
			Replays:   a.st,
			Logger:    a.opts.Logger,
		})
		if err != nil {
			return err
		}
		dc.Routes(a.srv)
		if cfg.DiscordHTTP() {
			a.log.Info("Discord over HTTP: in the developer portal, General Information → Interactions Endpoint URL goes to this path on your public HTTPS host",
				slog.String("interactions_endpoint", discord.InteractionsPath))
		}
		a.posters.Add(discord.Platform, dc)
		// One bulk overwrite, only when the definition changed, tried
		// again with backoff until Discord takes it; the rest of the
		// service goes on meanwhile, and Ready says it is missing.
		a.runners = append(a.runners, a.gatewayRunner(dc), dc.KeepRegistering)
		a.readies = append(a.readies, readiness{discord.Platform, dc.Ready})
	}
	if a.posters.Len() == 0 {
		cons := console.New(a.router, a.opts.Stdin, a.opts.Stdout)
		a.posters.Add(console.Platform, cons)
		a.runners = append(a.runners, cons.Run)
	}
	return nil
}

// DiscordInvite is the link that adds the Discord application appID to a
// server (guildID, when set, is chosen on the page), with the scopes and
// permissions the bot needs.
func DiscordInvite(appID, guildID string) string { return discord.InviteURL(appID, guildID) }

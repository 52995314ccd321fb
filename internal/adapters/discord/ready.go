package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"

	"brief/internal/post"
)

// Permissions are what the bot needs in a channel, as the invite asks for
// them: View Channels and Send Messages to post scheduled digests, Send
// Messages in Threads for a schedule set in a thread, Embed Links for the
// embeds they are made of, Read Message History to find the bot's own
// digest of a slot after a process died while posting it (without it, an
// interrupted slot is posted at most once). Replies to /brief go through
// the interaction and need none of them.
const Permissions = discordgo.PermissionViewChannel | discordgo.PermissionSendMessages |
	discordgo.PermissionSendMessagesInThreads | discordgo.PermissionEmbedLinks |
	discordgo.PermissionReadMessageHistory

// Scopes are the OAuth2 scopes of the invite: the bot user, and its
// application commands (/brief).
var Scopes = []string{"bot", "applications.commands"}

// InviteURL is the link that adds the bot to a server, with Scopes and
// Permissions; with a guild id, that server is chosen on the page.
func InviteURL(appID, guildID string) string {
	q := url.Values{
		"client_id":   {appID},
		"scope":       {Scopes[0] + " " + Scopes[1]},
		"permissions": {strconv.FormatInt(int64(Permissions), 10)},
	}
	if guildID != "" {
		q.Set("guild_id", guildID)
	}
	return "https://discord.com/oauth2/authorize?" + q.Encode()
}

// Registration backoff bounds, by default.
const (
	defaultRegisterMin = time.Second
	defaultRegisterMax = 5 * time.Minute
)

// Ready reports whether Discord can reach /brief through the adapter:
// /brief is registered and, over the gateway, the session is READY (or
// resumed). Otherwise the error says what is missing.
func (a *Adapter) Ready() error {
	var errs []error
	if !a.HTTPMode() && !a.standby.Load() {
		if why := a.gateway.Load(); why != nil && *why != "" {
			errs = append(errs, errors.New("the gateway is not ready: "+*why))
		}
	}
	if why := a.commands.Load(); why != nil && *why != "" {
		errs = append(errs, errors.New("/brief is not registered: "+*why))
	}
	return errors.Join(errs...)
}

// SetStandby says whether another replica holds the gateway (through a
// lease in the database): a standby replica serves HTTP interactions and
// posts, and is ready without a gateway connection of its own.
func (a *Adapter) SetStandby(standby bool) { a.standby.Store(standby) }

func (a *Adapter) setGateway(why string)  { a.gateway.Store(&why) }
func (a *Adapter) setCommands(why string) { a.commands.Store(&why) }

// KeepRegistering registers /brief (Register), trying again with a capped,
// jittered backoff (longer when Discord says how long to wait) until it
// succeeds or ctx ends; Ready reports it meanwhile. In HTTP mode it then
// checks that the bot is in a server, and logs the invite link when it is
// in none. It returns nil.
func (a *Adapter) KeepRegistering(ctx context.Context) error {
	wait := a.cfg.RegisterMin
	for {
		err := a.Register(ctx)
		if err == nil {
			a.setCommands("")
			if a.HTTPMode() {
				a.checkGuilds(ctx)
			}
			return nil
		}
		if ctx.Err() != nil {
			return nil
		}
		why := err.Error()
		var rs *restStatus
		if a.cfg.GuildID != "" && errors.As(err, &rs) && rs.status == http.StatusForbidden {
			why += fmt.Sprintf(" (is the bot in server %s? add it with %s)", a.cfg.GuildID, InviteURL(a.cfg.AppID, a.cfg.GuildID))
		}
		a.setCommands(why + "; trying again")
		d := jittered(wait)
		var ra *post.RetryAfter
		if errors.As(err, &ra) && ra.After > d {
			d = ra.After
		}
		a.log.Warn("registering /brief failed; trying again", slog.Duration("retry_in", d), slog.String("err", why))
		if !sleep(ctx, d) {
			return nil
		}
		wait = min(2*wait, a.cfg.RegisterMax)
	}
}

// checkGuilds logs the invite link when the bot is in no server.
func (a *Adapter) checkGuilds(ctx context.Context) {
	guilds, err := a.s.UserGuilds(1, "", "", false, discordgo.WithContext(ctx))
	if err != nil {
		a.log.Debug("could not list the bot's servers", slog.Any("err", err))
		return
	}
	if len(guilds) == 0 {
		a.logInvite()
	}
}

// logInvite tells whoever runs the service how to add the bot to a server.
func (a *Adapter) logInvite() {
	a.log.Warn("the bot is in no Discord server yet: open the invite link to add it", slog.String("invite", InviteURL(a.cfg.AppID, a.cfg.GuildID)))
}

// jittered is d plus or minus up to a quarter.
func jittered(d time.Duration) time.Duration {
	q := int64(d / 4)
	if q <= 0 {
		return d
	}
	return d - time.Duration(q) + time.Duration(rand.Int64N(2*q+1))
}

// registerError is a failed registration call as the log and Ready show
// it: the HTTP status and Discord's message (a *restStatus), or a
// *post.RetryAfter when rate limited.
func registerError(err error, what string) error {
	c := classify(err, what)
	var p *post.Permanent
	if errors.As(c, &p) && p.Err != nil {
		c = p.Err
	}
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		return &restStatus{status: re.Response.StatusCode, err: c}
	}
	return c
}

// restStatus is an error of a REST call that Discord answered with status.
type restStatus struct {
	status int
	err    error
}

func (e *restStatus) Error() string { return e.err.Error() }
func (e *restStatus) Unwrap() error { return e.err }

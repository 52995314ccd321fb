package router

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"brief/internal/channel"
	"brief/internal/reply"
	"brief/internal/store"
)

// schedule shows, sets or removes the channel's schedule.
func (r *Router) schedule(ctx context.Context, req Request, cmd Command) (reply.Reply, error) {
	ch, err := r.channel(req)
	if err != nil {
		return reply.Reply{}, err
	}
	now := r.cfg.Now()
	switch {
	case cmd.Off:
		old, err := r.cfg.Store.Schedule(ctx, ch)
		if errors.Is(err, store.ErrNotFound) {
			return notice("This channel has no schedule to turn off."), nil
		}
		if err != nil {
			return reply.Reply{}, err
		}
		removed, err := r.cfg.Store.DeleteSchedule(ctx, ch)
		if err != nil {
			return reply.Reply{}, err
		}
		if !removed {
			return notice("This channel has no schedule to turn off."), nil
		}
		r.plan(ctx)
		return notice("Scheduled digests are off for this channel. " + scheduleCommand(old) + " turns them on again."), nil
	case cmd.At == "":
		sc, err := r.cfg.Store.Schedule(ctx, ch)
		if errors.Is(err, store.ErrNotFound) {
			return notice(fmt.Sprintf("This channel has no scheduled digest. /brief schedule 08:00 %s posts one every morning.", r.cfg.Zone)), nil
		}
		if err != nil {
			return reply.Reply{}, err
		}
		msg := "This channel gets a digest " + channel.Describe(sc) + "."
		if sc.PausedReason != "" {
			return notice(msg + " It is paused: " + sc.PausedReason + ". Set it again (" + scheduleCommand(sc) + ") to resume."), nil
		}
		return notice(msg + " " + r.nextText(sc, now)), nil
	}
	// A new time keeps what the channel's schedule had and the command
	// leaves out: its zone and its days.
	sc := channel.Schedule{At: cmd.At, Zone: cmd.Zone, Days: cmd.Days}
	if sc.Zone == "" || sc.Days == "" {
		old, err := r.cfg.Store.Schedule(ctx, ch)
		switch {
		case err == nil:
		case errors.Is(err, store.ErrNotFound):
			old = channel.Schedule{Zone: r.cfg.Zone, Days: channel.Daily}
		default:
			return reply.Reply{}, err
		}
		if sc.Zone == "" {
			sc.Zone = old.Zone
		}
		if sc.Days == "" {
			sc.Days = old.Days
		}
	}
	if _, err := r.cfg.Store.EnsureChannel(ctx, ch.Platform, ch.ID, req.ChannelName); err != nil {
		return reply.Reply{}, err
	}
	if err := sc.Validate(); err != nil {
		return reply.Reply{}, mistake(CmdSchedule, "%s", err)
	}
	if err := r.cfg.Store.SetSchedule(ctx, ch, sc); err != nil {
		return reply.Reply{}, err
	}
	r.plan(ctx)
	return notice("Scheduled: a digest in this channel " + channel.Describe(sc) + ". " + r.nextText(sc, now)), nil
}

// scheduleCommand is the command that sets sc again:
// "/brief schedule 08:00 Europe/Berlin weekdays".
func scheduleCommand(sc channel.Schedule) string {
	c := "/brief schedule " + sc.At + " " + sc.Zone
	if sc.Days == channel.Weekdays {
		c += " " + channel.Weekdays
	}
	return c
}

func (r *Router) plan(ctx context.Context) {
	if r.cfg.Planner == nil {
		return
	}
	if err := r.cfg.Planner.Plan(ctx); err != nil {
		r.log.Warn("planning after a schedule change failed; the planner's next round retries", slog.Any("err", err))
	}
}

// nextText says when the next post is, in the schedule's zone.
func (r *Router) nextText(sc channel.Schedule, now time.Time) string {
	next, err := channel.Next(sc, now)
	if err != nil {
		return ""
	}
	loc, err := sc.Location()
	if err != nil {
		loc = time.UTC
	}
	return "Next: " + next.In(loc).Format("Mon 2 Jan 2006 15:04 MST") + " (in " + until(next.Sub(now)) + ")."
}

// until is a duration as people say it: "6h 12m", "45m", "under a minute".
func until(d time.Duration) string {
	if d < time.Minute {
		return "under a minute"
	}
	d = d.Round(time.Minute)
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case h >= 48:
		return fmt.Sprintf("%d days", (h+12)/24)
	case h > 0 && m > 0:
		return fmt.Sprintf("%dh %dm", h, m)
	case h > 0:
		return fmt.Sprintf("%dh", h)
	}
	return fmt.Sprintf("%dm", m)
}

package store

import (
	"brief/internal/channel"
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestEnsureChannel(t *testing.T) {
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		s := tdb.open(t)
		for _, name := range []string{"general", "general", "", "news"} {
			if _, err := s.EnsureChannel(ctx, "slack", "C1", name); err != nil {
				t.Fatal(err)
			}
		}
		if name, err := s.ChannelName(ctx, channel.Key{Platform: "slack", ID: "C1"}); err != nil || name != "news" {
			t.Errorf("ChannelName = %q, %v; want news (an empty name keeps the old one)", name, err)
		}
		if _, err := s.ChannelName(ctx, channel.Key{Platform: "discord", ID: "C1"}); !errors.Is(err, ErrNotFound) {
			t.Errorf("another platform's channel: %v; want ErrNotFound", err)
		}
		if _, err := s.EnsureChannel(ctx, "", "C1", "x"); !errors.Is(err, ErrInvalid) {
			t.Errorf("EnsureChannel without platform: %v; want ErrInvalid", err)
		}
	})
}

func TestSetScheduleRefusesBadInput(t *testing.T) {
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		s := tdb.open(t)
		ch, _ := s.EnsureChannel(ctx, "console", "console", "")
		good := channel.Schedule{At: "08:00", Zone: "Europe/Berlin", Days: channel.Daily}
		tests := []struct {
			name    string
			ch      channel.Key
			sc      channel.Schedule
			wantErr error
			wantMsg string
		}{
			{"hour and minute out of range", ch, channel.Schedule{At: "25:99", Zone: "UTC", Days: channel.Daily}, channel.ErrInvalid, "hours go to 23"},
			{"no leading zero", ch, channel.Schedule{At: "8:00", Zone: "UTC", Days: channel.Daily}, channel.ErrInvalid, "want HH:MM"},
			{"not a time", ch, channel.Schedule{At: "noon!", Zone: "UTC", Days: channel.Daily}, channel.ErrInvalid, "want HH:MM"},
			{"unknown zone", ch, channel.Schedule{At: "08:00", Zone: "Mars/Olympus", Days: channel.Daily}, channel.ErrInvalid, "unknown time zone"},
			{"no zone", ch, channel.Schedule{At: "08:00", Days: channel.Daily}, channel.ErrInvalid, "no time zone"},
			{"bad days", ch, channel.Schedule{At: "08:00", Zone: "UTC", Days: "weekends"}, channel.ErrInvalid, "want daily or weekdays"},
			{"unknown channel", channel.Key{Platform: "slack", ID: "C404"}, good, ErrNotFound, "EnsureChannel first"},
			{"empty channel", channel.Key{}, good, ErrInvalid, "platform and an id"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				err := s.SetSchedule(ctx, tt.ch, tt.sc)
				if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.wantMsg) ||
					!strings.HasPrefix(err.Error(), "store: save schedule for ") {
					t.Fatalf("SetSchedule = %v; want %v saying %q", err, tt.wantErr, tt.wantMsg)
				}
			})
		}
		if list, _ := s.Schedules(ctx); len(list) != 0 {
			t.Errorf("bad input stored schedules: %+v", list)
		}
	})
}

func TestSchedulesCRUD(t *testing.T) {
	forEachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		s := tdb.open(t)
		con, _ := s.EnsureChannel(ctx, "console", "console", "")
		sl, _ := s.EnsureChannel(ctx, "slack", "C1", "general")
		dc, _ := s.EnsureChannel(ctx, "discord", "99", "news")

		active := func() []string {
			t.Helper()
			list, err := s.Schedules(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, cs := range list {
				out = append(out, cs.Channel.String()+" "+cs.At+" "+cs.Zone+" "+cs.Days)
			}
			return out
		}
		steps := []struct {
			name string
			do   func() error
			want []string
		}{
			{"none yet", func() error { return nil }, nil},
			{"set one", func() error {
				return s.SetSchedule(ctx, sl, channel.Schedule{At: "08:00", Zone: "Europe/Berlin", Days: channel.Daily})
			}, []string{"slack/C1 08:00 Europe/Berlin daily"}},
			{"set two more", func() error {
				if err := s.SetSchedule(ctx, con, channel.Schedule{At: "07:30", Zone: "UTC", Days: channel.Weekdays}); err != nil {
					return err
				}
				return s.SetSchedule(ctx, dc, channel.Schedule{At: "09:15", Zone: "America/New_York", Days: channel.Daily})
			}, []string{"console/console 07:30 UTC weekdays", "discord/99 09:15 America/New_York daily", "slack/C1 08:00 Europe/Berlin daily"}},
			{"replace", func() error {
				return s.SetSchedule(ctx, sl, channel.Schedule{At: "06:45", Zone: "Asia/Tokyo", Days: channel.Weekdays})
			}, []string{"console/console 07:30 UTC weekdays", "discord/99 09:15 America/New_York daily", "slack/C1 06:45 Asia/Tokyo weekdays"}},
			{"pause", func() error { return s.PauseSchedule(ctx, dc, "channel not found") },
				[]string{"console/console 07:30 UTC weekdays", "slack/C1 06:45 Asia/Tokyo weekdays"}},
			{"delete", func() error {
				ok, err := s.DeleteSchedule(ctx, con)
				if err == nil && !ok {
					err = errors.New("DeleteSchedule found nothing")
				}
				return err
			}, []string{"slack/C1 06:45 Asia/Tokyo weekdays"}},
			{"set resumes a paused one", func() error {
				return s.SetSchedule(ctx, dc, channel.Schedule{At: "10:00", Zone: "America/New_York", Days: channel.Daily})
			}, []string{"discord/99 10:00 America/New_York daily", "slack/C1 06:45 Asia/Tokyo weekdays"}},
		}
		for _, st := range steps {
			if err := st.do(); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			if got := active(); !reflect.DeepEqual(got, st.want) {
				t.Fatalf("%s: Schedules = %q\nwant %q", st.name, got, st.want)
			}
		}

		got, err := s.Schedule(ctx, sl)
		if err != nil || got.At != "06:45" || got.Zone != "Asia/Tokyo" || got.Days != channel.Weekdays || got.PausedReason != "" || !got.UpdatedAt.Equal(t0) {
			t.Errorf("Schedule(slack) = %+v, %v", got, err)
		}
		s.PauseSchedule(ctx, sl, "missing_scope")
		if got, _ := s.Schedule(ctx, sl); got.PausedReason != "missing_scope" {
			t.Errorf("paused Schedule = %+v; want the reason kept", got)
		}
		if _, err := s.Schedule(ctx, con); !errors.Is(err, ErrNotFound) {
			t.Errorf("deleted Schedule: %v; want ErrNotFound", err)
		}
		if ok, err := s.DeleteSchedule(ctx, con); ok || err != nil {
			t.Errorf("deleting again = %v, %v; want false, nil", ok, err)
		}
		if err := s.PauseSchedule(ctx, con, "x"); !errors.Is(err, ErrNotFound) {
			t.Errorf("pausing no schedule: %v; want ErrNotFound", err)
		}
	})
}

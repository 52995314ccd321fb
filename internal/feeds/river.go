package feeds

import (
	"context"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"brief/internal/jobs"
)

// Queue is the River queue feed polling runs on, apart from digests.
const Queue = "feeds"

// DefaultEvery is how often the periodic job looks for due feeds.
const DefaultEvery = time.Minute

// pollTimeout bounds one PollDue run.
const pollTimeout = 10 * time.Minute

// PollArgs is the River job that polls the due feeds.
type PollArgs struct{}

// Kind is the River job kind.
func (PollArgs) Kind() string { return "feeds_poll" }

// InsertOpts: one poll job at a time across processes (unique while it
// waits or runs), never retried (the next tick polls again).
func (PollArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{
		Queue:       Queue,
		MaxAttempts: 1,
		UniqueOpts: river.UniqueOpts{
			ByArgs: true,
			ByState: []rivertype.JobState{
				rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
				rivertype.JobStateRetryable, rivertype.JobStateScheduled,
			},
		},
	}
}

type pollWorker struct {
	river.WorkerDefaults[PollArgs]
	s *Service
}

var _ river.Worker[PollArgs] = (*pollWorker)(nil)

func (w *pollWorker) Timeout(*river.Job[PollArgs]) time.Duration { return pollTimeout }

func (w *pollWorker) Work(ctx context.Context, _ *river.Job[PollArgs]) error {
	return w.s.PollDue(ctx)
}

// Work is feed polling as periodic work for the service's jobs client
// (jobs.Client.Register): a job every `every` (DefaultEvery when 0), and
// one at start, that polls the due feeds.
func (s *Service) Work(every time.Duration) jobs.Work {
	if every <= 0 {
		every = DefaultEvery
	}
	return jobs.Work{
		Queue:      Queue,
		MaxWorkers: 1,
		Register: func(w *river.Workers) error {
			return river.AddWorkerSafely(w, &pollWorker{s: s})
		},
		Periodic: []*river.PeriodicJob{river.NewPeriodicJob(
			river.PeriodicInterval(every),
			func() (river.JobArgs, *river.InsertOpts) { return PollArgs{}, nil },
			&river.PeriodicJobOpts{ID: "feeds_poll", RunOnStart: true},
		)},
	}
}

package scheduler

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
)

// PlanArgs is the periodic job that plans the due slots (Plan). River's
// leader inserts it every Config.PlanEvery, and once when it is elected,
// so that among replicas one plans at a time; any replica's worker may run
// it.
type PlanArgs struct{}

// Kind is the River job kind.
func (PlanArgs) Kind() string { return "digest_plan" }

// InsertOpts: never retried (the next tick plans again), and not unique.
// River's uniqueness always counts running jobs, and a process killed
// while planning leaves its job "running" until River rescues it minutes
// later: planning must not wait that long. Two plans at once are harmless
// (every slot's job is unique), and the leader inserts one a tick.
func (PlanArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: Queue, MaxAttempts: 1}
}

// planTimeout bounds one planning run.
const planTimeout = time.Minute

type planWorker struct {
	river.WorkerDefaults[PlanArgs]
	s *Scheduler
}

var _ river.Worker[PlanArgs] = (*planWorker)(nil)

func (w *planWorker) Timeout(*river.Job[PlanArgs]) time.Duration { return planTimeout }

func (w *planWorker) Work(ctx context.Context, _ *river.Job[PlanArgs]) error {
	err := w.s.Plan(ctx)
	if err != nil && ctx.Err() == nil {
		w.s.log.Error("plan", slog.Any("err", err))
	}
	return err
}

// planJob is the periodic job River's leader inserts.
func planJob(every time.Duration) *river.PeriodicJob {
	return river.NewPeriodicJob(
		river.PeriodicInterval(every),
		func() (river.JobArgs, *river.InsertOpts) { return PlanArgs{}, nil },
		&river.PeriodicJobOpts{ID: "digest_plan", RunOnStart: true},
	)
}

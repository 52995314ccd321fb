// Package scheduler posts each channel's scheduled digest on time, once.
//
// Schedules live in the store (a local HH:MM in an IANA zone, daily or on
// weekdays; package channel has the slot arithmetic). The scheduler runs
// them on the service's River client (package jobs, on the store's own
// database and single connection): one "digest" job per channel and slot,
// unique by its arguments in every job state, so that restarts and
// replicas insert a slot's job once. Which articles a digest holds is
// digest.Since's rule, the same for /brief.
//
// River does not replay periodic ticks missed while no process ran, so a
// planner derives the due slots from the schedules and the delivery ledger,
// at start, every Config.PlanEvery, and whenever Plan is called (by the
// router after a schedule changes). For each active schedule it inserts a
// job for the next slot, scheduled at that slot, and looks at the latest
// slot already passed: less than Config.CatchUp late and not yet settled in
// the ledger, it is posted now; older, it is recorded as skipped and logged.
// Slots before the schedule was last set are not owed.
//
// # Delivery guarantee: at most once per slot
//
// A channel never receives a slot's digest twice, whatever the number of
// workers, processes or restarts, and whenever a process dies. The delivery
// ledger (store.ClaimSlot and the Mark methods) makes it so:
//
//  1. The worker claims the slot. The claim is a single conditional write,
//     so one claimant wins among all workers of all processes; it succeeds
//     only when the ledger has no row for the slot or its last attempt
//     failed, and leaves the row pending.
//  2. It composes the digest and posts it.
//  3. It marks the row posted, with the articles it held.
//
// A row stays pending only while a worker is between 1 and 3, or because the
// process died there. Nobody posts a pending slot: a worker that finds one
// waits, and once the claim is older than the job timeout plus a margin
// (staleClaim), the worker or the planner marks it skipped, "interrupted
// while posting: not reposted to avoid a double post", and logs it. The
// platform may or may not have received that post; it is not sent again.
// The same holds when the job's context ends while the poster is still
// sending (job timeout, hard stop): the outcome is unknown, so the slot is
// skipped, not retried.
//
// A digest is posted one message at a time. A poster's error is taken at
// its word: when no message went out, *post.RetryAfter and other errors
// mark the attempt failed, and River retries the job with backoff; the
// retry claims the failed row again and composes afresh. When some
// messages went out, the worker keeps its claim (the row stays pending)
// and the composed messages in memory, and the retry posts only the rest
// (TestPartlyPostedDigestResumes); should the process die meanwhile, the
// rest is skipped as an interrupted post. *post.Permanent pauses the
// schedule with its reason and the job is cancelled. Retries stop when the
// slot is more than giveUpAfter late: it is then skipped.
//
// What is lost in exchange: a digest the process died while posting may
// never arrive. Double posts in a team channel are worse than a rare
// missing one, and the log and the ledger say which slot it was.
//
// TestCrashAfterPostIsNotReposted (the process dies between post and
// mark; the restarted scheduler does not post again),
// TestStopCutsHangingPostShort, TestRestartDoesNotRepost,
// TestTwoSchedulersOneDatabase and TestRacingWorkersPostOnce (eight workers
// of two processes race for one slot) prove it.
package scheduler

// Package scheduler posts each channel's scheduled digest on time, once.
//
// Schedules live in the store (a local HH:MM in an IANA zone, daily or on
// weekdays; package channel has the slot arithmetic). The scheduler runs
// them on the service's River client (package jobs, on the store's own
// database): one "digest" job per channel and slot,
// unique by its arguments in every job state, so that restarts and
// replicas insert a slot's job once. Which articles a digest holds is
// digest.Since's rule, the same for /brief.
//
// River does not replay periodic ticks missed while no process ran, so a
// planner derives the due slots from the schedules and the delivery ledger.
// Planning is River periodic work (the digest_plan job, PlanArgs): River's
// elected leader inserts it when it starts leading and every
// Config.PlanEvery, so among replicas one plans at a time, and any
// replica's worker may run it; Plan is also called directly, on any
// replica, by the router after a schedule changes (it only inserts unique
// jobs and writes the ledger conditionally, so planning twice is harmless).
// For each active schedule it inserts a job for the next slot, scheduled at
// that slot, and looks at the latest slot already passed: less than
// Config.CatchUp late and not yet settled in the ledger, it is posted now;
// older, it is recorded as skipped and logged. Slots before the schedule
// was last set are not owed.
//
// # Delivery guarantee
//
// Per platform:
//
//   - Discord: exactly once. Each message of a slot is created with a nonce
//     derived from (channel, slot, part) and enforce_nonce, so that Discord
//     refuses a second copy within its deduplication window (a few
//     minutes); after it, a retry first looks for the bot's own messages
//     of the slot in the channel (the nonce, and the slot stamped on each
//     embed's timestamp) and posts only what is missing. Without Read
//     Message History the channel reads empty: the slot is then skipped as
//     interrupted, at most once.
//   - Slack with the history scope (channels:history, groups:history):
//     exactly once. Each message carries metadata naming the slot and part;
//     a retry looks for them with conversations.history and posts only
//     what is missing. Without the scope: at most once, as below.
//   - The console, and any poster that can't look in its channel: at most
//     once.
//
// The delivery ledger (store.ClaimSlot and the Mark methods) makes it so:
//
//  1. The worker claims the slot. The claim is a single conditional write,
//     so one claimant wins among all workers of all processes; it succeeds
//     only when the ledger has no row for the slot or its last attempt
//     failed, and leaves the row pending.
//  2. It composes the digest and posts it, each message marked with the
//     slot where the poster can (post.SlotPoster).
//  3. It marks the row posted, with the articles it held.
//
// A row stays pending only while a worker is between 1 and 3, or because
// its process died there (or its attempt's context ended while posting: the
// platform may have the post). Nobody posts a pending slot while its claim
// is fresh: a worker that finds one waits. Once the claim is older than the
// job timeout plus a margin (staleClaim), the attempt that made it is
// certainly over, and the slot's job (retried by River, or rescued by
// River's leader after a process died) or a job the planner queues for it
// settles it:
//
//   - with a poster that can look (post.Finder), it reconciles: it
//     composes the digest again over the dead attempt's window (up to its
//     claim), asks the platform which of the slot's messages the channel
//     has, takes the claim over (MarkFailed and ClaimSlot in one
//     transaction, only if nobody claimed the slot since: of racing
//     replicas one wins), and posts the missing messages, or none: found
//     all, the slot is marked posted. On Discord the nonce makes even a
//     lookup that raced a slow create safe; on Slack the lookup is the
//     only safety, and the staleness margin is what makes it sound;
//   - otherwise, or when the platform does not let the bot look
//     (post.ErrCannotLook: a Slack app without the history scope), it marks
//     the slot skipped, "interrupted while posting: not reposted to avoid a
//     double post", and logs it. The platform may or may not have received
//     that post; it is not sent again.
//
// A digest is posted one message at a time. A poster's error is taken at
// its word: when no message went out, *post.RetryAfter and other errors
// mark the attempt failed, and River retries the job with backoff; the
// retry claims the failed row again and composes afresh. When some
// messages went out, the worker keeps its claim (the row stays pending)
// and the composed messages in memory, and the retry renews the claim and
// posts only the rest (TestPartlyPostedDigestResumes); should the process
// die meanwhile, the rest is posted by the reconciliation (or skipped, for
// a poster that can't look). *post.Permanent pauses the schedule with its
// reason and the job is cancelled. Retries stop when the slot is more than
// giveUpAfter late: it is then skipped.
//
// What is lost in exchange, where the bot can't look: a digest the process
// died while posting may never arrive. Double posts in a team channel are
// worse than a rare missing one, and the log and the ledger say which slot
// it was. Where it can look, a digest of several messages cut short by a
// crash is completed from a composition over the same window, so its
// parts agree.
//
// TestCrashAfterPostIsReconciled and TestDiscordCrashAfterPostIsNotDoubled
// (the process dies between post and mark; the retry finds the post, or
// Discord refuses the copy by its nonce), TestReconcileStaleClaim (found,
// absent, partly posted, can't look), TestSlackCrashAfterPost (with and
// without the history scope), TestReplicasRacingForStaleClaimPostOnce,
// TestCrashAfterPostIsNotReposted (a poster that can't look),
// TestStopCutsHangingPostShort, TestRestartDoesNotRepost,
// TestTwoSchedulersOneDatabase and TestRacingWorkersPostOnce (eight workers
// of two processes race for one slot) prove it, the replica ones on SQLite
// and Postgres.
package scheduler

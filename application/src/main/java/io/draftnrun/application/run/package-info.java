/**
 * Runs of projects: starting one ({@link io.draftnrun.application.run.RunProject}: waiting for it, executed on the
 * caller's thread, or not, queued for any instance), retrying a failed one ({@link io.draftnrun.application.run.RetryRun}),
 * cancelling it ({@link io.draftnrun.application.run.CancelRun}), reading runs and following their events live
 * ({@link io.draftnrun.application.run.RunQueries}); the {@link io.draftnrun.application.run.RunEngine} executes runs,
 * stores their outcome (one insert, one update) and publishes their events on the run-event bus; the
 * {@link io.draftnrun.application.run.WriteBehindRunRepository} decorates the repository so that a quick run is
 * written once, behind its caller (ADR 0010, 0022); the {@link io.draftnrun.application.run.RunQueueWorker} executes
 * queued runs; the
 * {@link io.draftnrun.application.run.RunReaper} keeps this instance's heartbeat and fails the runs of instances that
 * stopped (ADR 0014).
 */
package io.draftnrun.application.run;

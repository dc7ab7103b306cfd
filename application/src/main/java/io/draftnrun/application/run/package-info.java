/**
 * Runs of projects: starting one ({@link io.draftnrun.application.run.RunProject}, waiting for it or not), cancelling
 * it, reading runs and following their events live ({@link io.draftnrun.application.run.RunQueries}); the
 * {@link io.draftnrun.application.run.RunEngine} executes runs in the background, stores their outcome (one insert,
 * one update) and publishes their events on the run-event bus.
 */
package io.draftnrun.application.run;

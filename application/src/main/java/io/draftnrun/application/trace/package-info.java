/**
 * Tracing of runs: the {@link io.draftnrun.application.trace.Tracer} the engine records spans with, the bounded
 * asynchronous writer that batches finished spans into the traces store without ever blocking a run, the queries
 * behind the monitoring views (traces, trace trees, KPIs, charts) and the platform-key usage limit.
 */
package io.draftnrun.application.trace;

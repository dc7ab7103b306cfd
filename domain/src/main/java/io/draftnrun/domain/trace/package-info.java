/**
 * The tracing model: spans of a run with OpenInference kinds and attribute names, their status and events, the
 * scope (project, organization, environment, run) of a trace, and the pure algorithms of monitoring: token and error
 * roll-ups over a span tree, changes against a previous period and histogram binning.
 */
package io.draftnrun.domain.trace;

/**
 * Runs of a graph: run ids and statuses, the payload that flows along edges (messages, artifacts, error, extra keys),
 * the ordered run events, the {@code {{name}}} template renderer, the pure Kahn scheduling state machine the runner
 * drives, and a small JSON text codec so the core can read JSON parameters without a library.
 */
package io.draftnrun.domain.run;

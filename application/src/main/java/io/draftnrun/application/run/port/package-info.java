/**
 * Ports of the run slice: the run repository, the run-event bus (history then live events, across server
 * instances), the cancellation requests that reach the instance executing a run (and its answer), the queue of runs
 * accepted without waiting that every instance executes from, the registry of instances and their heartbeats, and the
 * narrow view of projects a run needs (its organization and the graph bound to an environment).
 */
package io.draftnrun.application.run.port;

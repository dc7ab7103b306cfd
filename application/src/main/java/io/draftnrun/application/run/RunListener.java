package io.draftnrun.application.run;

import io.draftnrun.domain.llm.TokenUsage;
import io.draftnrun.domain.run.RunEvent;

/**
 * Follows a run its caller waits for, on the threads that run it: each event as it happens ({@code RunFinished}
 * excepted: the run returned is its end), then the tokens its model calls used. For the protocol endpoints that
 * translate events (OpenAI chunks, MCP progress) and report token usage.
 */
public interface RunListener {
    /** Follows nothing. */
    RunListener NONE = event -> {};

    /** An event of the run, after it was published. */
    void event(RunEvent event);

    /** The tokens the run's model calls used, once the graph has finished. */
    default void usage(TokenUsage usage) {}
}

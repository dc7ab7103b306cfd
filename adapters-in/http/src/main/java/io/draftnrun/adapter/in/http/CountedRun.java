package io.draftnrun.adapter.in.http;

import io.draftnrun.application.run.RunListener;
import io.draftnrun.application.run.RunProject;
import io.draftnrun.domain.llm.TokenUsage;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.run.Run;
import io.draftnrun.domain.run.RunEvent;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A finished run with the tokens its model calls used, for the protocol endpoints (OpenAI, MCP) that report usage and
 * translate events as they happen.
 */
record CountedRun(Run run, TokenUsage usage) {
    CountedRun {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(usage, "usage");
    }

    /**
     * Runs {@code command} on the calling thread, waiting for its end (interrupting the thread cancels the run), and
     * hands each of its events to {@code events} ({@code RunFinished} excepted).
     */
    static CountedRun handle(
            RunProject runProject, Actor actor, RunProject.Command command, Consumer<RunEvent> events) {
        AtomicReference<TokenUsage> usage = new AtomicReference<>(TokenUsage.ZERO);
        RunListener listener = new RunListener() {
            @Override
            public void event(RunEvent event) {
                events.accept(event);
            }

            @Override
            public void usage(TokenUsage tokens) {
                usage.set(tokens);
            }
        };
        Run run = runProject.handle(
                actor,
                new RunProject.Command(command.projectId(), command.environment(), command.input(), true, listener));
        return new CountedRun(run, usage.get());
    }
}

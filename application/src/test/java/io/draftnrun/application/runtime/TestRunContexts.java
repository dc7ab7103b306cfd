package io.draftnrun.application.runtime;

import io.draftnrun.application.llm.InMemoryModelCatalog;
import io.draftnrun.application.llm.LlmCredentialResolver;
import io.draftnrun.application.llm.port.ChatModelProvider;
import io.draftnrun.application.trace.CollectingSpanSink;
import io.draftnrun.application.trace.SpanHandle;
import io.draftnrun.application.trace.Tracer;
import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.project.Environment;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.run.RunId;
import io.draftnrun.domain.trace.SpanKind;
import io.draftnrun.domain.trace.TraceScope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A run context for testing one component: a collecting span sink, a recording event emitter, and model calls
 * ({@link #llm}) through the given chat provider with an OpenAI key set on the "server" so credentials resolve.
 */
public final class TestRunContexts {
    public final CollectingSpanSink spans = new CollectingSpanSink();
    public final List<String> events = Collections.synchronizedList(new ArrayList<>());
    public final Tracer tracer = new Tracer(spans);
    public final RunId runId = RunId.random();
    public final OrganizationId organization = new OrganizationId(UUID.randomUUID());
    public final ProjectId project = ProjectId.random();
    public final NodeId node = NodeId.random();
    /** Model calls through the chat provider given, for the components under test. */
    public final LlmCalls llm;

    public TestRunContexts(ChatModelProvider chat) {
        this.llm = llm(chat);
    }

    /** Model calls through {@code chat}, with {@link #credentials()} and no platform-key limit. */
    public static LlmCalls llm(ChatModelProvider chat) {
        return new LlmCalls(chat, credentials(), Optional.empty());
    }

    /** Resolves {@code openai:*} with a fake server key and no organization secrets. */
    public static LlmCredentialResolver credentials() {
        Map<String, String> server = Map.of("OPENAI_API_KEY", "sk-test", "ANTHROPIC_API_KEY", "sk-ant-test");
        return new LlmCredentialResolver((org, name) -> Optional.empty(), new InMemoryModelCatalog(), server::get);
    }

    /** A context under a fresh root span (closed by the caller through {@link #root}). */
    public RunContext context() {
        SpanHandle root = tracer.startTrace(
                TraceScope.ofRun(project.value(), organization, "draft", runId.value()), "test", SpanKind.CHAIN);
        this.root = root;
        return new RunContext(
                runId,
                organization,
                project,
                Environment.DRAFT,
                node,
                root.context(),
                tracer,
                new RunEventEmitter() {
                    @Override
                    public void tokenDelta(NodeId n, String delta) {
                        events.add("token:" + delta);
                    }

                    @Override
                    public void toolCallStarted(NodeId n, String callId, String toolName, String argumentsJson) {
                        events.add("tool-start:" + toolName + ":" + argumentsJson);
                    }

                    @Override
                    public void toolCallFinished(
                            NodeId n, String callId, String toolName, String output, Optional<String> error) {
                        events.add("tool-end:" + toolName + ":" + error.orElse(output));
                    }
                },
                RunContext.RunControl.until(Instant.now().plusSeconds(60)));
    }

    public SpanHandle root;
}

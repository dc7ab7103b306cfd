package io.draftnrun.application.runtime;

import io.draftnrun.application.llm.ChatRequest;
import io.draftnrun.application.llm.ChatResult;
import io.draftnrun.application.llm.ProviderCredentials;
import io.draftnrun.application.llm.ResolvedCredentials;
import io.draftnrun.application.llm.port.ChatStreamListener;
import io.draftnrun.application.trace.SpanHandle;
import io.draftnrun.domain.llm.ChatMessage;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.trace.SpanKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One model call from a component, done the same way everywhere: credentials resolved for the run's organization
 * (an explicit key parameter wins), the platform-key allowance checked, an LLM span with messages, model and tokens,
 * streamed text forwarded as token events, the remaining run time as timeout.
 */
public final class LlmCalls {
    private LlmCalls() {}

    /**
     * Calls the model of {@code request} (its credentials are replaced). {@code explicitKey} is a key given as a
     * component parameter, if any. With {@code stream}, text deltas become token events of the current node.
     */
    public static ChatResult chat(
            RunContext ctx, String spanName, ChatRequest request, Optional<String> explicitKey, boolean stream) {
        ctx.checkActive();
        ComponentServices services = ctx.services();
        ResolvedCredentials resolved;
        if (explicitKey.isPresent()) {
            ResolvedCredentials fromOrg = tryResolve(ctx, request);
            resolved = new ResolvedCredentials(
                    new ProviderCredentials(
                            explicitKey,
                            fromOrg == null
                                    ? Optional.empty()
                                    : fromOrg.credentials().baseUrl()),
                    false);
        } else {
            resolved = services.credentials().resolve(ctx.organizationId(), request.model());
        }
        if (resolved.platformKey()) {
            services.usageLimiter()
                    .ifPresent(l -> l.requirePlatformKeyAllowed(
                            ctx.organizationId(), request.model().provider()));
        }
        ChatRequest call = new ChatRequest(
                request.model(),
                request.messages(),
                request.tools(),
                request.toolChoice(),
                request.responseSchema(),
                request.temperature(),
                request.maxTokens(),
                resolved.credentials(),
                timeout(ctx, request));
        try (SpanHandle span = ctx.span(spanName, SpanKind.LLM)) {
            if (span.recording()) {
                span.llm(request.model().provider(), request.model().model(), resolved.platformKey());
                span.inputMessages(messages(request.messages()));
            }
            try {
                ChatStreamListener listener = stream ? ctx::tokenDelta : ChatStreamListener.NONE;
                ChatResult result = ctx.services().chatModels().chat(call, listener);
                span.tokens(result.usage().promptTokens(), result.usage().completionTokens());
                ctx.countTokens(result.usage());
                if (span.recording()) {
                    span.outputMessages(List.of(Map.of("role", "assistant", "content", result.text())));
                }
                span.end();
                return result;
            } catch (RuntimeException e) {
                span.fail(e);
                ctx.checkActive();
                throw e;
            }
        }
    }

    private static ResolvedCredentials tryResolve(RunContext ctx, ChatRequest request) {
        try {
            return ctx.services().credentials().resolve(ctx.organizationId(), request.model());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static java.time.Duration timeout(RunContext ctx, ChatRequest request) {
        java.time.Duration left = ctx.remaining();
        if (left.isZero()) {
            ctx.checkActive();
            left = java.time.Duration.ofMillis(1);
        }
        return left.compareTo(request.timeout()) < 0 ? left : request.timeout();
    }

    private static List<Map<String, Object>> messages(List<ChatMessage> messages) {
        return messages.stream().map(Payload::messageToMap).toList();
    }
}

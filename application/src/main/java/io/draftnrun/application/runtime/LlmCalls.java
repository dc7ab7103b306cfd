package io.draftnrun.application.runtime;

import io.draftnrun.application.llm.ChatRequest;
import io.draftnrun.application.llm.ChatResult;
import io.draftnrun.application.llm.LlmCredentialResolver;
import io.draftnrun.application.llm.ProviderCredentials;
import io.draftnrun.application.llm.ResolvedCredentials;
import io.draftnrun.application.llm.port.ChatModelProvider;
import io.draftnrun.application.llm.port.ChatStreamListener;
import io.draftnrun.application.trace.SpanHandle;
import io.draftnrun.application.trace.UsageLimiter;
import io.draftnrun.domain.llm.ChatMessage;
import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.trace.SpanKind;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One model call from a component, done the same way everywhere: credentials resolved for the run's organization
 * (an explicit key parameter wins), the platform-key allowance checked, an LLM span with messages, model and tokens,
 * streamed text forwarded as token events, the remaining run time as timeout. Built once at start-up with the chat
 * model provider, the credential resolver and the usage limiter, and given to the components that call models.
 */
public final class LlmCalls {
    private final ChatModelProvider chatModels;
    private final LlmCredentialResolver credentials;
    private final Optional<UsageLimiter> usageLimiter;

    /** @param usageLimiter the platform-key allowance; empty when platform keys are not limited */
    public LlmCalls(
            ChatModelProvider chatModels, LlmCredentialResolver credentials, Optional<UsageLimiter> usageLimiter) {
        this.chatModels = Objects.requireNonNull(chatModels, "chatModels");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.usageLimiter = Objects.requireNonNull(usageLimiter, "usageLimiter");
    }

    /** The credentials of the run's organization for {@code model} (server keys as a fallback). */
    public LlmCredentialResolver credentials() {
        return credentials;
    }

    /**
     * The credentials for a call to {@code model} in the run's organization; FAILED_PRECONDITION when they are the
     * platform's key and the organization has used up its allowance.
     */
    public ResolvedCredentials resolveAllowed(OrganizationId organization, ModelReference model) {
        ResolvedCredentials resolved = credentials.resolve(organization, model);
        requireAllowed(organization, model, resolved);
        return resolved;
    }

    private void requireAllowed(OrganizationId organization, ModelReference model, ResolvedCredentials resolved) {
        if (resolved.platformKey()) {
            usageLimiter.ifPresent(l -> l.requirePlatformKeyAllowed(organization, model.provider()));
        }
    }

    /**
     * Calls the model of {@code request} (its credentials are replaced). {@code explicitKey} is a key given as a
     * component parameter, if any. With {@code stream}, text deltas become token events of the current node.
     */
    public ChatResult chat(
            RunContext ctx, String spanName, ChatRequest request, Optional<String> explicitKey, boolean stream) {
        ctx.checkActive();
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
            resolved = credentials.resolve(ctx.organizationId(), request.model());
        }
        requireAllowed(ctx.organizationId(), request.model(), resolved);
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
                ChatResult result = chatModels.chat(call, listener);
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

    private ResolvedCredentials tryResolve(RunContext ctx, ChatRequest request) {
        try {
            return credentials.resolve(ctx.organizationId(), request.model());
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

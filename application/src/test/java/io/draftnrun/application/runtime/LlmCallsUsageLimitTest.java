package io.draftnrun.application.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.application.llm.ChatRequest;
import io.draftnrun.application.llm.InMemoryModelCatalog;
import io.draftnrun.application.llm.LlmCredentialResolver;
import io.draftnrun.application.llm.ProviderCredentials;
import io.draftnrun.application.llm.ScriptedChatModelProvider;
import io.draftnrun.application.trace.UsageLimiter;
import io.draftnrun.domain.llm.ChatMessage;
import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Model calls with a usage limiter: over the limit, a call through the platform's key is refused before the provider
 * is called (FAILED_PRECONDITION asking for the organization's own key); calls with the organization's secret or an
 * explicit key are never limited, nor is an organization under the limit.
 */
class LlmCallsUsageLimitTest {
    private static final ModelReference MODEL = ModelReference.parse("openai:gpt-4o-mini");
    private final ScriptedChatModelProvider chat = new ScriptedChatModelProvider();
    private final TestRunContexts runs = new TestRunContexts(chat);
    private final Map<OrganizationId, Long> ledger = new ConcurrentHashMap<>();
    private final Map<String, String> orgSecrets = new ConcurrentHashMap<>();
    private final LlmCalls llm = new LlmCalls(
            chat,
            new LlmCredentialResolver(
                    (org, name) -> Optional.ofNullable(orgSecrets.get(name)),
                    new InMemoryModelCatalog(),
                    Map.of("OPENAI_API_KEY", "sk-platform")::get),
            Optional.of(new UsageLimiter(o -> ledger.getOrDefault(o, 0L), 100)));

    private static ChatRequest ask() {
        return ChatRequest.of(MODEL, List.of(ChatMessage.user("hi")), ProviderCredentials.none());
    }

    @Test
    void aPlatformKeyCallOverTheLimitIsRefusedBeforeTheProviderIsCalled() {
        ledger.put(runs.organization, 100L);

        assertThatThrownBy(() -> llm.chat(runs.context(), "llm", ask(), Optional.empty(), false))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.FAILED_PRECONDITION);
                    assertThat(e.getMessage()).contains("100 tokens", "organization secret 'openai_api_key'");
                });
        assertThatThrownBy(() -> llm.resolveAllowed(runs.organization, MODEL)).isInstanceOf(DomainException.class);
        assertThat(chat.requests()).isEmpty();
    }

    @Test
    void underTheLimitThePlatformKeyIsUsed() {
        ledger.put(runs.organization, 99L);
        chat.enqueueText("pong");

        assertThat(llm.chat(runs.context(), "llm", ask(), Optional.empty(), false)
                        .text())
                .isEqualTo("pong");
        assertThat(chat.requests().getFirst().credentials().apiKey()).contains("sk-platform");
    }

    @Test
    void theOrganizationsOwnKeyOrAnExplicitKeyIsNeverLimited() {
        ledger.put(runs.organization, 1_000_000L);
        orgSecrets.put("openai_api_key", "sk-own");
        chat.enqueueText("own").enqueueText("explicit");

        assertThat(llm.chat(runs.context(), "llm", ask(), Optional.empty(), false)
                        .text())
                .isEqualTo("own");
        assertThat(llm.resolveAllowed(runs.organization, MODEL).platformKey()).isFalse();
        orgSecrets.clear();
        assertThat(llm.chat(runs.context(), "llm", ask(), Optional.of("sk-param"), false)
                        .text())
                .isEqualTo("explicit");
        assertThat(chat.requests())
                .extracting(r -> r.credentials().apiKey().orElseThrow())
                .containsExactly("sk-own", "sk-param");
    }
}

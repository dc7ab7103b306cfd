package io.draftnrun.application.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.domain.llm.LlmModel;
import io.draftnrun.domain.llm.ModelCapability;
import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LlmCredentialResolverTest {
    private final OrganizationId org = new OrganizationId(UUID.randomUUID());
    private final Map<String, String> orgSecrets = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();
    private final InMemoryModelCatalog catalog = new InMemoryModelCatalog();
    private final LlmCredentialResolver resolver =
            new LlmCredentialResolver((o, name) -> Optional.ofNullable(orgSecrets.get(name)), catalog, env::get);

    @Test
    void organizationKeyWinsOverServerKey() {
        orgSecrets.put("openai_api_key", "sk-org");
        env.put("OPENAI_API_KEY", "sk-platform");
        ResolvedCredentials resolved = resolver.resolve(org, ModelReference.parse("openai:gpt-4.1-mini"));
        assertThat(resolved.credentials().apiKey()).contains("sk-org");
        assertThat(resolved.platformKey()).isFalse();
    }

    @Test
    void fallsBackToServerKeyAndSaysItIsThePlatformKey() {
        env.put("ANTHROPIC_API_KEY", "sk-ant-platform");
        env.put("ANTHROPIC_BASE_URL", "http://127.0.0.1:9/v1/");
        ResolvedCredentials resolved = resolver.resolve(org, ModelReference.parse("anthropic:claude-sonnet-4-5"));
        assertThat(resolved.credentials().apiKey()).contains("sk-ant-platform");
        assertThat(resolved.credentials().baseUrl()).contains("http://127.0.0.1:9/v1/");
        assertThat(resolved.platformKey()).isTrue();
    }

    @Test
    void missingKeyNamesBothSettings() {
        assertThatThrownBy(() -> resolver.resolve(org, ModelReference.parse("openai:gpt-4.1")))
                .isInstanceOf(DomainException.class)
                .hasMessage("no API key for provider 'openai': set the organization secret 'openai_api_key' or the"
                        + " server variable OPENAI_API_KEY")
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.FAILED_PRECONDITION);
    }

    @Test
    void ollamaNeedsNoKeyAndHasADefaultUrl() {
        ResolvedCredentials resolved = resolver.resolve(org, ModelReference.parse("ollama:llama3.1"));
        assertThat(resolved.credentials().apiKey()).isEmpty();
        assertThat(resolved.credentials().baseUrl()).contains("http://localhost:11434");
        assertThat(resolved.platformKey()).isFalse();
    }

    @Test
    void customProviderUsesTheKeyOfCustomModelsJsonUnlessTheOrganizationHasOne() {
        ModelReference ref = ModelReference.parse("acme:llama-70b");
        catalog.addCustom(
                new LlmModel(ref, "Acme", Set.of(ModelCapability.COMPLETION), OptionalInt.empty()),
                ProviderCredentials.of("file-key", "http://acme.local/v1"));
        ResolvedCredentials fromFile = resolver.resolve(org, ref);
        assertThat(fromFile.credentials().apiKey()).contains("file-key");
        assertThat(fromFile.credentials().baseUrl()).contains("http://acme.local/v1");
        assertThat(fromFile.platformKey()).isFalse();

        orgSecrets.put("acme_api_key", "org-key");
        assertThat(resolver.resolve(org, ref).credentials().apiKey()).contains("org-key");
    }

    @Test
    void unknownProviderIsAClearError() {
        assertThatThrownBy(() -> resolver.resolve(org, ModelReference.parse("nobody:model")))
                .hasMessageContaining("unknown model provider 'nobody'");
    }

    @Test
    void credentialsNeverPrintTheKey() {
        assertThat(ProviderCredentials.of("sk-secret", null).toString()).doesNotContain("sk-secret");
    }
}

package io.draftnrun.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.application.project.TemplateSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The typed configuration: defaults without any variable, and a bad value stops the parse naming its variable. */
class ConfigurationTest {

    private static Configuration parse(Map<String, String> environment) {
        return Configuration.parse(new Settings(environment, Map.of()));
    }

    @Test
    void nothingConfiguredGivesTheDocumentedDefaults() {
        Configuration configuration = parse(Map.of());

        assertThat(configuration.server().port()).isEqualTo(8000);
        assertThat(configuration.server().host(Mode.DEV)).isEqualTo("127.0.0.1");
        assertThat(configuration.server().host(Mode.SERVE)).isEqualTo("0.0.0.0");
        assertThat(configuration.runs().timeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(configuration.runs().insertDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(configuration.runs().silence()).isEqualTo(Duration.ofSeconds(30));
        assertThat(configuration.knowledge().worker().maxConcurrent()).isEqualTo(2);
        assertThat(configuration.knowledge().s3()).isEmpty();
        assertThat(configuration.projects().templates()).isEqualTo(TemplateSettings.reference());
        assertThat(configuration.projects().templatesConfigured()).isFalse();
        assertThat(configuration.stores().dataCache()).isEqualTo(Duration.ofSeconds(60));
        assertThat(configuration.traces().platformTokenLimit()).isEqualTo(2_000_000L);
        assertThat(configuration.traces().otlp()).isEmpty();
        assertThat(configuration.identity().accountPolicy().openSignUp()).isFalse();
    }

    @Test
    void configuredValuesArriveTyped() {
        Configuration configuration = parse(Map.of(
                "RUN_TIMEOUT_SECONDS", "12",
                "PLATFORM_TOKEN_LIMIT", "1_000",
                "INVITATION_TTL_HOURS", "5",
                "OPENAI_API_KEY", "sk-test",
                "EARLY_ACCESS_ORGANIZATION_IDS", "00000000-0000-0000-0000-000000000001, "));

        assertThat(configuration.runs().timeout()).isEqualTo(Duration.ofSeconds(12));
        assertThat(configuration.traces().platformTokenLimit()).isEqualTo(1000L);
        assertThat(configuration.identity().accountPolicy().invitationLifetime())
                .isEqualTo(Duration.ofHours(5));
        assertThat(configuration.models().variable("OPENAI_API_KEY")).isEqualTo("sk-test");
        assertThat(configuration.models().variable("MISTRAL_API_KEY")).isNull();
        assertThat(configuration.projects().releaseStages().earlyAccess()).hasSize(1);
    }

    @Test
    void aBadValueIsNamed() {
        assertThatThrownBy(() -> parse(Map.of("RUN_TIMEOUT_SECONDS", "soon")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("RUN_TIMEOUT_SECONDS must be a whole number");
        assertThatThrownBy(() -> parse(Map.of("MAX_CONCURRENT_INGESTIONS", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("MAX_CONCURRENT_INGESTIONS must be between 1 and 64");
        assertThatThrownBy(() -> parse(Map.of("INSTANCE_HEARTBEAT_SECONDS", "30", "INSTANCE_SILENCE_SECONDS", "30")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("INSTANCE_SILENCE_SECONDS must be greater than INSTANCE_HEARTBEAT_SECONDS (30)");
        assertThatThrownBy(() -> parse(Map.of("TEMPLATE_ORGANIZATION_ID", "mine")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("TEMPLATE_ORGANIZATION_ID must be a UUID");
        assertThatThrownBy(() -> parse(Map.of("PLATFORM_TOKEN_LIMIT", "lots")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("PLATFORM_TOKEN_LIMIT must be a whole number of tokens");
        assertThatThrownBy(() -> parse(Map.of("OPEN_SIGNUP", "perhaps")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("OPEN_SIGNUP must be true or false");
        assertThatThrownBy(() -> parse(Map.of("ADA_DB_URL", "mysql://bob:topsecret@db/x")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ADA_DB_URL")
                .hasMessageNotContaining("topsecret");
    }

    @Test
    void aMissingDatabaseIsNamedWhenConnecting() {
        Configuration.Stores stores = parse(Map.of()).stores();

        assertThatThrownBy(() -> stores.database("ingestion"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("INGESTION_DB_URL is required (a postgresql:// URL)");
    }

    @Test
    void secretsNeverShowInTheRecords() {
        Configuration configuration = parse(Map.of(
                "BACKEND_SECRET_KEY", "hush-backend",
                "FERNET_KEY", "hush-fernet",
                "REDIS_PASSWORD", "hush-redis",
                "QDRANT_API_KEY", "hush-qdrant",
                "OPENAI_API_KEY", "hush-openai"));

        assertThat(configuration.toString()).doesNotContain("hush");
        assertThat(configuration.identity().requireBackendSecret("(why)")).isEqualTo("hush-backend");
        assertThatThrownBy(() -> parse(Map.of()).identity().requireFernetKey("(it encrypts)"))
                .hasMessage("FERNET_KEY is required (it encrypts)");
    }
}

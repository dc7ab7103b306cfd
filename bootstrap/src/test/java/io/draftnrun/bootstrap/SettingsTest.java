package io.draftnrun.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    @TempDir
    Path dir;

    @Test
    void environmentWinsOverCredentialsEnvWhichWinsOverSuppliedValues() throws Exception {
        Files.writeString(dir.resolve("credentials.env"), """
                # comment
                export REDIS_HOST=file-host
                REDIS_PORT="6380"
                WORKER_NAME='single # not a comment'
                S3_REGION_NAME=value # a comment
                """);
        Settings settings =
                new Settings(Map.of("REDIS_HOST", "env-host"), Settings.readDotenv(dir.resolve("credentials.env")));
        settings.supply("REDIS_HOST", "supplied");
        settings.supply("DATA_DIR", "supplied");
        assertThat(settings.get("REDIS_HOST")).contains("env-host");
        assertThat(settings.integer("REDIS_PORT", 6379, 1, 65535)).isEqualTo(6380);
        assertThat(settings.get("WORKER_NAME")).contains("single # not a comment");
        assertThat(settings.get("S3_REGION_NAME")).contains("value");
        assertThat(settings.get("DATA_DIR")).contains("supplied");
        assertThat(settings.isConfigured("DATA_DIR")).isFalse();
        assertThat(settings.isConfigured("REDIS_PORT")).isTrue();
    }

    @Test
    void typedGettersNameTheVariableAndNeverItsSecretValue() {
        Settings settings = new Settings(
                Map.of("PORT", "eighty", "ADA_URL", "ftp://x", "AUTO_MIGRATE", "maybe", "BACKEND_SECRET_KEY", "hush"),
                Map.of());
        assertThatThrownBy(() -> settings.integer("PORT", 8000, 0, 65535)).hasMessage("PORT must be a whole number");
        assertThatThrownBy(() -> settings.httpUrl("ADA_URL")).hasMessageStartingWith("ADA_URL must be an http(s) URL");
        assertThatThrownBy(() -> settings.bool("AUTO_MIGRATE", true)).hasMessage("AUTO_MIGRATE must be true or false");
        assertThatThrownBy(() -> settings.required("FERNET_KEY", "in serve mode"))
                .hasMessageContaining("FERNET_KEY");
        assertThat(settings.redactedView()).containsEntry("BACKEND_SECRET_KEY", "****");
        assertThat(settings.toString()).doesNotContain("hush");
    }

    @Test
    void aBrokenCredentialsFileNamesTheLine() throws Exception {
        Files.writeString(dir.resolve("credentials.env"), "GOOD=1\nthis is not a setting\n");
        assertThatThrownBy(() -> Settings.readDotenv(dir.resolve("credentials.env")))
                .hasMessage("credentials.env line 2 is not NAME=value");
    }

    @Test
    void thePortComesFromPortThenAdaUrlThenDefaults() {
        assertThat(port(Map.of())).isEqualTo(8000);
        assertThat(port(Map.of("ADA_URL", "http://localhost:8123"))).isEqualTo(8123);
        assertThat(port(Map.of("ADA_URL", "http://localhost:8123", "PORT", "9000")))
                .isEqualTo(9000);
    }

    private static int port(Map<String, String> environment) {
        return Configuration.parse(new Settings(environment, Map.of())).server().port();
    }
}

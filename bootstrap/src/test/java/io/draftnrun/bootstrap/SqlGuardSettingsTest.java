package io.draftnrun.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.adapter.out.jdbc.JdbcExternalSqlGateway;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SQL guard settings of ADR 0008 as {@link Configuration.SqlGuard} parses them. */
class SqlGuardSettingsTest {
    private static final List<String> OWN = List.of("jdbc:postgresql://127.0.0.1:5432/backend");

    @Test
    void theServersOwnDatabasesAndDataDirectoryAreAlwaysOutOfReach() {
        Settings settings = new Settings(Map.of("DATA_DIR", "/srv/draftnrun"), Map.of());

        JdbcExternalSqlGateway.Options options =
                Configuration.parse(settings).sql().options(JdbcExternalSqlGateway.Options.defaults(), OWN);

        assertThat(options.platformDatabaseUrls()).isEqualTo(OWN);
        assertThat(options.platformDirectories()).containsExactly(Path.of("/srv/draftnrun"));
        assertThat(options.allowedHosts()).isEmpty();
        assertThat(options.maxCellBytes()).isEqualTo(1024 * 1024);
        assertThat(options.maxResultBytes()).isEqualTo(10 * 1024 * 1024);
    }

    @Test
    void readsTheAllowListAndTheBudgets() {
        Settings settings = new Settings(
                Map.of(
                        "SQL_ALLOWED_HOSTS", " db.internal , 10.0.0.0/8,",
                        "SQL_MAX_CELL_BYTES", "65536",
                        "SQL_MAX_RESULT_BYTES", "1048576"),
                Map.of());

        JdbcExternalSqlGateway.Options options =
                Configuration.parse(settings).sql().options(JdbcExternalSqlGateway.Options.defaults(), OWN);

        assertThat(options.allowedHosts()).containsExactly("db.internal", "10.0.0.0/8");
        assertThat(options.maxCellBytes()).isEqualTo(65536);
        assertThat(options.maxResultBytes()).isEqualTo(1048576);
    }

    @Test
    void invalidBudgetsStopStartUpNamingTheVariable() {
        assertThatThrownBy(() -> Configuration.parse(new Settings(Map.of("SQL_MAX_CELL_BYTES", "lots"), Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SQL_MAX_CELL_BYTES");
        assertThatThrownBy(() -> Configuration.parse(new Settings(
                        Map.of("SQL_MAX_CELL_BYTES", "2097152", "SQL_MAX_RESULT_BYTES", "1048576"), Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("SQL_MAX_RESULT_BYTES must be at least SQL_MAX_CELL_BYTES");
    }
}

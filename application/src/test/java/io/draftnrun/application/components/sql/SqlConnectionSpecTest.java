package io.draftnrun.application.components.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SqlConnectionSpecTest {
    @Test
    void neverPrintsThePassword() {
        SqlConnectionSpec spec =
                SqlConnectionSpec.of("jdbc:postgresql://db:5432/shop?password=hunter2", "app", "s3cret");

        assertThat(spec.toString()).doesNotContain("hunter2", "s3cret").contains("app", "db:5432/shop");
    }

    @Test
    void readsReferenceEngineUrls() {
        SqlConnectionSpec pg = SqlConnectionSpec.fromEngineUrl("postgresql+psycopg2://app:p%40ss@db.example:5433/shop");
        assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5433/shop");
        assertThat(pg.user()).contains("app");
        assertThat(pg.password()).contains("p@ss");

        assertThat(SqlConnectionSpec.fromEngineUrl("mysql+pymysql://u:p@h/db").jdbcUrl())
                .isEqualTo("jdbc:mysql://h/db");
        assertThat(SqlConnectionSpec.fromEngineUrl("sqlite:////var/data/shop.db")
                        .jdbcUrl())
                .isEqualTo("jdbc:sqlite:/var/data/shop.db");
        assertThat(SqlConnectionSpec.fromEngineUrl("jdbc:sqlite:x.db").password())
                .isEmpty();
        assertThatThrownBy(() -> SqlConnectionSpec.fromEngineUrl("oracle://h/db"))
                .hasMessageContaining("unsupported database dialect");
    }

    @Test
    void limitsHaveSensibleDefaultsAndRejectNonsense() {
        assertThat(SqlQueryLimits.defaults()).isEqualTo(new SqlQueryLimits(Duration.ofSeconds(10), 200));
        assertThatThrownBy(() -> new SqlQueryLimits(Duration.ZERO, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SqlQueryLimits(Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SqlConnectionSpec("postgres://x", Optional.empty(), Optional.empty()))
                .hasMessageContaining("jdbc:");
    }
}

package io.draftnrun.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresUrlTest {
    @Test
    void readsTheReferenceSqlAlchemyForms() {
        PostgresUrl url = PostgresUrl.parse("ADA_DB_URL", "postgresql+psycopg2://ada:p%40ss@db.local:6543/ada_backend");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.local:6543/ada_backend");
        assertThat(url.user()).isEqualTo("ada");
        assertThat(url.password()).isEqualTo("p@ss");
        assertThat(url.toString()).doesNotContain("p@ss");
        assertThat(PostgresUrl.parse("X", "postgres://h/db").jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db");
    }

    @Test
    void keepsJdbcUrls() {
        assertThat(PostgresUrl.parse("X", "jdbc:postgresql://h:1/db?user=a").jdbcUrl())
                .isEqualTo("jdbc:postgresql://h:1/db?user=a");
    }

    @Test
    void refusesOtherSchemesNamingTheSettingNotTheValue() {
        assertThatThrownBy(() -> PostgresUrl.parse("ADA_DB_URL", "mysql://u:secret@h/db"))
                .hasMessageContaining("ADA_DB_URL")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> PostgresUrl.parse("ADA_DB_URL", "postgresql://u:secret@h"))
                .hasMessageContaining("database name");
    }
}

package io.draftnrun.adapter.out.postgres;

import static io.draftnrun.adapter.out.postgres.jooq.backend.Tables.RUNS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

class HotSqlTest {
    private final DSLContext dsl = DSL.using(SQLDialect.POSTGRES);

    @Test
    void aStatementIsRenderedOnceWithItsValuesAsPlaceholdersInTheirOrder() {
        HotSql.Statement statement = HotSql.Statement.of(
                dsl.update(RUNS)
                        .set(RUNS.ERROR, HotSql.param("error", RUNS.ERROR))
                        .where(RUNS.ID.eq(HotSql.param("id", RUNS.ID)))
                        .and(RUNS.STATUS.in(DSL.inline("QUEUED"), DSL.inline("RUNNING"))),
                "error",
                "id");
        assertThat(statement.sql())
                .startsWith("update")
                .contains("'QUEUED'", "'RUNNING'")
                .doesNotContain(":error", ":id");
        assertThat(statement.sql().chars().filter(c -> c == '?').count()).isEqualTo(2);
    }

    @Test
    void parametersInAnotherOrderThanTheValuesAreRefusedAtStartUp() {
        assertThatThrownBy(() -> HotSql.Statement.of(
                        dsl.select(RUNS.STATUS)
                                .from(RUNS)
                                .where(RUNS.ID.eq(HotSql.param("id", RUNS.ID)))
                                .and(RUNS.ERROR.eq(HotSql.param("error", RUNS.ERROR))),
                        "error",
                        "id"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[id, error]");
    }
}

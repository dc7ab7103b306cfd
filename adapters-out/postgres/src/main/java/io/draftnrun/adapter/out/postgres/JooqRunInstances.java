package io.draftnrun.adapter.out.postgres;

import static io.draftnrun.adapter.out.postgres.jooq.backend.Tables.RUN_INSTANCES;

import io.draftnrun.application.run.InstanceId;
import io.draftnrun.application.run.port.RunInstances;
import java.time.Duration;
import java.util.function.Predicate;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Server instances and their heartbeats in the backend database ({@code run_instances}, V7), written and compared
 * with the database's clock ({@code now()}): instances whose clocks differ still agree on who is silent.
 */
public final class JooqRunInstances implements RunInstances {
    private final DSLContext dsl;
    // every few seconds on every instance: rendered once, executed as a prepared statement (see HotSql)
    private final HotSql.Statement beat;

    public JooqRunInstances(DSLContext dsl) {
        this.dsl = dsl;
        this.beat = HotSql.Statement.of(
                dsl.update(RUN_INSTANCES)
                        .set(RUN_INSTANCES.HEARTBEAT_AT, DSL.currentOffsetDateTime())
                        .where(RUN_INSTANCES.ID.eq(HotSql.param("id", RUN_INSTANCES.ID))),
                "id");
    }

    @Override
    public void register(InstanceId id, String host, String process) {
        dsl.insertInto(RUN_INSTANCES)
                .set(RUN_INSTANCES.ID, id.value())
                .set(RUN_INSTANCES.HOST, host)
                .set(RUN_INSTANCES.PROCESS, process)
                .set(RUN_INSTANCES.STARTED_AT, DSL.currentOffsetDateTime())
                .set(RUN_INSTANCES.HEARTBEAT_AT, DSL.currentOffsetDateTime())
                .onConflict(RUN_INSTANCES.ID)
                .doUpdate()
                .set(RUN_INSTANCES.HEARTBEAT_AT, DSL.currentOffsetDateTime())
                .execute();
    }

    @Override
    public boolean beat(InstanceId id) {
        return HotSql.update(dsl, beat, id.value()) > 0;
    }

    @Override
    public void deregister(InstanceId id) {
        dsl.deleteFrom(RUN_INSTANCES).where(RUN_INSTANCES.ID.eq(id.value())).execute();
    }

    @Override
    public boolean alive(InstanceId id, Duration silence) {
        return dsl.fetchExists(DSL.selectOne()
                .from(RUN_INSTANCES)
                .where(RUN_INSTANCES.ID.eq(id.value()))
                .and(DSL.condition(
                        "{0} > now() - make_interval(secs => {1})",
                        RUN_INSTANCES.HEARTBEAT_AT, DSL.val((double) silence.toMillis() / 1000.0))));
    }

    @Override
    public int forgetGone(String host, Predicate<String> gone) {
        int forgotten = 0;
        for (var row : dsl.select(RUN_INSTANCES.ID, RUN_INSTANCES.PROCESS)
                .from(RUN_INSTANCES)
                .where(RUN_INSTANCES.HOST.eq(host))
                .fetch()) {
            if (gone.test(row.value2())) {
                forgotten += dsl.deleteFrom(RUN_INSTANCES)
                        .where(RUN_INSTANCES.ID.eq(row.value1()))
                        .execute();
            }
        }
        return forgotten;
    }
}

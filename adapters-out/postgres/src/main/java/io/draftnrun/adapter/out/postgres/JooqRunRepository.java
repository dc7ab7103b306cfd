package io.draftnrun.adapter.out.postgres;

import static io.draftnrun.adapter.out.postgres.jooq.backend.Tables.RUNS;
import static io.draftnrun.adapter.out.postgres.jooq.backend.Tables.RUN_INSTANCES;

import io.draftnrun.adapter.out.postgres.jooq.backend.tables.records.RunsRecord;
import io.draftnrun.application.run.InstanceId;
import io.draftnrun.application.run.RunCursor;
import io.draftnrun.application.run.RunPage;
import io.draftnrun.application.run.port.RunRepository;
import io.draftnrun.domain.graph.GraphVersionId;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.project.Environment;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.run.Json;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.run.Run;
import io.draftnrun.domain.run.RunId;
import io.draftnrun.domain.run.RunStatus;
import io.draftnrun.domain.trace.TraceId;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Runs in the backend database ({@code runs}, V4; the executing instance, attempt and retry link, V7): one insert at
 * start, one update at the end, made only while the run is live (so the first end recorded stands).
 */
public final class JooqRunRepository implements RunRepository {
    private final DSLContext dsl;
    // the two statements of every run: rendered once, executed as prepared statements (see HotSql)
    private final HotSql.Statement insert;
    private final HotSql.Statement finish;

    public JooqRunRepository(DSLContext dsl) {
        this.dsl = dsl;
        this.insert = HotSql.Statement.of(
                dsl.insertInto(RUNS)
                        .set(RUNS.ID, HotSql.param("id", RUNS.ID))
                        .set(RUNS.PROJECT_ID, HotSql.param("project_id", RUNS.PROJECT_ID))
                        .set(RUNS.ORGANIZATION_ID, HotSql.param("organization_id", RUNS.ORGANIZATION_ID))
                        .set(RUNS.ENVIRONMENT, HotSql.param("environment", RUNS.ENVIRONMENT))
                        .set(RUNS.GRAPH_VERSION_ID, HotSql.param("graph_version_id", RUNS.GRAPH_VERSION_ID))
                        .set(RUNS.STATUS, HotSql.param("status", RUNS.STATUS))
                        .set(RUNS.INPUT, HotSql.param("input", RUNS.INPUT))
                        .set(RUNS.OUTPUT, HotSql.param("output", RUNS.OUTPUT))
                        .set(RUNS.ERROR, HotSql.param("error", RUNS.ERROR))
                        .set(RUNS.TRACE_ID, HotSql.param("trace_id", RUNS.TRACE_ID))
                        .set(RUNS.STARTED_BY, HotSql.param("started_by", RUNS.STARTED_BY))
                        .set(RUNS.VIA_API_KEY, HotSql.param("via_api_key", RUNS.VIA_API_KEY))
                        .set(RUNS.CREATED_AT, HotSql.param("created_at", RUNS.CREATED_AT))
                        .set(RUNS.FINISHED_AT, HotSql.param("finished_at", RUNS.FINISHED_AT))
                        .set(RUNS.INSTANCE_ID, HotSql.param("instance_id", RUNS.INSTANCE_ID))
                        .set(RUNS.ATTEMPT, HotSql.param("attempt", RUNS.ATTEMPT))
                        .set(RUNS.RETRY_OF, HotSql.param("retry_of", RUNS.RETRY_OF)),
                "id",
                "project_id",
                "organization_id",
                "environment",
                "graph_version_id",
                "status",
                "input",
                "output",
                "error",
                "trace_id",
                "started_by",
                "via_api_key",
                "created_at",
                "finished_at",
                "instance_id",
                "attempt",
                "retry_of");
        this.finish = HotSql.Statement.of(
                dsl.update(RUNS)
                        .set(RUNS.STATUS, HotSql.param("status", RUNS.STATUS))
                        .set(RUNS.OUTPUT, HotSql.param("output", RUNS.OUTPUT))
                        .set(RUNS.ERROR, HotSql.param("error", RUNS.ERROR))
                        .set(RUNS.FINISHED_AT, HotSql.param("finished_at", RUNS.FINISHED_AT))
                        .where(RUNS.ID.eq(HotSql.param("id", RUNS.ID)))
                        .and(RUNS.STATUS.in(DSL.inline(RunStatus.QUEUED.name()), DSL.inline(RunStatus.RUNNING.name()))),
                "status",
                "output",
                "error",
                "finished_at",
                "id");
    }

    @Override
    public void insert(Run run, Optional<InstanceId> executor) {
        HotSql.update(
                dsl,
                insert,
                run.id().value(),
                run.projectId().value(),
                run.organizationId().value(),
                run.environment().wireName(),
                run.graphVersionId().value(),
                run.status().name(),
                Json.write(run.input()),
                run.output().map(p -> Json.write(p.toMap())).orElse(null),
                run.error().orElse(null),
                run.traceId().value(),
                run.startedBy().map(UserId::value).orElse(null),
                run.viaApiKey(),
                time(run.createdAt()),
                run.finishedAt().map(JooqRunRepository::time).orElse(null),
                executor.map(InstanceId::value).orElse(null),
                run.attempt(),
                run.retryOf().map(RunId::value).orElse(null));
    }

    @Override
    public boolean finish(RunId id, RunStatus status, Optional<Payload> output, Optional<String> error, Instant at) {
        return HotSql.update(
                        dsl,
                        finish,
                        status.name(),
                        output.map(p -> Json.write(p.toMap())).orElse(null),
                        error.orElse(null),
                        time(at),
                        id.value())
                > 0;
    }

    @Override
    public boolean endQueued(RunId id, RunStatus status, String error, Instant at) {
        return dsl.update(RUNS)
                        .set(RUNS.STATUS, status.name())
                        .set(RUNS.ERROR, error)
                        .set(RUNS.FINISHED_AT, time(at))
                        .where(RUNS.ID.eq(id.value()).and(RUNS.STATUS.eq(RunStatus.QUEUED.name())))
                        .execute()
                > 0;
    }

    @Override
    public boolean claim(RunId id, InstanceId executor) {
        return dsl.update(RUNS)
                        .set(RUNS.STATUS, RunStatus.RUNNING.name())
                        .set(RUNS.INSTANCE_ID, executor.value())
                        .where(RUNS.ID.eq(id.value()).and(RUNS.STATUS.eq(RunStatus.QUEUED.name())))
                        .execute()
                > 0;
    }

    @Override
    public Optional<InstanceId> executor(RunId id) {
        return dsl.select(RUNS.INSTANCE_ID)
                .from(RUNS)
                .where(RUNS.ID.eq(id.value()))
                .fetchOptional(RUNS.INSTANCE_ID)
                .map(InstanceId::new);
    }

    @Override
    public List<Run> failAbandoned(
            Duration silence, Instant overdue, String stoppedError, String overdueError, Instant at) {
        // liveness on the database's clock (every instance's beats are written with it); one statement, so each run
        // is failed by one instance only, however many reap at once
        Condition silent = DSL.notExists(DSL.selectOne()
                .from(RUN_INSTANCES)
                .where(RUN_INSTANCES.ID.eq(RUNS.INSTANCE_ID))
                .and(DSL.condition(
                        "{0} > now() - make_interval(secs => {1})",
                        RUN_INSTANCES.HEARTBEAT_AT, DSL.val((double) silence.toMillis() / 1000.0))));
        Condition isOverdue = RUNS.CREATED_AT.lt(time(overdue));
        return dsl.update(RUNS)
                .set(RUNS.STATUS, RunStatus.FAILED.name())
                .set(RUNS.ERROR, DSL.when(isOverdue, DSL.val(overdueError)).otherwise(DSL.val(stoppedError)))
                .set(RUNS.FINISHED_AT, time(at))
                .where(RUNS.STATUS.in(RunStatus.QUEUED.name(), RunStatus.RUNNING.name()))
                .and(isOverdue.or(RUNS.STATUS.eq(RunStatus.RUNNING.name()).and(silent)))
                .returning()
                .fetch()
                .map(JooqRunRepository::run);
    }

    @Override
    public Optional<Run> find(RunId id) {
        return dsl.selectFrom(RUNS)
                .where(RUNS.ID.eq(id.value()))
                .fetchOptional()
                .map(JooqRunRepository::run);
    }

    @Override
    public RunPage page(ProjectId projectId, int first, Optional<String> after) {
        Condition condition = RUNS.PROJECT_ID.eq(projectId.value());
        if (after.isPresent()) {
            RunCursor cursor = RunCursor.decode(after.get());
            condition = condition.and(DSL.row(RUNS.CREATED_AT, RUNS.ID)
                    .lt(time(cursor.createdAt()), cursor.runId().value()));
        }
        List<Run> runs = dsl.selectFrom(RUNS)
                .where(condition)
                .orderBy(RUNS.CREATED_AT.desc(), RUNS.ID.desc())
                .limit(first + 1)
                .fetch()
                .map(JooqRunRepository::run);
        boolean more = runs.size() > first;
        List<Run> page = more ? runs.subList(0, first) : runs;
        Optional<String> end = page.isEmpty()
                ? Optional.empty()
                : Optional.of(
                        new RunCursor(page.getLast().createdAt(), page.getLast().id()).encode());
        return new RunPage(page, more, end);
    }

    private static Run run(RunsRecord r) {
        return new Run(
                new RunId(r.getId()),
                new ProjectId(r.getProjectId()),
                new OrganizationId(r.getOrganizationId()),
                Environment.fromWireName(r.getEnvironment()),
                new GraphVersionId(r.getGraphVersionId()),
                RunStatus.valueOf(r.getStatus()),
                Json.parseObject(r.getInput().data()),
                Optional.ofNullable(r.getOutput()).map(j -> Payload.fromMap(Json.parseObject(j.data()))),
                Optional.ofNullable(r.getError()),
                new TraceId(r.getTraceId()),
                Optional.ofNullable(r.getStartedBy()).map(UserId::new),
                Boolean.TRUE.equals(r.getViaApiKey()),
                r.getCreatedAt().toInstant(),
                Optional.ofNullable(r.getFinishedAt()).map(OffsetDateTime::toInstant),
                r.getAttempt() == null ? 1 : r.getAttempt(),
                Optional.ofNullable(r.getRetryOf()).map(RunId::new));
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}

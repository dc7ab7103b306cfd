package io.draftnrun.adapter.out.postgres;

import static io.draftnrun.adapter.out.postgres.jooq.backend.Tables.RUNS;

import io.draftnrun.adapter.out.postgres.jooq.backend.tables.records.RunsRecord;
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
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

/** Runs in the backend database ({@code runs}, V4): one insert at start, one update at the end. */
public final class JooqRunRepository implements RunRepository {
    private final DSLContext dsl;

    public JooqRunRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public void insert(Run run) {
        dsl.insertInto(RUNS)
                .set(RUNS.ID, run.id().value())
                .set(RUNS.PROJECT_ID, run.projectId().value())
                .set(RUNS.ORGANIZATION_ID, run.organizationId().value())
                .set(RUNS.ENVIRONMENT, run.environment().wireName())
                .set(RUNS.GRAPH_VERSION_ID, run.graphVersionId().value())
                .set(RUNS.STATUS, run.status().name())
                .set(RUNS.INPUT, JSONB.valueOf(Json.write(run.input())))
                .set(
                        RUNS.OUTPUT,
                        run.output()
                                .map(p -> JSONB.valueOf(Json.write(p.toMap())))
                                .orElse(null))
                .set(RUNS.ERROR, run.error().orElse(null))
                .set(RUNS.TRACE_ID, run.traceId().value())
                .set(RUNS.STARTED_BY, run.startedBy().map(UserId::value).orElse(null))
                .set(RUNS.VIA_API_KEY, run.viaApiKey())
                .set(RUNS.CREATED_AT, time(run.createdAt()))
                .set(
                        RUNS.FINISHED_AT,
                        run.finishedAt().map(JooqRunRepository::time).orElse(null))
                .execute();
    }

    @Override
    public void finish(RunId id, RunStatus status, Optional<Payload> output, Optional<String> error, Instant at) {
        dsl.update(RUNS)
                .set(RUNS.STATUS, status.name())
                .set(
                        RUNS.OUTPUT,
                        output.map(p -> JSONB.valueOf(Json.write(p.toMap()))).orElse(null))
                .set(RUNS.ERROR, error.orElse(null))
                .set(RUNS.FINISHED_AT, time(at))
                .where(RUNS.ID.eq(id.value()))
                .execute();
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
                Optional.ofNullable(r.getFinishedAt()).map(OffsetDateTime::toInstant));
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}

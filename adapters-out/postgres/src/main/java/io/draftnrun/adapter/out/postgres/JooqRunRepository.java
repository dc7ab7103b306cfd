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
import org.jooq.impl.DSL;

/** Runs in the backend database ({@code runs}, V4): one insert at start, one update at the end. */
public final class JooqRunRepository implements RunRepository {
    private final DSLContext dsl;

    public JooqRunRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public void insert(Run run) {
        // two statements of every run: prepared statements (see HotSql)
        HotSql.update(
                dsl,
                "INSERT INTO runs (id, project_id, organization_id, environment, graph_version_id, status, input,"
                        + " output, error, trace_id, started_by, via_api_key, created_at, finished_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?)",
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
                run.finishedAt().map(JooqRunRepository::time).orElse(null));
    }

    @Override
    public void finish(RunId id, RunStatus status, Optional<Payload> output, Optional<String> error, Instant at) {
        HotSql.update(
                dsl,
                "UPDATE runs SET status = ?, output = ?::jsonb, error = ?, finished_at = ? WHERE id = ?",
                status.name(),
                output.map(p -> Json.write(p.toMap())).orElse(null),
                error.orElse(null),
                time(at),
                id.value());
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

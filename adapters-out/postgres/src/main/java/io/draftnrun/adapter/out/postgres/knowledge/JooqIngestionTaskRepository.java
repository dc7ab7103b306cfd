package io.draftnrun.adapter.out.postgres.knowledge;

import static io.draftnrun.adapter.out.postgres.jooq.backend.Tables.INGESTION_TASKS;

import com.fasterxml.jackson.core.type.TypeReference;
import io.draftnrun.adapter.out.postgres.jooq.backend.tables.records.IngestionTasksRecord;
import io.draftnrun.application.knowledge.IngestionTaskPage;
import io.draftnrun.application.knowledge.port.IngestionTaskRepository;
import io.draftnrun.domain.knowledge.FileResult;
import io.draftnrun.domain.knowledge.IngestionTask;
import io.draftnrun.domain.knowledge.IngestionTaskId;
import io.draftnrun.domain.knowledge.RowCounts;
import io.draftnrun.domain.knowledge.SourceId;
import io.draftnrun.domain.knowledge.TaskFile;
import io.draftnrun.domain.knowledge.TaskStatus;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.shared.DomainException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** Ingestion tasks ({@code ingestion_tasks}, backend database); files and per-file results as JSON. */
public final class JooqIngestionTaskRepository implements IngestionTaskRepository {
    private static final int MAX_ERROR = 4000;
    private final DSLContext dsl;

    public JooqIngestionTaskRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public void create(IngestionTask task) {
        dsl.insertInto(INGESTION_TASKS)
                .set(INGESTION_TASKS.ID, task.id().value())
                .set(INGESTION_TASKS.ORGANIZATION_ID, task.organizationId().value())
                .set(INGESTION_TASKS.SOURCE_ID, task.sourceId().value())
                .set(INGESTION_TASKS.SOURCE_NAME, task.sourceName())
                .set(INGESTION_TASKS.STATUS, status(task.status()))
                .set(
                        INGESTION_TASKS.FILES,
                        JsonColumns.write(task.files().stream()
                                .map(JooqIngestionTaskRepository::fileMap)
                                .toList()))
                .set(INGESTION_TASKS.RESULTS, JsonColumns.write(results(task)))
                .set(INGESTION_TASKS.CHUNKS_TOTAL, task.chunksTotal())
                .set(INGESTION_TASKS.CHUNKS_DONE, task.chunksDone())
                .set(INGESTION_TASKS.ERROR, error(task))
                .set(INGESTION_TASKS.ROW_COUNTS, rowCounts(task))
                .set(INGESTION_TASKS.CREATED_AT, at(task.createdAt()))
                .set(INGESTION_TASKS.UPDATED_AT, at(task.updatedAt()))
                .execute();
    }

    @Override
    public Optional<IngestionTask> find(IngestionTaskId id) {
        return dsl.selectFrom(INGESTION_TASKS)
                .where(INGESTION_TASKS.ID.eq(id.value()))
                .fetchOptional()
                .map(JooqIngestionTaskRepository::toTask);
    }

    @Override
    public void save(IngestionTask task) {
        dsl.update(INGESTION_TASKS)
                .set(INGESTION_TASKS.STATUS, status(task.status()))
                .set(INGESTION_TASKS.RESULTS, JsonColumns.write(results(task)))
                .set(INGESTION_TASKS.CHUNKS_TOTAL, task.chunksTotal())
                .set(INGESTION_TASKS.CHUNKS_DONE, task.chunksDone())
                .set(INGESTION_TASKS.ERROR, error(task))
                .set(INGESTION_TASKS.ROW_COUNTS, rowCounts(task))
                .set(INGESTION_TASKS.UPDATED_AT, at(task.updatedAt()))
                .where(INGESTION_TASKS.ID.eq(task.id().value()))
                .execute();
    }

    @Override
    public IngestionTaskPage page(OrganizationId organization, int first, Optional<String> after) {
        Condition condition = INGESTION_TASKS.ORGANIZATION_ID.eq(organization.value());
        if (after.isPresent()) {
            Cursor cursor = Cursor.decode(after.get());
            condition = condition.and(
                    DSL.row(INGESTION_TASKS.CREATED_AT, INGESTION_TASKS.ID).lt(cursor.createdAt(), cursor.id()));
        }
        List<IngestionTask> rows = dsl.selectFrom(INGESTION_TASKS)
                .where(condition)
                .orderBy(INGESTION_TASKS.CREATED_AT.desc(), INGESTION_TASKS.ID.desc())
                .limit(first + 1)
                .fetch(JooqIngestionTaskRepository::toTask);
        List<IngestionTaskPage.Entry> entries = new ArrayList<>();
        for (IngestionTask task : rows.subList(0, Math.min(first, rows.size()))) {
            entries.add(new IngestionTaskPage.Entry(
                    new Cursor(at(task.createdAt()), task.id().value()).encode(), task));
        }
        return new IngestionTaskPage(entries, rows.size() > first);
    }

    @Override
    public List<IngestionTask> pendingSince(Instant before, int limit) {
        return dsl.selectFrom(INGESTION_TASKS)
                .where(INGESTION_TASKS.STATUS.eq(status(TaskStatus.PENDING)))
                .and(INGESTION_TASKS.UPDATED_AT.lt(at(before)))
                .orderBy(INGESTION_TASKS.UPDATED_AT)
                .limit(limit)
                .fetch(JooqIngestionTaskRepository::toTask);
    }

    private record Cursor(OffsetDateTime createdAt, UUID id) {
        String encode() {
            String raw = createdAt.toInstant().toString() + "|" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String cursor) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int bar = raw.indexOf('|');
                return new Cursor(
                        Instant.parse(raw.substring(0, bar)).atOffset(ZoneOffset.UTC),
                        UUID.fromString(raw.substring(bar + 1)));
            } catch (RuntimeException e) {
                throw DomainException.validation("invalid cursor");
            }
        }
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String status(TaskStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    private static String error(IngestionTask task) {
        return task.error()
                .map(e -> e.length() > MAX_ERROR ? e.substring(0, MAX_ERROR) : e)
                .orElse(null);
    }

    private static org.jooq.JSONB rowCounts(IngestionTask task) {
        return task.rows()
                .map(c -> JsonColumns.write(Map.of(
                        "inserted", c.inserted(),
                        "updated", c.updated(),
                        "deleted", c.deleted(),
                        "unchanged", c.unchanged())))
                .orElse(null);
    }

    private static Optional<RowCounts> rowCounts(IngestionTasksRecord r) {
        if (r.getRowCounts() == null) {
            return Optional.empty();
        }
        Map<String, Number> m = JsonColumns.read(r.getRowCounts(), new TypeReference<Map<String, Number>>() {});
        return Optional.of(new RowCounts(
                m.getOrDefault("inserted", 0).longValue(),
                m.getOrDefault("updated", 0).longValue(),
                m.getOrDefault("deleted", 0).longValue(),
                m.getOrDefault("unchanged", 0).longValue()));
    }

    private static Map<String, Object> fileMap(TaskFile f) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("file_id", f.fileId());
        map.put("name", f.name());
        map.put("content_type", f.contentType());
        map.put("size", f.size());
        map.put("blob_key", f.blobKey());
        return map;
    }

    private static List<Map<String, Object>> results(IngestionTask task) {
        return task.results().stream()
                .map(r -> {
                    Map<String, Object> map = new LinkedHashMap<>();
                    map.put("file_id", r.fileId());
                    map.put("name", r.name());
                    map.put("outcome", r.outcome().name());
                    map.put("chunks", r.chunks());
                    map.put("error", r.error().orElse(null));
                    return map;
                })
                .toList();
    }

    private static IngestionTask toTask(IngestionTasksRecord r) {
        List<Map<String, Object>> files =
                JsonColumns.read(r.getFiles(), new TypeReference<List<Map<String, Object>>>() {});
        List<Map<String, Object>> results =
                JsonColumns.read(r.getResults(), new TypeReference<List<Map<String, Object>>>() {});
        return new IngestionTask(
                new IngestionTaskId(r.getId()),
                new OrganizationId(r.getOrganizationId()),
                new SourceId(r.getSourceId()),
                r.getSourceName(),
                TaskStatus.valueOf(r.getStatus().toUpperCase(Locale.ROOT)),
                files.stream()
                        .map(m -> new TaskFile(
                                (String) m.get("file_id"),
                                (String) m.get("name"),
                                (String) m.get("content_type"),
                                ((Number) m.get("size")).longValue(),
                                (String) m.get("blob_key")))
                        .toList(),
                results.stream()
                        .map(m -> new FileResult(
                                (String) m.get("file_id"),
                                (String) m.get("name"),
                                FileResult.Outcome.valueOf((String) m.get("outcome")),
                                ((Number) m.get("chunks")).intValue(),
                                Optional.ofNullable((String) m.get("error"))))
                        .toList(),
                r.getChunksTotal(),
                r.getChunksDone(),
                Optional.ofNullable(r.getError()),
                r.getCreatedAt().toInstant(),
                r.getUpdatedAt().toInstant(),
                rowCounts(r));
    }
}

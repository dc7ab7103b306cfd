package io.draftnrun.adapter.out.postgres.knowledge;

import static io.draftnrun.adapter.out.postgres.jooq.backend.Tables.DATA_SOURCES;

import com.fasterxml.jackson.core.type.TypeReference;
import io.draftnrun.adapter.out.postgres.jooq.backend.tables.records.DataSourcesRecord;
import io.draftnrun.application.knowledge.port.SourceRepository;
import io.draftnrun.domain.knowledge.ChunkingOptions;
import io.draftnrun.domain.knowledge.DatabaseSourceSettings;
import io.draftnrun.domain.knowledge.Source;
import io.draftnrun.domain.knowledge.SourceId;
import io.draftnrun.domain.knowledge.SourceType;
import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;

/** Knowledge sources ({@code data_sources}, backend database). */
public final class JooqSourceRepository implements SourceRepository {
    private final DSLContext dsl;

    public JooqSourceRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public void create(Source source) {
        try {
            dsl.insertInto(DATA_SOURCES)
                    .set(DATA_SOURCES.ID, source.id().value())
                    .set(DATA_SOURCES.ORGANIZATION_ID, source.organizationId().value())
                    .set(DATA_SOURCES.NAME, source.name())
                    .set(DATA_SOURCES.TYPE, source.type().name().toLowerCase(Locale.ROOT))
                    .set(
                            DATA_SOURCES.EMBEDDING_MODEL_REFERENCE,
                            source.embeddingModel().toString())
                    .set(DATA_SOURCES.VECTOR_DIMENSIONS, source.dimensions())
                    .set(DATA_SOURCES.COLLECTION_NAME, source.collection())
                    .set(
                            DATA_SOURCES.DATABASE_SETTINGS,
                            source.database()
                                    .map(JooqSourceRepository::settingsJson)
                                    .orElse(null))
                    .set(DATA_SOURCES.CREATED_AT, source.createdAt().atOffset(ZoneOffset.UTC))
                    .set(DATA_SOURCES.UPDATED_AT, source.updatedAt().atOffset(ZoneOffset.UTC))
                    .set(DATA_SOURCES.CHUNK_SIZE, source.chunking().chunkSize())
                    .set(DATA_SOURCES.CHUNK_OVERLAP, source.chunking().chunkOverlap())
                    .execute();
        } catch (IntegrityConstraintViolationException e) {
            throw new DomainException(
                    ErrorCode.CONFLICT, "the organization already has a source named '" + source.name() + "'");
        }
    }

    @Override
    public Optional<Source> find(SourceId id) {
        return dsl.selectFrom(DATA_SOURCES)
                .where(DATA_SOURCES.ID.eq(id.value()))
                .fetchOptional()
                .map(JooqSourceRepository::toSource);
    }

    @Override
    public List<Source> list(OrganizationId organization) {
        return dsl.selectFrom(DATA_SOURCES)
                .where(DATA_SOURCES.ORGANIZATION_ID.eq(organization.value()))
                .orderBy(DATA_SOURCES.NAME)
                .fetch(JooqSourceRepository::toSource);
    }

    @Override
    public void updateChunking(SourceId id, ChunkingOptions chunking, java.time.Instant now) {
        dsl.update(DATA_SOURCES)
                .set(DATA_SOURCES.CHUNK_SIZE, chunking.chunkSize())
                .set(DATA_SOURCES.CHUNK_OVERLAP, chunking.chunkOverlap())
                .set(DATA_SOURCES.UPDATED_AT, now.atOffset(ZoneOffset.UTC))
                .where(DATA_SOURCES.ID.eq(id.value()))
                .execute();
    }

    @Override
    public void delete(SourceId id) {
        dsl.deleteFrom(DATA_SOURCES).where(DATA_SOURCES.ID.eq(id.value())).execute();
    }

    private static org.jooq.JSONB settingsJson(DatabaseSourceSettings s) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("url_secret_key", s.urlSecretKey());
        map.put("table", s.table());
        map.put("id_column", s.idColumn());
        map.put("text_columns", s.textColumns());
        map.put("metadata_columns", s.metadataColumns());
        map.put("timestamp_column", s.timestampColumn().orElse(null));
        map.put("sync_enabled", s.syncEnabled());
        return JsonColumns.write(map);
    }

    @SuppressWarnings("unchecked")
    private static Source toSource(DataSourcesRecord r) {
        Optional<DatabaseSourceSettings> database = Optional.ofNullable(r.getDatabaseSettings())
                .map(json -> JsonColumns.read(json, new TypeReference<Map<String, Object>>() {}))
                .map(m -> new DatabaseSourceSettings(
                        (String) m.get("url_secret_key"),
                        (String) m.get("table"),
                        (String) m.get("id_column"),
                        (List<String>) m.get("text_columns"),
                        (List<String>) m.get("metadata_columns"),
                        Optional.ofNullable((String) m.get("timestamp_column")),
                        Boolean.TRUE.equals(m.get("sync_enabled"))));
        return new Source(
                new SourceId(r.getId()),
                new OrganizationId(r.getOrganizationId()),
                r.getName(),
                SourceType.valueOf(r.getType().toUpperCase(Locale.ROOT)),
                ModelReference.parse(r.getEmbeddingModelReference()),
                r.getVectorDimensions(),
                r.getCollectionName(),
                database,
                r.getCreatedAt().toInstant(),
                r.getUpdatedAt().toInstant(),
                new ChunkingOptions(r.getChunkSize(), r.getChunkOverlap()));
    }
}

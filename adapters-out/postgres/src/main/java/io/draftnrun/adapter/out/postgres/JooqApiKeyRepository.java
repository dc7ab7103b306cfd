package io.draftnrun.adapter.out.postgres;

import static io.draftnrun.adapter.out.postgres.jooq.backend.Tables.API_KEYS;

import io.draftnrun.adapter.out.postgres.jooq.backend.tables.records.ApiKeysRecord;
import io.draftnrun.application.organization.port.ApiKeyRepository;
import io.draftnrun.domain.organization.ApiKey;
import io.draftnrun.domain.organization.ApiKeyId;
import io.draftnrun.domain.organization.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/** Project API keys ({@code api_keys}, the reference's columns). */
public final class JooqApiKeyRepository implements ApiKeyRepository {
    private final DSLContext dsl;

    public JooqApiKeyRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public void create(ApiKey key) {
        dsl.insertInto(API_KEYS)
                .set(API_KEYS.ID, key.id().value())
                .set(API_KEYS.KEY_NAME, key.name())
                .set(API_KEYS.PUBLIC_KEY, key.keyHash())
                .set(API_KEYS.PROJECT_ID, key.projectId())
                .set(API_KEYS.CREATOR_USER_ID, key.creator().value())
                .set(API_KEYS.IS_ACTIVE, key.active())
                .set(API_KEYS.CREATED_AT, key.createdAt().atOffset(ZoneOffset.UTC))
                .execute();
    }

    @Override
    public Optional<ApiKey> find(ApiKeyId id) {
        return dsl.selectFrom(API_KEYS)
                .where(API_KEYS.ID.eq(id.value()))
                .fetchOptional()
                .map(JooqApiKeyRepository::toKey);
    }

    /** The key of a row whose first nine columns are those of {@code api_keys}, in table order. */
    static ApiKey key(ResultSet row) throws SQLException {
        ApiKeysRecord r = new ApiKeysRecord();
        r.setId(row.getObject(1, UUID.class));
        r.setKeyName(row.getString(2));
        r.setPublicKey(row.getString(3));
        r.setProjectId(row.getObject(4, UUID.class));
        r.setCreatorUserId(row.getObject(5, UUID.class));
        r.setIsActive(row.getBoolean(6));
        r.setRevokerUserId(row.getObject(7, UUID.class));
        r.setCreatedAt(row.getObject(8, OffsetDateTime.class));
        r.setRevokedAt(row.getObject(9, OffsetDateTime.class));
        return toKey(r);
    }

    @Override
    public List<ApiKey> activeKeysOf(UUID projectId) {
        return dsl.selectFrom(API_KEYS)
                .where(API_KEYS.PROJECT_ID.eq(projectId))
                .and(API_KEYS.IS_ACTIVE.isTrue())
                .orderBy(API_KEYS.CREATED_AT, API_KEYS.ID)
                .fetch(JooqApiKeyRepository::toKey);
    }

    @Override
    public void save(ApiKey key) {
        dsl.update(API_KEYS)
                .set(API_KEYS.KEY_NAME, key.name())
                .set(API_KEYS.IS_ACTIVE, key.active())
                .set(API_KEYS.REVOKER_USER_ID, key.revoker().map(UserId::value).orElse(null))
                .set(
                        API_KEYS.REVOKED_AT,
                        key.revokedAt().map(t -> t.atOffset(ZoneOffset.UTC)).orElse(null))
                .where(API_KEYS.ID.eq(key.id().value()))
                .execute();
    }

    private static ApiKey toKey(ApiKeysRecord r) {
        // a key revoked by the reference has is_active = false but no revoked_at: use its creation time
        Optional<OffsetDateTime> revokedAt = Boolean.TRUE.equals(r.getIsActive())
                ? Optional.empty()
                : Optional.of(r.getRevokedAt() != null ? r.getRevokedAt() : r.getCreatedAt());
        return new ApiKey(
                new ApiKeyId(r.getId()),
                r.getKeyName(),
                r.getPublicKey(),
                r.getProjectId(),
                new UserId(r.getCreatorUserId()),
                r.getCreatedAt().toInstant(),
                Optional.ofNullable(r.getRevokerUserId()).map(UserId::new),
                revokedAt.map(OffsetDateTime::toInstant));
    }
}

package io.draftnrun.adapter.out.postgres;

import static io.draftnrun.adapter.out.postgres.jooq.backend.Tables.ORGANIZATION_SECRETS;

import io.draftnrun.adapter.out.postgres.jooq.backend.tables.records.OrganizationSecretsRecord;
import io.draftnrun.application.organization.StoredSecret;
import io.draftnrun.application.organization.port.OrganizationSecretRepository;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.SecretKey;
import io.draftnrun.domain.organization.SecretType;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/** Encrypted organization secrets ({@code organization_secrets}); values stay encrypted in this adapter. */
public final class JooqOrganizationSecretRepository implements OrganizationSecretRepository {
    private final DSLContext dsl;

    public JooqOrganizationSecretRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public void upsert(StoredSecret secret) {
        var at = secret.updatedAt().atOffset(ZoneOffset.UTC);
        dsl.insertInto(ORGANIZATION_SECRETS)
                .set(ORGANIZATION_SECRETS.ID, UUID.randomUUID())
                .set(ORGANIZATION_SECRETS.ORGANIZATION_ID, secret.organization().value())
                .set(ORGANIZATION_SECRETS.KEY, secret.key().value())
                .set(ORGANIZATION_SECRETS.ENCRYPTED_SECRET, secret.encryptedValue())
                .set(ORGANIZATION_SECRETS.SECRET_TYPE, secret.type().wireName())
                .set(ORGANIZATION_SECRETS.CREATED_AT, at)
                .set(ORGANIZATION_SECRETS.UPDATED_AT, at)
                .onConflict(ORGANIZATION_SECRETS.ORGANIZATION_ID, ORGANIZATION_SECRETS.KEY)
                .doUpdate()
                .set(ORGANIZATION_SECRETS.ENCRYPTED_SECRET, secret.encryptedValue())
                .set(ORGANIZATION_SECRETS.SECRET_TYPE, secret.type().wireName())
                .set(ORGANIZATION_SECRETS.UPDATED_AT, at)
                .execute();
    }

    @Override
    public List<StoredSecret> list(OrganizationId organization) {
        return dsl.selectFrom(ORGANIZATION_SECRETS)
                .where(ORGANIZATION_SECRETS.ORGANIZATION_ID.eq(organization.value()))
                .orderBy(ORGANIZATION_SECRETS.KEY)
                .fetch(JooqOrganizationSecretRepository::toSecret);
    }

    @Override
    public Optional<StoredSecret> find(OrganizationId organization, SecretKey key) {
        return dsl.selectFrom(ORGANIZATION_SECRETS)
                .where(ORGANIZATION_SECRETS.ORGANIZATION_ID.eq(organization.value()))
                .and(ORGANIZATION_SECRETS.KEY.eq(key.value()))
                .fetchOptional()
                .map(JooqOrganizationSecretRepository::toSecret);
    }

    @Override
    public boolean delete(OrganizationId organization, SecretKey key) {
        return dsl.deleteFrom(ORGANIZATION_SECRETS)
                        .where(ORGANIZATION_SECRETS.ORGANIZATION_ID.eq(organization.value()))
                        .and(ORGANIZATION_SECRETS.KEY.eq(key.value()))
                        .execute()
                > 0;
    }

    private static StoredSecret toSecret(OrganizationSecretsRecord r) {
        return new StoredSecret(
                new OrganizationId(r.getOrganizationId()),
                new SecretKey(r.getKey()),
                SecretType.fromWireName(r.getSecretType()),
                r.getEncryptedSecret(),
                r.getUpdatedAt().toInstant());
    }
}

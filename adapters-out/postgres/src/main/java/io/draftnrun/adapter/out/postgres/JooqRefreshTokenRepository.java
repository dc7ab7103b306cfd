package io.draftnrun.adapter.out.postgres;

import static io.draftnrun.adapter.out.postgres.jooq.backend.Tables.REFRESH_TOKENS;

import io.draftnrun.application.organization.RefreshToken;
import io.draftnrun.application.organization.port.RefreshTokenRepository;
import io.draftnrun.domain.organization.UserId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * Refresh tokens (hashed); consuming one is a single conditional UPDATE, so a token works once. A used token presented
 * again revokes its family with one UPDATE.
 */
public final class JooqRefreshTokenRepository implements RefreshTokenRepository {
    private final DSLContext dsl;

    public JooqRefreshTokenRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public void save(RefreshToken token) {
        dsl.insertInto(REFRESH_TOKENS)
                .set(REFRESH_TOKENS.TOKEN_HASH, token.tokenHash())
                .set(REFRESH_TOKENS.USER_ID, token.user().value())
                .set(REFRESH_TOKENS.EXPIRES_AT, token.expiresAt().atOffset(ZoneOffset.UTC))
                .set(REFRESH_TOKENS.FAMILY_ID, token.family())
                .execute();
    }

    @Override
    public Optional<RefreshToken> consume(String tokenHash, Instant now) {
        return dsl.update(REFRESH_TOKENS)
                .set(REFRESH_TOKENS.USED_AT, now.atOffset(ZoneOffset.UTC))
                .where(REFRESH_TOKENS.TOKEN_HASH.eq(tokenHash))
                .and(REFRESH_TOKENS.USED_AT.isNull())
                .and(REFRESH_TOKENS.REVOKED_AT.isNull())
                .and(REFRESH_TOKENS.EXPIRES_AT.gt(now.atOffset(ZoneOffset.UTC)))
                .returning(REFRESH_TOKENS.USER_ID, REFRESH_TOKENS.EXPIRES_AT, REFRESH_TOKENS.FAMILY_ID)
                .fetchOptional()
                .map(r -> new RefreshToken(
                        tokenHash, new UserId(r.getUserId()), r.getExpiresAt().toInstant(), r.getFamilyId()));
    }

    @Override
    public boolean revokeFamilyIfUsed(String tokenHash, Instant now) {
        Optional<UUID> family = dsl.select(REFRESH_TOKENS.FAMILY_ID)
                .from(REFRESH_TOKENS)
                .where(REFRESH_TOKENS.TOKEN_HASH.eq(tokenHash))
                .and(REFRESH_TOKENS.USED_AT.isNotNull())
                .fetchOptional(REFRESH_TOKENS.FAMILY_ID);
        family.ifPresent(f -> dsl.update(REFRESH_TOKENS)
                .set(REFRESH_TOKENS.REVOKED_AT, now.atOffset(ZoneOffset.UTC))
                .where(REFRESH_TOKENS.FAMILY_ID.eq(f))
                .and(REFRESH_TOKENS.REVOKED_AT.isNull())
                .execute());
        return family.isPresent();
    }
}

package io.draftnrun.bootstrap;

import io.draftnrun.adapter.in.http.RequestAuthenticator;
import io.draftnrun.adapter.out.postgres.JooqApiKeyGrants;
import io.draftnrun.adapter.out.postgres.JooqApiKeyRepository;
import io.draftnrun.adapter.out.postgres.JooqInvitationRepository;
import io.draftnrun.adapter.out.postgres.JooqOrganizationRepository;
import io.draftnrun.adapter.out.postgres.JooqOrganizationSecretRepository;
import io.draftnrun.adapter.out.postgres.JooqRefreshTokenRepository;
import io.draftnrun.adapter.out.postgres.JooqUserAccess;
import io.draftnrun.adapter.out.postgres.JooqUserRepository;
import io.draftnrun.adapter.out.security.BcryptPasswordHasher;
import io.draftnrun.adapter.out.security.FernetSecretCipher;
import io.draftnrun.adapter.out.security.LocalJwtTokens;
import io.draftnrun.adapter.out.security.SupabaseTokenVerifier;
import io.draftnrun.application.organization.AuthenticateToken;
import io.draftnrun.application.organization.CachedApiKeyGrants;
import io.draftnrun.application.organization.CachedSecretRepository;
import io.draftnrun.application.organization.CachedUserAccess;
import io.draftnrun.application.organization.OrganizationUseCases;
import io.draftnrun.application.organization.port.ProjectOwnership;
import io.draftnrun.application.organization.port.TokenVerifier;
import io.draftnrun.application.shared.port.DataChanges;
import io.draftnrun.domain.organization.Actor;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the organization slice: repositories on the backend database, bcrypt, Fernet under {@code FERNET_KEY}, local
 * access tokens under {@code BACKEND_SECRET_KEY} (always accepted) and, when {@code SUPABASE_PROJECT_URL} or
 * {@code SUPABASE_JWT_SECRET} is set, Supabase access tokens.
 */
final class IdentityWiring {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityWiring.class);

    private IdentityWiring() {}

    static OrganizationUseCases organization(
            Settings settings,
            io.draftnrun.adapter.out.postgres.PostgresDatabase database,
            DataChanges changes,
            Duration keepFor,
            ProjectOwnership projects,
            Clock clock) {
        var backend = database.dsl();
        String backendSecret = settings.required("BACKEND_SECRET_KEY", "(it signs tokens and salts API keys)");
        String fernetKey = settings.required("FERNET_KEY", "(it encrypts organization secrets)");
        FernetSecretCipher cipher;
        try {
            cipher = new FernetSecretCipher(fernetKey);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        LocalJwtTokens local = new LocalJwtTokens(backendSecret, clock);
        List<TokenVerifier> verifiers = new ArrayList<>(List.of(local));
        Optional<URI> supabaseUrl = settings.httpUrl("SUPABASE_PROJECT_URL");
        Optional<String> supabaseSecret = settings.get("SUPABASE_JWT_SECRET");
        if (supabaseUrl.isPresent() || supabaseSecret.isPresent()) {
            Duration minRefresh =
                    Duration.ofSeconds(settings.integer("SUPABASE_JWKS_MIN_REFRESH_SECONDS", 10, 0, 3600));
            verifiers.add(new SupabaseTokenVerifier(supabaseUrl, supabaseSecret, minRefresh));
            LOG.info(
                    "identity: Supabase access tokens ({}) and local accounts",
                    supabaseUrl.isPresent() ? "JWKS of the project" : "legacy HS256 secret");
        } else {
            LOG.info("identity: local accounts (no SUPABASE_PROJECT_URL or SUPABASE_JWT_SECRET)");
        }
        var ports = new OrganizationUseCases.Ports(
                new JooqUserRepository(backend),
                // read by every authenticated request and every REST run: kept while the database announces changes
                new CachedUserAccess(new JooqUserAccess(backend), changes, clock, keepFor),
                new JooqOrganizationRepository(backend),
                new JooqInvitationRepository(backend),
                new JooqApiKeyRepository(backend),
                new CachedApiKeyGrants(new JooqApiKeyGrants(backend), changes, clock, keepFor),
                new JooqRefreshTokenRepository(backend),
                // runs look a provider key up before every model call: kept 5 s, forgotten at once when changed here
                new CachedSecretRepository(new JooqOrganizationSecretRepository(backend), clock, Duration.ofSeconds(5)),
                projects,
                new BcryptPasswordHasher(settings.integer("BCRYPT_COST", 12, 4, 16)),
                local,
                verifiers,
                cipher);
        var policy = new OrganizationUseCases.AccountPolicy(
                settings.bool("OPEN_SIGNUP", false),
                Duration.ofHours(settings.integer("INVITATION_TTL_HOURS", 72, 1, 24 * 90)));
        return OrganizationUseCases.create(ports, backendSecret, policy, clock);
    }

    /** Bearer token → actor through the slice's {@code AuthenticateToken}. */
    static RequestAuthenticator authenticator(OrganizationUseCases organization) {
        AuthenticateToken tokens = organization.authenticateToken();
        return new RequestAuthenticator() {
            @Override
            public Optional<Actor> authenticate(Optional<String> bearerToken) {
                return bearerToken.map(tokens::handle);
            }

            @Override
            public Optional<Deferred> authenticateDeferred(Optional<String> bearerToken) {
                return bearerToken
                        .map(tokens::verify)
                        .map(identity -> new Deferred(identity.userId(), () -> tokens.actorOf(identity)));
            }
        };
    }
}

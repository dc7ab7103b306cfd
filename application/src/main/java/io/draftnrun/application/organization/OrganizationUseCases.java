package io.draftnrun.application.organization;

import io.draftnrun.application.organization.port.AccessTokenIssuer;
import io.draftnrun.application.organization.port.ApiKeyGrants;
import io.draftnrun.application.organization.port.ApiKeyRepository;
import io.draftnrun.application.organization.port.OrganizationRepository;
import io.draftnrun.application.organization.port.OrganizationSecretRepository;
import io.draftnrun.application.organization.port.PasswordHasher;
import io.draftnrun.application.organization.port.ProjectOwnership;
import io.draftnrun.application.organization.port.RefreshTokenRepository;
import io.draftnrun.application.organization.port.SecretCipher;
import io.draftnrun.application.organization.port.TokenVerifier;
import io.draftnrun.application.organization.port.UserAccess;
import io.draftnrun.application.organization.port.UserRepository;
import java.time.Clock;
import java.util.List;

/** Every use case of the organization slice, built once from the slice's ports (what bootstrap wires). */
public record OrganizationUseCases(
        SignIn signIn,
        RefreshSession refreshSession,
        AuthenticateToken authenticateToken,
        AuthenticateApiKey authenticateApiKey,
        EnsureFirstAdmin ensureFirstAdmin,
        CreateOrganization createOrganization,
        AddMember addMember,
        ChangeMemberRole changeMemberRole,
        RemoveMember removeMember,
        CreateApiKey createApiKey,
        RevokeApiKey revokeApiKey,
        SetOrganizationSecret setOrganizationSecret,
        DeleteOrganizationSecret deleteOrganizationSecret,
        OrganizationQueries queries,
        OrganizationSecrets secrets) {

    /** The ports the slice needs. */
    public record Ports(
            UserRepository users,
            UserAccess userAccess,
            OrganizationRepository organizations,
            ApiKeyRepository apiKeys,
            ApiKeyGrants apiKeyGrants,
            RefreshTokenRepository refreshTokens,
            OrganizationSecretRepository secrets,
            ProjectOwnership projects,
            PasswordHasher passwordHasher,
            AccessTokenIssuer accessTokens,
            List<TokenVerifier> tokenVerifiers,
            SecretCipher cipher) {}

    /**
     * @param backendSecret {@code BACKEND_SECRET_KEY}, the salt of API-key hashes
     */
    public static OrganizationUseCases create(Ports p, String backendSecret, Clock clock) {
        ApiKeyHashing hashing = new ApiKeyHashing(backendSecret);
        SessionIssuer sessions = new SessionIssuer(p.accessTokens(), p.refreshTokens(), clock);
        return new OrganizationUseCases(
                new SignIn(p.users(), p.passwordHasher(), sessions, new SignInThrottle(clock)),
                new RefreshSession(p.refreshTokens(), p.users(), sessions, clock),
                new AuthenticateToken(p.tokenVerifiers(), p.users(), p.userAccess()),
                new AuthenticateApiKey(p.apiKeyGrants(), hashing),
                new EnsureFirstAdmin(p.users(), p.passwordHasher(), clock),
                new CreateOrganization(p.organizations(), clock),
                new AddMember(p.organizations(), p.users(), clock),
                new ChangeMemberRole(p.organizations()),
                new RemoveMember(p.organizations()),
                new CreateApiKey(p.apiKeys(), p.projects(), hashing, clock),
                new RevokeApiKey(p.apiKeys(), p.projects(), clock),
                new SetOrganizationSecret(p.organizations(), p.secrets(), p.cipher(), clock),
                new DeleteOrganizationSecret(p.secrets()),
                new OrganizationQueries(p.organizations(), p.apiKeys(), p.secrets(), p.projects()),
                new OrganizationSecrets(p.secrets(), p.cipher()));
    }
}

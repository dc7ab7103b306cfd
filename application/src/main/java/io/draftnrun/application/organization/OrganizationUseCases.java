package io.draftnrun.application.organization;

import io.draftnrun.application.organization.port.AccessTokenIssuer;
import io.draftnrun.application.organization.port.ApiKeyGrants;
import io.draftnrun.application.organization.port.ApiKeyRepository;
import io.draftnrun.application.organization.port.InvitationRepository;
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
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** Every use case of the organization slice, built once from the slice's ports (what bootstrap wires). */
public record OrganizationUseCases(
        SignIn signIn,
        RefreshSession refreshSession,
        ChangePassword changePassword,
        SignUp signUp,
        AuthenticateToken authenticateToken,
        AuthenticateApiKey authenticateApiKey,
        EnsureFirstAdmin ensureFirstAdmin,
        CreateOrganization createOrganization,
        AddMember addMember,
        InviteMember inviteMember,
        RevokeInvitation revokeInvitation,
        AcceptInvitation acceptInvitation,
        CreateUser createUser,
        ChangeMemberRole changeMemberRole,
        RemoveMember removeMember,
        DeleteUser deleteUser,
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
            InvitationRepository invitations,
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
     * How people join.
     *
     * @param openSignUp {@code OPEN_SIGNUP}: anyone may create an account with {@code signUp}
     * @param invitationLifetime {@code INVITATION_TTL_HOURS}: how long an invitation may be accepted
     */
    public record AccountPolicy(boolean openSignUp, Duration invitationLifetime) {
        public static final Duration DEFAULT_INVITATION_LIFETIME = Duration.ofHours(72);

        public AccountPolicy {
            Objects.requireNonNull(invitationLifetime, "invitationLifetime");
            if (invitationLifetime.isNegative() || invitationLifetime.isZero()) {
                throw new IllegalArgumentException("an invitation must live a while");
            }
        }

        /** Sign-up closed, invitations valid 72 hours. */
        public static AccountPolicy defaults() {
            return new AccountPolicy(false, DEFAULT_INVITATION_LIFETIME);
        }
    }

    /**
     * @param backendSecret {@code BACKEND_SECRET_KEY}, the salt of API-key hashes
     */
    public static OrganizationUseCases create(Ports p, String backendSecret, Clock clock) {
        return create(p, backendSecret, AccountPolicy.defaults(), clock);
    }

    public static OrganizationUseCases create(Ports p, String backendSecret, AccountPolicy policy, Clock clock) {
        ApiKeyHashing hashing = new ApiKeyHashing(backendSecret);
        SessionIssuer sessions = new SessionIssuer(p.accessTokens(), p.refreshTokens(), clock);
        // one throttle: guesses through login and changePassword count alike
        SignInThrottle throttle = new SignInThrottle(clock);
        return new OrganizationUseCases(
                new SignIn(p.users(), p.passwordHasher(), sessions, throttle),
                new RefreshSession(p.refreshTokens(), p.users(), sessions, clock),
                new ChangePassword(p.users(), p.passwordHasher(), sessions, throttle, clock),
                new SignUp(policy.openSignUp(), p.users(), p.passwordHasher(), sessions, clock),
                new AuthenticateToken(p.tokenVerifiers(), p.users(), p.userAccess()),
                new AuthenticateApiKey(p.apiKeyGrants(), hashing),
                new EnsureFirstAdmin(p.users(), p.passwordHasher(), clock),
                new CreateOrganization(p.organizations(), clock),
                new AddMember(p.organizations(), p.users(), clock),
                new InviteMember(p.organizations(), p.invitations(), policy.invitationLifetime(), clock),
                new RevokeInvitation(p.invitations(), clock),
                new AcceptInvitation(
                        p.invitations(), p.organizations(), p.users(), p.passwordHasher(), sessions, clock),
                new CreateUser(p.organizations(), p.users(), p.passwordHasher(), clock),
                new ChangeMemberRole(p.organizations()),
                new RemoveMember(p.organizations()),
                new DeleteUser(p.users(), clock),
                new CreateApiKey(p.apiKeys(), p.projects(), hashing, clock),
                new RevokeApiKey(p.apiKeys(), p.projects(), clock),
                new SetOrganizationSecret(p.organizations(), p.secrets(), p.cipher(), clock),
                new DeleteOrganizationSecret(p.secrets()),
                new OrganizationQueries(
                        p.organizations(), p.apiKeys(), p.secrets(), p.projects(), p.invitations(), clock),
                new OrganizationSecrets(p.secrets(), p.cipher()));
    }
}

package io.draftnrun.application.organization.fake;

import io.draftnrun.application.organization.UserAccount;
import io.draftnrun.application.organization.port.UserRepository;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.OrganizationMembers;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

public final class InMemoryUserRepository implements UserRepository {
    private final Map<UserId, UserAccount> users = new ConcurrentHashMap<>();
    private final InMemoryOrganizationRepository organizations;
    private final InMemoryRefreshTokenRepository refreshTokens;

    public InMemoryUserRepository() {
        this(new InMemoryOrganizationRepository(), new InMemoryRefreshTokenRepository());
    }

    /** Users whose deletion and password changes also reach these memberships and refresh tokens. */
    public InMemoryUserRepository(
            InMemoryOrganizationRepository organizations, InMemoryRefreshTokenRepository refreshTokens) {
        this.organizations = organizations;
        this.refreshTokens = refreshTokens;
    }

    @Override
    public Optional<UserAccount> findById(UserId id) {
        return Optional.ofNullable(users.get(id));
    }

    @Override
    public Optional<UserAccount> findByEmail(String email) {
        String wanted = normalized(email);
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        return users.values().stream()
                .filter(u -> !u.email().isEmpty() && u.email().equals(wanted))
                .findFirst();
    }

    @Override
    public synchronized void create(UserAccount account) {
        if (!account.email().isBlank() && findByEmail(account.email()).isPresent()) {
            throw new DomainException(ErrorCode.CONFLICT, "e-mail taken");
        }
        users.put(
                account.id(),
                new UserAccount(
                        account.id(),
                        normalized(account.email()),
                        account.passwordHash(),
                        account.platformAdmin(),
                        account.createdAt(),
                        account.passwordChangeRequired(),
                        account.sessionEpoch(),
                        account.deletedAt()));
    }

    /** As the store keeps e-mails: stripped and lower-case, blank as none. */
    private static String normalized(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public synchronized void rememberExternal(UserId id, String email) {
        if (users.containsKey(id) || (!email.isBlank() && findByEmail(email).isPresent())) {
            return;
        }
        users.put(id, new UserAccount(id, normalized(email), Optional.empty(), false, Instant.EPOCH));
    }

    @Override
    public boolean anyPlatformAdmin() {
        return users.values().stream().anyMatch(u -> u.platformAdmin() && !u.deleted());
    }

    @Override
    public synchronized void changePassword(UserId id, String passwordHash, boolean changeRequired, Instant at) {
        UserAccount u = findById(id).filter(a -> !a.deleted()).orElseThrow(() -> DomainException.notFound("user"));
        users.put(
                id,
                new UserAccount(
                        id,
                        u.email(),
                        Optional.of(passwordHash),
                        u.platformAdmin(),
                        u.createdAt(),
                        changeRequired,
                        u.sessionEpoch() + 1,
                        Optional.empty()));
        refreshTokens.revokeAllOf(id, at);
    }

    @Override
    public synchronized void delete(UserId id, Instant at) {
        UserAccount u = findById(id).filter(a -> !a.deleted()).orElseThrow(() -> DomainException.notFound("user"));
        synchronized (organizations) {
            Map<OrganizationId, OrganizationMembers> after = new HashMap<>();
            organizations
                    .membershipsOf(id)
                    .keySet()
                    .forEach(org -> after.put(org, organizations.members(org).remove(id)));
            after.forEach((org, members) -> organizations.modifyMembers(org, m -> members));
        }
        refreshTokens.revokeAllOf(id, at);
        users.put(
                id,
                new UserAccount(
                        id, "", Optional.empty(), false, u.createdAt(), false, u.sessionEpoch() + 1, Optional.of(at)));
    }
}

package io.draftnrun.application.organization.fake;

import io.draftnrun.application.organization.UserAccount;
import io.draftnrun.application.organization.port.UserRepository;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

public final class InMemoryUserRepository implements UserRepository {
    private final Map<UserId, UserAccount> users = new ConcurrentHashMap<>();

    @Override
    public Optional<UserAccount> findById(UserId id) {
        return Optional.ofNullable(users.get(id));
    }

    @Override
    public Optional<UserAccount> findByEmail(String email) {
        String wanted = email.toLowerCase(Locale.ROOT);
        return users.values().stream().filter(u -> u.email().equals(wanted)).findFirst();
    }

    @Override
    public synchronized void create(UserAccount account) {
        if (!account.email().isEmpty() && findByEmail(account.email()).isPresent()) {
            throw new DomainException(ErrorCode.CONFLICT, "e-mail taken");
        }
        users.put(account.id(), account);
    }

    @Override
    public synchronized void rememberExternal(UserId id, String email) {
        if (users.containsKey(id) || (!email.isEmpty() && findByEmail(email).isPresent())) {
            return;
        }
        users.put(id, new UserAccount(id, email, Optional.empty(), false, Instant.EPOCH));
    }

    @Override
    public boolean anyPlatformAdmin() {
        return users.values().stream().anyMatch(UserAccount::platformAdmin);
    }
}

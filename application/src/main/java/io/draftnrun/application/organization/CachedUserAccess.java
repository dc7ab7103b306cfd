package io.draftnrun.application.organization;

import io.draftnrun.application.organization.port.UserAccess;
import io.draftnrun.application.shared.ChangeAwareCache;
import io.draftnrun.application.shared.port.DataChanges;
import io.draftnrun.domain.organization.UserId;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps what signed-in users may do (account and memberships, read by every authenticated request) in memory while the
 * feed of data changes is live; a user's access is forgotten as soon as the account or one of its memberships changes,
 * on any instance, so role changes still apply at once.
 */
public final class CachedUserAccess implements UserAccess {
    private final UserAccess delegate;
    private final ChangeAwareCache<UserId, Access> access;

    public CachedUserAccess(UserAccess delegate, DataChanges changes, Clock clock, Duration keepFor) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.access = new ChangeAwareCache<>(clock, keepFor, 10_000);
        changes.subscribe(access.listener(this::changed));
    }

    @Override
    public Access of(UserId user) {
        return access.get(user, () -> delegate.of(user), a -> true);
    }

    private void changed(DataChanges.Change change) {
        if (change instanceof DataChanges.Change.UserChanged(Optional<UserId> user)) {
            user.ifPresentOrElse(access::forget, access::forgetAll);
        }
    }

    /** Users kept now (for tests). */
    int kept() {
        return access.size();
    }
}

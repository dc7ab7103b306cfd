package io.draftnrun.application.organization.port;

import io.draftnrun.application.organization.UserAccount;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Role;
import io.draftnrun.domain.organization.UserId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a signed-in user may do, read in one look-up per request (role changes apply at once): the user's account, when
 * known, and memberships.
 */
public interface UserAccess {

    /** The account (empty for a user known only from an external token) and the user's role per organization. */
    record Access(Optional<UserAccount> account, Map<OrganizationId, Role> memberships) {
        public Access {
            Objects.requireNonNull(account, "account");
            memberships = Map.copyOf(memberships);
        }
    }

    Access of(UserId user);
}

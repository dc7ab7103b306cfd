package io.draftnrun.application.organization.port;

import io.draftnrun.application.organization.UserAccount;
import io.draftnrun.domain.organization.UserId;
import java.time.Instant;
import java.util.Optional;

/** Users known to this backend. E-mails are stored lower-case and are unique when present. */
public interface UserRepository {
    /** The account, deleted ones (tombstones) included. */
    Optional<UserAccount> findById(UserId id);

    /** The account holding the e-mail (a deleted one holds none). */
    Optional<UserAccount> findByEmail(String email);

    /** Inserts a user; throws CONFLICT when the e-mail is taken. */
    void create(UserAccount account);

    /** Records a user seen through an external token unless already known (by id or e-mail). */
    void rememberExternal(UserId id, String email);

    boolean anyPlatformAdmin();

    /**
     * Replaces the password (hash) and whether it must be changed at the next sign-in, and ends every session of the
     * user, in one transaction: the session epoch is raised (access tokens issued before are refused) and every
     * refresh token is revoked.
     */
    void changePassword(UserId id, String passwordHash, boolean changeRequired, Instant at);

    /**
     * Deletes the account in one transaction: removes its memberships, unless that leaves an organization without an
     * admin (FAILED_PRECONDITION, nothing written); revokes its refresh tokens; keeps a tombstone without e-mail or
     * password whose session epoch is raised, so that no token of it works again. NOT_FOUND for an unknown or already
     * deleted user.
     */
    void delete(UserId id, Instant at);
}

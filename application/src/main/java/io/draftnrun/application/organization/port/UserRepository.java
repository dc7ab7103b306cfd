package io.draftnrun.application.organization.port;

import io.draftnrun.application.organization.UserAccount;
import io.draftnrun.domain.organization.UserId;
import java.util.Optional;

/** Users known to this backend. E-mails are stored lower-case and are unique when present. */
public interface UserRepository {
    Optional<UserAccount> findById(UserId id);

    Optional<UserAccount> findByEmail(String email);

    /** Inserts a user; throws CONFLICT when the e-mail is taken. */
    void create(UserAccount account);

    /** Records a user seen through an external token unless already known (by id or e-mail). */
    void rememberExternal(UserId id, String email);

    boolean anyPlatformAdmin();
}

package io.draftnrun.application.organization;

import io.draftnrun.application.organization.port.TokenVerifier;
import io.draftnrun.application.organization.port.UserAccess;
import io.draftnrun.application.organization.port.UserRepository;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a bearer token into an {@link Actor}: the first verifier responsible for the token checks it, then the
 * user's account and memberships are looked up (see {@link #actorOf}). Users seen for the first time through an
 * external token (Supabase) are remembered so they can be added to organizations by e-mail.
 */
public final class AuthenticateToken {
    private final List<TokenVerifier> verifiers;
    private final UserRepository users;
    private final UserAccess access;
    private final Set<Object> known = ConcurrentHashMap.newKeySet();

    public AuthenticateToken(List<TokenVerifier> verifiers, UserRepository users, UserAccess access) {
        if (verifiers.isEmpty()) {
            throw new IllegalArgumentException("at least one token verifier");
        }
        this.verifiers = List.copyOf(verifiers);
        this.users = users;
        this.access = access;
    }

    public Actor handle(String token) {
        return actorOf(verify(token));
    }

    /** Checks the token's signature and validity (no database read); UNAUTHENTICATED when it is not valid. */
    public VerifiedIdentity verify(String token) {
        if (token == null || token.isBlank()) {
            throw new DomainException(ErrorCode.UNAUTHENTICATED, "empty bearer token");
        }
        VerifiedIdentity identity = null;
        for (TokenVerifier verifier : verifiers) {
            Optional<VerifiedIdentity> verified = verifier.verify(token);
            if (verified.isPresent()) {
                identity = verified.get();
                break;
            }
        }
        if (identity == null) {
            throw new DomainException(ErrorCode.UNAUTHENTICATED, "the token was not issued by a trusted issuer");
        }
        return identity;
    }

    /**
     * What a verified user may do now: account and memberships, read in one look-up that is kept in memory while the
     * database announces changes (so role changes, removals and deletions apply at the next request, with no read of
     * its own). A token of a deleted account is refused, and so is a local token of an unknown account or of an ended
     * session (its epoch is behind the account's: the password changed); an external user seen for the first time is
     * remembered.
     */
    public Actor actorOf(VerifiedIdentity identity) {
        UserAccess.Access found = access.of(identity.userId());
        Optional<UserAccount> account = found.account();
        if (account.isPresent() && account.get().deleted()) {
            throw new DomainException(ErrorCode.UNAUTHENTICATED, "this account was deleted");
        }
        if (identity.local()) {
            if (account.isEmpty()) {
                throw new DomainException(ErrorCode.UNAUTHENTICATED, "this account does not exist; sign in again");
            }
            if (account.get().sessionEpoch() != identity.sessionEpoch()) {
                throw new DomainException(
                        ErrorCode.UNAUTHENTICATED, "this session has ended (the password was changed); sign in again");
            }
        } else if (account.isEmpty() && known.size() < 100_000 && known.add(identity.userId())) {
            users.rememberExternal(identity.userId(), identity.email());
        }
        boolean platformAdmin = account.map(UserAccount::platformAdmin).orElse(false);
        String email = account.map(UserAccount::email).filter(e -> !e.isEmpty()).orElse(identity.email());
        return Actor.user(identity.userId(), email, found.memberships(), platformAdmin);
    }
}

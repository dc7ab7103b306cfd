package io.draftnrun.application.organization;

import io.draftnrun.application.organization.port.RefreshTokenRepository;
import io.draftnrun.application.organization.port.UserRepository;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.lang.System.Logger.Level;
import java.time.Clock;

/**
 * {@code refreshToken}: a refresh token (single use) gives a new session of the same family; an unknown, used,
 * revoked or expired one fails. A used one presented again means that it, or its successor, was stolen: every token
 * of its family is revoked, so whichever of the thief and the owner refreshes next is refused and signs in again.
 */
public final class RefreshSession {
    private static final System.Logger LOG = System.getLogger(RefreshSession.class.getName());

    public record Command(String refreshToken) {
        @Override
        public String toString() {
            return "RefreshSession.Command[****]";
        }
    }

    private final RefreshTokenRepository refreshTokens;
    private final UserRepository users;
    private final SessionIssuer sessions;
    private final Clock clock;

    public RefreshSession(
            RefreshTokenRepository refreshTokens, UserRepository users, SessionIssuer sessions, Clock clock) {
        this.refreshTokens = refreshTokens;
        this.users = users;
        this.sessions = sessions;
        this.clock = clock;
    }

    public Session handle(Command command) {
        String token =
                command.refreshToken() == null ? "" : command.refreshToken().strip();
        String hash = Hashing.sha256Hex(token);
        RefreshToken stored = refreshTokens.consume(hash, clock.instant()).orElseThrow(() -> {
            if (refreshTokens.revokeFamilyIfUsed(hash, clock.instant())) {
                LOG.log(Level.WARNING, "a used refresh token was presented again; its whole family is revoked");
            }
            return new DomainException(
                    ErrorCode.UNAUTHENTICATED, "the refresh token is unknown, used or expired; sign in again");
        });
        UserAccount user = users.findById(stored.user())
                .filter(u -> !u.deleted())
                .orElseThrow(() -> new DomainException(ErrorCode.UNAUTHENTICATED, "the account no longer exists"));
        return sessions.issue(user, stored.family());
    }
}

package io.draftnrun.application.organization;

import io.draftnrun.application.organization.port.RefreshTokenRepository;
import io.draftnrun.application.organization.port.UserRepository;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.Clock;

/** {@code refreshToken}: a refresh token (single use) gives a new session; an unknown, used or expired one fails. */
public final class RefreshSession {
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
        RefreshToken stored = refreshTokens
                .consume(Hashing.sha256Hex(token), clock.instant())
                .orElseThrow(() -> new DomainException(
                        ErrorCode.UNAUTHENTICATED, "the refresh token is unknown, used or expired; sign in again"));
        UserAccount user = users.findById(stored.user())
                .orElseThrow(() -> new DomainException(ErrorCode.UNAUTHENTICATED, "the account no longer exists"));
        return sessions.issue(new VerifiedIdentity(user.id(), user.email()));
    }
}

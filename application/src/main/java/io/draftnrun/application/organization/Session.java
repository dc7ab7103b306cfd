package io.draftnrun.application.organization;

import io.draftnrun.domain.organization.UserId;
import java.time.Instant;

/** A local session: a short-lived access token and a single-use refresh token (both shown only to the caller). */
public record Session(UserId userId, String accessToken, Instant accessTokenExpiresAt, String refreshToken) {
    @Override
    public String toString() {
        return "Session[" + userId + "]";
    }
}

package io.draftnrun.application.organization.port;

import io.draftnrun.application.organization.VerifiedIdentity;
import java.time.Duration;

/** Signs short-lived access tokens for local accounts (verified by the matching {@link TokenVerifier}). */
public interface AccessTokenIssuer {
    String issue(VerifiedIdentity identity, Duration lifetime);
}

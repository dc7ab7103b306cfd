package io.draftnrun.application.organization.port;

import io.draftnrun.application.organization.VerifiedIdentity;
import java.util.Optional;

/**
 * Verifies a bearer access token locally (signature, expiry, issuer, audience, subject). Returns empty when the token
 * is not one this verifier is responsible for (another issuer), so several verifiers can be tried in turn; throws a
 * DomainException UNAUTHENTICATED when it is responsible but the token is invalid.
 */
public interface TokenVerifier {
    Optional<VerifiedIdentity> verify(String token);
}

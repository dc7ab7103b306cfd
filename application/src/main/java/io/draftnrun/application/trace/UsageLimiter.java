package io.draftnrun.application.trace;

import io.draftnrun.application.trace.port.UsageLedger;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether an organization may still call models through the platform's own provider keys (spec 4.6): tokens used
 * that way are summed per organization and compared with a limit ({@code PLATFORM_TOKEN_LIMIT}, 2,000,000 by
 * default). Calls made with the organization's own keys are never limited, so the engine asks only before a call
 * that would use a platform key. The ledger is read at most once per {@code cacheFor} per organization.
 */
public final class UsageLimiter {
    private static final System.Logger LOG = System.getLogger(UsageLimiter.class.getName());
    public static final long DEFAULT_LIMIT = 2_000_000;

    private final UsageLedger ledger;
    private final long limit;
    private final Clock clock;
    private final Duration cacheFor;
    private final Map<OrganizationId, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(long tokens, Instant readAt) {}

    public UsageLimiter(UsageLedger ledger, long limit, Clock clock, Duration cacheFor) {
        if (limit < 0) {
            throw new IllegalArgumentException("the limit is never negative");
        }
        this.ledger = ledger;
        this.limit = limit;
        this.clock = clock;
        this.cacheFor = cacheFor;
    }

    public UsageLimiter(UsageLedger ledger, long limit) {
        this(ledger, limit, Clock.systemUTC(), Duration.ofSeconds(5));
    }

    public long limit() {
        return limit;
    }

    /** Tokens the organization has used through platform keys (as last read). */
    public long used(OrganizationId organization) {
        Instant now = clock.instant();
        Cached cached = cache.get(organization);
        if (cached != null && cached.readAt().plus(cacheFor).isAfter(now)) {
            return cached.tokens();
        }
        long tokens;
        try {
            tokens = ledger.platformTokens(organization);
        } catch (RuntimeException e) {
            // usage unknown (traces database down): do not block runs on a bookkeeping outage
            LOG.log(Level.DEBUG, "organization usage unavailable", e);
            return cached == null ? 0 : cached.tokens();
        }
        cache.put(organization, new Cached(tokens, now));
        return tokens;
    }

    /** Whether a call through a platform key is still allowed for the organization. */
    public boolean mayUsePlatformKeys(OrganizationId organization) {
        return used(organization) < limit;
    }

    /**
     * Throws FAILED_PRECONDITION, with a message asking for the organization's own key, when the organization has used
     * up the platform's allowance. {@code provider} names the provider, e.g. {@code openai}.
     */
    public void requirePlatformKeyAllowed(OrganizationId organization, String provider) {
        if (!mayUsePlatformKeys(organization)) {
            String p =
                    provider == null || provider.isBlank() ? "provider" : provider.toLowerCase(java.util.Locale.ROOT);
            throw new DomainException(
                    ErrorCode.FAILED_PRECONDITION,
                    "This organization has used the " + String.format(java.util.Locale.ROOT, "%,d", limit)
                            + " tokens allowed with the platform's " + p + " key. Add your own key as the organization"
                            + " secret '" + p + "_api_key' to keep using " + p + " models.");
        }
    }
}

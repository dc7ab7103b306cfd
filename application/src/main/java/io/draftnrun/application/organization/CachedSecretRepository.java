package io.draftnrun.application.organization;

import io.draftnrun.application.organization.port.OrganizationSecretRepository;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.SecretKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the answers of {@link #find} (the secret looked up before every model call: {@code openai_api_key}...) for a
 * short time, so runs do not read the database for it each time. Writes through this repository forget the key at
 * once; a change made on another server instance is seen after at most {@code keepFor}. Only encrypted values are
 * kept, as the database holds them. Listing is never cached.
 */
public final class CachedSecretRepository implements OrganizationSecretRepository {
    /** Entries kept at most; past it the cache starts again empty. */
    static final int MAX_ENTRIES = 10_000;

    private final OrganizationSecretRepository delegate;
    private final Clock clock;
    private final Duration keepFor;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    private record Key(OrganizationId organization, SecretKey key) {}

    private record Entry(Optional<StoredSecret> secret, Instant readAt) {}

    public CachedSecretRepository(OrganizationSecretRepository delegate, Clock clock, Duration keepFor) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.keepFor = Objects.requireNonNull(keepFor, "keepFor");
    }

    @Override
    public void upsert(StoredSecret secret) {
        entries.remove(new Key(secret.organization(), secret.key()));
        delegate.upsert(secret);
        entries.remove(new Key(secret.organization(), secret.key()));
    }

    @Override
    public List<StoredSecret> list(OrganizationId organization) {
        return delegate.list(organization);
    }

    @Override
    public Optional<StoredSecret> find(OrganizationId organization, SecretKey key) {
        Key k = new Key(organization, key);
        Instant now = clock.instant();
        Entry entry = entries.get(k);
        if (entry != null && entry.readAt().plus(keepFor).isAfter(now)) {
            return entry.secret();
        }
        Optional<StoredSecret> secret = delegate.find(organization, key);
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(k, new Entry(secret, now));
        return secret;
    }

    @Override
    public boolean delete(OrganizationId organization, SecretKey key) {
        entries.remove(new Key(organization, key));
        boolean deleted = delegate.delete(organization, key);
        entries.remove(new Key(organization, key));
        return deleted;
    }
}

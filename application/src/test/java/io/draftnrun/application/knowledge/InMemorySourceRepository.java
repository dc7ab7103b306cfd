package io.draftnrun.application.knowledge;

import io.draftnrun.application.knowledge.port.SourceRepository;
import io.draftnrun.domain.knowledge.Source;
import io.draftnrun.domain.knowledge.SourceId;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

public final class InMemorySourceRepository implements SourceRepository {
    private final Map<SourceId, Source> sources = new ConcurrentHashMap<>();

    @Override
    public synchronized void create(Source source) {
        if (sources.values().stream()
                .anyMatch(s -> s.organizationId().equals(source.organizationId())
                        && s.name().equals(source.name()))) {
            throw new DomainException(ErrorCode.CONFLICT, "duplicate source name");
        }
        sources.put(source.id(), source);
    }

    @Override
    public Optional<Source> find(SourceId id) {
        return Optional.ofNullable(sources.get(id));
    }

    @Override
    public List<Source> list(OrganizationId organization) {
        return sources.values().stream()
                .filter(s -> s.organizationId().equals(organization))
                .sorted(Comparator.comparing(Source::name))
                .toList();
    }

    @Override
    public synchronized void updateChunking(
            SourceId id, io.draftnrun.domain.knowledge.ChunkingOptions chunking, java.time.Instant now) {
        find(id).ifPresent(source -> sources.put(id, source.withChunking(chunking, now)));
    }

    @Override
    public void delete(SourceId id) {
        sources.remove(id);
    }
}

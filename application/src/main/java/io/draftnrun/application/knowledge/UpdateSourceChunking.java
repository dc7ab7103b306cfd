package io.draftnrun.application.knowledge;

import io.draftnrun.application.knowledge.port.SourceRepository;
import io.draftnrun.domain.knowledge.ChunkingOptions;
import io.draftnrun.domain.knowledge.Source;
import io.draftnrun.domain.knowledge.SourceId;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.Right;
import io.draftnrun.domain.shared.DomainException;
import java.time.Clock;

/**
 * Sets the chunk size and overlap (tokens) of a source, for WRITER members of its organization (NOT_FOUND for
 * outsiders). Files uploaded or re-uploaded afterwards and later database ingestions are chunked with them; chunks
 * already stored are kept until their file changes or is uploaded again.
 */
public final class UpdateSourceChunking {
    private final SourceRepository sources;
    private final Clock clock;

    public UpdateSourceChunking(SourceRepository sources, Clock clock) {
        this.sources = sources;
        this.clock = clock;
    }

    public record Command(SourceId source, int chunkSize, int chunkOverlap) {}

    public Source handle(Actor actor, Command command) {
        Source source = KnowledgeAccess.source(sources, actor, command.source(), Right.WRITER);
        ChunkingOptions options;
        try {
            options = new ChunkingOptions(command.chunkSize(), command.chunkOverlap());
        } catch (IllegalArgumentException e) {
            throw DomainException.validation(e.getMessage());
        }
        sources.updateChunking(source.id(), options, clock.instant());
        return source.withChunking(options, clock.instant());
    }
}

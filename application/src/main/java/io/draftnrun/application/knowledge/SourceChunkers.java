package io.draftnrun.application.knowledge;

import io.draftnrun.application.knowledge.port.TokenCounter;
import io.draftnrun.domain.knowledge.ChunkingOptions;
import io.draftnrun.domain.knowledge.MarkdownTreeChunker;
import io.draftnrun.domain.knowledge.Source;

/** The chunker of each source's own chunk sizes; the one of the sizes most sources use is built once and kept. */
public final class SourceChunkers {
    private final TokenCounter tokens;
    private final ChunkingOptions usual;
    private final MarkdownTreeChunker usualChunker;

    /** @param usual the chunk sizes most sources use */
    public SourceChunkers(TokenCounter tokens, ChunkingOptions usual) {
        this.tokens = tokens;
        this.usual = usual;
        this.usualChunker = new MarkdownTreeChunker(this.tokens, usual);
    }

    MarkdownTreeChunker of(Source source) {
        return source.chunking().equals(usual) ? usualChunker : new MarkdownTreeChunker(tokens, source.chunking());
    }
}

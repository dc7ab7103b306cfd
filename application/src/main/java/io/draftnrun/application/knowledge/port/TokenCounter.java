package io.draftnrun.application.knowledge.port;

import io.draftnrun.domain.knowledge.BoundedTokenCounter;

/**
 * Counts the tokens of a text the way the model the chunks are sized for does (o200k_base for gpt-4o-mini); the
 * chunkers take it as it is ({@link BoundedTokenCounter}).
 */
public interface TokenCounter extends BoundedTokenCounter {
    int count(String text);

    @Override
    default int applyAsInt(String text) {
        return count(text);
    }

    /**
     * The tokens of {@code text} when there are at most {@code limit}; otherwise any number above {@code limit}. A
     * counter that can stop once past the limit answers the chunker's "does it fit" questions faster.
     */
    @Override
    default int countUpTo(String text, int limit) {
        return count(text);
    }
}

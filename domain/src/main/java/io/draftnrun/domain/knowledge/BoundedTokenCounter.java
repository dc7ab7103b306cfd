package io.draftnrun.domain.knowledge;

import java.util.function.ToIntFunction;

/**
 * A token counter that can stop counting once a text is known to exceed a limit. The chunkers mostly ask whether a
 * text fits a chunk, and the texts they ask about are often twice that size: counting only up to the limit halves
 * the work. A plain {@link ToIntFunction} given to a chunker is always counted to the end.
 */
public interface BoundedTokenCounter extends ToIntFunction<String> {

    /** The tokens of {@code text} when there are at most {@code limit}; otherwise any number above {@code limit}. */
    int countUpTo(String text, int limit);

    /** {@code counter} itself when it is bounded, else one that counts every text to its end. */
    static BoundedTokenCounter of(ToIntFunction<String> counter) {
        if (counter instanceof BoundedTokenCounter bounded) {
            return bounded;
        }
        return new BoundedTokenCounter() {
            @Override
            public int applyAsInt(String text) {
                return counter.applyAsInt(text);
            }

            @Override
            public int countUpTo(String text, int limit) {
                return counter.applyAsInt(text);
            }
        };
    }
}

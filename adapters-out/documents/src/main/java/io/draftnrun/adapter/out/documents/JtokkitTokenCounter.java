package io.draftnrun.adapter.out.documents;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.draftnrun.application.knowledge.port.TokenCounter;

/**
 * Counts tokens with jtokkit's o200k_base, the encoding of gpt-4o-mini that the reference sizes its chunks with.
 * Special-token markers such as {@code <|endoftext|>} in a document are counted as ordinary text. Thread-safe.
 */
public final class JtokkitTokenCounter implements TokenCounter {
    private final Encoding encoding;

    public JtokkitTokenCounter() {
        this(EncodingType.O200K_BASE);
    }

    JtokkitTokenCounter(EncodingType type) {
        this.encoding = Encodings.newLazyEncodingRegistry().getEncoding(type);
    }

    @Override
    public int count(String text) {
        return text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
    }
}

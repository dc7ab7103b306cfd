package io.draftnrun.adapter.out.documents;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingResult;
import com.knuddels.jtokkit.api.EncodingType;
import io.draftnrun.application.knowledge.port.TokenCounter;

/**
 * Counts tokens with jtokkit's o200k_base, the encoding of gpt-4o-mini that the reference sizes its chunks with.
 * Special-token markers such as {@code <|endoftext|>} in a document are counted as ordinary text. Thread-safe. The
 * encoding (about 35 MB of heap) is loaded on the first count, not when the server starts: a server that never
 * chunks a document never holds it.
 */
public final class JtokkitTokenCounter implements TokenCounter {
    private final EncodingType type;
    private volatile Encoding encoding;

    public JtokkitTokenCounter() {
        this(EncodingType.O200K_BASE);
    }

    JtokkitTokenCounter(EncodingType type) {
        this.type = type;
    }

    @Override
    public int count(String text) {
        return text.isEmpty() ? 0 : encoding().countTokensOrdinary(text);
    }

    /**
     * Stops encoding once past {@code limit} tokens. A text whose first tokens do not decode back to a prefix of it
     * (unpaired surrogates) is counted to the end.
     */
    @Override
    public int countUpTo(String text, int limit) {
        if (text.isEmpty()) {
            return 0;
        }
        if (limit < 1) {
            return count(text);
        }
        EncodingResult result = encoding().encodeOrdinary(text, limit);
        if (!result.isTruncated()) {
            return result.getTokens().size();
        }
        return hasSurrogate(text) ? count(text) : limit + 1;
    }

    private static boolean hasSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the encoding was loaded (for tests). */
    boolean loaded() {
        return encoding != null;
    }

    private Encoding encoding() {
        Encoding e = encoding;
        if (e == null) {
            synchronized (this) {
                e = encoding;
                if (e == null) {
                    e = Encodings.newLazyEncodingRegistry().getEncoding(type);
                    encoding = e;
                }
            }
        }
        return e;
    }
}

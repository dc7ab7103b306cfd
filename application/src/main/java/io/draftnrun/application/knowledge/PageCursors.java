package io.draftnrun.application.knowledge;

import io.draftnrun.domain.shared.DomainException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque cursors of document and chunk pages, the same for every chunk store: a document's is its name and id, a
 * chunk's its index. A cursor that does not decode is VALIDATION.
 */
public final class PageCursors {
    private PageCursors() {}

    /** Where a page of documents resumes: after this name and id. */
    public record DocumentCursor(String name, String id) {}

    public static String document(String name, String id) {
        return b64(name) + "." + b64(id);
    }

    public static DocumentCursor document(String cursor) {
        try {
            int dot = cursor.indexOf('.');
            if (dot < 0) {
                throw new IllegalArgumentException("no separator");
            }
            return new DocumentCursor(unb64(cursor.substring(0, dot)), unb64(cursor.substring(dot + 1)));
        } catch (IllegalArgumentException e) {
            throw DomainException.validation("invalid cursor");
        }
    }

    public static String chunk(int index) {
        return b64("chunk:" + index);
    }

    public static int chunk(String cursor) {
        try {
            String raw = unb64(cursor);
            if (!raw.startsWith("chunk:")) {
                throw new IllegalArgumentException("not a chunk cursor");
            }
            return Integer.parseInt(raw.substring("chunk:".length()));
        } catch (IllegalArgumentException e) {
            throw DomainException.validation("invalid cursor");
        }
    }

    private static String b64(String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(String value) {
        return new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
    }
}

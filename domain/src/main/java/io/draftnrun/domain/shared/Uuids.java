package io.draftnrun.domain.shared;

import java.util.UUID;

/**
 * The one reader of the ids clients send (GraphQL arguments, REST path segments): a UUID in its canonical
 * 36-character form, any case. Anything else (empty, not hexadecimal, a huge string, the short forms
 * {@link UUID#fromString} tolerates) is a VALIDATION error naming the argument; the value itself is never echoed (it
 * may be megabytes long, or someone else's text).
 */
public final class Uuids {
    private static final int LENGTH = 36;

    private Uuids() {}

    /** {@code value} (named {@code name} in the message) as an id; null is refused as well. */
    public static UUID parse(Object value, String name) {
        if (value instanceof String text && canonical(text)) {
            return UUID.fromString(text);
        }
        throw DomainException.validation(
                name + " is not a valid id (a UUID such as 3f2b8c1e-0d4a-4e5b-9c6d-7e8f9a0b1c2d)");
    }

    private static boolean canonical(String s) {
        if (s.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = s.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (dash ? c != '-' : !hex) {
                return false;
            }
        }
        return true;
    }
}

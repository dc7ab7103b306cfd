package io.draftnrun.application.knowledge;

import io.draftnrun.domain.shared.DomainException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The key of a stored file, a {@code /}-separated path such as {@code org-1/source-2/report.pdf}. Keys are checked so
 * that no adapter can be led outside its storage: no empty, {@code .} or {@code ..} segment, no segment over 255 bytes, no leading or trailing
 * {@code /}, no backslash or control character, at most {@value #MAX_LENGTH} characters.
 */
public record BlobKey(String value) {
    public static final int MAX_LENGTH = 512;
    /** Most file systems refuse longer file names. */
    public static final int MAX_SEGMENT_BYTES = 255;

    public BlobKey {
        Objects.requireNonNull(value, "value");
        String problem = problem(value, false);
        if (problem != null) {
            throw DomainException.validation("Invalid file key '" + printable(value) + "': " + problem);
        }
    }

    public static BlobKey of(String value) {
        return new BlobKey(value);
    }

    /** Checks a listing prefix: like a key, but it may be empty and may end with {@code /}. */
    public static String checkPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.isEmpty()) {
            return prefix;
        }
        String body = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        String problem = body.isEmpty() ? "it must not be only '/'" : problem(body, true);
        if (problem != null) {
            throw DomainException.validation("Invalid file key prefix '" + printable(prefix) + "': " + problem);
        }
        return prefix;
    }

    /** The key of {@code name} under this key taken as a folder. */
    public BlobKey child(String name) {
        return new BlobKey(value + "/" + name);
    }

    /** The last segment, e.g. {@code report.pdf}. */
    public String fileName() {
        return value.substring(value.lastIndexOf('/') + 1);
    }

    @Override
    public String toString() {
        return value;
    }

    private static String problem(String value, boolean prefix) {
        if (value.isEmpty()) {
            return "it is empty";
        }
        if (value.length() > MAX_LENGTH) {
            return "it is longer than " + MAX_LENGTH + " characters";
        }
        if (value.startsWith("/")) {
            return "it must not start with '/'";
        }
        if (!prefix && value.endsWith("/")) {
            return "it must not end with '/'";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                return "it must not contain '\\'";
            }
            if (Character.isISOControl(c)) {
                return "it must not contain control characters";
            }
        }
        for (String segment : value.split("/", -1)) {
            if (segment.isEmpty()) {
                return "it must not contain '//'";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "it must not contain '.' or '..' segments";
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                return "a segment is longer than " + MAX_SEGMENT_BYTES + " bytes";
            }
        }
        return null;
    }

    private static String printable(String value) {
        String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}

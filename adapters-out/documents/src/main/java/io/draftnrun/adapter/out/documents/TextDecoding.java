package io.draftnrun.adapter.out.documents;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bytes of a text file to a string: UTF-8 (BOM stripped) unless a UTF-16 BOM says otherwise; bytes that are not valid
 * UTF-8 are read as windows-1252, the usual encoding of such files. Line endings become {@code \n}.
 */
final class TextDecoding {
    private TextDecoding() {}

    /** One character in this many may be unreadable before the bytes are taken for a binary file. */
    static final int MAX_UNREADABLE_SHARE = 20;

    /** The bytes are not readable text. */
    static final class NotText extends RuntimeException {
        NotText(int unreadable, int length) {
            super(unreadable + " of its " + length + " characters are control or unmappable characters");
        }
    }

    static String decode(byte[] bytes) {
        return readable(decodeRaw(bytes));
    }

    /** The text without its unreadable characters, or {@link NotText} when too many are. */
    static String readable(String text) {
        int unreadable = 0;
        for (int i = 0; i < text.length(); i++) {
            if (unreadable(text.charAt(i))) {
                unreadable++;
            }
        }
        if (unreadable == 0) {
            return text;
        }
        if (unreadable > Math.max(1, text.length() / MAX_UNREADABLE_SHARE)) {
            throw new NotText(unreadable, text.length());
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!unreadable(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean unreadable(char c) {
        if (c < 0x20) {
            return c != '\t' && c != '\n' && c != '\f';
        }
        return c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == '\uFFFD' || c == '\uFFFE' || c == '\uFFFF';
    }

    private static String decodeRaw(byte[] bytes) {
        String text;
        if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
            text = utf8OrLegacy(bytes, 3);
        } else if (startsWith(bytes, 0xFE, 0xFF)) {
            text = new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE);
        } else if (startsWith(bytes, 0xFF, 0xFE)) {
            text = new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE);
        } else {
            text = utf8OrLegacy(bytes, 0);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }

    private static String utf8OrLegacy(byte[] bytes, int offset) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset))
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, offset, bytes.length - offset, Charset.forName("windows-1252"));
        }
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}

package io.draftnrun.adapter.out.postgres.trace;

import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows of a {@code COPY ... FROM STDIN} in PostgreSQL's text format, encoded in UTF-8 straight into one growable byte
 * array (no intermediate strings): fields separated by tabs, rows ended by a newline, {@code \N} for NULL, and
 * backslash, tab, newline and carriage return escaped with a backslash. PostgreSQL text cannot hold NUL: it becomes
 * U+FFFD (the replacement character), here and in JSON ({@link SpanJson}), rather than failing the whole batch.
 * JSON values are written by Jackson through {@link #jsonOut()}, which escapes its bytes the same way (a backslash
 * byte never occurs inside a multi-byte UTF-8 sequence).
 *
 * <p>A batch is streamed ({@link #start}, {@link #rowEnded}, {@link #finish}): the rows go to PostgreSQL whenever
 * {@value #SEND_AT} bytes are written, at the end of a row, so the buffer stays far below G1's humongous size (half a
 * region: 512 KB with the server's 512 MB heap). One buffer of the whole batch (about 4 KB a span) was a humongous
 * allocation at every batch of more than about 128 spans, each starting a concurrent GC cycle.
 */
final class CopyText {
    /** Bytes written before they are sent to the COPY (at the end of a row). */
    static final int SEND_AT = 64 * 1024;

    private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

    private byte[] buf;
    private int len;
    private CopyIn copy;
    private final OutputStream jsonOut = new OutputStream() {
        @Override
        public void write(int b) {
            escaped((byte) b);
        }

        @Override
        public void write(byte[] bytes, int off, int n) {
            ensure(n * 2);
            for (int i = off; i < off + n; i++) {
                byte b = bytes[i];
                if (b == '\\' || b == '\n' || b == '\r' || b == '\t') {
                    escaped(b);
                } else {
                    buf[len++] = b;
                }
            }
        }
    };

    CopyText(int initialCapacity) {
        buf = new byte[Math.max(64, initialCapacity)];
    }

    /** Streams the rows written so far into {@code copySql} ({@code COPY ... FROM STDIN}), cancelled if it fails. */
    void copyIn(Connection connection, String copySql) throws SQLException {
        start(connection, copySql);
        finish();
    }

    /**
     * Opens {@code copySql} ({@code COPY ... FROM STDIN}) on the connection: from now on {@link #rowEnded} sends the
     * rows written once there are {@value #SEND_AT} bytes of them, and {@link #finish} sends the rest and ends the
     * COPY. A COPY not finished (a failure meanwhile) must be ended with {@link #cancel}.
     */
    void start(Connection connection, String copySql) throws SQLException {
        copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
    }

    /** At the end of a row: sends the rows written so far once they are {@value #SEND_AT} bytes or more. */
    void rowEnded() throws SQLException {
        if (copy != null && len >= SEND_AT) {
            copy.writeToCopy(buf, 0, len);
            len = 0;
        }
    }

    /** Sends the rows not sent yet and ends the COPY; cancelled if that fails. */
    void finish() throws SQLException {
        try {
            if (len > 0) {
                copy.writeToCopy(buf, 0, len);
                len = 0;
            }
            copy.endCopy();
        } finally {
            cancel();
        }
    }

    /** Cancels the COPY if it is still going (nothing of it is stored). */
    void cancel() throws SQLException {
        if (copy != null && copy.isActive()) {
            copy.cancelCopy();
        }
    }

    /** Where the next byte goes; {@link #reset} comes back to it (a value that could not be written). */
    int mark() {
        return len;
    }

    void reset(int mark) {
        len = mark;
    }

    /** A stream for Jackson: the bytes of a JSON text, escaped for the text format. */
    OutputStream jsonOut() {
        return jsonOut;
    }

    CopyText tab() {
        return ascii('\t');
    }

    CopyText endRow() {
        return ascii('\n');
    }

    CopyText nul() {
        ensure(2);
        buf[len++] = '\\';
        buf[len++] = 'N';
        return this;
    }

    /** Text, or NULL when absent. */
    CopyText text(String s) {
        if (s == null) {
            return nul();
        }
        int n = s.length();
        ensure(n * 3); // 3 bytes per char at most (a surrogate pair: 4 bytes for 2 chars)
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '\\' -> pair('\\');
                    case '\n' -> pair('n');
                    case '\r' -> pair('r');
                    case '\t' -> pair('t');
                    case 0 -> replacement();
                    default -> buf[len++] = (byte) c;
                }
            } else if (c < 0x800) {
                buf[len++] = (byte) (0xC0 | (c >> 6));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[len++] = (byte) (0xF0 | (cp >> 18));
                buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                buf[len++] = '?'; // a lone surrogate, as String.getBytes(UTF_8) writes it
            } else {
                buf[len++] = (byte) (0xE0 | (c >> 12));
                buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return this;
    }

    /** Text known to be ASCII without characters to escape (ids, enum names). */
    CopyText ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
        return this;
    }

    CopyText number(long v) {
        if (v >= 0 && v < 10) {
            return ascii((char) ('0' + v));
        }
        return ascii(Long.toString(v));
    }

    CopyText bool(boolean v) {
        return ascii(v ? 't' : 'f');
    }

    CopyText uuid(UUID v) {
        return v == null ? nul() : ascii(v.toString());
    }

    /** An instant in UTC to the microsecond ({@code 2025-01-31 23:59:59.123456+00}), cut as PostgreSQL keeps it. */
    CopyText timestamp(Instant t) {
        long seconds = t.getEpochSecond();
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        int year = day.getYear();
        if (year < 1 || year > 9999) {
            return ascii(t.toString()); // ISO-8601, which PostgreSQL reads too
        }
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        ensure(32);
        digits(year, 4);
        buf[len++] = '-';
        digits(day.getMonthValue(), 2);
        buf[len++] = '-';
        digits(day.getDayOfMonth(), 2);
        buf[len++] = ' ';
        digits(secondOfDay / 3600, 2);
        buf[len++] = ':';
        digits(secondOfDay / 60 % 60, 2);
        buf[len++] = ':';
        digits(secondOfDay % 60, 2);
        buf[len++] = '.';
        digits(t.getNano() / 1000, 6);
        buf[len++] = '+';
        buf[len++] = '0';
        buf[len++] = '0';
        return this;
    }

    private void digits(int v, int width) {
        for (int i = width - 1; i >= 0; i--) {
            buf[len + i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len += width;
    }

    private CopyText ascii(char c) {
        ensure(1);
        buf[len++] = (byte) c;
        return this;
    }

    private void pair(char escape) {
        buf[len++] = '\\';
        buf[len++] = (byte) escape;
    }

    private void escaped(byte b) {
        ensure(2);
        switch (b) {
            case '\\' -> pair('\\');
            case '\n' -> pair('n');
            case '\r' -> pair('r');
            case '\t' -> pair('t');
            default -> buf[len++] = b;
        }
    }

    private void replacement() {
        System.arraycopy(REPLACEMENT, 0, buf, len, 3);
        len += 3;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}

package io.draftnrun.adapter.out.jdbc;

import io.draftnrun.application.components.sql.SqlQueryResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Layer 5 of the SQL guard (ADR 0008): reads rows under a byte budget per cell and per result, counting while it
 * reads, so a huge value or result ends as a {@link TooLarge} failure instead of filling the heap. Text and binary
 * cells are read as streams and never kept beyond what is shown ({@code shownChars} characters of text; binary values
 * show as their size). The drivers are also told the budget where they can enforce it before a value is loaded
 * (PostgreSQL {@code maxResultBuffer}, SQLite {@code limit_length}); see {@link JdbcExternalSqlGateway}.
 */
final class BoundedResultReader {
    private final long maxCellBytes;
    private final long maxResultBytes;
    private final int shownChars;
    private long resultBytes;

    /** The budget ran out; the message says which and what to do, for the model. */
    static final class TooLarge extends RuntimeException {
        TooLarge(String message) {
            super(message, null, false, false);
        }
    }

    BoundedResultReader(long maxCellBytes, long maxResultBytes, int shownChars) {
        this.maxCellBytes = maxCellBytes;
        this.maxResultBytes = maxResultBytes;
        this.shownChars = shownChars;
    }

    /** Up to {@code maxRows} rows; {@code truncated} when there were more. */
    SqlQueryResult read(ResultSet rs, int maxRows) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int count = meta.getColumnCount();
        List<String> columns = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            columns.add(meta.getColumnLabel(i));
        }
        List<List<Object>> rows = new ArrayList<>();
        boolean truncated = false;
        while (rs.next()) {
            if (rows.size() == maxRows) {
                truncated = true;
                break;
            }
            List<Object> row = new ArrayList<>(count);
            for (int i = 1; i <= count; i++) {
                row.add(cell(rs, meta, i));
            }
            rows.add(row);
        }
        Optional<String> note = truncated
                ? Optional.of("The result has more than " + maxRows + " rows; only the first " + maxRows
                        + " are shown. Add a LIMIT, filter or aggregate to see the rest.")
                : Optional.empty();
        return new SqlQueryResult(columns, rows, truncated, note);
    }

    /** One cell: null, a Boolean, a Number or text (binary values as {@code <n bytes>}). */
    Object cell(ResultSet rs, ResultSetMetaData meta, int index) throws SQLException {
        return switch (meta.getColumnType(index)) {
            case Types.BOOLEAN, Types.BIT -> small(rs.getObject(index));
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> {
                Object value = rs.getObject(index);
                yield value instanceof Number n && !(value instanceof BigDecimal)
                        ? count(n.longValue(), 8)
                        : small(value);
            }
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> {
                Object value = rs.getObject(index);
                yield value instanceof Number n ? count(n.doubleValue(), 8) : small(value);
            }
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> binary(rs, meta, index);
            default -> text(rs, meta, index);
        };
    }

    private Object small(Object value) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case Boolean b -> count(b, 1);
            case Integer i -> count(i.longValue(), 8);
            case Short s -> count(s.longValue(), 8);
            case Byte b -> count(b.longValue(), 8);
            case Long l -> count(l, 8);
            case Float f -> count(f.doubleValue(), 8);
            case Double d -> count(Double.isFinite(d) ? d : d.toString(), 8);
            default -> {
                String text = value.toString();
                count(text, 2L * text.length());
                yield text;
            }
        };
    }

    private <T> T count(T value, long bytes) {
        resultBytes += bytes;
        if (resultBytes > maxResultBytes) {
            throw resultTooLarge();
        }
        return value;
    }

    private TooLarge resultTooLarge() {
        return new TooLarge(tooLargeMessage());
    }

    /** Why a result over the budget was stopped, for the model. */
    String tooLargeMessage() {
        return "the result is larger than " + human(maxResultBytes) + "; select fewer rows or columns, aggregate, or"
                + " cut long values (e.g. left(column, 200))";
    }

    private TooLarge cellTooLarge(ResultSetMetaData meta, int index) throws SQLException {
        return new TooLarge("a value in column " + meta.getColumnLabel(index) + " is larger than " + human(maxCellBytes)
                + "; select part of it (e.g. left(column, 200)) or its length instead");
    }

    private Object binary(ResultSet rs, ResultSetMetaData meta, int index) throws SQLException {
        try (InputStream in = rs.getBinaryStream(index)) {
            if (in == null) {
                return null;
            }
            byte[] buffer = new byte[8192];
            long size = 0;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                size += n;
                charge(size, n, meta, index);
            }
            return "<" + size + " bytes>";
        } catch (IOException e) {
            throw new SQLException("reading a binary value failed: " + e.getMessage(), e);
        }
    }

    private Object text(ResultSet rs, ResultSetMetaData meta, int index) throws SQLException {
        Reader reader;
        try {
            reader = rs.getCharacterStream(index);
        } catch (SQLException e) {
            Object value = rs.getObject(index);
            if (value == null) {
                return null;
            }
            reader = new java.io.StringReader(value instanceof java.sql.Array a ? a.toString() : value.toString());
        }
        if (reader == null) {
            return null;
        }
        try (Reader in = reader) {
            StringBuilder shown = new StringBuilder();
            char[] buffer = new char[8192];
            long bytes = 0;
            boolean cut = false;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                long chunk = utf8Length(buffer, n);
                bytes += chunk;
                charge(bytes, chunk, meta, index);
                int room = shownChars - shown.length();
                if (room > 0) {
                    shown.append(buffer, 0, Math.min(room, n));
                }
                cut |= n > room;
            }
            return cut ? shown + "…" : shown.toString();
        } catch (IOException e) {
            throw new SQLException("reading a value failed: " + e.getMessage(), e);
        }
    }

    private void charge(long cellSoFar, long chunk, ResultSetMetaData meta, int index) throws SQLException {
        if (cellSoFar > maxCellBytes) {
            throw cellTooLarge(meta, index);
        }
        resultBytes += chunk;
        if (resultBytes > maxResultBytes) {
            throw resultTooLarge();
        }
    }

    private static long utf8Length(char[] chars, int n) {
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            char c = chars[i];
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    static String human(long bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MB";
        }
        if (bytes % 1024 == 0) {
            return bytes / 1024 + " KB";
        }
        return bytes + " bytes";
    }
}

package io.draftnrun.application.components.sql;

import java.util.List;

/**
 * Renders columns and rows as a GitHub-flavoured markdown table. Cells are escaped so a value can never break
 * the table: {@code |} becomes {@code \|}, line breaks become {@code <br>}; {@code null} shows as {@code NULL}.
 */
public final class MarkdownTable {
    private MarkdownTable() {}

    public static String render(List<String> columns, List<? extends List<?>> rows) {
        if (columns.isEmpty()) {
            return "(no columns)";
        }
        StringBuilder out = new StringBuilder();
        line(out, columns);
        out.append('\n').append('|');
        out.append(" --- |".repeat(columns.size()));
        for (List<?> row : rows) {
            out.append('\n');
            line(out, row);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<?> cells) {
        out.append('|');
        for (Object cell : cells) {
            out.append(' ').append(escape(cell)).append(" |");
        }
    }

    static String escape(Object cell) {
        if (cell == null) {
            return "NULL";
        }
        String text = cell.toString();
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '|' -> out.append("\\|");
                case '\\' -> out.append("\\\\");
                case '\r' -> {
                    out.append("<br>");
                    if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                }
                case '\n' -> out.append("<br>");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}

package io.draftnrun.adapter.out.documents;

import java.util.List;
import java.util.regex.Pattern;

/** Small helpers to write markdown from the readers. */
final class Markdown {
    private static final Pattern HEADER_LIKE = Pattern.compile("(?m)^(\\s{0,3})(#{1,6}[ \\t])");
    private static final Pattern BLANK_RUNS = Pattern.compile("\\n{3,}");
    private static final Pattern TRAILING_SPACES = Pattern.compile("(?m)[ \\t]+$");

    private Markdown() {}

    /** Text that must not be read as markdown headers (PDF text): a leading {@code #} is escaped. */
    static String escapeHeaders(String text) {
        return HEADER_LIKE.matcher(text).replaceAll("$1\\\\$2");
    }

    /** Trailing spaces dropped, at most one blank line in a row, no blank start or end. */
    static String tidy(String text) {
        String tidy = TRAILING_SPACES.matcher(text).replaceAll("");
        return BLANK_RUNS.matcher(tidy).replaceAll("\n\n").strip();
    }

    static String heading(int level, String title) {
        return "#".repeat(Math.max(1, Math.min(6, level))) + " " + oneLine(title);
    }

    static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    /** A markdown table; the first row is the header. Rows shorter than the widest are padded. */
    static String table(List<List<String>> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        int width = rows.stream().mapToInt(List::size).max().orElse(0);
        if (width == 0) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            out.append('|');
            for (int c = 0; c < width; c++) {
                String cell = c < rows.get(r).size() ? rows.get(r).get(c) : "";
                out.append(' ').append(oneLine(cell).replace("|", "\\|")).append(" |");
            }
            out.append('\n');
            if (r == 0) {
                out.append('|').append(" --- |".repeat(width)).append('\n');
            }
        }
        return out.toString().stripTrailing();
    }
}

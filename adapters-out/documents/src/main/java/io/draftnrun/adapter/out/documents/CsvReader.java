package io.draftnrun.adapter.out.documents;

import io.draftnrun.domain.knowledge.DocumentSection;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * CSV with commons-csv. The first record is the header; each following row becomes a paragraph of {@code column:
 * value} lines (empty values left out), rows separated by a blank line. We chose this over a markdown table because
 * a chunk cut from the middle of a table would lose its header row, while every row here names its columns, and the
 * chunker's splitter prefers blank-line boundaries, so rows stay whole. The delimiter ({@code ,} {@code ;} or tab) is
 * the one most frequent in the header line.
 */
final class CsvReader {
    private CsvReader() {}

    static List<DocumentSection> read(byte[] bytes) throws IOException {
        String text = TextDecoding.decode(bytes);
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setDelimiter(delimiter(text))
                .setIgnoreSurroundingSpaces(true)
                .setIgnoreEmptyLines(true)
                .get();
        List<String> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            List<String> headers = null;
            for (CSVRecord record : parser) {
                if (headers == null) {
                    headers = record.toList();
                    continue;
                }
                StringBuilder row = new StringBuilder();
                for (int i = 0; i < record.size(); i++) {
                    String value = Markdown.oneLine(record.get(i));
                    if (value.isEmpty()) {
                        continue;
                    }
                    String column = i < headers.size() && !headers.get(i).isBlank()
                            ? Markdown.oneLine(headers.get(i))
                            : "column " + (i + 1);
                    row.append(column).append(": ").append(value).append('\n');
                }
                if (!row.isEmpty()) {
                    rows.add(Markdown.escapeHeaders(row.toString().stripTrailing()));
                }
            }
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            throw new IOException(e.getMessage(), e);
        }
        return rows.isEmpty() ? List.of() : List.of(DocumentSection.of(String.join("\n\n", rows)));
    }

    private static char delimiter(String text) {
        int end = text.indexOf('\n');
        String header = end < 0 ? text : text.substring(0, end);
        char best = ',';
        long bestCount = header.chars().filter(c -> c == ',').count();
        for (char candidate : new char[] {';', '\t'}) {
            long count = header.chars().filter(c -> c == candidate).count();
            if (count > bestCount) {
                best = candidate;
                bestCount = count;
            }
        }
        return best;
    }
}

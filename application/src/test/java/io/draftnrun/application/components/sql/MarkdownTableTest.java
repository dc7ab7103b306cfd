package io.draftnrun.application.components.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MarkdownTableTest {
    @Test
    void rendersHeaderSeparatorAndRows() {
        String table = MarkdownTable.render(List.of("id", "name"), List.of(List.of(1, "Ada"), List.of(2, "Grace")));

        assertThat(table).isEqualTo("""
                | id | name |
                | --- | --- |
                | 1 | Ada |
                | 2 | Grace |""");
    }

    @Test
    void escapesPipesBackslashesAndLineBreaksSoACellCannotBreakTheTable() {
        String table = MarkdownTable.render(
                List.of("note"), List.of(List.of("a|b"), List.of("line1\nline2\r\nline3"), List.of("c:\\x")));

        assertThat(table.lines()).hasSize(5);
        assertThat(table).contains("| a\\|b |", "| line1<br>line2<br>line3 |", "| c:\\\\x |");
    }

    @Test
    void showsNullAsNullAndAnEmptyResultAsHeaderOnly() {
        assertThat(MarkdownTable.render(List.of("a", "b"), List.of(Arrays.asList(null, "x"))))
                .endsWith("| NULL | x |");
        assertThat(MarkdownTable.render(List.of("a"), List.of())).isEqualTo("| a |\n| --- |");
    }

    @Test
    void resultMarkdownEndsWithTheTruncationNote() {
        SqlQueryResult result = new SqlQueryResult(
                List.of("n"), List.of(List.of(1)), true, Optional.of("Only the first 1 rows are shown."));

        assertThat(result.toMarkdown()).endsWith("| 1 |\n\nOnly the first 1 rows are shown.");
        assertThat(new SqlQueryOutcome.Rows(result).toToolText()).startsWith("| n |");
        assertThat(new SqlQueryOutcome.Refused("not a read").toToolText()).isEqualTo("Query refused: not a read");
    }

    @Test
    void describesTablesWithColumnsForeignKeysAndSample() {
        var table = new DatabaseDescription.Table(
                "orders",
                List.of(
                        new DatabaseDescription.Column("id", "int4", false),
                        new DatabaseDescription.Column("customer_id", "int4", true)),
                List.of(new DatabaseDescription.ForeignKey("customer_id", "customers", "id")),
                Optional.of(SqlQueryResult.complete(List.of("id", "customer_id"), List.of(List.of(1, 7)))));

        assertThat(new DatabaseDescription("postgresql", List.of(table)).toMarkdown())
                .isEqualTo("""
                        Table: orders
                        Columns:
                        - id (int4, not null)
                        - customer_id (int4)
                        Foreign keys:
                        - customer_id -> customers.id
                        Sample row:
                        | id | customer_id |
                        | --- | --- |
                        | 1 | 7 |""");
    }
}

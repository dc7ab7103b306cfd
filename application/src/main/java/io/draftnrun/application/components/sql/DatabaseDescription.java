package io.draftnrun.application.components.sql;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the model is told about a database: its dialect ({@code postgresql}, {@code mysql}, {@code mariadb},
 * {@code sqlite}) and, per table, its columns with types, its foreign keys and one sample row.
 */
public record DatabaseDescription(String dialect, List<Table> tables) {
    public DatabaseDescription {
        Objects.requireNonNull(dialect, "dialect");
        tables = List.copyOf(tables);
    }

    public Optional<Table> table(String name) {
        return tables.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The schema as the prompts of the SQL components show it: one section per table. */
    public String toMarkdown() {
        StringBuilder out = new StringBuilder();
        for (Table table : tables) {
            if (!out.isEmpty()) {
                out.append("\n\n");
            }
            out.append(table.toMarkdown());
        }
        return out.toString();
    }

    /** One table (or view) with its columns, foreign keys and a sample row (empty when the table is empty). */
    public record Table(
            String name, List<Column> columns, List<ForeignKey> foreignKeys, Optional<SqlQueryResult> sample) {
        public Table {
            Objects.requireNonNull(name, "name");
            columns = List.copyOf(columns);
            foreignKeys = List.copyOf(foreignKeys);
            Objects.requireNonNull(sample, "sample");
        }

        public String toMarkdown() {
            StringBuilder out = new StringBuilder("Table: ").append(name).append("\nColumns:");
            for (Column column : columns) {
                out.append("\n- ").append(column.name()).append(" (").append(column.type());
                if (!column.nullable()) {
                    out.append(", not null");
                }
                out.append(')');
            }
            if (!foreignKeys.isEmpty()) {
                out.append("\nForeign keys:");
                for (ForeignKey fk : foreignKeys) {
                    out.append("\n- ")
                            .append(fk.column())
                            .append(" -> ")
                            .append(fk.referencedTable())
                            .append('.')
                            .append(fk.referencedColumn());
                }
            }
            sample.ifPresent(s -> out.append("\nSample row:\n").append(MarkdownTable.render(s.columns(), s.rows())));
            return out.toString();
        }
    }

    public record Column(String name, String type, boolean nullable) {
        public Column {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    /** {@code column} of this table references {@code referencedTable.referencedColumn}. */
    public record ForeignKey(String column, String referencedTable, String referencedColumn) {
        public ForeignKey {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(referencedTable, "referencedTable");
            Objects.requireNonNull(referencedColumn, "referencedColumn");
        }
    }
}

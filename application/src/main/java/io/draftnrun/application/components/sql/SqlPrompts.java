package io.draftnrun.application.components.sql;

import io.draftnrun.application.runtime.ResolvedParameters;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prompts and small helpers shared by the SQL Tool and the Database Query Agent. */
public final class SqlPrompts {
    private static final Pattern FENCE = Pattern.compile("```(?:[A-Za-z]+)?\\s*(.*?)```", Pattern.DOTALL);

    /** The Database Query Agent's default prompt; {@code {{schema}}}, {@code {{dialect}}}... are filled in. */
    public static final String REACT_SQL_PROMPT = """
            You are an assistant that answers questions about a database by querying it.
            Answer the user's question in words: do not just return SQL.
            Use the Run SQL Query Tool to run {{dialect}} queries. Write simple queries that are correct for {{dialect}}.
            When using LIKE, double every % sign. Compare strings in lower case.
            Select only the few columns you need, and use only the tables and columns listed below.
            {{additional_db_description}}

            Database schema:
            {{schema}}""";

    /** The SQL Tool's text-to-SQL prompt. */
    public static final String TEXT_TO_SQL_PROMPT = """
            Given the question below, write one syntactically correct {{dialect}} query that answers it.
            Use only the tables and columns of this schema:
            {{schema}}

            Return only the SQL query, with no explanation and no markdown.

            Question: {{query_str}}
            SQL query:""";

    /** The SQL Tool's prompt to phrase an answer from the query and its result. */
    public static final String SYNTHESIS_PROMPT = """
            Answer the question using the result of the SQL query below.

            Question: {{query_str}}
            SQL query: {{sql_query}}
            Result:
            {{sql_output}}

            Answer:""";

    private SqlPrompts() {}

    /** Table names from a JSON list or a comma-separated string; empty = all tables. */
    public static Set<String> includeTables(ResolvedParameters p, String name) {
        Set<String> tables = new LinkedHashSet<>();
        p.raw(name).ifPresent(raw -> {
            Object value = raw;
            if (raw instanceof String s && s.strip().startsWith("[")) {
                value = p.json(name).orElse(null);
            }
            if (value instanceof Iterable<?> list) {
                list.forEach(t -> add(tables, String.valueOf(t)));
            } else if (value != null) {
                for (String t : String.valueOf(value).split(",")) {
                    add(tables, t);
                }
            }
        });
        return tables;
    }

    private static void add(Set<String> tables, String table) {
        String t = table.strip();
        if (!t.isEmpty()) {
            tables.add(t);
        }
    }

    /** The SQL of a model answer: the content of a code fence when there is one, trimmed, without a final ';'. */
    public static String extractSql(String answer) {
        Matcher m = FENCE.matcher(answer);
        String sql = m.find() ? m.group(1) : answer;
        sql = sql.strip();
        if (sql.toLowerCase(Locale.ROOT).startsWith("sql query:")) {
            sql = sql.substring("sql query:".length()).strip();
        }
        while (sql.endsWith(";")) {
            sql = sql.substring(0, sql.length() - 1).strip();
        }
        return sql;
    }
}

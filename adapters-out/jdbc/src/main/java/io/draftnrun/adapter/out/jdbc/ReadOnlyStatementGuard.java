package io.draftnrun.adapter.out.jdbc;

import io.draftnrun.adapter.out.jdbc.SqlText.Kind;
import io.draftnrun.adapter.out.jdbc.SqlText.Token;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.LateralSubSelect;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.TableStatement;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Layer 1 of the SQL guard (ADR 0008): an allow-list that fails closed, applied before anything reaches the database.
 * The text is first cut into tokens the way the target database reads it ({@link SqlText}: quoted and Unicode-escaped
 * names, dollar quotes, escape strings, nested comments, MySQL comments) and written back in a canonical form; that
 * canonical text is what is parsed, checked and sent. A statement is accepted only when it is exactly one read
 * ({@code SELECT}, {@code WITH ... SELECT}, {@code VALUES}, {@code TABLE}) without {@code INTO}, row locks or
 * data-modifying parts, and when every function it calls (seen both by JSqlParser and in the tokens) is a built-in
 * without side effects listed for the dialect in {@code functions-<dialect>.txt}, unqualified or (PostgreSQL) in
 * {@code pg_catalog}. Anything not understood is refused with a reason the model can act on.
 */
final class ReadOnlyStatementGuard {
    static final int MAX_LENGTH = 50_000;
    private static final long PARSE_TIMEOUT_MS = 3_000;

    /** Accepted (with the canonical text to run) or refused (with the reason, for the model). */
    sealed interface Verdict {
        record Accepted(String sql) implements Verdict {}

        record Refused(String reason) implements Verdict {}
    }

    /** Words that never belong in a read: statements that write, and clauses that write or lock. */
    private static final Set<String> DENIED_WORDS = Set.of(
            "into",
            "insert",
            "update",
            "delete",
            "merge",
            "upsert",
            "truncate",
            "drop",
            "alter",
            "create",
            "grant",
            "revoke",
            "copy",
            "call",
            "lock",
            "unlock",
            "prepare",
            "execute",
            "deallocate",
            "listen",
            "notify",
            "unlisten",
            "vacuum",
            "analyze",
            "analyse",
            "explain",
            "refresh",
            "reindex",
            "discard",
            "handler",
            "pragma",
            "attach",
            "detach",
            "commit",
            "rollback",
            "savepoint",
            "checkpoint",
            "outfile",
            "dumpfile",
            "shutdown",
            "kill",
            "flush",
            "install",
            "uninstall",
            "nowait");

    /**
     * Names refused wherever they appear, even where the parser would not see a call (attribute notation, a name the
     * grammar reads differently): a second net under the allow-list for the known ways to escape a read.
     */
    private static final Set<String> DENIED_NAMES = Set.of(
            "set_config",
            "nextval",
            "setval",
            "pg_notify",
            "pg_sleep",
            "pg_sleep_for",
            "pg_sleep_until",
            "pg_stat_file",
            "ts_stat",
            "ts_rewrite",
            "query_to_xml",
            "query_to_xmlschema",
            "query_to_xml_and_xmlschema",
            "cursor_to_xml",
            "cursor_to_xmlschema",
            "table_to_xml",
            "schema_to_xml",
            "database_to_xml",
            "load_file",
            "benchmark",
            "get_lock",
            "release_lock",
            "release_all_locks",
            "sys_exec",
            "sys_eval",
            "load_extension",
            "readfile",
            "writefile",
            "edit",
            "fts3_tokenizer");

    private static final List<String> DENIED_PREFIXES = List.of(
            "lo_",
            "dblink",
            "pg_read_",
            "pg_ls_",
            "pg_file_",
            "pg_advisory_",
            "pg_try_advisory_",
            "pg_terminate_",
            "pg_cancel_",
            "pg_reload_",
            "pg_logical_",
            "pg_replication_",
            "pg_create_",
            "pg_drop_",
            "postgres_fdw",
            "file_fdw");

    /** Bare words that take a parenthesis without being a call ({@code IN (...)}, {@code OVER (...)}...). */
    private static final Set<String> PAREN_KEYWORDS = Set.of(
            "in",
            "exists",
            "values",
            "any",
            "some",
            "all",
            "array",
            "row",
            "over",
            "filter",
            "group",
            "as",
            "on",
            "using",
            "and",
            "or",
            "not",
            "where",
            "select",
            "from",
            "join",
            "lateral",
            "union",
            "intersect",
            "except",
            "by",
            "having",
            "when",
            "then",
            "else",
            "case",
            "is",
            "like",
            "ilike",
            "between",
            "limit",
            "offset",
            "distinct",
            "sets",
            "rollup",
            "cube",
            "cast",
            "extract",
            "substring",
            "position",
            "trim",
            "overlay",
            "coalesce",
            "nullif",
            "greatest",
            "least",
            "interval",
            "escape",
            "to",
            "materialized",
            "of",
            "for",
            "zone",
            "symmetric",
            "asymmetric",
            "similar",
            "div",
            "mod",
            "xor",
            "regexp",
            "rlike",
            "glob",
            "match",
            "against",
            "binary",
            "with",
            "only",
            "return",
            "partition",
            "order",
            "window",
            "rows",
            "range");

    /** Bare words read as keywords (not as a table alias) when they stand before {@code name(}. */
    private static final Set<String> KEYWORDS = union(
            PAREN_KEYWORDS,
            Set.of(
                    "recursive",
                    "end",
                    "asc",
                    "desc",
                    "nulls",
                    "first",
                    "last",
                    "null",
                    "true",
                    "false",
                    "unknown",
                    "collate",
                    "natural",
                    "inner",
                    "left",
                    "right",
                    "full",
                    "outer",
                    "cross",
                    "fetch",
                    "next",
                    "groups",
                    "preceding",
                    "following",
                    "unbounded",
                    "current",
                    "overlaps",
                    "variadic",
                    "default",
                    "top",
                    "at",
                    "time",
                    "without",
                    "leading",
                    "trailing",
                    "both",
                    "isnull",
                    "notnull",
                    "straight_join",
                    "sql_calc_found_rows",
                    "high_priority",
                    "sql_no_cache",
                    "sql_cache",
                    "sql_small_result",
                    "sql_big_result",
                    "sql_buffer_result",
                    "ordinality",
                    "tablesample",
                    "repeatable",
                    "within"));

    private static final Map<Dialect, Set<String>> ALLOWED = new EnumMap<>(Dialect.class);

    static {
        Set<String> mysql = load("functions-mysql.txt");
        ALLOWED.put(Dialect.POSTGRESQL, load("functions-postgresql.txt"));
        ALLOWED.put(Dialect.MYSQL, mysql);
        ALLOWED.put(Dialect.MARIADB, mysql);
        ALLOWED.put(Dialect.SQLITE, load("functions-sqlite.txt"));
    }

    private final ExecutorService parserExecutor;

    /** @param parserExecutor runs the parser so that its own timeout applies (JSqlParser needs an executor). */
    ReadOnlyStatementGuard(ExecutorService parserExecutor) {
        this.parserExecutor = parserExecutor;
    }

    /** Checks {@code sql} for {@code dialect}. */
    Verdict check(Dialect dialect, String sql) {
        if (sql == null || sql.isBlank()) {
            return refused("the query is empty");
        }
        if (sql.length() > MAX_LENGTH) {
            return refused("the query is longer than " + MAX_LENGTH + " characters");
        }
        List<Token> tokens;
        try {
            tokens = new ArrayList<>(SqlText.tokens(dialect, sql));
        } catch (SqlText.Unreadable e) {
            return refused(e.getMessage());
        }
        while (!tokens.isEmpty() && tokens.getLast().kind() == Kind.SEMICOLON) {
            tokens.removeLast();
        }
        if (tokens.isEmpty()) {
            return refused("the query is empty");
        }
        Optional<String> problem = lexicalProblem(tokens);
        if (problem.isPresent()) {
            return refused(problem.get());
        }
        String canonical = SqlText.canonical(tokens);
        Statements statements;
        try {
            statements = CCJSqlParserUtil.parseStatements(
                    canonical, parserExecutor, parser -> parser.withTimeOut(PARSE_TIMEOUT_MS));
        } catch (JSQLParserException e) {
            return refused("only a single plain read query (SELECT) is allowed, and this one could not be read as"
                    + " one: " + firstLine(e));
        }
        if (statements == null || statements.size() != 1) {
            return refused("only one statement is allowed");
        }
        Statement statement = statements.getFirst();
        if (!(statement instanceof Select select)) {
            return refused("only read queries (SELECT) are allowed, not "
                    + statement.getClass().getSimpleName().toUpperCase(Locale.ROOT));
        }
        Inspector inspector = new Inspector(dialect);
        try {
            inspector.inspect(select);
        } catch (RuntimeException e) {
            return refused("the query could not be checked: " + e.getClass().getSimpleName());
        }
        if (!inspector.problems.isEmpty()) {
            return refused(inspector.problems.getFirst());
        }
        Optional<String> call = callProblem(dialect, tokens, inspector.declaredColumnLists);
        if (call.isPresent()) {
            return refused(call.get());
        }
        return new Verdict.Accepted(canonical);
    }

    private static Verdict refused(String reason) {
        return new Verdict.Refused(reason);
    }

    /** One statement, starting like a read, without words that write or lock, without denied names. */
    private static Optional<String> lexicalProblem(List<Token> tokens) {
        for (Token token : tokens) {
            if (token.kind() == Kind.SEMICOLON) {
                return Optional.of("only one statement is allowed, this text holds several");
            }
        }
        Token first = tokens.getFirst();
        boolean startsAsRead = first.kind() == Kind.LPAREN
                || first.isWord("select")
                || first.isWord("with")
                || first.isWord("values")
                || first.isWord("table");
        if (!startsAsRead) {
            return Optional.of("only read queries (SELECT, WITH ... SELECT, VALUES, TABLE) are allowed, not "
                    + first.text().toUpperCase(Locale.ROOT));
        }
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.kind() == Kind.WORD && DENIED_WORDS.contains(token.name())) {
                return Optional.of(token.name().toUpperCase(Locale.ROOT) + " is not allowed in a read query");
            }
            if (token.isWord("for") && i + 1 < tokens.size()) {
                String next = tokens.get(i + 1).name();
                if (Set.of("update", "share", "no", "key").contains(next)) {
                    return Optional.of("row locks (FOR UPDATE / FOR SHARE) are not allowed");
                }
            }
            if (token.isIdentifier() && deniedName(token.name())) {
                return Optional.of("calling " + token.name() + "() is not allowed");
            }
        }
        return Optional.empty();
    }

    static boolean deniedName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (DENIED_NAMES.contains(n)) {
            return true;
        }
        for (String prefix : DENIED_PREFIXES) {
            if (n.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every name followed by an opening parenthesis is a call unless it is a keyword ({@code IN (}) or the column
     * list of an alias the parser also saw declared ({@code AS t(a, b)}, {@code WITH n(i) AS (...)}); a call must be
     * to an allowed function, unqualified or in {@code pg_catalog}.
     */
    private static Optional<String> callProblem(
            Dialect dialect, List<Token> tokens, Map<String, Integer> declaredColumnLists) {
        Map<String, Integer> aliasUses = new HashMap<>();
        Set<String> allowed = ALLOWED.get(dialect);
        for (int i = 0; i + 1 < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (!token.isIdentifier() || tokens.get(i + 1).kind() != Kind.LPAREN) {
                continue;
            }
            if (token.kind() == Kind.WORD && PAREN_KEYWORDS.contains(token.name())) {
                continue;
            }
            Token before = i > 0 ? tokens.get(i - 1) : null;
            boolean qualified = before != null && before.kind() == Kind.DOT;
            if (!qualified
                    && declaredColumnLists.containsKey(token.name())
                    && aliasPosition(tokens, i)
                    && identifierList(tokens, i + 1)) {
                int uses = aliasUses.merge(token.name(), 1, Integer::sum);
                if (uses <= declaredColumnLists.get(token.name())) {
                    continue;
                }
            }
            if (qualified) {
                Token schema = i >= 2 ? tokens.get(i - 2) : null;
                boolean catalog = dialect == Dialect.POSTGRESQL
                        && schema != null
                        && schema.isIdentifier()
                        && schema.name().equals("pg_catalog")
                        && (i < 3 || tokens.get(i - 3).kind() != Kind.DOT);
                if (!catalog) {
                    return Optional.of("calling " + (schema == null ? "" : schema.name() + ".") + token.name()
                            + "() is not allowed: only built-in functions are, written without a schema");
                }
            }
            if (!allowed.contains(token.name())) {
                return Optional.of("calling " + token.name() + "() is not allowed: only built-in functions without"
                        + " side effects are (aggregates, arithmetic, strings, dates, JSON, casts, conditionals)");
            }
        }
        return Optional.empty();
    }

    /** Where a name before {@code (} can be an alias with a column list rather than a call. */
    private static boolean aliasPosition(List<Token> tokens, int index) {
        if (index == 0) {
            return false;
        }
        Token before = tokens.get(index - 1);
        return switch (before.kind()) {
            case QUOTED, RPAREN -> true;
            case WORD ->
                before.name().equals("as")
                        || before.name().equals("with")
                        || before.name().equals("recursive")
                        || !KEYWORDS.contains(before.name());
            case COMMA -> cteFollows(tokens, index + 1);
            default -> false;
        };
    }

    /** After the parenthesis opening at {@code open} closes: {@code AS [NOT] [MATERIALIZED] (}, as in a CTE. */
    private static boolean cteFollows(List<Token> tokens, int open) {
        int close = closing(tokens, open);
        int i = close + 1;
        if (close < 0 || i >= tokens.size() || !tokens.get(i).isWord("as")) {
            return false;
        }
        i++;
        while (i < tokens.size()
                && (tokens.get(i).isWord("not") || tokens.get(i).isWord("materialized"))) {
            i++;
        }
        return i < tokens.size() && tokens.get(i).kind() == Kind.LPAREN;
    }

    private static int closing(List<Token> tokens, int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            Kind kind = tokens.get(i).kind();
            if (kind == Kind.LPAREN) {
                depth++;
            } else if (kind == Kind.RPAREN && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** {@code (a, b, c)}: only names between the parentheses. */
    private static boolean identifierList(List<Token> tokens, int open) {
        int close = closing(tokens, open);
        if (close < 0 || close == open + 1) {
            return false;
        }
        for (int i = open + 1; i < close; i++) {
            Kind expected = (i - open) % 2 == 1 ? null : Kind.COMMA;
            Token token = tokens.get(i);
            if (expected == null ? !token.isIdentifier() : token.kind() != expected) {
                return false;
            }
        }
        return (close - open) % 2 == 0;
    }

    /** A name as the database resolves it, from the parser's text (quoted or not). */
    static String normalise(Dialect dialect, String part) {
        if (part.length() >= 2
                && ((part.startsWith("\"") && part.endsWith("\"")) || (part.startsWith("`") && part.endsWith("`")))) {
            String inner = part.substring(1, part.length() - 1);
            return dialect == Dialect.POSTGRESQL ? inner : inner.toLowerCase(Locale.ROOT);
        }
        return part.toLowerCase(Locale.ROOT);
    }

    private static String firstLine(JSQLParserException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        String line = message.lines().findFirst().orElse(message).strip();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private static Set<String> load(String resource) {
        Set<String> names = new HashSet<>();
        try (InputStream in = ReadOnlyStatementGuard.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String name = line.strip();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    names.add(name.toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(names);
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new HashSet<>();
        for (Set<String> set : sets) {
            all.addAll(set);
        }
        return Set.copyOf(all);
    }

    /**
     * Walks every node of the statement (sub-queries included): records what makes it more than a read, the functions
     * it calls that are not allowed, and the aliases declared with a column list.
     */
    private static final class Inspector extends TablesNamesFinder<Void> {
        final List<String> problems = new ArrayList<>();
        final Map<String, Integer> declaredColumnLists = new HashMap<>();
        private final Dialect dialect;

        Inspector(Dialect dialect) {
            this.dialect = dialect;
        }

        void inspect(Select select) {
            checkSelect(select);
            getTables((Statement) select);
        }

        private void checkSelect(Select select) {
            if (select.getForMode() != null || select.getForUpdateTable() != null) {
                problems.add("row locks (FOR UPDATE / FOR SHARE) are not allowed");
            }
            if (select.getWithItemsList() != null) {
                for (WithItem<?> item : select.getWithItemsList()) {
                    checkWithItem(item);
                }
            }
            if (select instanceof PlainSelect plain
                    && ((plain.getIntoTables() != null && !plain.getIntoTables().isEmpty())
                            || plain.getIntoTempTable() != null)) {
                problems.add("SELECT ... INTO creates a table and is not allowed");
            }
        }

        private void checkWithItem(WithItem<?> item) {
            if (!(item.getParenthesedStatement() instanceof ParenthesedSelect)) {
                problems.add("a WITH clause may only hold SELECT queries, not INSERT, UPDATE or DELETE");
            }
            if (item.getWithItemList() != null && !item.getWithItemList().isEmpty() && item.getAlias() != null) {
                declare(item.getAlias().getName());
            } else {
                declare(item.getAlias());
            }
        }

        private void declare(Alias alias) {
            if (alias != null
                    && alias.getAliasColumns() != null
                    && !alias.getAliasColumns().isEmpty()) {
                declare(alias.getName());
            }
        }

        private void declare(String name) {
            declaredColumnLists.merge(normalise(dialect, name), 1, Integer::sum);
        }

        @Override
        public <S> Void visit(PlainSelect plainSelect, S context) {
            checkSelect(plainSelect);
            return super.visit(plainSelect, context);
        }

        @Override
        public <S> Void visit(SetOperationList list, S context) {
            checkSelect(list);
            return super.visit(list, context);
        }

        @Override
        public <S> Void visit(ParenthesedSelect select, S context) {
            checkSelect(select);
            declare(select.getAlias());
            return super.visit(select, context);
        }

        @Override
        public <S> Void visit(Table table, S context) {
            declare(table.getAlias());
            return super.visit(table, context);
        }

        @Override
        public <S> Void visit(TableFunction function, S context) {
            declare(function.getAlias());
            checkFunction(function.getFunction());
            return super.visit(function, context);
        }

        @Override
        public <S> Void visit(ParenthesedFromItem item, S context) {
            declare(item.getAlias());
            return super.visit(item, context);
        }

        @Override
        public <S> Void visit(Values values, S context) {
            declare(values.getAlias());
            return super.visit(values, context);
        }

        @Override
        public <S> Void visit(LateralSubSelect select, S context) {
            declare(select.getAlias());
            return super.visit(select, context);
        }

        @Override
        public <S> Void visit(TableStatement statement, S context) {
            return super.visit(statement, context);
        }

        @Override
        public <S> Void visit(WithItem<?> withItem, S context) {
            checkWithItem(withItem);
            if (!(withItem.getParenthesedStatement() instanceof ParenthesedSelect)) {
                return null;
            }
            return super.visit(withItem, context);
        }

        @Override
        public <S> Void visit(Function function, S context) {
            checkFunction(function);
            return super.visit(function, context);
        }

        private void checkFunction(Function function) {
            if (function == null || function.getMultipartName() == null) {
                return;
            }
            List<String> parts = function.getMultipartName();
            String name = normalise(dialect, parts.getLast());
            boolean catalog = parts.size() == 1
                    || (parts.size() == 2
                            && dialect == Dialect.POSTGRESQL
                            && normalise(dialect, parts.getFirst()).equals("pg_catalog"));
            if (!catalog || !ALLOWED.get(dialect).contains(name) || deniedName(name)) {
                problems.add("calling " + String.join(".", parts) + "() is not allowed: only built-in functions"
                        + " without side effects are (aggregates, arithmetic, strings, dates, JSON, casts,"
                        + " conditionals)");
            }
        }
    }
}

package io.draftnrun.adapter.out.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * First layer of defence, before anything reaches the database: accepts a statement only when it parses as
 * exactly one plain read ({@code SELECT}, {@code WITH ... SELECT}, {@code VALUES}, {@code TABLE}) with no
 * {@code INTO}, no row locks, no data-modifying CTE and no call to a function known to have side effects
 * (large objects, server files, dblink, sequences, advisory locks, backend control, settings). Anything JSqlParser
 * cannot parse is refused too: the guard fails closed. Function names are also looked for in the raw text, so a
 * construct the parser reads differently cannot hide a call.
 */
final class ReadOnlyStatementGuard {
    static final int MAX_LENGTH = 50_000;
    private static final long PARSE_TIMEOUT_MS = 3_000;

    /** Exact names (lower case, schema stripped) of functions with side effects or that run SQL given as text. */
    private static final Set<String> DENIED_FUNCTIONS = Set.of(
            // PostgreSQL
            "nextval",
            "setval",
            "set_config",
            "pg_notify",
            "pg_stat_file",
            "txid_current",
            "pg_current_xact_id",
            "pg_promote",
            "pg_start_backup",
            "pg_stop_backup",
            "pg_export_snapshot",
            "lowrite",
            "loread",
            "query_to_xml",
            "query_to_xmlschema",
            "query_to_xml_and_xmlschema",
            "cursor_to_xml",
            "cursor_to_xmlschema",
            // MySQL / MariaDB
            "load_file",
            "get_lock",
            "release_lock",
            "release_all_locks",
            "sys_exec",
            "sys_eval",
            // SQLite
            "load_extension",
            "readfile",
            "writefile",
            "fts3_tokenizer");

    /** Name prefixes of function families with side effects. */
    private static final List<String> DENIED_PREFIXES = List.of(
            "lo_",
            "dblink",
            "pg_read_",
            "pg_ls_",
            "pg_file_",
            "pg_advisory_",
            "pg_try_advisory_",
            "pg_create_",
            "pg_drop_",
            "pg_replication_",
            "pg_logical_",
            "pg_stat_reset",
            "pg_terminate_",
            "pg_cancel_",
            "pg_reload_",
            "pg_rotate_",
            "pg_switch_",
            "pg_backup_",
            "pg_wal_replay_",
            "pg_import_");

    /** An identifier (maybe quoted) followed by optional blanks or comments and an opening parenthesis. */
    private static final Pattern CALL = Pattern.compile(
            "(?<![A-Za-z0-9_$])\"?([A-Za-z_][A-Za-z0-9_$]*)\"?(?:\\s|/\\*.*?\\*/|--[^\\n]*\\n)*\\(", Pattern.DOTALL);

    private final ExecutorService parserExecutor;

    /** @param parserExecutor runs the parser so that its own timeout applies (JSqlParser needs an executor). */
    ReadOnlyStatementGuard(ExecutorService parserExecutor) {
        this.parserExecutor = parserExecutor;
    }

    /** Empty when {@code sql} may run; otherwise why not, in words for the model. */
    Optional<String> refusal(String sql) {
        if (sql == null || sql.isBlank()) {
            return Optional.of("the query is empty");
        }
        if (sql.length() > MAX_LENGTH) {
            return Optional.of("the query is longer than " + MAX_LENGTH + " characters");
        }
        Optional<String> deniedCall = deniedCallInText(sql);
        if (deniedCall.isPresent()) {
            return deniedCall;
        }
        Statements statements;
        try {
            statements = CCJSqlParserUtil.parseStatements(
                    sql, parserExecutor, parser -> parser.withTimeOut(PARSE_TIMEOUT_MS));
        } catch (JSQLParserException e) {
            return Optional.of("only a single plain read query (SELECT) is allowed, and this one could not be read as"
                    + " one: " + firstLine(e));
        }
        if (statements == null || statements.isEmpty()) {
            return Optional.of("the query is empty");
        }
        if (statements.size() > 1) {
            return Optional.of("only one statement is allowed, this text holds " + statements.size());
        }
        Statement statement = statements.getFirst();
        if (!(statement instanceof Select select)) {
            return Optional.of("only read queries (SELECT) are allowed, not "
                    + statement.getClass().getSimpleName().toUpperCase(Locale.ROOT));
        }
        Inspector inspector = new Inspector();
        try {
            inspector.inspect(select);
        } catch (RuntimeException e) {
            return Optional.of("the query could not be checked: " + e.getClass().getSimpleName());
        }
        return inspector.problems.isEmpty() ? Optional.empty() : Optional.of(inspector.problems.getFirst());
    }

    static Optional<String> deniedCallInText(String sql) {
        Matcher m = CALL.matcher(sql);
        while (m.find()) {
            String name = m.group(1).toLowerCase(Locale.ROOT);
            if (denied(name)) {
                return Optional.of("calling " + name + "() is not allowed");
            }
        }
        return Optional.empty();
    }

    static boolean denied(String functionName) {
        String name = functionName.toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        if (dot >= 0) {
            name = name.substring(dot + 1);
        }
        name = name.replace("\"", "").replace("`", "");
        if (DENIED_FUNCTIONS.contains(name)) {
            return true;
        }
        for (String prefix : DENIED_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(JSQLParserException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        String line = message.lines().findFirst().orElse(message).strip();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /** Walks every node of the statement (sub-queries included) and records what makes it more than a read. */
    private static final class Inspector extends TablesNamesFinder<Void> {
        final List<String> problems = new ArrayList<>();

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
                    if (!(item.getParenthesedStatement() instanceof ParenthesedSelect)) {
                        problems.add("a WITH clause may only hold SELECT queries, not INSERT, UPDATE or DELETE");
                    }
                }
            }
            if (select instanceof PlainSelect plain
                    && ((plain.getIntoTables() != null && !plain.getIntoTables().isEmpty())
                            || plain.getIntoTempTable() != null)) {
                problems.add("SELECT ... INTO creates a table and is not allowed");
            }
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
            return super.visit(select, context);
        }

        @Override
        public <S> Void visit(WithItem<?> withItem, S context) {
            if (!(withItem.getParenthesedStatement() instanceof ParenthesedSelect)) {
                problems.add("a WITH clause may only hold SELECT queries, not INSERT, UPDATE or DELETE");
                return null;
            }
            return super.visit(withItem, context);
        }

        @Override
        public <S> Void visit(Function function, S context) {
            String name = function.getName();
            if (name != null && denied(name)) {
                problems.add("calling " + name.toLowerCase(Locale.ROOT) + "() is not allowed");
            }
            return super.visit(function, context);
        }
    }
}

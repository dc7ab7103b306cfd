package io.draftnrun.adapter.out.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A statement cut into tokens the way the target database reads it, then written back in a plain canonical form.
 * Lexing follows each database's own rules, so that what the guard checks is what the database will run: PostgreSQL
 * nested block comments, dollar quotes, {@code E'...'} escape strings, {@code U&"..."} and {@code U&'...'} with
 * {@code UESCAPE}, string continuation across lines; MySQL/MariaDB {@code #} and {@code -- } comments, backslash
 * escapes, backticks and double-quoted strings; SQLite {@code [...]} and backtick identifiers. The canonical text has no
 * comments, no dollar quotes, no escape strings and no Unicode escapes: identifiers are written quoted and strings as
 * standard literals, so the parser and the database cannot read it differently. Constructs a database would execute
 * that this class does not model (MySQL version comments {@code /*!...*&#47;}, optimizer hints, user variables,
 * parameters, ODBC escapes) are refused, never passed through.
 */
final class SqlText {
    /** What a token is. WORD is a bare identifier or keyword; QUOTED a quoted identifier. */
    enum Kind {
        WORD,
        QUOTED,
        STRING,
        NUMBER,
        OPERATOR,
        LPAREN,
        RPAREN,
        LBRACKET,
        RBRACKET,
        COMMA,
        DOT,
        SEMICOLON
    }

    /**
     * One token: {@code name} is the identifier as the database resolves it (case folded for bare words, unescaped for
     * quoted ones) or the value of a string; {@code text} is the canonical form written back; {@code spaced} says
     * whitespace or a comment stood before it.
     */
    record Token(Kind kind, String name, String text, boolean spaced) {
        boolean isWord(String word) {
            return kind == Kind.WORD && name.equals(word);
        }

        boolean isIdentifier() {
            return kind == Kind.WORD || kind == Kind.QUOTED;
        }
    }

    /** The text cannot be read safely; the message says what, for the model. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    /** PostgreSQL truncates identifiers to NAMEDATALEN - 1 bytes. */
    private static final int PG_MAX_IDENTIFIER_BYTES = 63;

    private final Dialect dialect;
    private final String sql;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private boolean spaced;

    private SqlText(Dialect dialect, String sql) {
        this.dialect = dialect;
        this.sql = sql;
    }

    /** The tokens of {@code sql} as {@code dialect} reads it. */
    static List<Token> tokens(Dialect dialect, String sql) throws Unreadable {
        SqlText lexer = new SqlText(dialect, sql);
        lexer.run();
        return List.copyOf(lexer.tokens);
    }

    /** The canonical text of tokens (see the class comment); a space separates tokens that were apart. */
    static String canonical(List<Token> tokens) {
        StringBuilder out = new StringBuilder();
        Token previous = null;
        for (Token token : tokens) {
            if (previous != null
                    && (token.spaced()
                            || (previous.kind() == Kind.OPERATOR && token.kind() == Kind.OPERATOR)
                            || (previous.kind() != Kind.DOT
                                    && token.kind() != Kind.DOT
                                    && wordLike(previous)
                                    && wordLike(token)))) {
                out.append(' ');
            }
            out.append(token.text());
            previous = token;
        }
        return out.toString();
    }

    private static boolean wordLike(Token token) {
        return switch (token.kind()) {
            case WORD, QUOTED, STRING, NUMBER -> true;
            default -> false;
        };
    }

    private boolean pg() {
        return dialect == Dialect.POSTGRESQL;
    }

    private boolean mysql() {
        return dialect == Dialect.MYSQL || dialect == Dialect.MARIADB;
    }

    private boolean sqlite() {
        return dialect == Dialect.SQLITE;
    }

    private char at(int i) {
        return i < sql.length() ? sql.charAt(i) : '\0';
    }

    private boolean more() {
        return pos < sql.length();
    }

    private void add(Kind kind, String name, String text) {
        tokens.add(new Token(kind, name, text, spaced));
        spaced = false;
    }

    private void run() throws Unreadable {
        while (more()) {
            char c = sql.charAt(pos);
            if (c == '\0') {
                throw new Unreadable("the query holds a NUL character");
            }
            if (Character.isWhitespace(c)) {
                pos++;
                spaced = true;
            } else if (c == '-' && at(pos + 1) == '-' && (!mysql() || dashCommentInMySql())) {
                lineComment();
            } else if (c == '#' && mysql()) {
                lineComment();
            } else if (c == '/' && at(pos + 1) == '*') {
                blockComment();
            } else if (c == '\'') {
                string();
            } else if (c == '"') {
                if (mysql()) {
                    string();
                } else {
                    quotedIdentifier('"', '"');
                }
            } else if (c == '`' && !pg()) {
                quotedIdentifier('`', '`');
            } else if (c == '[' && sqlite()) {
                quotedIdentifier('[', ']');
            } else if (pg()
                    && (c == 'u' || c == 'U')
                    && at(pos + 1) == '&'
                    && (at(pos + 2) == '"' || at(pos + 2) == '\'')) {
                unicodeEscaped();
            } else if (pg() && (c == 'e' || c == 'E') && at(pos + 1) == '\'') {
                pos++;
                escapeString();
            } else if ((c == 'b' || c == 'B' || c == 'x' || c == 'X' || c == 'n' || c == 'N') && at(pos + 1) == '\'') {
                prefixedString(c);
            } else if (pg() && c == '$' && !Character.isDigit(at(pos + 1))) {
                dollarQuoted();
            } else if (isIdentifierStart(c)) {
                word();
            } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(at(pos + 1)))) {
                number();
            } else {
                punctuation(c);
            }
        }
    }

    /** MySQL reads {@code --} as a comment only when a space or control character follows. */
    private boolean dashCommentInMySql() {
        char next = at(pos + 2);
        return pos + 2 >= sql.length() || next <= ' ';
    }

    private void lineComment() {
        while (more() && sql.charAt(pos) != '\n' && sql.charAt(pos) != '\r') {
            pos++;
        }
        spaced = true;
    }

    private void blockComment() throws Unreadable {
        if (mysql() && (at(pos + 2) == '!' || at(pos + 2) == '+' || (at(pos + 2) == 'M' && at(pos + 3) == '!'))) {
            throw new Unreadable(
                    "MySQL executable comments (/*! ... */) and optimizer hints (/*+ ... */) are not" + " accepted");
        }
        int depth = 0;
        do {
            if (at(pos) == '/' && at(pos + 1) == '*') {
                depth++;
                pos += 2;
            } else if (at(pos) == '*' && at(pos + 1) == '/') {
                depth--;
                pos += 2;
                if (!pg()) {
                    depth = 0; // only PostgreSQL nests block comments
                }
            } else if (!more()) {
                throw new Unreadable("a comment (/* ... */) is not closed");
            } else {
                pos++;
            }
        } while (depth > 0);
        spaced = true;
    }

    /** A string in single (or, for MySQL, double) quotes; PostgreSQL continues it on a following line. */
    private void string() throws Unreadable {
        char quote = sql.charAt(pos);
        StringBuilder value = new StringBuilder();
        readQuoted(quote, value, mysql());
        while (pg() || mysql()) {
            int after = pos;
            boolean newline = false;
            while (after < sql.length() && Character.isWhitespace(sql.charAt(after))) {
                newline |= sql.charAt(after) == '\n' || sql.charAt(after) == '\r';
                after++;
            }
            // PostgreSQL glues 'a'<newline>'b'; MySQL glues adjacent strings whatever separates them
            if (after < sql.length() && sql.charAt(after) == '\'' && (mysql() || newline)) {
                pos = after;
                readQuoted('\'', value, mysql());
            } else {
                break;
            }
        }
        addString(value.toString());
    }

    private void readQuoted(char quote, StringBuilder value, boolean backslashEscapes) throws Unreadable {
        pos++;
        while (true) {
            if (!more()) {
                throw new Unreadable("a string is not closed");
            }
            char c = sql.charAt(pos);
            if (c == quote) {
                if (at(pos + 1) == quote) {
                    value.append(quote);
                    pos += 2;
                    continue;
                }
                pos++;
                return;
            }
            if (c == '\\' && backslashEscapes) {
                char e = at(pos + 1);
                if (pos + 1 >= sql.length()) {
                    throw new Unreadable("a string is not closed");
                }
                switch (e) {
                    case '0' -> value.append('\0');
                    case 'b' -> value.append('\b');
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'Z' -> value.append((char) 26);
                    case '%', '_' -> value.append('\\').append(e); // MySQL keeps these for LIKE
                    default -> value.append(e);
                }
                pos += 2;
                continue;
            }
            value.append(c);
            pos++;
        }
    }

    /** PostgreSQL {@code E'...'}: backslash escapes. */
    private void escapeString() throws Unreadable {
        StringBuilder value = new StringBuilder();
        pos++;
        while (true) {
            if (!more()) {
                throw new Unreadable("a string is not closed");
            }
            char c = sql.charAt(pos);
            if (c == '\'') {
                if (at(pos + 1) == '\'') {
                    value.append('\'');
                    pos += 2;
                    continue;
                }
                pos++;
                break;
            }
            if (c != '\\') {
                value.append(c);
                pos++;
                continue;
            }
            char e = at(pos + 1);
            pos += 2;
            switch (e) {
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                case 'x' -> value.appendCodePoint(hex(1, 2));
                case 'u' -> value.appendCodePoint(hexExactly(4));
                case 'U' -> value.appendCodePoint(hexExactly(8));
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    int n = e - '0';
                    for (int i = 0; i < 2 && at(pos) >= '0' && at(pos) <= '7'; i++) {
                        n = n * 8 + (sql.charAt(pos++) - '0');
                    }
                    value.append((char) n);
                }
                case '\0' -> throw new Unreadable("a string is not closed");
                default -> value.append(e);
            }
        }
        addString(value.toString());
    }

    private int hex(int min, int max) throws Unreadable {
        int start = pos;
        int n = 0;
        while (pos - start < max && Character.digit(at(pos), 16) >= 0) {
            n = n * 16 + Character.digit(sql.charAt(pos++), 16);
        }
        if (pos - start < min) {
            throw new Unreadable("an escape in a string is invalid");
        }
        return n;
    }

    private int hexExactly(int digits) throws Unreadable {
        int n = hex(digits, digits);
        if (!Character.isValidCodePoint(n) || (n >= 0xD800 && n <= 0xDFFF)) {
            throw new Unreadable("an escape in a string is invalid");
        }
        return n;
    }

    /** {@code B'...'}, {@code X'...'}, {@code N'...'}: kept as written (no escapes inside). */
    private void prefixedString(char prefix) throws Unreadable {
        pos++;
        StringBuilder value = new StringBuilder();
        readQuoted('\'', value, mysql() && (prefix == 'n' || prefix == 'N'));
        if (prefix == 'n' || prefix == 'N') {
            addString(value.toString());
            return;
        }
        if (!value.toString().matches("[0-9A-Fa-f]*")) {
            throw new Unreadable("a bit or hex string holds other characters than digits");
        }
        String p = String.valueOf(Character.toUpperCase(prefix));
        add(Kind.STRING, value.toString(), p + "'" + value + "'");
    }

    /** PostgreSQL {@code U&"..."} identifiers and {@code U&'...'} strings, with an optional {@code UESCAPE 'c'}. */
    private void unicodeEscaped() throws Unreadable {
        pos += 2;
        char quote = sql.charAt(pos);
        StringBuilder raw = new StringBuilder();
        readQuoted(quote, raw, false);
        char escape = '\\';
        int save = pos;
        int after = skipBlanksAndComments(pos);
        if (sql.regionMatches(true, after, "UESCAPE", 0, 7)) {
            int q = skipBlanksAndComments(after + 7);
            if (at(q) != '\'' || at(q + 2) != '\'' || q + 2 >= sql.length()) {
                throw new Unreadable("UESCAPE must be followed by one character in quotes");
            }
            escape = sql.charAt(q + 1);
            if (Character.isLetterOrDigit(escape) || "+'\" \t\n\r".indexOf(escape) >= 0) {
                throw new Unreadable("invalid UESCAPE character");
            }
            pos = q + 3;
        } else {
            pos = save;
        }
        String value = unescapeUnicode(raw.toString(), escape);
        if (quote == '"') {
            addIdentifier(value);
        } else {
            addString(value);
        }
    }

    private int skipBlanksAndComments(int from) throws Unreadable {
        int i = from;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && at(i + 1) == '-') {
                while (i < sql.length() && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && at(i + 1) == '*') {
                int save = pos;
                pos = i;
                blockComment();
                i = pos;
                pos = save;
            } else {
                break;
            }
        }
        return i;
    }

    private static String unescapeUnicode(String raw, char escape) throws Unreadable {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != escape) {
                out.append(c);
                continue;
            }
            if (i + 1 < raw.length() && raw.charAt(i + 1) == escape) {
                out.append(escape);
                i++;
                continue;
            }
            int digits = i + 1 < raw.length() && raw.charAt(i + 1) == '+' ? 6 : 4;
            int start = digits == 6 ? i + 2 : i + 1;
            if (start + digits > raw.length()) {
                throw new Unreadable("invalid Unicode escape in U&\"...\"");
            }
            int code;
            try {
                code = Integer.parseInt(raw.substring(start, start + digits), 16);
            } catch (NumberFormatException e) {
                throw new Unreadable("invalid Unicode escape in U&\"...\"");
            }
            if (!Character.isValidCodePoint(code) || code == 0 || (code >= 0xD800 && code <= 0xDFFF)) {
                throw new Unreadable("invalid Unicode escape in U&\"...\"");
            }
            out.appendCodePoint(code);
            i = start + digits - 1;
        }
        return out.toString();
    }

    /** PostgreSQL {@code $$...$$} or {@code $tag$...$tag$}. */
    private void dollarQuoted() throws Unreadable {
        int end = pos + 1;
        while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
            end++;
        }
        if (at(end) != '$' || (end > pos + 1 && Character.isDigit(sql.charAt(pos + 1)))) {
            throw new Unreadable("unexpected character '$'");
        }
        String tag = sql.substring(pos, end + 1);
        int close = sql.indexOf(tag, end + 1);
        if (close < 0) {
            throw new Unreadable("a dollar-quoted string (" + tag + ") is not closed");
        }
        String value = sql.substring(end + 1, close);
        pos = close + tag.length();
        addString(value);
    }

    private void quotedIdentifier(char open, char close) throws Unreadable {
        StringBuilder value = new StringBuilder();
        if (open == close) {
            readQuoted(open, value, false);
        } else {
            int end = sql.indexOf(close, pos + 1);
            if (end < 0) {
                throw new Unreadable("a quoted name is not closed");
            }
            value.append(sql, pos + 1, end);
            pos = end + 1;
        }
        if (value.isEmpty()) {
            throw new Unreadable("a quoted name is empty");
        }
        addIdentifier(value.toString());
    }

    private void addIdentifier(String value) throws Unreadable {
        if (value.indexOf('\0') >= 0) {
            throw new Unreadable("a name holds a NUL character");
        }
        String name = pg() ? truncate(value) : value;
        String folded = pg() ? name : name.toLowerCase(Locale.ROOT); // MySQL and SQLite compare names without case
        String text = mysql() ? "`" + value.replace("`", "``") + "`" : "\"" + value.replace("\"", "\"\"") + "\"";
        add(Kind.QUOTED, folded, text);
    }

    private void addString(String value) throws Unreadable {
        if (value.indexOf('\0') >= 0) {
            throw new Unreadable("a string holds a NUL character");
        }
        String body = value.replace("'", "''");
        if (mysql()) {
            body = body.replace("\\", "\\\\");
        }
        add(Kind.STRING, value, "'" + body + "'");
    }

    private static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    private boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || (c >= '0' && c <= '9') || c == '$';
    }

    private void word() {
        int start = pos;
        while (more() && isIdentifierPart(sql.charAt(pos))) {
            pos++;
        }
        String text = sql.substring(start, pos);
        String lower = lowerAscii(text);
        add(Kind.WORD, pg() ? truncate(lower) : lower, text);
    }

    private static String lowerAscii(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return out.toString();
    }

    private static String truncate(String name) {
        byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length <= PG_MAX_IDENTIFIER_BYTES) {
            return name;
        }
        int length = PG_MAX_IDENTIFIER_BYTES;
        while (length > 0 && (bytes[length] & 0xC0) == 0x80) {
            length--; // never cut a character in two
        }
        return new String(bytes, 0, length, java.nio.charset.StandardCharsets.UTF_8);
    }

    private void number() throws Unreadable {
        int start = pos;
        if (sql.charAt(pos) == '0' && "xXbBoO".indexOf(at(pos + 1)) >= 0 && Character.digit(at(pos + 2), 16) >= 0) {
            pos += 2;
            while (more() && (Character.digit(sql.charAt(pos), 16) >= 0 || sql.charAt(pos) == '_')) {
                pos++;
            }
        } else {
            while (more() && (Character.isDigit(sql.charAt(pos)) || sql.charAt(pos) == '_')) {
                pos++;
            }
            if (at(pos) == '.' && at(pos + 1) != '.') {
                pos++;
                while (more() && (Character.isDigit(sql.charAt(pos)) || sql.charAt(pos) == '_')) {
                    pos++;
                }
            }
            if ((at(pos) == 'e' || at(pos) == 'E')
                    && (Character.isDigit(at(pos + 1))
                            || ((at(pos + 1) == '+' || at(pos + 1) == '-') && Character.isDigit(at(pos + 2))))) {
                pos += 2;
                while (more() && Character.isDigit(sql.charAt(pos))) {
                    pos++;
                }
            }
        }
        if (more() && isIdentifierPart(sql.charAt(pos))) {
            throw new Unreadable("a number is directly followed by letters (" + sql.substring(start, pos + 1)
                    + "...); put a space between them");
        }
        String text = sql.substring(start, pos);
        add(Kind.NUMBER, text, text);
    }

    private static final String PG_OPERATOR_CHARS = "+-*/<>=~!@#%^&|`?";
    private static final String MYSQL_OPERATOR_CHARS = "+-*/<>=!~^&|%";
    private static final String SQLITE_OPERATOR_CHARS = "+-*/<>=!~&|%";

    private void punctuation(char c) throws Unreadable {
        switch (c) {
            case '(' -> single(Kind.LPAREN);
            case ')' -> single(Kind.RPAREN);
            case '[' -> single(Kind.LBRACKET);
            case ']' -> single(Kind.RBRACKET);
            case ',' -> single(Kind.COMMA);
            case ';' -> single(Kind.SEMICOLON);
            case '.' -> single(Kind.DOT);
            case ':' -> {
                if (at(pos + 1) == ':' && pg()) {
                    pos += 2;
                    add(Kind.OPERATOR, "::", "::");
                } else if (at(pos + 1) == '=') {
                    throw new Unreadable("assignments (:=) are not accepted");
                } else if (pg() && !isIdentifierStart(at(pos + 1))) {
                    pos++;
                    add(Kind.OPERATOR, ":", ":"); // array slices a[1:2]
                } else {
                    throw new Unreadable("parameters and variables (:name) are not accepted");
                }
            }
            case '@' -> {
                if (!pg()) {
                    throw new Unreadable("variables (@name) are not accepted");
                }
                operator(PG_OPERATOR_CHARS);
            }
            case '?' -> {
                if (!pg()) {
                    throw new Unreadable("parameters (?) are not accepted");
                }
                operator(PG_OPERATOR_CHARS);
            }
            case '$' -> throw new Unreadable("parameters ($1, $name) are not accepted");
            case '{', '}' -> throw new Unreadable("JDBC escapes ({...}) are not accepted");
            default -> {
                String chars = pg() ? PG_OPERATOR_CHARS : mysql() ? MYSQL_OPERATOR_CHARS : SQLITE_OPERATOR_CHARS;
                if (chars.indexOf(c) < 0) {
                    throw new Unreadable("unexpected character '" + c + "'");
                }
                operator(chars);
            }
        }
    }

    private void single(Kind kind) {
        String text = String.valueOf(sql.charAt(pos));
        pos++;
        add(kind, text, text);
    }

    /** The longest run of operator characters that does not start a comment. */
    private void operator(String chars) {
        int start = pos;
        while (more() && chars.indexOf(sql.charAt(pos)) >= 0) {
            if (pos > start
                    && ((sql.charAt(pos) == '-' && at(pos + 1) == '-')
                            || (sql.charAt(pos) == '/' && at(pos + 1) == '*'))) {
                break;
            }
            if (mysql() && pos > start && sql.charAt(pos) == '-' && at(pos + 1) == '-') {
                break;
            }
            pos++;
            if (!pg()) {
                // MySQL and SQLite operators are at most three characters and never glue onto a sign
                String run = sql.substring(start, pos);
                if (!isLongerOperator(run + at(pos))) {
                    break;
                }
            }
        }
        String text = sql.substring(start, pos);
        add(Kind.OPERATOR, text, text);
    }

    private static boolean isLongerOperator(String candidate) {
        return switch (candidate) {
            case "<=", ">=", "<>", "!=", "==", "<<", ">>", "||", "&&", "->", "<=>", "->>", ":=" -> true;
            default -> false;
        };
    }
}

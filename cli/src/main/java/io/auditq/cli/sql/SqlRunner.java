package io.auditq.cli.sql;

import io.auditq.cli.ExitCode;
import io.auditq.cli.UserError;
import io.auditq.cli.out.RowPrinter;
import org.h2.api.ErrorCode;

import java.sql.Array;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the SQL a responder types against a read-only connection to the case (a user that may only SELECT its
 * tables), hands the rows to a printer as they are read, and turns H2's errors into one sentence that says where in
 * the statement the problem is, or what was refused and why (exit code 2: the statement is the user's to fix).
 */
public final class SqlRunner {
    /** H2's error text ends with "; SQL statement:\n…" and " [42001-252]": both noise to a responder. */
    private static final Pattern TRAILER = Pattern.compile("(?s)(; SQL statement:.*|\\s*\\[\\d+-\\d+]\\s*)$");

    private static final Pattern ESCAPE = Pattern.compile("\\\\([0-9a-fA-F]{4})");

    private final Connection connection;

    public SqlRunner(Connection connection) {
        this.connection = connection;
    }

    /**
     * Runs one statement (a trailing {@code ;} is allowed); a result's rows go to the printer {@code printers}
     * makes for its columns, one by one as they are read, and the printer is finished at the end (also when reading
     * fails half-way: what was read is shown, then the error).
     */
    public SqlResult run(String sql, Function<SqlResult.Columns, RowPrinter<Object[]>> printers) {
        String statement = stripTerminator(sql);
        if (statement.isBlank()) {
            throw new UserError("empty SQL statement");
        }
        RowPrinter<Object[]> printer = null;
        try (Statement s = connection.createStatement()) {
            if (!s.execute(statement)) {
                return new SqlResult.Done(s.getLargeUpdateCount());
            }
            try (ResultSet rs = s.getResultSet()) {
                SqlResult.Columns columns = columns(rs.getMetaData());
                // rows are computed as they are read: a query refused or failing at once fails here, before any
                // output (a header alone would look like an empty answer)
                boolean more = rs.next();
                printer = printers.apply(columns);
                int n = columns.names().size();
                long count = 0;
                while (more) {
                    Object[] row = new Object[n];
                    for (int i = 0; i < n; i++) {
                        row[i] = value(rs.getObject(i + 1));
                    }
                    printer.row(row);
                    count++;
                    more = rs.next();
                }
                RowPrinter<Object[]> done = printer;
                printer = null;
                done.finish();
                return new SqlResult.Rows(columns, count);
            }
        } catch (SQLException e) {
            if (printer != null) {
                printer.finish();
            }
            throw new UserError(explain(statement, e), ExitCode.USAGE);
        }
    }

    private static String stripTerminator(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s;
    }

    private static SqlResult.Columns columns(ResultSetMetaData md) throws SQLException {
        int n = md.getColumnCount();
        List<String> names = new ArrayList<>(n);
        List<Boolean> numeric = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            String label = md.getColumnLabel(i);
            // unquoted identifiers come back upper-case; the schema and its docs are lower-case
            names.add(label.equals(label.toUpperCase(Locale.ROOT)) ? label.toLowerCase(Locale.ROOT) : label);
            numeric.add(isNumeric(md.getColumnType(i)));
        }
        return new SqlResult.Columns(List.copyOf(names), List.copyOf(numeric));
    }

    private static boolean isNumeric(int type) {
        return switch (type) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL, Types.FLOAT, Types.DOUBLE,
                 Types.NUMERIC, Types.DECIMAL -> true;
            default -> false;
        };
    }

    private static Object value(Object v) throws SQLException {
        return switch (v) {
            case null -> null;
            case Array a -> {
                Object[] items = (Object[]) a.getArray();
                List<Object> list = new ArrayList<>(items.length);
                for (Object o : items) {
                    list.add(value(o));
                }
                yield list;
            }
            case Object[] items -> Arrays.asList(items);
            case byte[] b -> HexFormat.of().formatHex(b);
            case Clob c -> c.getSubString(1, (int) Math.min(Integer.MAX_VALUE, c.length()));
            default -> v;
        };
    }

    /**
     * H2's admin-only functions, to name the one a refused query calls (H2 refuses them; this only words it). Not
     * every one: a query calling another is refused all the same, naming its first word.
     */
    private static final Pattern ADMIN_FUNCTION = Pattern.compile("(?i)\\b(FILE_READ|FILE_WRITE|CSVREAD|CSVWRITE|"
            + "LINK_SCHEMA|DB_OBJECT_SQL|DB_OBJECT_ID|ABORT_SESSION|CANCEL_SESSION)\\s*\\(");

    /** Statements that change a database, which the read-only user may not run. */
    private static final Pattern CHANGE = Pattern.compile("(?i)(INSERT|UPDATE|DELETE|MERGE|UPSERT|REPLACE|CREATE|"
            + "DROP|ALTER|TRUNCATE|GRANT|REVOKE|COMMENT|ANALYZE)");

    /** H2's message as one sentence: refusals said plainly, syntax errors with their line and column. */
    static String explain(String sql, SQLException e) {
        String message = firstPart(e.getMessage());
        return switch (e.getErrorCode()) {
            case ErrorCode.DATABASE_IS_READ_ONLY, ErrorCode.NOT_ENOUGH_RIGHTS_FOR_1, ErrorCode.ADMIN_RIGHTS_REQUIRED -> {
                Matcher f = ADMIN_FUNCTION.matcher(sql);
                String word = firstWord(sql);
                if (f.find()) {
                    yield "refused: " + f.group(1).toUpperCase(Locale.ROOT) + " reaches outside the case (files, "
                            + "other databases or sessions); auditq sql and auditq shell only read the case's tables "
                            + "(see docs/shell.md)";
                }
                yield CHANGE.matcher(word).matches()
                        ? "refused: auditq sql and auditq shell only read the case (" + word + " would change it); "
                                + "see docs/shell.md"
                        : "refused: " + word + " needs administrator rights; auditq sql and auditq shell only read "
                                + "the case's tables (see docs/shell.md)";
            }
            case ErrorCode.SYNTAX_ERROR_1, ErrorCode.SYNTAX_ERROR_2 -> syntax(sql, message);
            default -> "SQL error: " + withoutMarker(message);
        };
    }

    private static String syntax(String sql, String message) {
        // H2 marks the place with [*] inside the quoted statement: Syntax error in SQL statement "SELEC[*] * FROM t";
        // expected "…" (the statement itself may hold quotes, so the quoted part ends where "; expected starts)
        int start = message.indexOf('"');
        int end = message.lastIndexOf("\"; expected");
        if (end < 0) {
            end = message.lastIndexOf('"');
        }
        if (start < 0 || end <= start) {
            return "SQL syntax error: " + withoutMarker(message);
        }
        String quoted = unescape(message.substring(start + 1, end));
        int at = quoted.indexOf("[*]");
        String expected = message.substring(end + 1).replaceFirst("^;\\s*", "").strip();
        if (at < 0) {
            return "SQL syntax error: " + withoutMarker(message);
        }
        String before = quoted.substring(0, at);
        int offset = sql.indexOf(before) == 0 ? before.length() : -1;
        StringBuilder sb = new StringBuilder("SQL syntax error");
        if (offset >= 0) {
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < offset; i++) {
                if (sql.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            sb.append(" at line ").append(line).append(", column ").append(offset - lineStart + 1);
            String rest = sql.substring(offset).strip();
            int cut = rest.indexOf('\n');
            rest = cut < 0 ? rest : rest.substring(0, cut);
            sb.append(rest.isEmpty() ? " (at the end of the statement)"
                    : " (at \"" + (rest.length() > 30 ? rest.substring(0, 30) + "…" : rest) + "\")");
        }
        if (!expected.isEmpty()) {
            sb.append(": ").append(expected);
        }
        return sb.toString();
    }

    /** H2 writes a line break inside the quoted statement as \\000a: back to the characters typed. */
    private static String unescape(String quoted) {
        return ESCAPE.matcher(quoted).replaceAll(m -> Matcher.quoteReplacement(
                String.valueOf((char) Integer.parseInt(m.group(1), 16))));
    }

    private static String firstPart(String message) {
        String m = message == null ? "" : message;
        return TRAILER.matcher(m).replaceFirst("").strip();
    }

    private static String withoutMarker(String message) {
        return message.replace("[*]", "");
    }

    private static String firstWord(String sql) {
        String s = sql.strip();
        int end = 0;
        while (end < s.length() && Character.isLetter(s.charAt(end))) {
            end++;
        }
        return end == 0 ? "the statement" : s.substring(0, end).toUpperCase(Locale.ROOT);
    }
}

package io.auditq.cli.sql;

import io.auditq.cli.UserError;
import io.auditq.query.schema.SchemaReference;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The statements and dot commands of auditq shell, whatever types them (JLine at a terminal, or lines piped to
 * standard input): statements end with {@code ;} and may span lines; a dot command is one line.
 */
public final class SqlShell {
    /** The dot commands, for .help and completion. */
    public static final List<String> COMMANDS = List.of(".tables", ".describe", ".export", ".help", ".quit", ".exit");

    private static final String HELP = """
            Statements are SQL (H2 dialect), ended with ; and may span lines. The case is read-only.
              .tables            the tables and views, with their row counts
              .describe TABLE    the columns of TABLE: type, NULL or not, and meaning
              .export FILE       the last query's rows as CSV into FILE (run again; a new file, never overwritten)
              .help              this text
              .quit              leave (also .exit, or Ctrl-D)
            Tables and columns are documented in docs/schema.md. Times are epoch milliseconds (*_ms, UTC).""";

    private final SqlRunner runner;
    private final Connection connection;
    private final PrintWriter out;
    private final PrintWriter err;
    private final StringBuilder pending = new StringBuilder();
    private int pendingLine;
    private String last;
    private int failures;
    private boolean done;

    public SqlShell(Connection connection, PrintWriter out, PrintWriter err) {
        this.connection = connection;
        this.runner = new SqlRunner(connection);
        this.out = out;
        this.err = err;
    }

    /** Whether {@code text} is something to run now: a dot command, or SQL ended by ';'. */
    public static boolean isComplete(String text) {
        String t = text.strip();
        if (t.isEmpty() || t.startsWith(".")) {
            return true;
        }
        // a ; followed only by a line comment also ends the statement
        String lastLine = t.substring(t.lastIndexOf('\n') + 1);
        int comment = lastLine.indexOf("--");
        if (comment >= 0 && lastLine.indexOf('\'') < 0) {
            t = t.substring(0, t.length() - lastLine.length() + comment).strip();
        }
        return t.endsWith(";");
    }

    /**
     * One line of input ({@code lineNumber} names it in errors; 0 when it came from a terminal). Runs what the line
     * completes; returns false once the user asked to quit.
     */
    public boolean feed(String line, int lineNumber) {
        if (pending.isEmpty()) {
            if (line.isBlank()) {
                return !done;
            }
            pendingLine = lineNumber;
        }
        pending.append(line).append('\n');
        if (isComplete(pending.toString())) {
            String text = pending.toString().strip();
            pending.setLength(0);
            execute(text, pendingLine);
        }
        return !done;
    }

    /** The end of the input: an unfinished statement is run as it is (its missing ; is forgiven). */
    public void finish() {
        if (!pending.toString().isBlank()) {
            String text = pending.toString().strip();
            pending.setLength(0);
            execute(text, pendingLine);
        }
        out.flush();
    }

    /** Forgets an unfinished statement (Ctrl-C at a terminal). */
    public void discard() {
        pending.setLength(0);
    }

    /** Statements and commands that failed so far. */
    public int failures() {
        return failures;
    }

    private void execute(String text, int lineNumber) {
        try {
            if (text.startsWith(".")) {
                command(text);
            } else {
                if (SqlOutput.query(runner, text, SqlOutput.Format.table, out) instanceof SqlResult.Rows) {
                    last = text;
                }
            }
        } catch (UserError | UncheckedIOException e) {
            failures++;
            out.flush();
            err.println("auditq: " + (lineNumber > 0 ? "line " + lineNumber + ": " : "") + e.getMessage());
            err.flush();
        }
        out.flush();
    }

    private void command(String text) {
        String[] words = text.strip().split("\\s+", 2);
        String arg = words.length > 1 ? words[1].strip() : "";
        switch (words[0].toLowerCase(Locale.ROOT)) {
            case ".quit", ".exit", ".q" -> done = true;
            case ".help", ".h", ".?" -> out.println(HELP);
            case ".tables" -> tables();
            case ".describe", ".d" -> {
                if (arg.isEmpty()) {
                    throw new UserError(".describe needs a table name (see .tables)");
                }
                describe(arg);
            }
            case ".export" -> {
                if (arg.isEmpty()) {
                    throw new UserError(".export needs a file name: .export FILE");
                }
                export(Path.of(unquote(arg)));
            }
            default -> throw new UserError("unknown command " + words[0] + " (.help lists the commands; SQL ends with ;)");
        }
    }

    private void tables() {
        List<Object[]> rows = new ArrayList<>();
        for (String[] t : tableList()) {
            Object count = null;
            if (t[1].equals("table")) {
                try (Statement s = connection.createStatement();
                     ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM \"" + t[0].toUpperCase(Locale.ROOT) + "\"")) {
                    rs.next();
                    count = rs.getLong(1);
                } catch (SQLException e) {
                    throw new UserError("cannot count the rows of " + t[0] + ": " + e.getMessage());
                }
            }
            rows.add(new Object[] {t[0], t[1], count});
        }
        SqlOutput.table(new SqlResult.Columns(List.of("name", "type", "rows"), List.of(false, false, true)), rows, out);
    }

    /** Tables and views of the case: name (lower case) and "table" or "view". */
    private List<String[]> tableList() {
        List<String[]> list = new ArrayList<>();
        try (ResultSet rs = connection.getMetaData().getTables(null, "PUBLIC", null, new String[] {"TABLE", "VIEW"})) {
            while (rs.next()) {
                list.add(new String[] {rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT),
                        rs.getString("TABLE_TYPE").toLowerCase(Locale.ROOT).contains("view") ? "view" : "table"});
            }
        } catch (SQLException e) {
            throw new UserError("cannot list the tables: " + e.getMessage());
        }
        list.sort((a, b) -> a[0].compareTo(b[0]));
        return list;
    }

    private void describe(String table) {
        String name = unquote(table).replaceAll(";$", "").toUpperCase(Locale.ROOT);
        // what each column means, from schema.sql's comments (as docs/schema.md shows them)
        java.util.Map<String, String> meanings = new java.util.HashMap<>();
        SchemaReference.load().table(name).ifPresent(t -> t.columns().forEach(
                c -> meanings.put(c.name(), SchemaReference.meaning(c))));
        List<Object[]> rows = new ArrayList<>();
        try (ResultSet rs = connection.getMetaData().getColumns(null, "PUBLIC", name, null)) {
            while (rs.next()) {
                String type = rs.getString("TYPE_NAME");
                int size = rs.getInt("COLUMN_SIZE");
                if (type.equals("CHARACTER") || (type.equals("CHARACTER VARYING") && size < 1_000_000)) {
                    type += "(" + size + ")";
                }
                String column = rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT);
                rows.add(new Object[] {column, type.toLowerCase(Locale.ROOT),
                        rs.getInt("NULLABLE") == DatabaseMetaData.columnNoNulls ? "not null" : "",
                        meanings.getOrDefault(column, "")});
            }
        } catch (SQLException e) {
            throw new UserError("cannot describe " + table + ": " + e.getMessage());
        }
        if (rows.isEmpty()) {
            throw new UserError("no table or view named " + table + " (see .tables)");
        }
        SqlOutput.table(new SqlResult.Columns(List.of("column", "type", "null", "meaning"),
                List.of(false, false, false, false)), rows, out);
    }

    /** Runs the last query again into {@code file}: its rows stream to the file, whatever their number. */
    private void export(Path file) {
        if (last == null) {
            throw new UserError(".export: no result yet (run a SELECT first)");
        }
        long n;
        // CREATE_NEW: never overwrite a file, least of all one next to the evidence
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            n = ((SqlResult.Rows) SqlOutput.query(runner, last, SqlOutput.Format.csv, w)).count();
        } catch (FileAlreadyExistsException e) {
            throw new UserError(".export: " + file + " exists; choose a new file name");
        } catch (IOException | UncheckedIOException e) {
            throw new UserError(".export: cannot write " + file + ": " + e.getMessage());
        }
        out.println(n + (n == 1 ? " row" : " rows") + " written to " + file.toAbsolutePath());
    }

    private static String unquote(String s) {
        String t = s.strip();
        if (t.length() >= 2 && (t.startsWith("'") && t.endsWith("'") || t.startsWith("\"") && t.endsWith("\""))) {
            return t.substring(1, t.length() - 1);
        }
        return t;
    }
}

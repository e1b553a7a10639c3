package io.auditq.cli.sql;

import io.auditq.cli.out.Column;
import io.auditq.cli.out.CsvPrinter;
import io.auditq.cli.out.JsonPrinter;
import io.auditq.cli.out.RowPrinter;
import io.auditq.cli.out.Times;
import io.auditq.query.export.CsvCells;
import io.auditq.query.export.CsvStyle;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints SQL results as they are read, with the printers every auditq listing uses for CSV, JSON and JSON Lines,
 * and {@link SqlTable} for an aligned table: the first row is out at once and memory does not grow with the
 * result. Output is flushed at least every {@value #FLUSH_MILLIS} ms while rows come.
 */
public final class SqlOutput {
    /** The output formats of auditq sql. */
    public enum Format { table, csv, json, jsonl }

    static final long FLUSH_MILLIS = 100;

    private SqlOutput() {
    }

    /** Runs {@code sql} and prints its rows in {@code format}; a table ends with the row count, as a person expects. */
    public static SqlResult query(SqlRunner runner, String sql, Format format, Writer out) {
        SqlResult result = runner.run(sql, columns -> flushing(printer(columns, format, out), out));
        if (format == Format.table) {
            switch (result) {
                case SqlResult.Done d -> write(out, "OK (" + d.updateCount() + " rows)\n");
                case SqlResult.Rows r -> write(out, count(r.count()) + "\n");
            }
        }
        flush(out);
        return result;
    }

    /** A small result held whole (the shell's .tables and .describe), as a table with its row count. */
    static void table(SqlResult.Columns columns, List<Object[]> rows, Writer out) {
        RowPrinter<Object[]> p = new SqlTable(out, columns);
        rows.forEach(p::row);
        p.finish();
        write(out, count(rows.size()) + "\n");
        flush(out);
    }

    private static String count(long n) {
        return "(" + n + (n == 1 ? " row)" : " rows)");
    }

    private static RowPrinter<Object[]> printer(SqlResult.Columns columns, Format format, Writer out) {
        return switch (format) {
            // SQL results are shown whole: nothing is cut to fit the terminal (the terminal wraps)
            case table -> new SqlTable(out, columns);
            case csv -> new CsvPrinter<>(out, columns(columns), Times.utc(), CsvStyle.DEFAULT);
            case json -> JsonPrinter.array(out, columns(columns), Times.utc());
            case jsonl -> JsonPrinter.lines(out, columns(columns), Times.utc());
        };
    }

    /** Flushes {@code out} when rows have come for a while unflushed, so a slow result shows as it comes. */
    private static RowPrinter<Object[]> flushing(RowPrinter<Object[]> printer, Writer out) {
        return new RowPrinter<>() {
            private long flushedAt = System.nanoTime();

            @Override
            public void row(Object[] row) {
                printer.row(row);
                long now = System.nanoTime();
                if (now - flushedAt >= FLUSH_MILLIS * 1_000_000) {
                    flush(out);
                    flushedAt = now;
                }
            }

            @Override
            public void finish() {
                printer.finish();
            }
        };
    }

    private static List<Column<Object[]>> columns(SqlResult.Columns c) {
        List<Column<Object[]>> cols = new ArrayList<>();
        for (int i = 0; i < c.names().size(); i++) {
            int k = i;
            cols.add(Column.of(c.names().get(i), row -> row[k]));
        }
        return cols;
    }

    /** A cell as a table shows it: NULL as an empty cell, an ARRAY (argv) shell-quoted. */
    static String text(Object v) {
        return switch (v) {
            case null -> "";
            case List<?> l -> CsvCells.argv(l.stream().map(String::valueOf).toList());
            default -> String.valueOf(v);
        };
    }

    private static void write(Writer out, String s) {
        try {
            out.write(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void flush(Writer out) {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (out instanceof PrintWriter p && p.checkError()) {
            throw closed();
        }
    }

    /**
     * Standard output for rows, buffered, that fails once its reader has gone (| head): System.out, a PrintStream,
     * only remembers a write error, and a query would otherwise run to its end for nobody.
     */
    public static Writer stdout() {
        PrintStream ps = System.out;
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) {
                ps.write(b);
                check();
            }

            @Override
            public void write(byte[] b, int off, int len) {
                ps.write(b, off, len);
                check();
            }

            @Override
            public void flush() {
                ps.flush();
                check();
            }

            private void check() {
                if (ps.checkError()) {
                    throw closed();
                }
            }
        };
        return new BufferedWriter(new OutputStreamWriter(failing, StandardCharsets.UTF_8), 1 << 16);
    }

    /** The error a closed standard output gives; Main ends the run quietly on it. */
    private static UncheckedIOException closed() {
        return new UncheckedIOException(new IOException("Broken pipe (standard output was closed)"));
    }
}

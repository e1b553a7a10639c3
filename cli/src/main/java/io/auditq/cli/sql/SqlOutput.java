package io.auditq.cli.sql;

import io.auditq.cli.out.Column;
import io.auditq.cli.out.CsvPrinter;
import io.auditq.cli.out.JsonPrinter;
import io.auditq.cli.out.RowPrinter;
import io.auditq.cli.out.TablePrinter;
import io.auditq.cli.out.TablePrinter.TableColumn;
import io.auditq.cli.out.Times;
import io.auditq.query.export.CsvCells;
import io.auditq.query.export.CsvStyle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/** Prints an SQL result with the printers every auditq listing uses: an aligned table, CSV, JSON or JSON Lines. */
public final class SqlOutput {
    /** The output formats of auditq sql. */
    public enum Format { table, csv, json, jsonl }

    private SqlOutput() {
    }

    /** The rows in {@code format}; a table ends with the row count, as a person at a terminal expects. */
    public static void print(SqlResult result, Format format, Writer out) {
        switch (result) {
            case SqlResult.Done d -> write(out, format == Format.table ? "OK (" + d.updateCount() + " rows)\n" : "");
            case SqlResult.Rows r -> {
                RowPrinter<Object[]> printer = switch (format) {
                    // SQL results are shown whole: nothing is cut to fit the terminal (the terminal wraps)
                    case table -> new TablePrinter<>(out, tableColumns(r), null, Integer.MAX_VALUE);
                    case csv -> new CsvPrinter<>(out, columns(r), Times.utc(), CsvStyle.DEFAULT);
                    case json -> JsonPrinter.array(out, columns(r), Times.utc());
                    case jsonl -> JsonPrinter.lines(out, columns(r), Times.utc());
                };
                for (Object[] row : r.rows()) {
                    printer.row(row);
                }
                printer.finish();
                if (format == Format.table) {
                    int n = r.rows().size();
                    write(out, "(" + n + (n == 1 ? " row" : " rows") + ")\n");
                }
            }
        }
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows as CSV (RFC 4180, one header line), as auditq export writes them. */
    public static void csv(SqlResult.Rows r, Writer out) {
        CsvPrinter<Object[]> p = new CsvPrinter<>(out, columns(r), Times.utc(), CsvStyle.DEFAULT);
        for (Object[] row : r.rows()) {
            p.row(row);
        }
        p.finish();
    }

    private static List<Column<Object[]>> columns(SqlResult.Rows r) {
        List<Column<Object[]>> cols = new ArrayList<>();
        for (int i = 0; i < r.columns().size(); i++) {
            int k = i;
            cols.add(Column.of(r.columns().get(i), row -> row[k]));
        }
        return cols;
    }

    private static List<TableColumn<Object[]>> tableColumns(SqlResult.Rows r) {
        List<TableColumn<Object[]>> cols = new ArrayList<>();
        for (int i = 0; i < r.columns().size(); i++) {
            int k = i;
            cols.add(new TableColumn<>(r.columns().get(i), row -> text(row[k]), r.numeric().get(i), false));
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
}

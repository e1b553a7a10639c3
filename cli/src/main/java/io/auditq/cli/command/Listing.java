package io.auditq.cli.command;

import io.auditq.query.export.CsvStyle;
import io.auditq.cli.out.Column;
import io.auditq.cli.out.CsvPrinter;
import io.auditq.cli.out.JsonPrinter;
import io.auditq.cli.out.RowPrinter;
import io.auditq.cli.out.TablePrinter;
import io.auditq.cli.out.Times;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Prints the rows of a follow-up question in the chosen format, the way {@code connections} does: a table with
 * the day above it (times of day in the rows when they all fall on one day) for people, the documented columns
 * for CSV, JSON and JSONL; notes after a table, on stderr otherwise.
 */
final class Listing<T> {
    private final List<Column<T>> columns;
    private final List<TablePrinter.TableColumn<T>> table;
    private final Function<T, List<String>> below;

    /** @param below lines under a table row (null for none) */
    Listing(List<Column<T>> columns, List<TablePrinter.TableColumn<T>> table, Function<T, List<String>> below) {
        this.columns = columns;
        this.table = table;
        this.below = below;
    }

    /** The day all rows fall on (in the output zone), or null when they span days. */
    static <T> String day(List<T> rows, ToLongFunction<T> time, Times times) {
        String day = null;
        for (T r : rows) {
            String d = times.format(time.applyAsLong(r)).substring(0, 10);
            if (day == null) {
                day = d;
            } else if (!day.equals(d)) {
                return null;
            }
        }
        return day;
    }

    /** A table cell for a row's time: the time of day when the day is printed above. */
    static String clock(Times times, long millis, String day) {
        String s = times.format(millis);
        return day != null ? s.substring(11) : s;
    }

    /** @param csvStyle CSV line ends and cell safety (--crlf, --csv-raw) */
    void print(ConnectionsCommand.Format fmt, List<T> rows, Times times, String zone, String day, List<String> notes,
               CsvStyle csvStyle) {
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        try {
            if (fmt == ConnectionsCommand.Format.table && day != null && !rows.isEmpty()) {
                out.write(day + (zone == null ? " (UTC)" : " (" + zone + ")") + "\n");
            }
            RowPrinter<T> printer = switch (fmt) {
                case table -> new TablePrinter<>(out, table, below, TablePrinter.terminalWidth());
                case csv -> new CsvPrinter<>(out, columns, times, csvStyle);
                case json -> JsonPrinter.array(out, columns, times);
                case jsonl -> JsonPrinter.lines(out, columns, times);
            };
            for (T r : rows) {
                printer.row(r);
            }
            printer.finish();
            if (fmt == ConnectionsCommand.Format.table) {
                if (!notes.isEmpty()) {
                    out.write("\n");
                    for (String n : notes) {
                        out.write("* " + n + "\n");
                    }
                }
                out.flush();
            } else {
                out.flush();
                for (String n : notes) {
                    System.err.println("auditq: note: " + n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A name, else the id, else -. */
    static String who(String name, Long id) {
        return name != null ? name : id == null ? "-" : id.toString();
    }
}

package io.auditq.fleet.command;

import io.auditq.query.export.CsvStyle;
import io.auditq.cli.command.ConnectionsCommand;
import io.auditq.cli.out.Column;
import io.auditq.cli.out.CsvPrinter;
import io.auditq.cli.out.JsonPrinter;
import io.auditq.cli.out.RowPrinter;
import io.auditq.cli.out.TablePrinter;
import io.auditq.cli.out.Times;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The single-host printers for fleet rows: CSV, JSON and JSON Lines from columns, a table from table columns. */
final class FleetPrint {
    private FleetPrint() {
    }

    static Writer stdout() {
        return new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
    }

    /** A printer for the machine formats; null for table (the caller builds its table columns). */
    static <T> RowPrinter<T> printer(Writer out, ConnectionsCommand.Format fmt, List<Column<T>> columns, Times times,
                                     CsvStyle csvStyle) {
        return switch (fmt) {
            case csv -> new CsvPrinter<>(out, columns, times, csvStyle);
            case json -> JsonPrinter.array(out, columns, times);
            case jsonl -> JsonPrinter.lines(out, columns, times);
            case table -> null;
        };
    }

    /** A table with every column as text (what a column gives, times in --tz). */
    static <T> TablePrinter<T> table(Writer out, List<Column<T>> columns, Times times) {
        List<TablePrinter.TableColumn<T>> t = columns.stream().map(c -> TablePrinter.TableColumn.<T>left(
                c.name().toUpperCase(java.util.Locale.ROOT), r -> text(c, r, times))).toList();
        return new TablePrinter<>(out, t, null, TablePrinter.terminalWidth());
    }

    static <T> String text(Column<T> c, T row, Times times) {
        if (c.text() != null) {
            return c.text().apply(row);
        }
        Object v = c.value().apply(row);
        return switch (v) {
            case null -> "-";
            case java.time.Instant t -> times.format(t.toEpochMilli());
            case List<?> l -> String.join(" ", l.stream().map(String::valueOf).toList());
            default -> v.toString();
        };
    }
}

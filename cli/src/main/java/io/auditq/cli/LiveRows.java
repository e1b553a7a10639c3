package io.auditq.cli;

import io.auditq.query.export.CsvStyle;
import io.auditq.cli.command.ConnectionsCommand;
import io.auditq.cli.out.Column;
import io.auditq.cli.out.CsvPrinter;
import io.auditq.cli.out.JsonPrinter;
import io.auditq.cli.out.RowPrinter;
import io.auditq.cli.out.Terminal;
import io.auditq.cli.out.Times;
import io.auditq.parser.event.AuditEvent;
import io.auditq.parser.live.LiveEvents;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * Prints rows made from live kernel events as they come, for the {@code --live} commands: csv and jsonl through
 * the offline printers, flushed after every row; table as one line per row, since a live table cannot wait to
 * learn its column widths.
 */
public final class LiveRows {
    private LiveRows() {
    }

    /**
     * @param rowOf     the row an event makes, or null when it makes none
     * @param tableLine the one-line table form of a row (escaped for the terminal here)
     */
    public static <T> void run(LiveOptions live, ConnectionsCommand.Format format, List<Column<T>> columns,
                               Times times, CsvStyle csvStyle, Function<AuditEvent, T> rowOf,
                               Function<T, String> tableLine) {
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        RowPrinter<T> printer = switch (format) {
            case csv -> new CsvPrinter<>(out, columns, times, csvStyle);
            case json, jsonl -> JsonPrinter.lines(out, columns, times);
            case table -> null;
        };
        LiveEvents events = new LiveEvents(ev -> {
            T row = rowOf.apply(ev);
            if (row == null) {
                return;
            }
            if (printer != null) {
                printer.row(row);
            } else {
                write(out, Terminal.safe(tableLine.apply(row)));
            }
            flush(out);
        }, () -> flush(out));
        LiveCapture.run(live, events, "standard output", err);
        if (printer != null) {
            printer.finish();
        }
        flush(out);
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
    }
}

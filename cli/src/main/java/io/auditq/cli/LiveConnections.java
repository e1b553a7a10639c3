package io.auditq.cli;

import io.auditq.cli.out.Column;
import io.auditq.cli.out.ConnectionListing;
import io.auditq.cli.out.CsvPrinter;
import io.auditq.cli.out.JsonPrinter;
import io.auditq.cli.out.RowPrinter;
import io.auditq.cli.out.Terminal;
import io.auditq.cli.out.Times;
import io.auditq.parser.live.LiveEvents;
import io.auditq.parser.normal.AccountNames;
import io.auditq.parser.normal.EventNormalizer;
import io.auditq.query.ask.OutboundConnection;
import io.auditq.query.connect.ConnectionAttempt;
import io.auditq.query.connect.ConnectionTracker;
import io.auditq.query.connect.Protocol;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Set;

/**
 * {@code auditq connections --live}: each outbound connection attempt printed as the kernel reports it, with
 * the offline command's columns (one attempt per row, count 1), through the same tracker and decoding.
 */
public final class LiveConnections {
    /** What to print: the offline command's format, protocol set (null = any) and loopback choice. */
    public record Choice(String format, Set<Protocol> protocols, boolean includeLoopback) {
    }

    private LiveConnections() {
    }

    public static void run(LiveOptions live, Choice choice, AccountNames names, Times times, Writer out,
                           PrintWriter err) {
        EventNormalizer normalizer = new EventNormalizer(names);
        ConnectionTracker tracker = new ConnectionTracker();
        List<Column<OutboundConnection>> columns = ConnectionListing.columns(false);
        RowPrinter<OutboundConnection> printer = switch (choice.format()) {
            case "csv" -> new CsvPrinter<>(out, columns, times, true);
            case "jsonl", "json" -> JsonPrinter.lines(out, columns, times);
            default -> null; // table: one aligned line per attempt, since a live table cannot wait for widths
        };
        long[] ref = {0};
        LiveEvents events = new LiveEvents(ev -> {
            var ne = normalizer.normalize(ev);
            if (tracker.observe(ev, ne, ++ref[0]) instanceof ConnectionTracker.Attempt(ConnectionAttempt a)
                    && (choice.includeLoopback() || !a.loopback())
                    && (choice.protocols() == null || choice.protocols().contains(a.protocol()))) {
                OutboundConnection row = row(a);
                if (printer != null) {
                    printer.row(row);
                } else {
                    write(out, line(row, times));
                }
                flush(out);
            }
        }, () -> flush(out));
        LiveCapture.run(live, events, "standard output", err);
        if (printer != null) {
            printer.finish();
        }
        flush(out);
    }

    static OutboundConnection row(ConnectionAttempt a) {
        return new OutboundConnection(a.timeMillis(), a.timeMillis(), 1, a.address(), a.port(), a.protocol().label(),
                a.outcome(), a.pid(), a.ppid(), a.exe(), a.comm(), a.uid(), a.user(), a.auid(), a.loginUser(), a.ses(),
                a.node(), a.argv(), a.commMismatch(), a.basis().label(), a.family(), a.mapped(), a.loopback(),
                a.source().name() + ":" + a.line(), List.of());
    }

    static String line(OutboundConnection r, Times times) {
        String who = (r.user() != null ? r.user() : String.valueOf(r.uid())) + "/"
                + (r.loginUser() != null ? r.loginUser() : r.auid() == null ? "-" : String.valueOf(r.auid()));
        String comm = r.commMismatch() ? " [comm " + r.comm() + "]" : "";
        return Terminal.safe(String.format("%s %s %s %s pid=%s %s %s%s%n", times.format(r.firstSeen()),
                r.destination(), r.protocol(), r.outcome(), r.pid(), who, r.exe(), comm));
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

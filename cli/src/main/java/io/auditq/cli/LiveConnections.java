package io.auditq.cli;

import io.auditq.query.export.CsvStyle;
import io.auditq.cli.command.ConnectionsCommand;
import io.auditq.cli.out.ConnectionListing;
import io.auditq.cli.out.Times;
import io.auditq.parser.normal.AccountNames;
import io.auditq.parser.normal.EventNormalizer;
import io.auditq.query.ask.OutboundConnection;
import io.auditq.query.connect.ConnectionAttempt;
import io.auditq.query.connect.ConnectionTracker;
import io.auditq.query.connect.Protocol;

import java.util.List;
import java.util.Set;

/**
 * {@code auditq connections --live}: each outbound connection attempt printed as the kernel reports it, with
 * the offline command's columns (one attempt per row, count 1), through the same tracker and decoding.
 */
public final class LiveConnections {
    /** What to print: the protocol set (null = any) and the loopback choice of the offline command. */
    public record Choice(Set<Protocol> protocols, boolean includeLoopback) {
    }

    private LiveConnections() {
    }

    public static void run(LiveOptions live, ConnectionsCommand.Format format, Choice choice, AccountNames names,
                           Times times, CsvStyle csvStyle) {
        EventNormalizer normalizer = new EventNormalizer(names);
        ConnectionTracker tracker = new ConnectionTracker();
        long[] ref = {0};
        LiveRows.run(live, format, ConnectionListing.columns(false), times, csvStyle, ev -> {
            var ne = normalizer.normalize(ev);
            if (tracker.observe(ev, ne, ++ref[0]) instanceof ConnectionTracker.Attempt(ConnectionAttempt a)
                    && (choice.includeLoopback() || !a.loopback())
                    && (choice.protocols() == null || choice.protocols().contains(a.protocol()))) {
                return row(a);
            }
            return null;
        }, r -> line(r, times));
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
        String comm = Boolean.TRUE.equals(r.commMismatch()) ? " [comm " + r.comm() + "]" : "";
        return String.format("%s %s %s %s pid=%s %s %s%s%n", times.format(r.firstSeen()),
                r.destination(), r.protocol(), r.outcome(), r.pid(), who, r.exe(), comm);
    }
}

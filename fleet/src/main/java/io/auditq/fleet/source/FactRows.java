package io.auditq.fleet.source;

import io.auditq.fleet.host.AccountName;
import io.auditq.parser.input.LogSource;
import io.auditq.query.ask.OutboundConnection;
import io.auditq.query.connect.ConnectionAttempt;
import io.auditq.query.connect.Protocol;
import io.auditq.query.connect.ProtocolBasis;
import org.apache.spark.sql.Row;

import java.time.Instant;
import java.util.List;

/**
 * A host's facts as row values in {@link FleetSchema}'s column order, and back: connections answer rows, attempts
 * and names. Both directions are here, so a column is added in one place.
 */
public final class FactRows {
    private FactRows() {
    }

    public static Object[] connection(OutboundConnection r) {
        return new Object[] {Instant.ofEpochMilli(r.firstSeen()), Instant.ofEpochMilli(r.lastSeen()), r.count(),
                r.dstAddr(), r.dstPort(), r.protocol(), r.outcome(), r.pid(), r.ppid(), r.exe(), r.comm(), r.uid(),
                r.user(), r.auid(), r.loginUser(), r.ses(), r.node(), r.argv(), r.commMismatch(), r.protocolBasis(),
                r.family(), r.source(), r.mapped(), r.loopback()};
    }

    public static OutboundConnection connection(Row r) {
        return new OutboundConnection(Values.millis(r.get(0)), Values.millis(r.get(1)), r.getLong(2), r.getString(3),
                r.getInt(4), r.getString(5), r.getString(6), longOrNull(r, 7), longOrNull(r, 8), r.getString(9),
                r.getString(10), longOrNull(r, 11), r.getString(12), longOrNull(r, 13), r.getString(14),
                longOrNull(r, 15), r.getString(16), strings(r, 17), r.getBoolean(18), r.getString(19), r.getString(20),
                r.isNullAt(22) ? false : r.getBoolean(22), r.isNullAt(23) ? false : r.getBoolean(23),
                r.getString(21), null);
    }

    /** An attempt; its node is '' when the log has no node= (as in the case database). */
    public static Object[] attempt(ConnectionAttempt a, long seq) {
        return new Object[] {seq, a.node() == null ? "" : a.node(), a.timeMillis(), a.serial(), a.syscall(),
                a.socketcall(), a.pid(), a.ppid(), a.uid(), a.user(), a.auid(), a.loginUser(), a.ses(), a.exe(),
                a.comm(), a.commMismatch(), a.fd(), a.family(), a.mapped(), a.address(), a.port(), a.loopback(),
                a.protocol().label(), a.basis().label(), a.outcome(), a.exit(), a.argv(), a.proctitle(), a.key(),
                a.source() == null ? null : a.source().name(), a.line()};
    }

    /** An attempt read back: what the tally needs of it is what was stored (no socket or execve references). */
    public static ConnectionAttempt attempt(Row r) {
        String node = r.getString(1);
        String source = r.getString(29);
        return new ConnectionAttempt(node.isEmpty() ? null : node, r.getLong(2), r.getLong(3), r.getString(4),
                r.getBoolean(5), longOrNull(r, 6), longOrNull(r, 7), longOrNull(r, 8), r.getString(9),
                longOrNull(r, 10), r.getString(11), longOrNull(r, 12), r.getString(13), r.getString(14),
                r.getBoolean(15), longOrNull(r, 16), r.getString(17), r.getBoolean(18), r.getString(19), r.getInt(20),
                r.getBoolean(21), Protocol.fromLabel(r.getString(22)), ProtocolBasis.fromLabel(r.getString(23)), null,
                r.getString(24), longOrNull(r, 25), null, strings(r, 26), r.getString(27), r.getString(28),
                source == null ? null : new LogSource(source, null, 0), r.getLong(30));
    }

    public static Object[] name(AccountName n) {
        return new Object[] {n.node(), n.id(), n.name()};
    }

    public static AccountName name(Row r) {
        return new AccountName(r.getString(0), r.getLong(1), r.getString(2));
    }

    static Long longOrNull(Row r, int i) {
        return r.isNullAt(i) ? null : r.getLong(i);
    }

    static List<String> strings(Row r, int i) {
        return r.isNullAt(i) ? null : List.copyOf(r.<String>getList(i));
    }
}

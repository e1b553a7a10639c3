package io.auditq.query.ask;

import java.util.List;

/**
 * One row of the connections answer: the attempts one process (node, pid, exe, uid, auid) made to one
 * destination (address, port, protocol) in the window.
 *
 * @param outcome       one outcome, or {@code value:count} pairs joined by {@code ;} when the attempts ended differently
 * @param comm          the comm of the first attempt
 * @param commMismatch  some attempt's comm is not the name of exe: a renamed process or a named thread; null when
 *                      no attempt's is known to be, and some attempt's is not known (its execve is not in the log)
 * @param protocolBasis how protocol is known: socket, inherited, unseen (socket() of this fd not in the log),
 *                      not-audited (the log holds no socket() call of this node at all)
 * @param argv          the argv of the execve that started this program, when the log has it
 * @param source        where the first attempt is in the evidence: file:line
 * @param ancestors     the chain of parent processes up to the login session (only when asked for: --tree)
 */
public record OutboundConnection(
        long firstSeen, long lastSeen, long count,
        String dstAddr, int dstPort, String protocol, String outcome,
        Long pid, Long ppid, String exe, String comm, Long uid, String user, Long auid, String loginUser, Long ses,
        String node,
        List<String> argv, Boolean commMismatch, String protocolBasis, String family, boolean mapped,
        boolean loopback, String source, List<Ancestor> ancestors) {

    /**
     * The listing order: first seen, then destination, then pid; the remaining key columns (exe, uid, auid,
     * protocol, node) make it total, so the one-shot and the case database list equal answers identically.
     */
    public static final java.util.Comparator<OutboundConnection> ORDER = OutboundConnection::compareForListing;

    // written out rather than chained lambdas: a million rows are sorted with it, on disk too
    private static int compareForListing(OutboundConnection a, OutboundConnection b) {
        int c = Long.compare(a.firstSeen, b.firstSeen);
        if (c != 0) {
            return c;
        }
        c = a.dstAddr.compareTo(b.dstAddr);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(a.dstPort, b.dstPort);
        if (c != 0) {
            return c;
        }
        c = Long.compare(a.pid == null ? -1 : a.pid, b.pid == null ? -1 : b.pid);
        if (c != 0) {
            return c;
        }
        c = nullsFirst(a.exe, b.exe);
        if (c != 0) {
            return c;
        }
        c = nullsFirst(a.uid, b.uid);
        if (c != 0) {
            return c;
        }
        c = nullsFirst(a.auid, b.auid);
        if (c != 0) {
            return c;
        }
        c = a.protocol.compareTo(b.protocol);
        return c != 0 ? c : nullsFirst(a.node, b.node);
    }

    /** Null before any value. */
    static <T extends Comparable<T>> int nullsFirst(T a, T b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return a.compareTo(b);
    }

    /** The same row with its ancestors. */
    public OutboundConnection withAncestors(List<Ancestor> chain) {
        return new OutboundConnection(firstSeen, lastSeen, count, dstAddr, dstPort, protocol, outcome, pid, ppid, exe,
                comm, uid, user, auid, loginUser, ses, node, argv, commMismatch, protocolBasis, family, mapped,
                loopback, source, chain);
    }

    /** The destination as one would type it: {@code 203.0.113.5:443}, {@code [2001:db8::1]:443}. */
    public String destination() {
        return dstAddr.indexOf(':') >= 0 ? "[" + dstAddr + "]:" + dstPort : dstAddr + ":" + dstPort;
    }
}

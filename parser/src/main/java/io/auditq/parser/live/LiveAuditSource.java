package io.auditq.parser.live;

import io.auditq.parser.input.LogSource;
import io.auditq.parser.record.Malformation;
import io.auditq.parser.record.ParseStats;
import io.auditq.parser.record.RecordParser;
import io.auditq.parser.record.RecordSink;

import java.nio.ByteOrder;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Kernel audit records as they happen, read from the read-only multicast group beside auditd (never instead
 * of it) and parsed by the same {@link RecordParser} as a log file, record by record, into a {@link Listener}.
 *
 * <p>Open it, then load any rules (so no record of theirs is missed), then {@link #run} until the stop request;
 * the records already queued are taken before it returns. Records the kernel dropped for this socket (ENOBUFS)
 * are counted and announced, never hidden. Confined to the thread that opened it.
 */
public final class LiveAuditSource implements AutoCloseable {
    /** Where live records come from, as their {@link io.auditq.parser.record.AuditRecord#source()}. */
    public static final LogSource NETLINK = new LogSource("netlink", null, 0);
    /** Kernel buffer asked for: several seconds of a busy host's records, so bursts do not overflow. */
    public static final int DEFAULT_RECEIVE_BUFFER = 8 << 20;
    /** How long a receive waits before the loop looks at the stop request again. */
    public static final Duration POLL = Duration.ofMillis(200);
    /** A bound on the final drain, so a flood cannot keep a stopped capture alive. */
    private static final int DRAIN_MAX = 100_000;
    /** Netlink's own message types (NOOP, ERROR, DONE, OVERRUN) are below this; audit records are above. */
    private static final int NLMSG_MIN_TYPE = 16;

    /** Receives live records, and learns of idle moments and of kernel drops. */
    public interface Listener extends RecordSink {
        /**
         * A record exactly as the kernel sent it, before parsing: its type and payload ({@code audit(…): …},
         * trailing NUL and newline removed). Called for every record message, also those the parser rejects.
         */
        default void message(int type, byte[] buf, int off, int len) {
        }

        /** Nothing arrived for a moment: a good time to flush output. */
        default void idle() {
        }

        /** The kernel dropped records for this socket (ENOBUFS); {@code total} such drops so far. */
        default void overflow(long total) {
        }

        /** The capture has stopped and the queued records were taken: emit and flush everything now. */
        default void end() {
            idle();
        }
    }

    /**
     * What a capture saw.
     *
     * @param overflows  ENOBUFS reports: each means at least one record was lost (netlink does not say how many)
     * @param truncated  datagrams longer than the receive buffer (their tail was lost)
     * @param badFraming datagrams whose netlink framing did not add up (reported as malformed)
     * @param foreign    datagrams from a sender other than the kernel, ignored
     */
    public record Stats(long datagrams, long records, long malformed, long overflows, long truncated,
                        long badFraming, long foreign) {
    }

    private final AuditNetlink socket;
    private final byte[] buf = new byte[AuditNetlink.MAX_DATAGRAM];
    private final ByteOrder order = ByteOrder.nativeOrder();
    private final ParseStats parse = new ParseStats();
    private long datagrams;
    private long overflows;
    private long truncated;
    private long badFraming;
    private long foreign;
    private long messageNumber;

    private LiveAuditSource(AuditNetlink socket) {
        this.socket = socket;
    }

    /** Joins the multicast group (needs root or CAP_AUDIT_READ). */
    public static LiveAuditSource open() throws LiveAuditException {
        return open(DEFAULT_RECEIVE_BUFFER);
    }

    /** Joins the multicast group, asking for this much kernel buffer. */
    public static LiveAuditSource open(int receiveBuffer) throws LiveAuditException {
        return new LiveAuditSource(AuditNetlink.readLog(POLL, receiveBuffer));
    }

    /** Receives records until {@code stop} answers true, then takes those already queued, and returns. */
    public void run(Listener listener, BooleanSupplier stop) throws LiveAuditException {
        RecordParser parser = new RecordParser(listener, parse);
        while (!stop.getAsBoolean()) {
            take(socket.receive(buf), parser, listener);
        }
        for (int i = 0; i < DRAIN_MAX; i++) {
            AuditNetlink.Received r = socket.receiveQueued(buf);
            if (r instanceof AuditNetlink.Received.TimedOut) {
                break;
            }
            take(r, parser, listener);
        }
        listener.end();
    }

    private void take(AuditNetlink.Received received, RecordParser parser, Listener listener) {
        switch (received) {
            case AuditNetlink.Received.Datagram d -> {
                datagrams++;
                if (d.sender() != 0) {
                    foreign++; // only the kernel speaks for the kernel
                    return;
                }
                if (d.truncated()) {
                    truncated++;
                }
                String framing = NetlinkFrames.split(buf, d.length(), order, m -> {
                    if (m.type() < NLMSG_MIN_TYPE) {
                        return;
                    }
                    int at = m.payloadOffset();
                    int len = m.payloadLength();
                    while (len > 0 && (buf[at + len - 1] == 0 || buf[at + len - 1] == '\n')) {
                        len--;
                    }
                    listener.message(m.type(), buf, at, len);
                    parser.payload(m.type(), buf, at, len, NETLINK, ++messageNumber);
                });
                if (framing != null || d.truncated()) {
                    badFraming++;
                    listener.malformed(Malformation.of(NETLINK, messageNumber,
                            d.truncated() ? "datagram longer than " + buf.length + " bytes, its tail lost" : framing,
                            buf, 0, Math.min(d.length(), 64)));
                }
            }
            case AuditNetlink.Received.Overflow _ -> listener.overflow(++overflows);
            case AuditNetlink.Received.TimedOut _ -> listener.idle();
            case AuditNetlink.Received.Interrupted _ -> {
            }
        }
    }

    public Stats stats() {
        return new Stats(datagrams, parse.records, parse.malformed, overflows, truncated, badFraming, foreign);
    }

    /** Leaves the group and closes the socket. */
    @Override
    public void close() {
        socket.close();
    }
}

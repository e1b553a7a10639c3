package io.auditq.parser.live;

import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.auditq.parser.live.LiveAuditException.Kind.FAILED;
import static io.auditq.parser.live.LiveAuditException.Kind.MISSING_CAPABILITY;

/**
 * Requests to the kernel's audit subsystem over its own control socket: status, the enabled flag, rules.
 * Every request needs root or CAP_AUDIT_CONTROL. Confined to the thread that opened it, like its socket.
 */
public final class AuditControl implements AutoCloseable {
    // linux/audit.h message types
    static final int AUDIT_GET = 1000;
    static final int AUDIT_SET = 1001;
    static final int AUDIT_ADD_RULE = 1011;
    static final int AUDIT_DEL_RULE = 1012;
    static final int AUDIT_LIST_RULES = 1013;
    private static final Duration REPLY_WAIT = Duration.ofSeconds(5);

    private final AuditNetlink socket;
    private final ByteOrder order = ByteOrder.nativeOrder();
    private final byte[] buf = new byte[AuditNetlink.MAX_DATAGRAM];
    private int seq = (int) (System.nanoTime() & 0x3fff_ffff);

    private AuditControl(AuditNetlink socket) {
        this.socket = socket;
    }

    public static AuditControl open() throws LiveAuditException {
        return new AuditControl(AuditNetlink.control(Duration.ofMillis(250)));
    }

    /** The kernel's audit status (AUDIT_GET). */
    public AuditStatus status() throws LiveAuditException {
        Reply r = exchange(AUDIT_GET, new byte[0], false, "reading the kernel's audit status");
        for (byte[] p : r.payloads) {
            AuditStatus s = AuditStatus.decode(p, 0, p.length, order);
            if (s != null) {
                return s;
            }
        }
        throw new LiveAuditException(FAILED, "the kernel's audit status reply was too short");
    }

    /** Sets the enabled flag (0 or 1); the audit daemon registration is left alone. */
    public void setEnabled(int enabled) throws LiveAuditException {
        exchange(AUDIT_SET, AuditStatus.setEnabled(enabled, order), true,
                "setting the kernel audit flag to " + enabled);
    }

    /** Adds the rule at the end of its filter list; false when an identical rule was already loaded. */
    public boolean addRule(AuditRule rule) throws LiveAuditException {
        Reply r = exchange(AUDIT_ADD_RULE, rule.encode(order), true, "loading the audit rule " + rule.auditctl(),
                Libc.EEXIST);
        return r.error == 0;
    }

    /** Deletes the rule; false when no identical rule was loaded (someone removed it already). */
    public boolean deleteRule(AuditRule rule) throws LiveAuditException {
        Reply r = exchange(AUDIT_DEL_RULE, rule.encode(order), true, "removing the audit rule " + rule.auditctl(),
                Libc.ENOENT);
        return r.error == 0;
    }

    /** Every loaded rule, in kernel order, as far as {@link AuditRule.Listed} decodes it. */
    public List<AuditRule.Listed> listRules() throws LiveAuditException {
        Reply r = exchange(AUDIT_LIST_RULES, new byte[0], false, "listing the audit rules");
        List<AuditRule.Listed> out = new ArrayList<>(r.payloads.size());
        for (byte[] p : r.payloads) {
            AuditRule.Listed l = AuditRule.decode(p, 0, p.length, order);
            if (l != null) {
                out.add(l);
            }
        }
        return out;
    }

    /** What came back for one request. */
    private static final class Reply {
        final List<byte[]> payloads = new ArrayList<>(2);
        Integer error; // 0 ack, >0 errno; null: none yet
        boolean done;
    }

    /**
     * Sends one request and collects its replies: the answer (AUDIT_GET, AUDIT_LIST_RULES ... NLMSG_DONE) or the
     * acknowledgement. The kernel answers GET and LIST from a separate thread, so they are asked without NLM_F_ACK
     * (an ack could overtake the answer); refusals come as NLMSG_ERROR either way. {@code tolerated} errnos are
     * returned in {@link Reply#error} instead of thrown.
     */
    private Reply exchange(int type, byte[] payload, boolean ack, String what, int... tolerated)
            throws LiveAuditException {
        int mySeq = ++seq;
        int flags = NetlinkFrames.NLM_F_REQUEST | (ack ? NetlinkFrames.NLM_F_ACK : 0);
        socket.send(NetlinkFrames.request(type, flags, mySeq, payload, order));
        Reply reply = new Reply();
        long deadline = System.nanoTime() + REPLY_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            switch (socket.receive(buf)) {
                case AuditNetlink.Received.Datagram d -> {
                    if (d.sender() != 0) {
                        continue; // only the kernel answers requests
                    }
                    NetlinkFrames.split(buf, d.length(), order, m -> {
                        if (m.seq() != mySeq) {
                            return;
                        }
                        switch (m.type()) {
                            case NetlinkFrames.NLMSG_ERROR -> {
                                int e = NetlinkFrames.error(buf, m, order);
                                reply.error = e == Integer.MIN_VALUE ? Libc.EPERM : -e;
                            }
                            case NetlinkFrames.NLMSG_DONE -> reply.done = true;
                            default -> {
                                if (m.type() == type) {
                                    reply.payloads.add(Arrays.copyOfRange(buf, m.payloadOffset(),
                                            m.payloadOffset() + m.payloadLength()));
                                }
                            }
                        }
                    });
                }
                case AuditNetlink.Received.Overflow _ -> {
                    // a control socket joins no group: only an enormous rule list could overflow it
                    throw new LiveAuditException(FAILED, what + ": the kernel's answer overflowed the socket");
                }
                case AuditNetlink.Received.TimedOut _, AuditNetlink.Received.Interrupted _ -> {
                }
            }
            if (reply.error != null && reply.error != 0) {
                int e = reply.error;
                for (int t : tolerated) {
                    if (e == t) {
                        return reply;
                    }
                }
                if (e == Libc.EPERM || e == Libc.EACCES) {
                    throw new LiveAuditException(MISSING_CAPABILITY, what + " needs root or the CAP_AUDIT_CONTROL "
                            + "capability (the kernel refused: " + Libc.describe(e) + ")");
                }
                throw new LiveAuditException(FAILED, what + " failed: the kernel answered " + Libc.describe(e));
            }
            boolean complete = switch (type) {
                case AUDIT_GET -> !reply.payloads.isEmpty();
                case AUDIT_LIST_RULES -> reply.done;
                default -> reply.error != null;
            };
            if (complete) {
                return reply;
            }
        }
        throw new LiveAuditException(FAILED, what + ": the kernel did not answer within " + REPLY_WAIT.toSeconds()
                + " s");
    }

    @Override
    public void close() {
        socket.close();
    }
}

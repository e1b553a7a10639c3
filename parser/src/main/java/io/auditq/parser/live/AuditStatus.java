package io.auditq.parser.live;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The kernel's audit status ({@code struct audit_status}, what {@code auditctl -s} shows), as far as auditq
 * uses it.
 *
 * @param enabled      0 off, 1 on, 2 on and locked (rules cannot change until reboot)
 * @param failure      what the kernel does when it must lose records: 0 silent, 1 printk, 2 panic
 * @param auditdPid    the registered audit daemon's pid, 0 when none
 * @param backlogLimit how many records may wait in the kernel before it loses or blocks
 * @param lost         records the kernel has lost since boot (its counter, unsigned)
 * @param backlog      records waiting in the kernel now
 */
public record AuditStatus(int enabled, int failure, long auditdPid, long backlogLimit, long lost, long backlog) {
    /** linux/audit.h AUDIT_STATUS_ENABLED: the mask bit for changing only the enabled flag. */
    static final int AUDIT_STATUS_ENABLED = 0x1;
    /** The size of the fields up to {@code backlog}; newer kernels send more, which is ignored. */
    static final int MIN_SIZE = 32;
    /** sizeof(struct audit_status) on current kernels. */
    static final int SIZE = 44;

    /** Decodes an AUDIT_GET reply's payload; null when it is too short to hold the fields above. */
    public static AuditStatus decode(byte[] buf, int off, int len, ByteOrder order) {
        if (len < MIN_SIZE) {
            return null;
        }
        ByteBuffer bb = ByteBuffer.wrap(buf).order(order);
        return new AuditStatus(bb.getInt(off + 4), bb.getInt(off + 8), Integer.toUnsignedLong(bb.getInt(off + 12)),
                Integer.toUnsignedLong(bb.getInt(off + 20)), Integer.toUnsignedLong(bb.getInt(off + 24)),
                Integer.toUnsignedLong(bb.getInt(off + 28)));
    }

    /** An AUDIT_SET payload that changes only the enabled flag (never the pid: auditq never registers as auditd). */
    static byte[] setEnabled(int enabled, ByteOrder order) {
        ByteBuffer bb = ByteBuffer.allocate(SIZE).order(order);
        bb.putInt(0, AUDIT_STATUS_ENABLED);
        bb.putInt(4, enabled);
        return bb.array();
    }

    public boolean locked() {
        return enabled == 2;
    }
}

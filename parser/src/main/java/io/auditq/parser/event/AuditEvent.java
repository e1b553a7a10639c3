package io.auditq.parser.event;

import io.auditq.parser.record.AuditRecord;
import io.auditq.parser.record.RecordTypes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The records of one kernel or user-space event, in the order they were read.
 *
 * @param complete false when these records arrived after an event with the same key had already been closed
 *                 (a log out of order by more than the window, or more events in flight than the bound):
 *                 this is a fragment of that event, and the earlier part was emitted on its own
 */
public record AuditEvent(EventKey key, List<AuditRecord> records, boolean complete) {
    /** Two records of one type and key, different in content: the later one, and the one it collides with. */
    public record Collision(AuditRecord first, AuditRecord second) {
    }

    /**
     * Whether the kernel or auditd writes at most one record of this type per event: the syscall's own records
     * (SYSCALL, CWD, SOCKADDR, PROCTITLE …) and every user-space message (each gets its own serial). PATH, EXECVE,
     * AVC and the like repeat within an event.
     */
    public static boolean oncePerEvent(int type) {
        return switch (type) {
            case RecordTypes.SYSCALL, RecordTypes.CWD, RecordTypes.SOCKADDR, RecordTypes.SOCKETCALL,
                 RecordTypes.FD_PAIR, RecordTypes.BPRM_FCAPS, RecordTypes.PROCTITLE, MMAP, RecordTypes.LOGIN -> true;
            default -> (type >= 1100 && type <= 1199) || (type >= 2100 && type <= 2999);
        };
    }

    private static final int MMAP = 1323;

    /** The record already among {@code records} that r collides with (same once-per-event type, other content), or null. */
    public static AuditRecord collidesWith(List<AuditRecord> records, AuditRecord r) {
        if (!oncePerEvent(r.type())) {
            return null;
        }
        for (AuditRecord o : records) {
            if (o.type() == r.type() && o != r) {
                return Arrays.equals(o.body(), r.body()) ? null : o; // the same line read twice is no collision
            }
        }
        return null;
    }

    /** Every record that collides with an earlier one of this event, with it. */
    public List<Collision> collisions() {
        List<Collision> out = null;
        for (int i = 1; i < records.size(); i++) {
            AuditRecord r = records.get(i);
            AuditRecord first = collidesWith(records.subList(0, i), r);
            if (first != null) {
                if (out == null) {
                    out = new ArrayList<>(1);
                }
                out.add(new Collision(first, r));
            }
        }
        return out == null ? List.of() : out;
    }

    /** The first record of this type, or null. */
    public AuditRecord first(int type) {
        for (AuditRecord r : records) {
            if (r.type() == type) {
                return r;
            }
        }
        return null;
    }

    public List<AuditRecord> all(int type) {
        List<AuditRecord> out = new ArrayList<>(2);
        for (AuditRecord r : records) {
            if (r.type() == type) {
                out.add(r);
            }
        }
        return out;
    }

    public String node() {
        return key.node();
    }

    public long timeMillis() {
        return key.timeMillis();
    }

    public long serial() {
        return key.serial();
    }

    /** Where the event's first record came from, as file:line. */
    public String origin() {
        AuditRecord r = records.getFirst();
        return r.source().name() + ":" + r.line();
    }
}

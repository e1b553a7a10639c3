package io.auditq.parser.event;

import io.auditq.parser.record.AuditRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * The records of one kernel or user-space event, in the order they were read.
 *
 * @param complete false when these records arrived after an event with the same key had already been closed
 *                 (a log out of order by more than the window, or more events in flight than the bound):
 *                 this is a fragment of that event, and the earlier part was emitted on its own
 */
public record AuditEvent(EventKey key, List<AuditRecord> records, boolean complete) {

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

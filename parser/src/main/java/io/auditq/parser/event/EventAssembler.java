package io.auditq.parser.event;

import io.auditq.parser.record.AuditRecord;
import io.auditq.parser.record.RecordTypes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Groups records into events by (node, time, serial).
 *
 * <p>Records of different events interleave and arrive out of order, and audit.log never carries EOE, so an
 * event is closed by the log's own clock: once a record {@link #windowMillis} newer than the event's time has
 * been read (or an EOE for it arrives, as on netlink). A capacity bound closes the oldest open event early, so
 * memory stays bounded whatever the input; such events are marked incomplete. The wall clock is never used.
 */
public final class EventAssembler {
    public static final long DEFAULT_WINDOW_MILLIS = 3_000;
    public static final int DEFAULT_CAPACITY = 16_384;

    private final Consumer<AuditEvent> out;
    private final long windowMillis;
    private final int capacity;
    /** Open events in order of their first record; near-sorted input keeps old ones at the head. */
    private final LinkedHashMap<EventKey, List<AuditRecord>> open = new LinkedHashMap<>();
    private final Map<String, Long> newestByNode = new HashMap<>();
    private long emitted;
    private long closedEarly;

    public EventAssembler(Consumer<AuditEvent> out) {
        this(out, DEFAULT_WINDOW_MILLIS, DEFAULT_CAPACITY);
    }

    public EventAssembler(Consumer<AuditEvent> out, long windowMillis, int capacity) {
        this.out = out;
        this.windowMillis = windowMillis;
        this.capacity = capacity;
    }

    public void accept(AuditRecord r) {
        EventKey key = new EventKey(r.node(), r.timeMillis(), r.serial());
        if (r.type() == RecordTypes.EOE) {
            List<AuditRecord> recs = open.remove(key);
            if (recs != null) {
                recs.add(r);
                emit(key, recs, true);
            }
            // a lone EOE is an event of its own only if nothing else came: keep it countable
            else {
                List<AuditRecord> lone = new ArrayList<>(1);
                lone.add(r);
                emit(key, lone, true);
            }
            return;
        }
        List<AuditRecord> recs = open.get(key);
        if (recs == null) {
            recs = new ArrayList<>(4);
            open.put(key, recs);
        }
        recs.add(r);
        Long newest = newestByNode.get(r.node());
        if (newest == null || r.timeMillis() > newest) {
            newestByNode.put(r.node(), r.timeMillis());
            if (newest != null) {
                flushOlderThan(r.node(), r.timeMillis() - windowMillis);
            }
        }
        while (open.size() > capacity) {
            Iterator<Map.Entry<EventKey, List<AuditRecord>>> it = open.entrySet().iterator();
            Map.Entry<EventKey, List<AuditRecord>> e = it.next();
            it.remove();
            closedEarly++;
            emit(e.getKey(), e.getValue(), false);
        }
    }

    /**
     * Emits open events of this node older than the cutoff. Scans from the head and stops at the first
     * young event of the node: exact for time-ordered logs, and an old event stuck behind a young one is
     * still emitted at the latest by the capacity bound or at the end.
     */
    private void flushOlderThan(String node, long cutoff) {
        Iterator<Map.Entry<EventKey, List<AuditRecord>>> it = open.entrySet().iterator();
        int young = 0;
        while (it.hasNext()) {
            Map.Entry<EventKey, List<AuditRecord>> e = it.next();
            EventKey k = e.getKey();
            if (!java.util.Objects.equals(k.node(), node)) {
                continue;
            }
            if (k.timeMillis() < cutoff) {
                it.remove();
                emit(k, e.getValue(), true);
            } else if (++young > 64) {
                break; // the rest is recent: keeps this O(1) amortized on ordered input
            }
        }
    }

    /** Emits every open event: the end of input is the end of every event. */
    public void finish() {
        for (Map.Entry<EventKey, List<AuditRecord>> e : open.entrySet()) {
            emit(e.getKey(), e.getValue(), true);
        }
        open.clear();
    }

    private void emit(EventKey key, List<AuditRecord> recs, boolean complete) {
        emitted++;
        out.accept(new AuditEvent(key, List.copyOf(recs), complete));
    }

    public long emitted() {
        return emitted;
    }

    /** Events closed by the capacity bound before the log's clock closed them. */
    public long closedEarly() {
        return closedEarly;
    }

    public int openCount() {
        return open.size();
    }
}

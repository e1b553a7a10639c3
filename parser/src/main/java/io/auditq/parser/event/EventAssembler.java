package io.auditq.parser.event;

import io.auditq.parser.record.AuditRecord;
import io.auditq.parser.record.Malformation;
import io.auditq.parser.record.RecordTypes;

import java.util.ArrayList;
import java.util.Collections;
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
 * memory stays bounded whatever the input. The wall clock is never used.
 *
 * <p>Closing early is not evidence of loss: on a busy host most events closed by the bound were already whole.
 * What is evidence is a record that arrives for an event already closed: it becomes an event of its own,
 * marked not {@link AuditEvent#complete() complete}, so the split is stated where it happened.
 */
public final class EventAssembler {
    public static final long DEFAULT_WINDOW_MILLIS = 3_000;
    public static final int DEFAULT_CAPACITY = 16_384;

    private final Consumer<AuditEvent> out;
    private final long windowMillis;
    private final int capacity;
    /** Open events in order of their first record; near-sorted input keeps old ones at the head. */
    private final LinkedHashMap<EventKey, List<AuditRecord>> open = new LinkedHashMap<>();
    /** Newest record time per node, in a mutable cell: one lookup per record, no boxing. */
    private final Map<String, long[]> newestByNode = new HashMap<>();
    private String clockNode;
    private long[] clock;
    /** The event the previous record went to, while it is still open: records of an event come in a run. */
    private EventKey lastKey;
    private List<AuditRecord> lastRecs;
    private long emitted;
    private long closedEarly;
    private long fragments;
    private long lateEoe;
    /** Open events that began after an event with the same key had been closed. */
    private final java.util.Set<EventKey> lateKeys = new java.util.HashSet<>();
    /** Keys of recently emitted events, to recognize records that arrive after their event was closed. */
    private final LinkedHashMap<EventKey, Boolean> recentlyClosed = new LinkedHashMap<>(1 << 12, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<EventKey, Boolean> eldest) {
            return size() > RECENTLY_CLOSED;
        }
    };
    /** How many closed keys are remembered: several seconds of a busy host's events. */
    static final int RECENTLY_CLOSED = 1 << 16;

    public EventAssembler(Consumer<AuditEvent> out) {
        this(out, DEFAULT_WINDOW_MILLIS, DEFAULT_CAPACITY);
    }

    public EventAssembler(Consumer<AuditEvent> out, long windowMillis, int capacity) {
        this.out = out;
        this.windowMillis = windowMillis;
        this.capacity = capacity;
    }

    private Consumer<Malformation> collisionSink = m -> { };
    private long collisions;

    /**
     * Where a key collision is reported: a record whose event already holds a different record of the same
     * once-per-event type ({@link AuditEvent#oncePerEvent}). The record is still kept in its event.
     */
    public EventAssembler onCollision(Consumer<Malformation> sink) {
        this.collisionSink = sink;
        return this;
    }

    /** Records that collided with a different record of their type under the same key. */
    public long collisions() {
        return collisions;
    }

    private void add(List<AuditRecord> recs, AuditRecord r) {
        if (AuditEvent.oncePerEvent(r.type())) {
            AuditRecord first = AuditEvent.collidesWith(recs, r);
            if (first != null) {
                collisions++;
                collisionSink.accept(Malformation.collision(r, first));
            }
        }
        recs.add(r);
    }

    public void accept(AuditRecord r) {
        if (lastRecs != null && r.serial() == lastKey.serial() && r.timeMillis() == lastKey.timeMillis()
                && r.type() != RecordTypes.EOE && java.util.Objects.equals(r.node(), lastKey.node())) {
            // the next record of the event just read: no key, no lookup (the map would answer lastRecs)
            add(lastRecs, r);
            advanceClock(r);
            return;
        }
        EventKey key = new EventKey(r.node(), r.timeMillis(), r.serial());
        if (r.type() == RecordTypes.EOE) {
            List<AuditRecord> recs = open.remove(key);
            if (recs != null) {
                recs.add(r);
                emit(key, recs, true);
            } else if (recentlyClosed.containsKey(key)) {
                lateEoe++; // the end marker of an event already closed by the window: nothing left to mark
            } else {
                // a lone EOE is an event of its own only if nothing else came: keep it countable
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
            if (recentlyClosed.containsKey(key)) {
                lateKeys.add(key);
            }
        }
        add(recs, r);
        lastKey = key;
        lastRecs = recs;
        advanceClock(r);
        while (open.size() > capacity) {
            Iterator<Map.Entry<EventKey, List<AuditRecord>>> it = open.entrySet().iterator();
            Map.Entry<EventKey, List<AuditRecord>> e = it.next();
            it.remove();
            closedEarly++;
            emit(e.getKey(), e.getValue(), true);
        }
    }

    /** Moves the node's log clock to this record's time, closing what the window leaves behind. */
    private void advanceClock(AuditRecord r) {
        String node = r.node();
        long[] newest = clock;
        if (newest == null || node != clockNode) { // nodes are interned by the parser: identity is the fast path
            newest = newestByNode.get(node);
            if (newest == null) {
                newest = new long[] {Long.MIN_VALUE};
                newestByNode.put(node, newest);
            }
            clockNode = node;
            clock = newest;
        }
        if (r.timeMillis() > newest[0]) {
            boolean first = newest[0] == Long.MIN_VALUE;
            newest[0] = r.timeMillis();
            if (!first) {
                flushOlderThan(node, r.timeMillis() - windowMillis);
            }
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
        lastRecs = null;
        lastKey = null;
    }

    private void emit(EventKey key, List<AuditRecord> recs, boolean complete) {
        if (!lateKeys.isEmpty() && lateKeys.remove(key)) {
            complete = false;
            fragments++;
        }
        recentlyClosed.put(key, Boolean.TRUE);
        if (recs == lastRecs) {
            lastRecs = null;
            lastKey = null;
        }
        emitted++;
        // the list is no longer reachable from here: a read-only view saves List.copyOf's copy per event
        out.accept(new AuditEvent(key, Collections.unmodifiableList(recs), complete));
    }

    public long emitted() {
        return emitted;
    }

    /** Events made of records that arrived after an event with the same key had been closed. */
    public long fragments() {
        return fragments;
    }

    /** EOE markers of events already closed: they carry nothing else. */
    public long lateEoe() {
        return lateEoe;
    }

    /** Events closed by the capacity bound before the log's clock closed them (not a sign of loss by itself). */
    public long closedEarly() {
        return closedEarly;
    }

    public int openCount() {
        return open.size();
    }
}

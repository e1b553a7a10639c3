package io.auditq.query.load;

import io.auditq.parser.event.EventKey;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The keys of the events read in the last {@link #WINDOW_MILLIS} of log time, per node, and the span of log time
 * read per node: what catches an event read twice (the same file given twice, a rotation and its gzip copy)
 * without asking a database. Bounded: a node's keys older than its newest event minus the window are forgotten,
 * so a long log does not grow the heap with it.
 */
final class RecentEventKeys {
    /** Log time during which keys are remembered. */
    static final long WINDOW_MILLIS = 60_000;
    /** Keys held before forgetting is worth a pass over them. */
    private static final int PRUNE_ABOVE = 50_000;

    private final Set<EventKey> keys = new HashSet<>();
    /** Per node ('' for none): {oldest, newest} event time added. */
    private final Map<String, long[]> span = new HashMap<>();
    private long prunedAt = Long.MIN_VALUE;

    static String node(EventKey key) {
        return key.node() == null ? "" : key.node();
    }

    boolean contains(EventKey key) {
        return keys.contains(key);
    }

    /** {oldest, newest} time of the events added for this node, or null when none was. */
    long[] span(String node) {
        return span.get(node);
    }

    void add(EventKey key) {
        long t = key.timeMillis();
        keys.add(key);
        long[] s = span.computeIfAbsent(node(key), k -> new long[] {t, t});
        s[0] = Math.min(s[0], t);
        s[1] = Math.max(s[1], t);
        // written as a sum: t - Long.MIN_VALUE overflows (the set was once never pruned)
        if (keys.size() > PRUNE_ABOVE && t > prunedAt + WINDOW_MILLIS / 4) {
            prunedAt = t;
            keys.removeIf(k -> k.timeMillis() < span.get(node(k))[1] - WINDOW_MILLIS);
        }
    }

    int size() {
        return keys.size();
    }
}

package io.auditq.query.ask;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The rows of a connections answer in listing order ({@link OutboundConnection#ORDER}): held in memory, or, when
 * there are too many to hold, sorted on disk and read back on each iteration.
 */
public interface ConnectionRows extends Iterable<OutboundConnection> {
    long size();

    default boolean isEmpty() {
        return size() == 0;
    }

    /** Every row in a list: for tests and for small answers only (a huge answer does not fit in memory). */
    default List<OutboundConnection> list() {
        List<OutboundConnection> out = new ArrayList<>();
        forEach(out::add);
        return out;
    }

    /** Rows already in memory, in listing order. */
    static ConnectionRows of(List<OutboundConnection> rows) {
        List<OutboundConnection> copy = List.copyOf(rows);
        return new ConnectionRows() {
            @Override
            public long size() {
                return copy.size();
            }

            @Override
            public List<OutboundConnection> list() {
                return copy;
            }

            @Override
            public Iterator<OutboundConnection> iterator() {
                return copy.iterator();
            }
        };
    }
}

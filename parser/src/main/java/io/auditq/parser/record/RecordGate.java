package io.auditq.parser.record;

import io.auditq.parser.input.LogSource;

/**
 * Decides from a record's header and its body's raw bytes, before the record is built, whether the reader wants
 * it: a question that needs few of a log's records (connections needs about one in five) skips copying, indexing
 * and grouping the rest. A record turned away is still counted as a record in {@link ParseStats}.
 */
@FunctionalInterface
public interface RecordGate {
    /** Every record. */
    RecordGate ALL = (source, type, node, timeMillis, serial, buf, bodyStart, bodyEnd) -> true;

    /** @param buf the line's bytes; the body (after "msg=audit(…): ") is {@code buf[bodyStart, bodyEnd)} */
    boolean wants(LogSource source, int type, String node, long timeMillis, long serial, byte[] buf, int bodyStart,
                  int bodyEnd);
}

package io.auditq.parser.event;

/** What makes records one event: the node that logged them, their timestamp and their serial. */
public record EventKey(String node, long timeMillis, long serial) {
}

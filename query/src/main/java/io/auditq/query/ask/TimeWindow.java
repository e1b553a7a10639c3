package io.auditq.query.ask;

/**
 * The time a question is about, both ends inclusive, in epoch milliseconds; null for an open end.
 */
public record TimeWindow(Long since, Long until) {
    public static final TimeWindow ALL = new TimeWindow(null, null);

    /** Resolves --since/--until (either may be null) against "now". */
    public static TimeWindow of(TimePoint since, TimePoint until, long nowMillis) {
        return new TimeWindow(since == null ? null : since.resolve(nowMillis),
                until == null ? null : until.resolve(nowMillis));
    }

    public boolean contains(long t) {
        return (since == null || t >= since) && (until == null || t <= until);
    }

    public long sinceOr(long dflt) {
        return since == null ? dflt : since;
    }

    public long untilOr(long dflt) {
        return until == null ? dflt : until;
    }

    public boolean isOpen() {
        return since == null && until == null;
    }
}

package io.auditq.cli;

import io.auditq.cli.out.Times;
import io.auditq.query.ask.Now;
import io.auditq.query.ask.TimePoint;
import io.auditq.query.ask.TimeWindow;
import picocli.CommandLine.Option;

import java.time.ZoneId;

/** The time options every question shares: --since, --until, --now and --tz. */
public final class TimeOptions {
    @Option(names = "--since", paramLabel = "TIME",
            description = "only from this time: a duration back from --now (90s, 30m, 1h, 2d, 1h30m), "
                    + "an ISO-8601 time (2024-05-01T10:00:00Z; without offset in --tz, else UTC) or epoch seconds")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "only up to this time (inclusive); same forms as --since")
    String until;

    @Option(names = "--now", paramLabel = "TIME|log-end",
            description = "what durations count back from: the current clock (default), log-end (the newest record "
                    + "in the evidence: for logs copied off a host earlier) or a time")
    String now;

    @Option(names = "--tz", paramLabel = "ZONE",
            description = "print times in this zone (e.g. Europe/Vienna) instead of UTC; also the zone of times given without offset")
    public ZoneId tz;

    public Times times() {
        return new Times(tz);
    }

    /** True when "now" is the newest record of the evidence, known only after reading it. */
    public boolean needsLogEnd() {
        return now() instanceof Now.LogEnd && (isAgo(since) || isAgo(until));
    }

    /** The window, with "now" resolved against the clock and the evidence's newest record (null if unknown). */
    public TimeWindow window(Long logEndMillis) {
        long nowMillis = now().resolve(System.currentTimeMillis(), logEndMillis);
        return TimeWindow.of(point("--since", since), point("--until", until), nowMillis);
    }

    public boolean isSet() {
        return since != null || until != null;
    }

    private Now now() {
        if (now == null) {
            return new Now.Clock();
        }
        try {
            return Now.parse(now, tz);
        } catch (IllegalArgumentException e) {
            throw new UserError("--now: " + e.getMessage());
        }
    }

    private boolean isAgo(String text) {
        return text != null && point("--since/--until", text) instanceof TimePoint.Ago;
    }

    private TimePoint point(String option, String text) {
        if (text == null) {
            return null;
        }
        try {
            return TimePoint.parse(text, tz);
        } catch (IllegalArgumentException e) {
            throw new UserError(option + ": " + e.getMessage());
        }
    }
}

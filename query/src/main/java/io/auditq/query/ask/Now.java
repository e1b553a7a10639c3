package io.auditq.query.ask;

/**
 * What "now" is for durations in --since/--until: the analyst's clock (the default), the newest record of the
 * evidence ({@code --now log-end}, for logs copied off a host days ago), or a given time.
 */
public sealed interface Now {
    record Clock() implements Now {
    }

    record LogEnd() implements Now {
    }

    record Given(TimePoint.At at) implements Now {
    }

    /** Parses --now: {@code log-end}, {@code clock}, or a time as {@link TimePoint#parse} reads it (not a duration). */
    static Now parse(String text, java.time.ZoneId zone) {
        String s = text.strip();
        if (s.equals("log-end")) {
            return new LogEnd();
        }
        if (s.equals("clock") || s.equals("now")) {
            return new Clock();
        }
        TimePoint p = TimePoint.parse(s, zone);
        return switch (p) {
            case TimePoint.At at -> new Given(at);
            case TimePoint.Ago ago -> throw new IllegalArgumentException("--now takes a time or log-end, not a duration ("
                    + text + ")");
        };
    }

    /** The instant, given the wall clock and the newest record of the evidence (null when it holds none). */
    default long resolve(long clockMillis, Long logEndMillis) {
        return switch (this) {
            case Clock c -> clockMillis;
            case LogEnd l -> logEndMillis != null ? logEndMillis : clockMillis;
            case Given g -> g.at().epochMillis();
        };
    }
}

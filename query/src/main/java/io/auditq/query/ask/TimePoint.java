package io.auditq.query.ask;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A point in time as a responder types it for --since/--until: a duration back from "now" ({@code 90s},
 * {@code 30m}, {@code 1h}, {@code 2d}, {@code 1h30m}), an ISO-8601 time ({@code 2024-05-01T10:00:00Z}; without
 * an offset it is read in --tz, else UTC), or epoch seconds with an optional fraction ({@code 1714557600.25}).
 */
public sealed interface TimePoint {
    /** A fixed instant. */
    record At(long epochMillis) implements TimePoint {
    }

    /** So long before "now". */
    record Ago(Duration duration) implements TimePoint {
    }

    /** The instant this point means, given "now". */
    default long resolve(long nowMillis) {
        return switch (this) {
            case At a -> a.epochMillis();
            case Ago a -> nowMillis - a.duration().toMillis();
        };
    }

    Pattern DURATION = Pattern.compile("(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+(?:\\.\\d+)?)s)?(?:(\\d+)ms)?");
    Pattern EPOCH = Pattern.compile("\\d+(?:\\.\\d+)?");

    /**
     * Parses what the responder typed.
     *
     * @param zone the zone of an ISO time without offset (--tz), or null for UTC
     * @throws IllegalArgumentException with a message naming the accepted forms
     */
    static TimePoint parse(String text, ZoneId zone) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty time");
        }
        if (EPOCH.matcher(s).matches()) {
            BigDecimal seconds = new BigDecimal(s);
            return new At(seconds.movePointRight(3).setScale(0, java.math.RoundingMode.FLOOR).longValueExact());
        }
        Matcher m = DURATION.matcher(s);
        if (m.matches() && !s.isEmpty() && Character.isLetter(s.charAt(s.length() - 1))) {
            Duration d = Duration.ZERO;
            d = d.plusDays(7 * num(m.group(1))).plusDays(num(m.group(2))).plusHours(num(m.group(3)))
                    .plusMinutes(num(m.group(4))).plusMillis(num(m.group(6)));
            if (m.group(5) != null) {
                d = d.plusMillis(new BigDecimal(m.group(5)).movePointRight(3).longValue());
            }
            return new Ago(d);
        }
        ZoneId z = zone == null ? ZoneOffset.UTC : zone;
        String iso = s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
        try {
            return new At(OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli());
        } catch (DateTimeParseException ignored) {
            // not with an offset: try without
        }
        try {
            return new At(LocalDateTime.parse(iso, DateTimeFormatter.ISO_LOCAL_DATE_TIME).atZone(z).toInstant()
                    .toEpochMilli());
        } catch (DateTimeParseException ignored) {
            // not a local date-time: try a date
        }
        try {
            return new At(LocalDate.parse(iso).atStartOfDay(z).toInstant().toEpochMilli());
        } catch (DateTimeException ignored) {
            // nothing matched
        }
        throw new IllegalArgumentException("'" + text + "' is not a time: use a duration back from --now (90s, 30m, "
                + "1h, 2d, 1h30m), an ISO-8601 time (2024-05-01T10:00:00Z, 2024-05-01 10:00:00 in --tz or UTC, "
                + "2024-05-01) or epoch seconds (1714557600.5)");
    }

    private static long num(String g) {
        return g == null ? 0 : Long.parseLong(g);
    }

    /** For messages: the instant in ISO-8601 UTC. */
    static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}

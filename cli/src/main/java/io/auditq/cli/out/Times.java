package io.auditq.cli.out;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Event times as ISO-8601 with milliseconds: UTC ({@code …Z}) unless --tz names a zone. */
public final class Times {
    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");

    private final ZoneId zone;

    public Times(ZoneId zone) {
        this.zone = zone;
    }

    public static Times utc() {
        return new Times(null);
    }

    public String format(long epochMillis) {
        Instant t = Instant.ofEpochMilli(epochMillis);
        return zone == null ? UTC.format(t) : OFFSET.format(t.atZone(zone));
    }
}

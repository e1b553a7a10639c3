package io.auditq.query.ask;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimePointTest {
    static final long NOW = Instant.parse("2024-05-01T12:00:00Z").toEpochMilli();

    @Test
    void durationsCountBackFromNow() {
        assertThat(TimePoint.parse("90s", null)).isEqualTo(new TimePoint.Ago(Duration.ofSeconds(90)));
        assertThat(TimePoint.parse("30m", null).resolve(NOW)).isEqualTo(NOW - 30 * 60_000);
        assertThat(TimePoint.parse("1h", null).resolve(NOW)).isEqualTo(NOW - 3_600_000);
        assertThat(TimePoint.parse("2d", null).resolve(NOW)).isEqualTo(NOW - 2 * 86_400_000L);
        assertThat(TimePoint.parse("1h30m", null).resolve(NOW)).isEqualTo(NOW - 90 * 60_000);
        assertThat(TimePoint.parse("1w", null).resolve(NOW)).isEqualTo(NOW - 7 * 86_400_000L);
        assertThat(TimePoint.parse("1.5s", null).resolve(NOW)).isEqualTo(NOW - 1500);
        assertThat(TimePoint.parse("250ms", null).resolve(NOW)).isEqualTo(NOW - 250);
    }

    @Test
    void isoTimesWithAndWithoutOffset() {
        assertThat(TimePoint.parse("2024-05-01T10:00:00Z", null)).isEqualTo(at("2024-05-01T10:00:00Z"));
        assertThat(TimePoint.parse("2024-05-01T10:00:00.250+02:00", null)).isEqualTo(at("2024-05-01T08:00:00.250Z"));
        assertThat(TimePoint.parse("2024-05-01T10:00:00", null)).isEqualTo(at("2024-05-01T10:00:00Z"));
        assertThat(TimePoint.parse("2024-05-01 10:00:00", ZoneId.of("Europe/Vienna")))
                .isEqualTo(at("2024-05-01T08:00:00Z"));
        assertThat(TimePoint.parse("2024-05-01", null)).isEqualTo(at("2024-05-01T00:00:00Z"));
    }

    @Test
    void epochSecondsWithFractions() {
        assertThat(TimePoint.parse("1714557600", null)).isEqualTo(new TimePoint.At(1_714_557_600_000L));
        assertThat(TimePoint.parse("1714557600.25", null)).isEqualTo(new TimePoint.At(1_714_557_600_250L));
        assertThat(TimePoint.parse("1714557600.1239", null)).isEqualTo(new TimePoint.At(1_714_557_600_123L));
    }

    @Test
    void nonsenseIsRefusedWithTheFormsThatWork() {
        for (String bad : new String[] {"yesterday", "1x", "h", "", "2024-13-01", "-5m"}) {
            assertThatThrownBy(() -> TimePoint.parse(bad, null)).isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(e.getMessage()).satisfiesAnyOf(
                            m -> assertThat(m).contains("90s, 30m"), m -> assertThat(m).isEqualTo("empty time")));
        }
    }

    @Test
    void nowIsTheClockTheLogEndOrATime() {
        assertThat(Now.parse("log-end", null).resolve(NOW, 5L)).isEqualTo(5L);
        assertThat(Now.parse("log-end", null).resolve(NOW, null)).isEqualTo(NOW);
        assertThat(Now.parse("clock", null).resolve(NOW, 5L)).isEqualTo(NOW);
        assertThat(Now.parse("2024-05-01T10:00:00Z", null).resolve(NOW, 5L))
                .isEqualTo(Instant.parse("2024-05-01T10:00:00Z").toEpochMilli());
        assertThatThrownBy(() -> Now.parse("1h", null)).hasMessageContaining("not a duration");
    }

    @Test
    void windowsAreInclusiveAtBothEnds() {
        TimeWindow w = TimeWindow.of(TimePoint.parse("1h", null), TimePoint.parse("10m", null), NOW);
        assertThat(w.contains(NOW - 3_600_000)).isTrue();
        assertThat(w.contains(NOW - 600_000)).isTrue();
        assertThat(w.contains(NOW - 3_600_001)).isFalse();
        assertThat(w.contains(NOW - 599_999)).isFalse();
    }

    private static TimePoint.At at(String iso) {
        return new TimePoint.At(Instant.parse(iso).toEpochMilli());
    }
}

package io.auditq.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnitsTest {
    @Test
    void durations() {
        assertThat(Units.duration("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Units.duration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Units.duration("1.5m")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Units.duration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Units.duration("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(Units.duration("PT1H30M")).isEqualTo(Duration.ofMinutes(90));
        for (String bad : new String[] {"", "s", "5x", "-5s", "0", "1e3", "+5", "NaN", "PT-1S"}) {
            assertThatThrownBy(() -> Units.duration(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void sizes() {
        assertThat(Units.size("4096")).isEqualTo(4096);
        assertThat(Units.size("500K")).isEqualTo(500 * 1024);
        assertThat(Units.size("50M")).isEqualTo(50L << 20);
        assertThat(Units.size("1GiB")).isEqualTo(1L << 30);
        assertThat(Units.size("8mb")).isEqualTo(8L << 20);
        for (String bad : new String[] {"", "M", "0", "-1K", "1.5M", "1T", "99999999999999G"}) {
            assertThatThrownBy(() -> Units.size(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}

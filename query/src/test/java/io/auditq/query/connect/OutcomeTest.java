package io.auditq.query.connect;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomeTest {
    @Test
    void oneSyscallsOutcome() {
        assertThat(Outcome.of(0L, null)).isEqualTo("ok");
        assertThat(Outcome.of(512L, null)).isEqualTo("ok"); // sendto: bytes sent
        assertThat(Outcome.of(-115L, "EINPROGRESS")).isEqualTo("in-progress");
        assertThat(Outcome.of(-111L, "ECONNREFUSED")).isEqualTo("ECONNREFUSED");
        assertThat(Outcome.of(-999L, null)).isEqualTo("errno 999");
        assertThat(Outcome.of(null, null)).isEqualTo("unknown");
    }

    @Test
    void mixedOutcomesAreCountedMostFrequentFirst() {
        assertThat(Outcome.mix(Map.of("ok", 4L))).isEqualTo("ok");
        assertThat(Outcome.mix(Map.of("ok", 1L, "ECONNREFUSED", 3L))).isEqualTo("ECONNREFUSED:3;ok:1");
        assertThat(Outcome.mix(Map.of("ok", 2L, "in-progress", 2L, "ETIMEDOUT", 1L)))
                .isEqualTo("in-progress:2;ok:2;ETIMEDOUT:1");
        assertThat(Outcome.mix(Map.of())).isEqualTo("unknown");
    }
}

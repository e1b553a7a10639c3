package io.auditq.fleet.source;

import io.auditq.fleet.layout.HostFile;
import io.auditq.fleet.layout.HostInput;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Hosts are read largest first, and dealt by size into the groups of consecutive partitions a task reads. */
class HostScanOrderTest {
    private static HostInput host(String name, long bytes) {
        return new HostInput(name, "r", "r/" + name, List.of(new HostFile("r/" + name + "/audit.log", "file:/x",
                bytes)), null, null, null);
    }

    @Test
    void fewHostsStayLargestFirst() {
        List<HostInput> in = List.of(host("a", 30), host("b", 20), host("c", 10));
        assertThat(HostScan.order(in, 4)).isEqualTo(in);
    }

    @Test
    void manyHostsAreDealtSoEveryGroupOfConsecutivePartitionsHoldsBigAndSmall() {
        List<HostInput> largestFirst = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            largestFirst.add(host("h" + i, 1000 - i * 10L));
        }
        List<HostInput> dealt = HostScan.order(largestFirst, 10);
        assertThat(dealt).hasSize(100).containsExactlyInAnyOrderElementsOf(largestFirst);
        long min = Long.MAX_VALUE, max = 0;
        for (int g = 0; g < 10; g++) { // Spark's coalesce without locality: partitions [g*N/t, (g+1)*N/t)
            long sum = dealt.subList(g * 10, g * 10 + 10).stream().mapToLong(HostInput::bytes).sum();
            min = Math.min(min, sum);
            max = Math.max(max, sum);
        }
        assertThat((double) max / min).isLessThan(1.02); // ranges of the sorted list would differ 8x
    }
}

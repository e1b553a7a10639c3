package io.auditq.parser.testing;

import io.auditq.parser.AuditLogReader;
import io.auditq.parser.event.AuditEvent;
import io.auditq.parser.normal.AccountNames;
import io.auditq.parser.normal.EventNormalizer;
import io.auditq.parser.normal.NormalizedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The recording helper itself: a real execve is recorded, parsed, and the kernel is left as found. */
class KernelAuditSmokeTest {
    @TempDir
    Path tmp;

    @Test
    void recordsARealExecveAndRestoresTheKernel() throws Exception {
        var reason = KernelAudit.unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "kernel audit test skipped: " + reason.orElse(""));
        try (KernelAudit.KernelLock lock = KernelAudit.KernelLock.acquire(Duration.ofMinutes(10))) {
            recordUnder(lock);
        }
    }

    private void recordUnder(KernelAudit.KernelLock lock) throws Exception {
        String rulesBefore = KernelAudit.exec(Duration.ofSeconds(5), "auditctl", "-l").out();
        String enabledBefore = KernelAudit.exec(Duration.ofSeconds(5), "auditctl", "-s").out().lines()
                .filter(l -> l.startsWith("enabled")).findFirst().orElseThrow();
        Path marker = tmp.resolve("auditq-smoke-marker");
        try (KernelAudit ka = KernelAudit.start(tmp.resolve("log"), KernelAudit.Format.RAW,
                List.of("-a always,exit -F arch=b64 -S execve -F path=/usr/bin/touch -k auditq-smoke"), lock)) {
            KernelAudit.exec(Duration.ofSeconds(5), "/usr/bin/touch", marker.toString());
            ka.close();
            List<NormalizedEvent> events = new ArrayList<>();
            EventNormalizer n = new EventNormalizer(AccountNames.fromLogOnly());
            AuditLogReader.of(List.of(ka.log().toString())).read((AuditEvent e) -> events.add(n.normalize(e)), null);
            assertThat(events).filteredOn(e -> e.keys() != null && e.keys().contains("auditq-smoke"))
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.syscall()).isEqualTo("execve");
                        assertThat(e.exe()).isEqualTo("/usr/bin/touch");
                        assertThat(e.argv()).containsExactly("/usr/bin/touch", marker.toString());
                        assertThat(e.success()).isTrue();
                    });
        }
        assertThat(KernelAudit.exec(Duration.ofSeconds(5), "auditctl", "-l").out()).isEqualTo(rulesBefore);
        assertThat(KernelAudit.exec(Duration.ofSeconds(5), "auditctl", "-s").out()).contains(enabledBefore);
    }
}

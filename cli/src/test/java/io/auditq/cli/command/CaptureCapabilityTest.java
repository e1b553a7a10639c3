package io.auditq.cli.command;

import io.auditq.cli.ExitCode;
import io.auditq.parser.testing.KernelAudit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Without the capabilities, capture says in one sentence which one is missing, with exit code 5. Runs auditq
 * in a child JVM whose capabilities setpriv(1) removed; the kernel's audit state is never touched.
 */
class CaptureCapabilityTest {
    @BeforeEach
    void needsRootAndSetpriv() {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to drop capabilities from");
        assumeTrue(Path.of("/usr/bin/setpriv").toFile().canExecute(), "needs setpriv (util-linux)");
        var reason = KernelAudit.unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "kernel audit test skipped: " + reason.orElse(""));
    }

    private static KernelAudit.Result auditqWithout(String caps, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--inh-caps=" + caps, "--bounding-set=" + caps,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "io.auditq.cli.Main"));
        cmd.addAll(List.of(args));
        return KernelAudit.exec(Duration.ofSeconds(60), cmd.toArray(String[]::new));
    }

    @Test
    void withoutCapAuditReadItNamesThatCapability() throws Exception {
        KernelAudit.Result r = auditqWithout("-audit_read,-audit_control", "capture", "--duration", "1s");
        assertThat(r.code()).as(r.out()).isEqualTo(ExitCode.PERMISSION);
        assertThat(r.out().strip()).isEqualTo("auditq: reading kernel audit records needs root or the CAP_AUDIT_READ "
                + "capability (the kernel refused to let this process join the audit multicast group: EPERM "
                + "(Operation not permitted))");
    }

    @Test
    void rulesWithoutCapAuditControlNameThatCapability() throws Exception {
        KernelAudit.Result r = auditqWithout("-audit_control", "capture", "--duration", "1s", "--rules");
        assertThat(r.code()).as(r.out()).isEqualTo(ExitCode.PERMISSION);
        assertThat(r.out().strip()).isEqualTo("auditq: loading audit rules needs root or the CAP_AUDIT_CONTROL "
                + "capability (the kernel refused auditq's control requests)");
    }
}

package io.auditq.cli.command;

import io.auditq.parser.live.RulePlan;
import io.auditq.parser.testing.AuditedChild;
import io.auditq.parser.testing.KernelAudit;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** exec --live on the real kernel: a program run during the capture is printed with its argv. */
class ExecLiveKernelTest {

    @Test
    void aProgramRunDuringTheCaptureIsPrintedWithItsArguments() throws Exception {
        var reason = KernelAudit.unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "kernel audit test skipped: " + reason.orElse(""));
        try (KernelAudit.KernelLock lock = KernelAudit.KernelLock.acquire(Duration.ofMinutes(10))) {
            String rulesBefore = KernelAudit.exec(Duration.ofSeconds(5), "auditctl", "-l").out();
            String marker = "auditq-exec-live-" + ProcessHandle.current().pid();
            CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
                try {
                    AuditedChild.awaitCapture(RulePlan.LIVE_KEY); // a process started after this is audited
                    KernelAudit.exec(Duration.ofSeconds(5), "/bin/echo", "two words", marker);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            CliRun cli = CliRun.of("exec", "--live", "--rules=execve", "--duration", "6s", "--format", "csv");
            run.join();
            assertThat(cli.ok()).startsWith("time,pid,ppid,exe,argv,cwd,uid,user,auid,login_user,ses,success");
            assertThat(cli.out().lines().filter(l -> l.contains(marker)))
                    .anySatisfy(l -> assertThat(l).contains(",/usr/bin/echo,")
                            .contains("/bin/echo 'two words' " + marker).contains(",0,root,"));
            assertThat(KernelAudit.exec(Duration.ofSeconds(5), "auditctl", "-l").out()).isEqualTo(rulesBefore);
        }
    }
}

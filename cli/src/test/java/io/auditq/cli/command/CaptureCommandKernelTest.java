package io.auditq.cli.command;

import io.auditq.parser.AuditLogReader;
import io.auditq.parser.normal.AccountNames;
import io.auditq.parser.normal.EventNormalizer;
import io.auditq.parser.normal.NormalizedEvent;
import io.auditq.parser.normal.SocketAddress;
import io.auditq.parser.live.PreAuditProcesses;
import io.auditq.parser.live.RulePlan;
import io.auditq.parser.testing.AuditedChild;
import io.auditq.parser.testing.KernelAudit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code auditq capture --rules --out FILE} end to end on the real kernel: the file holds the test's connect
 * in auditd's RAW format, ausearch reads it, and the kernel's rules and enabled flag are as before.
 */
class CaptureCommandKernelTest {
    private static final Duration T = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    @BeforeEach
    void needsKernelAudit() {
        var reason = KernelAudit.unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "kernel audit test skipped: " + reason.orElse(""));
    }

    @Test
    void capturesAConnectToAFileThatAuditqAndAusearchRead() throws Exception {
        Path out = tmp.resolve("capture.log");
        try (KernelAudit.KernelLock _ = KernelAudit.KernelLock.acquire(Duration.ofMinutes(10));
             ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            String rulesBefore = auditctl("-l");
            String enabledBefore = enabled();
            CompletableFuture<CliRun> capture = CompletableFuture.supplyAsync(() -> CliRun.of("capture",
                    "--rules=connect,socket", "--duration", "5s", "--out", out.toString()));
            // connect once the capture's rules are in the kernel and audit is on, from a process started then
            // (it joins the multicast group before loading them; AuditedChild says why a new process)
            AuditedChild.awaitCapture(RulePlan.LIVE_KEY);
            long child = AuditedChild.connect("127.0.0.1", listener.getLocalPort());
            CliRun run = capture.get();
            assertThat(run.code()).as(run.err()).isZero();
            if (enabledBefore.equals("enabled 0") && !PreAuditProcesses.bootedWithAudit()) {
                // at least the build's own JVM (surefire's parent) started before the capture enabled audit
                assertThat(run.err()).containsOnlyOnce("auditq: NOTE: kernel audit was off until auditq enabled it "
                        + "just now, and this kernel was not booted with audit=1").containsPattern(
                        "the [1-9][0-9]* process(es)? already running make");
            } else {
                assertThat(run.err()).doesNotContain("NOTE: kernel audit was off");
            }
            assertThat(auditctl("-l")).isEqualTo(rulesBefore);
            assertThat(enabled()).isEqualTo(enabledBefore);

            List<NormalizedEvent> events = new ArrayList<>();
            EventNormalizer n = new EventNormalizer(AccountNames.fromLogOnly());
            AuditLogReader.Summary summary = AuditLogReader.of(List.of(out.toString()))
                    .read(e -> events.add(n.normalize(e)), null);
            assertThat(summary.stats().malformed).isZero();
            NormalizedEvent connect = events.stream()
                    .filter(e -> "connect".equals(e.syscall()) && e.pid() != null
                            && e.pid() == child && e.sockaddr() instanceof SocketAddress.Inet in && in.address().equals("127.0.0.1")
                            && in.port() == listener.getLocalPort())
                    .findFirst().orElseThrow(() -> new AssertionError("no connect by pid " + child + " to port " + listener.getLocalPort()
                            + " in " + events.size() + " captured events"));
            assertThat(connect.keys()).contains("auditq-live");
            assertThat(Files.readString(out)).doesNotContain("type=EOE");

            KernelAudit.Result ausearch = KernelAudit.exec(T, "ausearch", "-if", out.toString(), "--raw", "-a",
                    Long.toString(connect.serial()));
            assertThat(ausearch.code()).as(ausearch.out()).isZero();
            assertThat(ausearch.out()).contains("type=SYSCALL msg=audit(").contains("syscall=42")
                    .contains("type=SOCKADDR");
        }
    }

    private static String auditctl(String arg) throws IOException {
        return KernelAudit.exec(T, "auditctl", arg).out();
    }

    private static String enabled() throws IOException {
        return auditctl("-s").lines().filter(l -> l.startsWith("enabled")).findFirst().orElse("?");
    }
}

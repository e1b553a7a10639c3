package io.auditq.cli.command;

import io.auditq.parser.live.RulePlan;
import io.auditq.parser.testing.AuditedChild;
import io.auditq.parser.testing.KernelAudit;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * connections --live on the real kernel: connects made during the capture, by processes started after it enabled
 * audit, are printed with their pid and outcome.
 */
class ConnectionsLiveKernelTest {

    @Test
    void aConnectDuringTheCaptureIsPrintedWithItsOutcome() throws Exception {
        var reason = KernelAudit.unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "kernel audit test skipped: " + reason.orElse(""));
        try (KernelAudit.KernelLock lock = KernelAudit.KernelLock.acquire(Duration.ofMinutes(10));
             ServerSocket server = new ServerSocket()) {
            String rulesBefore = KernelAudit.exec(Duration.ofSeconds(5), "auditctl", "-l").out();
            String enabledBefore = KernelAudit.exec(Duration.ofSeconds(5), "auditctl", "-s").out().lines()
                    .filter(l -> l.startsWith("enabled")).findFirst().orElseThrow();
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = server.getLocalPort();
            int closed;
            try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                closed = probe.getLocalPort(); // free again once closed: a refused connect
            }
            // the connects come from processes started once the capture has enabled audit (AuditedChild says why)
            CompletableFuture<long[]> client = CompletableFuture.supplyAsync(() -> {
                try {
                    AuditedChild.awaitCapture(RulePlan.LIVE_KEY);
                    return new long[] {AuditedChild.connect("127.0.0.1", port), AuditedChild.connect("127.0.0.1", closed)};
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            CliRun run = CliRun.of("connections", "--live", "--rules=connect,socket", "--duration", "8s",
                    "--include-loopback", "--format", "csv");
            long[] pids = client.join();
            assertThat(run.ok()).startsWith("first_seen,last_seen,count,dst_addr,dst_port,protocol,outcome,pid,");
            assertThat(run.out().lines())
                    .anySatisfy(l -> assertThat(l).contains(",127.0.0.1," + port + ",tcp,ok," + pids[0] + ","))
                    .anySatisfy(l -> assertThat(l).contains(",127.0.0.1," + closed + ",tcp,ECONNREFUSED," + pids[1] + ","));
            assertThat(KernelAudit.exec(Duration.ofSeconds(5), "auditctl", "-l").out()).isEqualTo(rulesBefore);
            assertThat(KernelAudit.exec(Duration.ofSeconds(5), "auditctl", "-s").out()).contains(enabledBefore);
        }
    }
}

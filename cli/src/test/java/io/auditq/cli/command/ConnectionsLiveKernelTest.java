package io.auditq.cli.command;

import io.auditq.parser.testing.KernelAudit;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** connections --live on the real kernel: a connect made during the capture is printed as it happens. */
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
            CompletableFuture<Void> client = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(2_500);
                    new Socket("127.0.0.1", port).close();
                    try {
                        new Socket("127.0.0.1", closed).close();
                    } catch (java.io.IOException refused) {
                        // expected: nothing listens there
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            CliRun run = CliRun.of("connections", "--live", "--rules=connect,socket", "--duration", "6s",
                    "--include-loopback", "--format", "csv");
            client.join();
            String pid = Long.toString(ProcessHandle.current().pid());
            assertThat(run.ok()).startsWith("first_seen,last_seen,count,dst_addr,dst_port,protocol,outcome,pid,");
            assertThat(run.out().lines().filter(l -> l.contains("," + pid + ",")))
                    .anySatisfy(l -> assertThat(l).contains(",127.0.0.1," + port + ",tcp,ok," + pid + ","))
                    .anySatisfy(l -> assertThat(l).contains(",127.0.0.1," + closed + ",tcp,ECONNREFUSED," + pid + ","));
            assertThat(KernelAudit.exec(Duration.ofSeconds(5), "auditctl", "-l").out()).isEqualTo(rulesBefore);
            assertThat(KernelAudit.exec(Duration.ofSeconds(5), "auditctl", "-s").out()).contains(enabledBefore);
        }
    }
}

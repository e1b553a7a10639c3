package io.auditq.parser.live;

import io.auditq.parser.AuditLogReader;
import io.auditq.parser.event.AuditEvent;
import io.auditq.parser.normal.AccountNames;
import io.auditq.parser.normal.EventNormalizer;
import io.auditq.parser.normal.NormalizedEvent;
import io.auditq.parser.normal.SocketAddress;
import io.auditq.parser.testing.AuditedChild;
import io.auditq.parser.testing.KernelAudit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Live capture against the real kernel: a connect to the test's own loopback listener, made by a child process
 * started once the capture has enabled audit ({@link AuditedChild}: tasks older than the first enable since boot
 * are never audited), is captured with that child's pid, with and without auditd running, and the kernel's audit
 * rules and enabled flag are as they were afterwards. Skips where there is no root or no kernel audit.
 */
class LiveCaptureKernelTest {
    /** An upper bound for waiting on the kernel, never an assertion on timing. */
    private static final long WAIT_NANOS = Duration.ofSeconds(20).toNanos();

    @TempDir
    Path tmp;

    @BeforeEach
    void needsKernelAudit() {
        var reason = KernelAudit.unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "kernel audit test skipped: " + reason.orElse(""));
        assumeTrue(AuditNetlink.unsupportedPlatform() == null, AuditNetlink::unsupportedPlatform);
    }

    @Test
    void capturesAConnectWithoutAuditdAndRestoresTheKernel() throws Exception {
        try (KernelAudit.KernelLock _ = KernelAudit.KernelLock.acquire(Duration.ofMinutes(10))) {
            KernelState before = KernelState.now();
            assumeTrue(before.auditdPid().equals("0"), "an audit daemon is running here; this test wants none");
            List<NormalizedEvent> events = captureConnect();
            assertThat(KernelState.now()).isEqualTo(before);
            assertConnectSeen(events);
        }
    }

    @Test
    @SuppressWarnings("try") // auditd is stopped inside the block, to read its flushed log
    void capturesAConnectBesideAuditdWhichStillGetsItToo() throws Exception {
        try (KernelAudit auditd = KernelAudit.start(tmp.resolve("auditd"), KernelAudit.Format.RAW, List.of())) {
            KernelState before = KernelState.now(); // auditd running: enabled 1, no rules
            assertThat(before.auditdPid()).isNotEqualTo("0");
            List<NormalizedEvent> events = captureConnect();
            assertThat(KernelState.now()).isEqualTo(before);
            NormalizedEvent ours = assertConnectSeen(events);
            auditd.close(); // flushes its log
            List<NormalizedEvent> logged = new ArrayList<>();
            EventNormalizer n = new EventNormalizer(AccountNames.fromLogOnly());
            AuditLogReader.of(List.of(auditd.log().toString())).read(e -> logged.add(n.normalize(e)), null);
            assertThat(logged).as("auditd kept receiving while auditq listened")
                    .anySatisfy(e -> {
                        assertThat(e.serial()).isEqualTo(ours.serial());
                        assertThat(e.syscall()).isEqualTo("connect");
                    });
        }
    }

    @Test
    void kernelDropsAreCountedAndCaptureGoesOn() throws Exception {
        try (KernelAudit.KernelLock _ = KernelAudit.KernelLock.acquire(Duration.ofMinutes(10));
             ServerSocket listener = listen()) {
            KernelState before = KernelState.now();
            RulePlan plan = RulePlan.of(RulePlan.MachineArches.current(), List.of("connect"), RulePlan.LIVE_KEY);
            AtomicBoolean stop = new AtomicBoolean();
            List<NormalizedEvent> events = new ArrayList<>();
            LiveAuditSource.Stats stats;
            long markerPid;
            try (LiveAuditSource source = LiveAuditSource.open(4096)) { // a tiny buffer, to overflow on purpose
                try (TemporaryRules _ = TemporaryRules.install(plan)) {
                    // a burst nobody reads, from a process started now that audit is on: the buffer overflows
                    AuditedChild.connect("127.0.0.1", listener.getLocalPort(), 400);
                    // then a process that keeps connecting until the capture, drained, sees one of its connects
                    Process marker = AuditedChild.connectEvery("127.0.0.1", listener.getLocalPort(), 50);
                    try {
                        long deadline = System.nanoTime() + WAIT_NANOS;
                        source.run(listener(events, stop, e -> isConnectTo(e, listener.getLocalPort(), marker.pid())
                                && source.stats().overflows() > 0), () -> stop.get() || System.nanoTime() > deadline);
                    } finally {
                        marker.destroyForcibly();
                        marker.waitFor();
                    }
                    markerPid = marker.pid();
                }
                stats = source.stats();
            }
            assertThat(KernelState.now()).isEqualTo(before);
            assertThat(stats.overflows()).as("ENOBUFS reports").isPositive();
            assertThat(events).anyMatch(e -> isConnectTo(e, listener.getLocalPort(), markerPid));
        }
    }

    // ---- helpers ----

    private int port;
    private long childPid;

    /** Opens the capture, loads connect rules, connects to a loopback listener, and returns the events seen. */
    private List<NormalizedEvent> captureConnect() throws Exception {
        RulePlan plan = RulePlan.of(RulePlan.MachineArches.current(), List.of("connect", "socket"),
                RulePlan.LIVE_KEY);
        List<NormalizedEvent> events = new ArrayList<>();
        try (ServerSocket listener = listen(); LiveAuditSource source = LiveAuditSource.open()) {
            port = listener.getLocalPort();
            try (TemporaryRules rules = TemporaryRules.install(plan)) {
                assertThat(rules.added()).hasSize(plan.rules().size());
                try (AuditControl control = AuditControl.open()) {
                    List<AuditRule.Listed> loaded = control.listRules();
                    for (AuditRule r : plan.rules()) {
                        assertThat(loaded).as("loaded: " + r.auditctl()).anyMatch(l -> l.matches(r));
                    }
                }
                childPid = AuditedChild.connect("127.0.0.1", port);
                AtomicBoolean stop = new AtomicBoolean();
                long deadline = System.nanoTime() + WAIT_NANOS;
                source.run(listener(events, stop, e -> isConnectTo(e, port, childPid)),
                        () -> stop.get() || System.nanoTime() > deadline);
            }
            LiveAuditSource.Stats stats = source.stats();
            assertThat(stats.records()).isPositive();
            assertThat(stats.malformed()).isZero();
            assertThat(stats.badFraming()).isZero();
        }
        return events;
    }

    private NormalizedEvent assertConnectSeen(List<NormalizedEvent> events) {
        List<NormalizedEvent> connects = events.stream().filter(e -> isConnectTo(e, port, childPid)).toList();
        assertThat(connects).as("the connect of the test's child (pid " + childPid + ") to 127.0.0.1:" + port
                + " among " + events.size() + " events").hasSize(1);
        NormalizedEvent e = connects.getFirst();
        assertThat(e.keys()).contains(RulePlan.LIVE_KEY);
        assertThat(e.records()).contains("SYSCALL", "SOCKADDR", "EOE");
        assertThat(e.success()).isTrue();
        return e;
    }

    private static boolean isConnectTo(NormalizedEvent e, int port, long pid) {
        return "connect".equals(e.syscall()) && e.pid() != null && e.pid() == pid
                && e.sockaddr() instanceof SocketAddress.Inet in && in.address().equals("127.0.0.1")
                && in.port() == port;
    }

    /** Assembles live records into normalized events (as --live does); raises stop once one passes {@code enough}. */
    private static LiveAuditSource.Listener listener(List<NormalizedEvent> out, AtomicBoolean stop,
                                                     Predicate<NormalizedEvent> enough) {
        EventNormalizer n = new EventNormalizer(AccountNames.fromLogOnly());
        return new LiveEvents((AuditEvent e) -> {
            NormalizedEvent ne = n.normalize(e);
            out.add(ne);
            if (enough.test(ne)) {
                stop.set(true);
            }
        }, () -> { });
    }

    private static ServerSocket listen() throws IOException {
        return new ServerSocket(0, 1000, InetAddress.getByName("127.0.0.1"));
    }

    /** What auditctl says of the kernel: its rule list and its enabled flag and daemon. */
    record KernelState(String rules, String enabled, String auditdPid) {
        static KernelState now() throws IOException {
            String status = KernelAudit.exec(Duration.ofSeconds(10), "auditctl", "-s").out();
            return new KernelState(KernelAudit.exec(Duration.ofSeconds(10), "auditctl", "-l").out(),
                    field(status, "enabled"), field(status, "pid"));
        }

        private static String field(String status, String name) {
            return status.lines().map(String::trim).filter(l -> l.startsWith(name + " "))
                    .map(l -> l.substring(name.length() + 1).trim()).findFirst().orElse("?");
        }
    }
}

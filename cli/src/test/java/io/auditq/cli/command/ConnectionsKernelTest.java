package io.auditq.cli.command;

import io.auditq.parser.testing.KernelAudit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code auditq connections} on real logs the kernel writes during the test: a private auditd records a person's
 * connections made inside a network namespace the test creates (TEST-NET addresses only, on a veth pair whose
 * both ends are in the namespace, so nothing leaves it), in RAW and ENRICHED format, with socket() audited and without. Every row is
 * checked: a blocking TCP connect that succeeds, one refused, a non-blocking one (in-progress), IPv6, an
 * IPv4-mapped IPv6 address, UDP (sendto and connect), a unix socket and loopback (never listed), a connect after
 * sudo (user root, login user the person), a process that renamed its comm, and a binary deleted while running.
 */
class ConnectionsKernelTest {
    static final long PERSON = 4242;
    /** The system's python3 by its real name (python3.11 on Debian 12), as the kernel records it in exe. */
    static final String PY = realPython();
    static final String NS = "auditq-q3-" + ProcessHandle.current().pid();

    static final String LISTENER = """
            import socket, sys, time
            socks = []
            for fam, addr, port in [(socket.AF_INET, '0.0.0.0', p) for p in (8001, 8005, 8008, 8009, 8010)] + \\
                                   [(socket.AF_INET6, '2001:db8::1', 8004)]:
                s = socket.socket(fam, socket.SOCK_STREAM)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind((addr, port))
                s.listen(16)
                socks.append(s)
            print('ready', flush=True)
            sys.stdin.read()
            """;

    static final String CLIENT = """
            import ctypes, os, socket, sys
            def tcp(addr, port, fam=socket.AF_INET, nonblock=False):
                s = socket.socket(fam, socket.SOCK_STREAM)
                if nonblock:
                    s.setblocking(False)
                try:
                    s.connect((addr, port))
                except (BlockingIOError, ConnectionRefusedError):
                    pass
                s.close()
            mode = sys.argv[1]
            if mode == 'person':
                tcp('192.0.2.1', 8001)
                tcp('192.0.2.1', 8002)
                tcp('192.0.2.99', 8003, nonblock=True)
                tcp('2001:db8::1', 8004, socket.AF_INET6)
                tcp('::ffff:192.0.2.1', 8005, socket.AF_INET6)
                u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                u.sendto(b'x', ('192.0.2.1', 8006))
                u.connect(('192.0.2.1', 8007))
                u.send(b'y')
                u.close()
                x = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                try:
                    x.connect(sys.argv[2])
                except OSError:
                    pass
                tcp('127.0.0.1', 8011)
            elif mode == 'root':
                tcp('192.0.2.1', 8008)
            elif mode == 'renamed':
                ctypes.CDLL(None).prctl(15, b'kworker/0:1', 0, 0, 0)
                tcp('192.0.2.1', 8009)
            elif mode == 'deleted':
                os.unlink(sys.executable)
                tcp('192.0.2.1', 8010)
            """;

    @TempDir
    static Path shared;

    @BeforeAll
    static void canRun() {
        var reason = KernelAudit.unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "kernel audit test skipped: " + reason.orElse(""));
        for (String tool : List.of(PY, "/usr/bin/setpriv", "/usr/bin/sudo", "/usr/sbin/ip")) {
            assumeTrue(Files.isExecutable(Path.of(tool)), tool + " not installed: kernel connections test skipped");
        }
    }

    @ParameterizedTest(name = "{0}, socket() audited: {1}")
    @CsvSource({"RAW, true", "RAW, false", "ENRICHED, true", "ENRICHED, false"})
    void everyKindOfConnectionComesOutRowByRow(KernelAudit.Format format, boolean socketAudited, @TempDir Path tmp)
            throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("work"));
        open(tmp);
        open(dir);
        Path client = write(dir.resolve("client.py"), CLIENT);
        Path listener = write(dir.resolve("listener.py"), LISTENER);
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.copy(Path.of(PY), bin.resolve("beacon"));
        sh("chown", "-R", PERSON + ":" + PERSON, bin.toString());
        Path passwd = write(tmp.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\nalice:x:4242:4242::/home/alice:/bin/sh\n");

        List<String> rules = new ArrayList<>(List.of(
                "-a always,exit -F arch=b64 -S connect -S sendto -S sendmsg -F auid=" + PERSON + " -k net",
                "-a always,exit -F arch=b64 -S execve -F auid=" + PERSON + " -k exec"));
        if (socketAudited) {
            rules.add("-a always,exit -F arch=b64 -S socket -F auid=" + PERSON + " -k net");
        }
        Path log;
        sh("ip", "netns", "add", NS);
        Process listening = null;
        try {
            sh("ip", "-n", NS, "link", "set", "lo", "up");
            // a veth pair with both ends in the namespace: 192.0.2.99 is on the link but nobody answers for it
            sh("ip", "-n", NS, "link", "add", "v0", "type", "veth", "peer", "name", "v1");
            sh("ip", "-n", NS, "addr", "add", "192.0.2.1/24", "dev", "v0");
            sh("ip", "-n", NS, "addr", "add", "2001:db8::1/64", "dev", "v0", "nodad");
            sh("ip", "-n", NS, "link", "set", "v0", "up");
            sh("ip", "-n", NS, "link", "set", "v1", "up");
            listening = new ProcessBuilder("ip", "netns", "exec", NS, PY, listener.toString())
                    .redirectErrorStream(true).start();
            String ready = new BufferedReader(new InputStreamReader(listening.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertThat(ready).as("listener in the namespace").isEqualTo("ready");
            try (KernelAudit ka = KernelAudit.start(tmp.resolve("log"), format, rules)) {
                String login = "echo " + PERSON + " > /proc/self/loginuid && exec ";
                String asPerson = "setpriv --reuid=" + PERSON + " --regid=" + PERSON + " --clear-groups ";
                inNamespace(login + asPerson + PY + " " + client + " person " + dir.resolve("no.sock"));
                inNamespace(login + "sudo -u root " + PY + " " + client + " root");
                inNamespace(login + asPerson + PY + " " + client + " renamed");
                inNamespace(login + asPerson + bin.resolve("beacon") + " " + client + " deleted");
                ka.close();
                log = ka.log();
            }
        } finally {
            if (listening != null) {
                listening.destroy();
                listening.waitFor(5, TimeUnit.SECONDS);
            }
            sh("ip", "netns", "del", NS);
        }

        CliRun run = CliRun.of("connections", log.toString(), "--format", "csv", "--protocol", "any",
                "--passwd", passwd.toString());
        Map<Integer, CSVRecord> rows = byPort(run.ok());
        String tcp = socketAudited ? "tcp" : "unknown";
        String udp = socketAudited ? "udp" : "unknown";
        String basis = socketAudited ? "socket" : "not-audited";
        assertThat(rows.keySet()).containsExactlyInAnyOrder(8001, 8002, 8003, 8004, 8005, 8006, 8007, 8008, 8009, 8010);
        row(rows.get(8001), "192.0.2.1", tcp, "ok", "inet", basis);
        row(rows.get(8002), "192.0.2.1", tcp, "ECONNREFUSED", "inet", basis);
        row(rows.get(8003), "192.0.2.99", tcp, "in-progress", "inet", basis);
        row(rows.get(8004), "2001:db8::1", tcp, "ok", "inet6", basis);
        row(rows.get(8005), "192.0.2.1", tcp, "ok", "inet6", basis); // ::ffff:192.0.2.1 is the IPv4 host
        row(rows.get(8006), "192.0.2.1", udp, "ok", "inet", basis);  // sendto with an address
        row(rows.get(8007), "192.0.2.1", udp, "ok", "inet", basis);  // a connected UDP socket
        for (int port = 8001; port <= 8007; port++) {
            CSVRecord r = rows.get(port);
            assertThat(r.get("exe")).isEqualTo(PY);
            assertThat(r.get("comm")).isEqualTo(Path.of(PY).getFileName().toString());
            assertThat(r.get("uid")).isEqualTo("4242");
            assertThat(r.get("user")).isEqualTo("alice");
            assertThat(r.get("login_user")).isEqualTo("alice");
            assertThat(r.get("pid")).isEqualTo(rows.get(8001).get("pid"));
            assertThat(r.get("argv")).isEqualTo(PY + " " + client + " person " + dir.resolve("no.sock"));
            assertThat(r.get("comm_mismatch")).isEqualTo("false");
        }
        CSVRecord sudo = rows.get(8008);
        row(sudo, "192.0.2.1", tcp, "ok", "inet", basis);
        assertThat(sudo.get("uid")).isEqualTo("0");
        assertThat(sudo.get("user")).isEqualTo("root");
        assertThat(sudo.get("auid")).isEqualTo("4242");
        assertThat(sudo.get("login_user")).isEqualTo("alice");
        CSVRecord renamed = rows.get(8009);
        row(renamed, "192.0.2.1", tcp, "ok", "inet", basis);
        assertThat(renamed.get("comm")).isEqualTo("kworker/0:1");
        assertThat(renamed.get("comm_mismatch")).isEqualTo("true");
        assertThat(renamed.get("exe")).isEqualTo(PY);
        CSVRecord deleted = rows.get(8010);
        row(deleted, "192.0.2.1", tcp, "ok", "inet", basis);
        assertThat(deleted.get("exe")).isEqualTo(bin.resolve("beacon") + " (deleted)");
        assertThat(deleted.get("comm")).isEqualTo("beacon");
        assertThat(deleted.get("comm_mismatch")).isEqualTo("false");
        assertThat(run.err()).contains("not shown: 1 attempt to 1 loopback destination");

        if (format == KernelAudit.Format.ENRICHED) {
            // the log names root itself; alice (uid 4242) exists on no host, so only --passwd names her
            Map<Integer, CSVRecord> bare = byPort(CliRun.of("connections", log.toString(), "--format", "csv",
                    "--protocol", "any").ok());
            assertThat(bare.get(8008).get("user")).isEqualTo("root");
            assertThat(bare.get(8001).get("user")).isEmpty();
        }
        // the sudo row's ancestry: python3 was started by sudo, in alice's session
        String tree = CliRun.of("connections", log.toString(), "--format", "table", "--tree", "--passwd",
                passwd.toString(), "--protocol", "any").ok();
        assertThat(tree).contains("└ pid " + sudo.get("ppid") + " sudo -u root " + PY + " " + client
                + " root (user root, login alice, ses " + sudo.get("ses") + ")");
    }

    private static void row(CSVRecord r, String addr, String protocol, String outcome, String family, String basis) {
        assertThat(r).as("row").isNotNull();
        assertThat(r.get("dst_addr")).as(r.toString()).isEqualTo(addr);
        assertThat(r.get("protocol")).as(r.toString()).isEqualTo(protocol);
        assertThat(r.get("outcome")).as(r.toString()).isEqualTo(outcome);
        assertThat(r.get("family")).as(r.toString()).isEqualTo(family);
        assertThat(r.get("protocol_basis")).as(r.toString()).isEqualTo(basis);
        assertThat(r.get("count")).as(r.toString()).isEqualTo("1");
        assertThat(r.get("auid")).as(r.toString()).isEqualTo("4242");
        assertThat(r.get("ses")).as(r.toString()).isNotEmpty();
    }

    private static Map<Integer, CSVRecord> byPort(String csv) throws IOException {
        Map<Integer, CSVRecord> rows = new HashMap<>();
        for (CSVRecord r : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv))) {
            assertThat(rows.put(Integer.parseInt(r.get("dst_port")), r)).as("one row per port").isNull();
        }
        return rows;
    }

    private static void inNamespace(String script) throws IOException {
        KernelAudit.Result r = KernelAudit.exec(Duration.ofSeconds(30), "ip", "netns", "exec", NS, "bash", "-c", script);
        assertThat(r.code()).as(script + ": " + r.out()).isZero();
    }

    private static void sh(String... cmd) throws IOException {
        KernelAudit.Result r = KernelAudit.exec(Duration.ofSeconds(30), cmd);
        assertThat(r.code()).as(String.join(" ", cmd) + ": " + r.out()).isZero();
    }

    private static Path write(Path p, String text) throws IOException {
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        return p;
    }

    private static void open(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static String realPython() {
        try {
            return Path.of("/usr/bin/python3").toRealPath().toString();
        } catch (IOException e) {
            return "/usr/bin/python3"; // not installed: canRun() skips
        }
    }
}

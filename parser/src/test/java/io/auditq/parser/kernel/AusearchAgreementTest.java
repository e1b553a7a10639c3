package io.auditq.parser.kernel;

import io.auditq.parser.AuditLogReader;
import io.auditq.parser.normal.AccountNames;
import io.auditq.parser.normal.EventNormalizer;
import io.auditq.parser.normal.NormalizedEvent;
import io.auditq.parser.normal.PathItem;
import io.auditq.parser.normal.SocketAddress;
import io.auditq.parser.testing.AusearchOutput;
import io.auditq.parser.testing.KernelAudit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real logs recorded on this machine, in RAW and ENRICHED format, decoded by auditq and by {@code ausearch -i},
 * compared field by field for every event both see. ausearch is the reference a responder already trusts: where
 * the two disagree, one of them is wrong, and the normalizations below say exactly where they differ on purpose.
 */
class AusearchAgreementTest {
    private static final String TRICKY_ARG = "line\nbreak";
    private static final List<String> ECHO_ARGS = List.of("has space", "q\"uote", "caf\u00e9 \u00fc", TRICKY_ARG);
    private static final String RENAMED_COMM = "auditq renamed";

    @TempDir
    Path tmp;

    @Test
    void rawLogAgreesWithAusearch() throws Exception {
        recordAndCompare(KernelAudit.Format.RAW);
    }

    @Test
    void enrichedLogAgreesWithAusearch() throws Exception {
        recordAndCompare(KernelAudit.Format.ENRICHED);
    }

    // ---------------------------------------------------------------- recording

    private void recordAndCompare(KernelAudit.Format format) throws Exception {
        var reason = KernelAudit.unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "kernel audit test skipped: " + reason.orElse(""));
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path present = Files.writeString(work.resolve("present.txt"), "evidence\n");
        Path missing = work.resolve("missing.txt");
        Path script = Files.writeString(work.resolve("agree.py"), PYTHON);
        long jvm = ProcessHandle.current().pid();
        // ppid= keeps the log to this JVM's children (the programs below, and the helper's own auditctl runs)
        List<String> rules = new ArrayList<>();
        Path spawnHelper = Path.of(System.getProperty("java.home"), "lib", "jspawnhelper");
        if (Files.isExecutable(spawnHelper)) {
            // The kernel caches a task's PROCTITLE at its first logged event and keeps it across execve: were the
            // JVM's spawn helper's own execve logged, every program it then becomes would carry the helper's
            // title, and the titles compared below (with their spaces, quotes, newlines) would all be the helper's.
            rules.add("-a never,exit -F arch=b64 -S execve -F exe=" + spawnHelper.toRealPath());
        }
        String cat = Path.of("/bin/cat").toRealPath().toString();
        rules.addAll(List.of(
                "-a always,exit -F arch=b64 -S execve -F ppid=" + jvm + " -k agree-exec",
                "-a always,exit -F arch=b64 -S connect -F ppid=" + jvm + " -k agree-net",
                "-a always,exit -F arch=b64 -S openat -F ppid=" + jvm + " -F dir=" + work + " -k agree-file",
                // dir= matches by inode, and a missing file has none: its ENOENT needs a rule of its own
                "-a always,exit -F arch=b64 -S openat -F ppid=" + jvm + " -F exit=-2 -F exe=" + cat
                        + " -k agree-enoent"));
        Expectations want = new Expectations();
        Path logDir = tmp.resolve("log-" + format.name().toLowerCase());
        String port;
        try (ServerSocket v4 = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             ServerSocket v6 = ipv6Listener();
             ServerSocketChannel unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            Path i386 = build32BitProgram(work, v4.getLocalPort());
            if (i386 != null) {
                rules.add("-a always,exit -F arch=b32 -S open,socketcall -F ppid=" + jvm + " -k agree-32");
            }
            Path sock = work.resolve("agree.sock");
            unix.bind(UnixDomainSocketAddress.of(sock));
            int refusedPort = freePort();
            String py = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
            port = Integer.toString(v4.getLocalPort());
            try (KernelAudit ka = KernelAudit.start(logDir, format, rules)) {
                run("/bin/true");
                List<String> echo = new ArrayList<>(List.of("/bin/echo"));
                echo.addAll(ECHO_ARGS);
                run(echo.toArray(String[]::new));
                run(py, "-I", "-S", script.toString(), "connect4", port);
                run(py, "-I", "-S", script.toString(), "connect4", Integer.toString(refusedPort));
                run(py, "-I", "-S", script.toString(), "nonblock", port);
                if (v6 != null) {
                    run(py, "-I", "-S", script.toString(), "connect6", Integer.toString(v6.getLocalPort()));
                    want.inet6 = true;
                }
                run(py, "-I", "-S", script.toString(), "unix", sock.toString());
                run(py, "-I", "-S", script.toString(), "rename", port, present.toString());
                run("/bin/cat", present.toString());
                run("/bin/cat", missing.toString());
                run("/bin/bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + port);
                run("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "/bin/true");
                if (i386 != null) {
                    run(i386.toString());
                    want.i386 = true;
                }
                ka.close();
            }
        }
        Path log = logDir.resolve("audit.log");
        // kept beside the build output, so a failure can be read against the very log that caused it
        Path keep = Files.createDirectories(Path.of("target", "ausearch-agreement"));
        Files.copy(log, keep.resolve(format.name().toLowerCase() + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        AccountNames names = AccountNames.fromLogOnly().withLocalNames();
        EventNormalizer normalizer = new EventNormalizer(names);
        Map<Long, NormalizedEvent> ours = new TreeMap<>();
        AuditLogReader.Summary summary = AuditLogReader.of(List.of(log.toString()))
                .read(e -> ours.put(e.serial(), normalizer.normalize(e)), null);
        assertThat(summary.firstMalformations()).as("malformed lines in a log auditd just wrote").isEmpty();

        KernelAudit.Result ausearch = KernelAudit.exec(Duration.ofSeconds(60), "ausearch", "-i", "-if", log.toString());
        assertThat(ausearch.code()).as("ausearch -i exit code; output: %s", ausearch.out()).isZero();
        Files.writeString(keep.resolve(format.name().toLowerCase() + ".ausearch"), ausearch.out());
        Map<Long, AusearchEvent> theirs = AusearchEvent.parse(ausearch.out());

        // Both must see the same events: an event one of them drops is a disagreement too.
        assertThat(ours.keySet()).as("event serials, auditq vs ausearch").isEqualTo(theirs.keySet());

        List<String> diffs = new ArrayList<>();
        Comparison cmp = new Comparison(diffs, names);
        for (var e : theirs.entrySet()) {
            cmp.compare(ours.get(e.getKey()), e.getValue());
        }
        assertThat(diffs).as("auditq vs ausearch -i: %d disagreements in %s (%d fields compared), the first: %s",
                diffs.size(), log, cmp.compared, String.join("\n", diffs.subList(0, Math.min(30, diffs.size()))))
                .isEmpty();

        // The programs must really have produced what this test claims to compare.
        List<NormalizedEvent> all = List.copyOf(ours.values());
        expect("execve with hex-encoded argv", all, e -> e.argv() != null && e.argv().contains(TRICKY_ARG));
        expect("connect ok to 127.0.0.1", all, e -> inet(e, "127.0.0.1", Integer.parseInt(port)) && Boolean.TRUE.equals(e.success()));
        expect("refused connect", all, e -> "ECONNREFUSED".equals(e.errno()));
        expect("non-blocking connect", all, e -> "EINPROGRESS".equals(e.errno()));
        expect("openat of a missing file", all, e -> "openat".equals(e.syscall()) && "ENOENT".equals(e.errno()));
        expect("openat of a permitted file", all, e -> "openat".equals(e.syscall()) && Boolean.TRUE.equals(e.success()));
        expect("unix connect", all, e -> e.sockaddr() instanceof SocketAddress.Unix u && u.path().endsWith("agree.sock"));
        expect("renamed comm", all, e -> RENAMED_COMM.equals(e.comm()));
        String trueExe = Path.of("/bin/true").toRealPath().toString();
        expect("setuid: uid nobody, auid not nobody", all, e -> Objects.equals(e.euid(), 65534L)
                && Objects.equals(e.uid(), 65534L) && !Objects.equals(e.auid(), 65534L) && trueExe.equals(e.exe()));
        expect("proctitle with hex-encoded arguments", all, e -> e.proctitle() != null && e.proctitle().contains(TRICKY_ARG));
        if (want.inet6) {
            expect("connect to ::1", all, e -> e.sockaddr() instanceof SocketAddress.Inet i && i.address().equals("::1"));
        }
        if (want.i386) {
            expect("32-bit socketcall connect", all, e -> "i386".equals(e.arch()) && "connect".equals(e.syscall()));
            expect("32-bit open", all, e -> "i386".equals(e.arch()) && "open".equals(e.syscall()) && "ENOENT".equals(e.errno()));
        }
        System.out.printf("ausearch agreement (%s): %d events, %d fields compared, 32-bit %s, inet6 %s%n", format,
                theirs.size(), cmp.compared, want.i386 ? "yes" : "skipped (no gcc -m32)", want.inet6 ? "yes" : "skipped");
    }

    private static void expect(String what, List<NormalizedEvent> all, java.util.function.Predicate<NormalizedEvent> seen) {
        assertThat(all.stream().anyMatch(seen)).as("the recorded log has no event of this kind: %s", what).isTrue();
    }

    private static boolean inet(NormalizedEvent e, String addr, int port) {
        return e.sockaddr() instanceof SocketAddress.Inet i && i.address().equals(addr) && i.port() == port;
    }

    private static final class Expectations {
        boolean inet6;
        boolean i386;
    }

    private static ServerSocket ipv6Listener() {
        try {
            return new ServerSocket(0, 50, Inet6Address.getByName("::1"));
        } catch (IOException e) {
            return null; // no IPv6 on loopback here: that program is left out, and said so
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        p.getOutputStream().close();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " did not finish");
        }
    }

    /** The python side: each mode makes one kind of system call the comparison needs. */
    private static final String PYTHON = """
            import ctypes, errno, socket, sys
            mode = sys.argv[1]
            if mode == "connect4":
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                s.connect_ex(("127.0.0.1", int(sys.argv[2])))
            elif mode == "nonblock":
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                s.setblocking(False)
                s.connect_ex(("127.0.0.1", int(sys.argv[2])))
            elif mode == "connect6":
                s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
                s.connect_ex(("::1", int(sys.argv[2])))
            elif mode == "unix":
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(sys.argv[2])
            elif mode == "rename":
                ctypes.CDLL(None).prctl(15, b"%s", 0, 0, 0)
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                s.connect_ex(("127.0.0.1", int(sys.argv[2])))
                open(sys.argv[3]).close()
            """.formatted(RENAMED_COMM);

    /**
     * A static i386 program without libc (the multilib C library is usually not installed; the compiler's -m32
     * code generation is enough): open of a missing file and a socketcall connect, via int 0x80.
     * Null when no compiler can make it; the 32-bit part of the comparison is then left out.
     */
    private static Path build32BitProgram(Path work, int port) throws IOException {
        if (Files.notExists(Path.of("/usr/bin/gcc"))) {
            return null;
        }
        Path src = work.resolve("agree32.c");
        Files.writeString(src, """
                static long sys(long n, long a, long b, long c) {
                    long r;
                    __asm__ volatile("int $0x80" : "=a"(r) : "a"(n), "b"(a), "c"(b), "d"(c) : "memory");
                    return r;
                }
                struct in4 { unsigned short family, port; unsigned char addr[4], zero[8]; };
                void _start(void) {
                    sys(5, (long) "%s", 0, 0);                 /* open: ENOENT */
                    long sa[3] = {2, 1, 0};                     /* AF_INET, SOCK_STREAM */
                    long fd = sys(102, 1, (long) sa, 0);        /* socketcall(SYS_SOCKET) */
                    struct in4 to = {2, %d, {127, 0, 0, 1}, {0}};  /* the test's listener */
                    long ca[3] = {fd, (long) &to, sizeof to};
                    sys(102, 3, (long) ca, 0);                  /* socketcall(SYS_CONNECT) */
                    sys(1, 0, 0, 0);                            /* exit(0) */
                }
                """.formatted(work.resolve("missing32.txt"), Integer.reverseBytes(port) >>> 16));
        Path out = work.resolve("agree32");
        KernelAudit.Result r = KernelAudit.exec(Duration.ofSeconds(60), "/usr/bin/gcc", "-m32", "-static", "-nostdlib",
                "-ffreestanding", "-fno-stack-protector", "-fno-pie", "-no-pie", "-O1", "-o", out.toString(),
                src.toString());
        if (r.code() != 0 || !Files.isExecutable(out)) {
            return null;
        }
        try {
            KernelAudit.Result probe = KernelAudit.exec(Duration.ofSeconds(10), out.toString());
            return probe.code() == 0 ? out : null; // a kernel without IA32 emulation cannot run it
        } catch (IOException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- ausearch -i output

    /** One event as {@code ausearch -i} prints it: its records by type, each a map of interpreted fields. */
    record AusearchEvent(long serial, String time, Map<String, List<Map<String, String>>> records) {
        List<Map<String, String>> all(String type) {
            return records.getOrDefault(type, List.of());
        }

        Map<String, String> first(String type) {
            List<Map<String, String>> l = all(type);
            return l.isEmpty() ? null : l.getFirst();
        }

        /** The output's records by serial (the log is one node's): blocks with one serial are one event. */
        static Map<Long, AusearchEvent> parse(String out) {
            Map<Long, AusearchEvent> events = new TreeMap<>();
            for (AusearchOutput.Block block : AusearchOutput.parse(out)) {
                if (!block.unread().isEmpty()) {
                    throw new IllegalStateException("unexpected ausearch line: " + block.unread().getFirst());
                }
                for (AusearchOutput.Record r : block.records()) {
                    AusearchEvent ev = events.computeIfAbsent(r.serial(),
                            s -> new AusearchEvent(s, r.time(), new LinkedHashMap<>()));
                    ev.records.computeIfAbsent(r.type(), t -> new ArrayList<>()).add(r.fields());
                }
            }
            return events;
        }
    }

    static Map<String, String> braced(String v) {
        return AusearchOutput.braced(v);
    }

    // ---------------------------------------------------------------- comparison

    /** Field-by-field comparison of one event; every disagreement is written down, not thrown at the first. */
    private static final class Comparison {
        private static final DateTimeFormatter AUSEARCH_TIME = DateTimeFormatter.ofPattern("MM/dd/yy HH:mm:ss.SSS")
                .withZone(ZoneId.systemDefault());
        final List<String> diffs;
        final AccountNames names;
        int compared;
        private NormalizedEvent ev;

        Comparison(List<String> diffs, AccountNames names) {
            this.diffs = diffs;
            this.names = names;
        }

        void compare(NormalizedEvent ours, AusearchEvent theirs) {
            this.ev = ours;
            // ausearch prints the time in the local zone, which is this JVM's zone
            same("time", AUSEARCH_TIME.format(Instant.ofEpochMilli(ours.timeMillis())), theirs.time());
            same("record types", new TreeSet<>(ours.records()), new TreeSet<>(theirs.records().keySet()));
            Map<String, String> sys = theirs.first("SYSCALL");
            if (sys != null) {
                syscall(ours, sys);
            }
            List<Map<String, String>> execve = theirs.all("EXECVE");
            if (!execve.isEmpty()) {
                List<String> argv = new ArrayList<>();
                for (int i = 0; ; i++) {
                    String a = null;
                    for (Map<String, String> r : execve) {
                        a = a != null ? a : r.get("a" + i);
                    }
                    if (a == null) {
                        break;
                    }
                    argv.add(a);
                }
                same("argc", ours.argc(), Long.valueOf(execve.getFirst().get("argc")));
                same("argv", ours.argv() == null ? null : ours.argv().stream().map(Comparison::escaped).toList(), argv);
            }
            Map<String, String> cwd = theirs.first("CWD");
            if (cwd != null) {
                same("cwd", escaped(ours.cwd()), cwd.get("cwd"));
            }
            paths(ours, theirs.all("PATH"));
            Map<String, String> sa = theirs.first("SOCKADDR");
            if (sa != null) {
                sockaddr(ours.sockaddr(), braced(sa.get("saddr")));
            }
            Map<String, String> pt = theirs.first("PROCTITLE");
            if (pt != null) {
                same("proctitle", escaped(ours.proctitle()), pt.get("proctitle"));
            }
        }

        private void syscall(NormalizedEvent ours, Map<String, String> s) {
            same("arch", ours.arch(), s.get("arch"));
            String theirSyscall = s.get("syscall");
            if (theirSyscall != null && theirSyscall.startsWith("socketcall(") && theirSyscall.endsWith(")")) {
                // a 32-bit socketcall: auditq names it by its sub-call, ausearch writes socketcall(connect)
                theirSyscall = theirSyscall.substring("socketcall(".length(), theirSyscall.length() - 1);
            }
            same("syscall", ours.syscall(), theirSyscall);
            same("success", ours.success() == null ? null : ours.success() ? "yes" : "no", s.get("success"));
            String exit = s.get("exit");
            if (exit != null && exit.matches("[A-Z][A-Z0-9]*\\(.*\\)")) {
                // exit=ENOENT(No such file or directory): compare the name; the number is the name's errno
                same("errno", ours.errno(), exit.substring(0, exit.indexOf('(')));
            } else {
                same("exit", ours.exit() == null ? null : Long.toString(ours.exit()), exit);
                same("errno (none)", ours.errno(), null);
            }
            same("pid", str(ours.pid()), s.get("pid"));
            same("ppid", str(ours.ppid()), s.get("ppid"));
            same("uid", userName(ours.uid()), s.get("uid"));
            same("euid", userName(ours.euid()), s.get("euid"));
            same("gid", ours.gid() == null ? null : groupName(ours.gid()), s.get("gid"));
            // an unset login uid or session: auditq says null (unknown), ausearch prints "unset"
            same("auid", ours.auid() == null ? "unset" : userName(ours.auid()), s.get("auid"));
            same("ses", ours.ses() == null ? "unset" : Long.toString(ours.ses()), s.get("ses"));
            same("tty", ours.tty(), s.get("tty"));
            same("comm", escaped(ours.comm()), s.get("comm"));
            same("exe", escaped(ours.exe()), s.get("exe"));
            same("key", ours.keys() == null ? "(null)" : String.join(",", ours.keys()), s.get("key"));
        }

        private void paths(NormalizedEvent ours, List<Map<String, String>> theirs) {
            List<PathItem> mine = ours.paths() == null ? List.of() : ours.paths();
            same("PATH count", mine.size(), theirs.size());
            for (Map<String, String> p : theirs) {
                int item = Integer.parseInt(p.get("item"));
                PathItem m = mine.stream().filter(x -> x.item() == item).findFirst().orElse(null);
                if (m == null) {
                    diffs.add(where() + " PATH item " + item + ": missing in auditq");
                    continue;
                }
                // ausearch writes an absent name as (null); auditq as null
                same("PATH " + item + " name", m.name() == null ? "(null)" : escaped(m.name()), p.get("name"));
                same("PATH " + item + " nametype", m.nametype(), p.get("nametype"));
                same("PATH " + item + " inode", str(m.inode()), p.get("inode"));
                same("PATH " + item + " mode", m.mode() == null ? null : modeText(m.mode()), p.get("mode"));
                same("PATH " + item + " ouid", m.ouid() == null ? null : userName(m.ouid()), p.get("ouid"));
            }
        }

        private void sockaddr(SocketAddress mine, Map<String, String> theirs) {
            String fam = theirs.get("saddr_fam");
            switch (mine) {
                case SocketAddress.Inet i -> {
                    same("saddr family", i.family(), fam);
                    same("saddr addr", i.mapped() ? "::ffff:" + i.address() : i.address(), theirs.get("laddr"));
                    same("saddr port", Integer.toString(i.port()), theirs.get("lport"));
                }
                // ausearch calls AF_UNIX by its other name, local
                case SocketAddress.Unix u -> {
                    same("saddr family", "local", fam);
                    same("saddr path", escaped(u.path()), theirs.get("path"));
                }
                case SocketAddress.Netlink n -> {
                    same("saddr family", "netlink", fam);
                    same("saddr pid", Long.toString(n.portId()), theirs.get("nlnk-pid"));
                }
                case SocketAddress.Other o -> same("saddr family", o.family(), fam);
                case null -> diffs.add(where() + " SOCKADDR: auditq decoded nothing, ausearch " + theirs);
            }
        }

        private String userName(Long id) {
            if (id == null) {
                return null;
            }
            String n = names.user(ev.node(), id);
            // ausearch names an id absent from passwd unknown(N); auditq leaves the name unknown (null)
            return n != null ? n : "unknown(" + id + ")";
        }

        private String groupName(long id) {
            String n = names.group(ev.node(), id);
            return n != null ? n : "unknown(" + id + ")";
        }

        private void same(String field, Object ours, Object theirs) {
            compared++;
            if (!Objects.equals(ours, theirs)) {
                diffs.add(where() + " " + field + ": auditq=" + show(ours) + " ausearch=" + show(theirs));
            }
        }

        private String where() {
            return "serial " + ev.serial() + " (" + ev.origin() + ", " + ev.records() + ")";
        }

        private static String show(Object o) {
            return o == null ? "null" : "«" + o.toString().replace("\n", "\\n") + "»";
        }

        static String escaped(String v) {
            return AusearchOutput.escaped(v);
        }

        private static String str(Long v) {
            return v == null ? null : Long.toString(v);
        }

        private static String modeText(int mode) {
            return AusearchOutput.modeText(mode);
        }
    }
}

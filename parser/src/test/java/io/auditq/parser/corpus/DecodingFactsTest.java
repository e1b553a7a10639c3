package io.auditq.parser.corpus;

import io.auditq.parser.event.AuditEvent;
import io.auditq.parser.event.EventAssembler;
import io.auditq.parser.normal.NormalizedEvent;
import io.auditq.parser.normal.SocketAddress;
import io.auditq.parser.record.AuditRecord;
import io.auditq.parser.testing.Corpus;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the corpus's real logs must decode to, one fact at a time, each checked against the raw line. */
class DecodingFactsTest {

    private static Corpus.Parsed parse(String file) {
        return Corpus.parse(Corpus.file(file));
    }

    /** Serials repeat across auditd restarts: an event is its time and serial. */
    private static NormalizedEvent at(Corpus.Parsed r, long timeMillis, long serial) {
        List<NormalizedEvent> l = r.where(e -> e.serial() == serial && e.timeMillis() == timeMillis);
        assertThat(l).hasSize(1);
        return l.getFirst();
    }

    private static String readString(java.nio.file.Path p) {
        try {
            return java.nio.file.Files.readString(p, StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static Corpus.Parsed lines(String... lines) {
        return Corpus.parse((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8), "hand-made");
    }

    @Test
    void bigEndianPpc64BindIsInetNotFamily512() {
        // saddr=0002D903…, arch=80000015: sa_family 0x0002 big-endian, port 0xD903
        NormalizedEvent e = parse("threathunters-io__laurel/record-bind-ipv4-bigendian.txt").serial(10);
        assertThat(e.arch()).isEqualTo("ppc64");
        assertThat(e.syscall()).isEqualTo("bind");
        assertThat(e.sockaddr()).isEqualTo(new SocketAddress.Inet("inet", "0.0.0.0", 55555, false));
        assertThat(e.proctitle()).isEqualTo("nc -l -p 55555");
        assertThat(e.problems()).isEmpty();
    }

    @Test
    void aarch64SyscallNumbersUseTheAarch64Table() {
        Corpus.Parsed r = parse("threathunters-io__laurel/fork-sleep-exec.txt");
        // 221 is execve and 220 clone on aarch64 (on x86_64 they would be fadvise64 and semtimedop)
        assertThat(r.serial(6104005).syscall()).isEqualTo("execve");
        assertThat(r.serial(6104007).syscall()).isEqualTo("clone");
        assertThat(r.serial(6104008).syscall()).isEqualTo("execve");
        assertThat(r.normalized()).allSatisfy(e -> assertThat(e.arch()).isEqualTo("aarch64"));
    }

    @Test
    void i386SocketcallIsResolvedToItsSubCall() {
        // SELinux audit.log: arch=40000003 syscall=102 a0=3 (SYS_CONNECT) exit=-111 by gconfd-2; a0=2 (SYS_BIND)
        Corpus.Parsed r = parse("SELinuxProject__selinux/audit.log");
        NormalizedEvent connect = at(r, 1162850348747L, 1003);
        assertThat(connect.arch()).isEqualTo("i386");
        assertThat(connect.syscallNumber()).isEqualTo(102);
        assertThat(connect.syscall()).isEqualTo("connect");
        assertThat(connect.success()).isFalse();
        assertThat(connect.exit()).isEqualTo(-111);
        assertThat(connect.errno()).isEqualTo("ECONNREFUSED");
        assertThat(connect.comm()).isEqualTo("gconfd-2");
        assertThat(connect.records()).containsExactly("AVC", "SYSCALL");
        assertThat(at(r, 1162850355108L, 1007).syscall()).isEqualTo("bind");
    }

    @Test
    void kernelInternalErrnoIsNamed() {
        // audit logs the return before the kernel restarts the call: a poll interrupted by a signal, ERESTARTSYS
        Corpus.Parsed r = lines(
                "type=SYSCALL msg=audit(1700000000.000:1): arch=c000003e syscall=7 success=no exit=-512 a0=0 a1=0 "
                        + "a2=0 a3=0 items=0 ppid=1 pid=2 auid=0 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 "
                        + "fsgid=0 tty=(none) ses=1 comm=\"x\" exe=\"/x\" key=(null)",
                "type=SYSCALL msg=audit(1700000000.000:2): arch=c000003e syscall=7 success=no exit=-520 a0=0 a1=0 "
                        + "a2=0 a3=0 items=0 ppid=1 pid=2 auid=0 uid=0 comm=\"x\" exe=\"/x\" key=(null)");
        NormalizedEvent e = r.serial(1);
        assertThat(e.syscall()).isEqualTo("poll");
        assertThat(e.exit()).isEqualTo(-512);
        assertThat(e.errno()).isEqualTo("ERESTARTSYS");
        assertThat(e.problems()).isEmpty();
        assertThat(r.serial(2).errno()).isEqualTo("errno 520"); // unused by the kernel
    }

    @Test
    void unixPathWithTrailingStackGarbageStopsAtItsNul() {
        // audit_wget_unit.log: saddr=01002F7661722F72756E2F6E7363642F736F636B6574 00 00 39 80 D9 … (stack garbage)
        Corpus.Parsed r = parse("ashish-gehani__SPADE/audit_wget_unit.log");
        for (long serial : new long[] {6175, 6177}) {
            NormalizedEvent e = r.serial(serial);
            assertThat(e.sockaddr()).isEqualTo(
                    new SocketAddress.Unix("/var/run/nscd/socket", SocketAddress.Unix.Kind.PATHNAME));
            assertThat(e.problems()).isEmpty();
        }
        assertThat(r.serial(6242).sockaddr()).isEqualTo(new SocketAddress.Inet("inet", "10.0.2.3", 53, false));
    }

    @Test
    void allZeroSaddrIsAfUnspec() {
        NormalizedEvent e = parse("elastic__go-libaudit/audit-rhel7.log").serial(517645);
        assertThat(e.sockaddr()).isInstanceOfSatisfying(SocketAddress.Other.class, o -> {
            assertThat(o.number()).isZero();
            assertThat(o.family()).isEqualTo("unspec");
            assertThat(o.hex()).isEqualTo("00000000000000000000000000000000");
        });
        // enriched SADDR=unknown-family(0) after 0x1d does not leak into the saddr value
        NormalizedEvent h = parse("hillu__linux-audit-parser-rs/line-sockaddr-unknown-1.txt").normalized().getFirst();
        assertThat(h.sockaddr()).isInstanceOfSatisfying(SocketAddress.Other.class,
                o -> assertThat(o.number()).isZero());
        assertThat(h.problems()).isEmpty();
    }

    @Test
    void netlinkSendtoByDockerd() {
        NormalizedEvent e = parse("threathunters-io__laurel/record-anom-promiscuous.txt").serial(339749193);
        assertThat(e.syscall()).isEqualTo("sendto");
        assertThat(e.sockaddr()).isEqualTo(new SocketAddress.Netlink(0, 0));
        assertThat(e.records()).containsExactly("ANOM_PROMISCUOUS", "SYSCALL", "SOCKADDR", "EOE");
        assertThat(e.auid()).isNull();
        assertThat(e.user()).isEqualTo("root");
    }

    @Test
    void inetAndInet6ConnectsWithEinprogress() {
        Corpus.Parsed r = parse("threathunters-io__laurel/record-connect.txt");
        NormalizedEvent v4 = r.serial(2482681);
        assertThat(v4.syscall()).isEqualTo("connect");
        assertThat(v4.success()).isTrue();
        assertThat(v4.sockaddr()).isEqualTo(new SocketAddress.Inet("inet", "127.0.0.1", 11211, false));
        NormalizedEvent v6 = r.serial(2482682);
        assertThat(v6.success()).isFalse();
        assertThat(v6.exit()).isEqualTo(-115);
        assertThat(v6.errno()).isEqualTo("EINPROGRESS");
        assertThat(v6.sockaddr()).isEqualTo(new SocketAddress.Inet("inet6", "::1", 11211, false));
        assertThat(v6.uid()).isEqualTo(48);
        assertThat(v6.auid()).isNull();
    }

    @Test
    void execveFragmentsAreReassembledAcrossRecords() {
        // a1_len=16384 hex digits in a1[0], a1[1], a1[2] over three EXECVE records: 8192 bytes "baaa…"
        NormalizedEvent e = parse("threathunters-io__laurel/record-execve-long.txt").serial(21028);
        assertThat(e.argc()).isEqualTo(2);
        assertThat(e.argv()).hasSize(2);
        assertThat(e.argv().get(0)).isEqualTo("/bin/echo");
        // expected: the a1[k] chunks of the file, in k order, decoded independently of the parser
        String text = readString(Corpus.file("threathunters-io__laurel/record-execve-long.txt"));
        StringBuilder hex = new StringBuilder();
        for (int k = 0; ; k++) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(" a1\\[" + k + "\\]=([0-9A-F]+)").matcher(text);
            if (!m.find()) {
                assertThat(k).as("chunks").isEqualTo(3);
                break;
            }
            hex.append(m.group(1));
        }
        assertThat(hex).hasSize(16384);
        String a1 = e.argv().get(1);
        assertThat(a1).hasSize(8192).startsWith("baaaaaaa")
                .isEqualTo(new String(java.util.HexFormat.of().parseHex(hex), StandardCharsets.UTF_8));
        assertThat(e.records()).containsSubsequence("SYSCALL", "EXECVE", "EXECVE", "EXECVE");
        // the laurel authors marked each chunk (b…, d…, f…) in EXECVE only, so the title disagrees with argv
        assertThat(e.problems()).containsExactly("proctitle is cut by the kernel at 128 bytes",
                "proctitle names another program than this execve's argv: the kernel keeps the title it cached "
                        + "before the exec; trust argv");
        assertThat(e.proctitleTruncated()).isTrue();
        assertThat(e.loginUser()).isEqualTo("user");
    }

    @Test
    void argcLargerThanTheArgumentsLoggedIsSaid() {
        Corpus.Parsed r = lines(
                "type=SYSCALL msg=audit(1700000000.000:7): arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 "
                        + "a3=4 items=1 ppid=1 pid=2 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 "
                        + "tty=pts0 ses=3 comm=\"ls\" exe=\"/usr/bin/ls\" key=(null)",
                "type=EXECVE msg=audit(1700000000.000:7): argc=4 a0=\"ls\" a1=\"-l\"");
        NormalizedEvent e = r.serial(7);
        assertThat(e.argc()).isEqualTo(4);
        assertThat(e.argv()).containsExactly("ls", "-l");
        assertThat(e.problems()).containsExactly("argc=4 but only 2 arguments logged");
        assertThat(e.keys()).isNull();
    }

    @Test
    void hexExecveArgumentIsDecoded() {
        // a2=6563686F205C22… : the kernel hex-encodes arguments holding quotes or spaces
        NormalizedEvent e = parse("elastic__beats/execve-hex-arg.log").serial(5538);
        assertThat(e.argv()).containsExactly("sh", "-c", "echo \\\"arg hex encoded\\\"");
    }

    @Test
    void unquotedPlainExecveArgumentIsKeptAsWritten() {
        Corpus.Parsed r = lines("type=EXECVE msg=audit(1700000000.000:8): argc=2 a0=top a1=-b");
        assertThat(r.serial(8).argv()).containsExactly("top", "-b");
    }

    @Test
    void proctitleNulSeparatedAndTruncationFlag() {
        Corpus.Parsed r = parse("linux-audit__audit-userspace/test4.log");
        assertThat(r.normalized()).filteredOn(e -> e.proctitle() != null).allSatisfy(e -> {
            assertThat(e.proctitleTruncated()).isTrue();
            assertThat(e.problems()).contains("proctitle is cut by the kernel at 128 bytes");
        });
        NormalizedEvent shortTitle = parse("threathunters-io__laurel/record-bind-ipv4-bigendian.txt").serial(10);
        assertThat(shortTitle.proctitleTruncated()).isFalse();
    }

    @Test
    void nodeAndHostPrefixesIncludingSeveralRecordsOnOneLine() {
        Corpus.Parsed r = parse("SELinuxProject__selinux/test.log");
        // line 3: node=bob.example.com type=PATH … type=CWD msg=audit(1166111074.191:74): cwd="/"
        List<AuditRecord> line3 = r.records().stream().filter(x -> x.line() == 3).toList();
        assertThat(line3).extracting(AuditRecord::typeName).containsExactly("PATH", "CWD");
        assertThat(line3).allSatisfy(x -> {
            assertThat(x.serial()).isEqualTo(74);
            assertThat(x.node()).isEqualTo("bob.example.com");
        });
        assertThat(line3.get(0).text("name")).isEqualTo("/etc/auto.net");
        assertThat(line3.get(0).raw("obj")).isEqualTo("system_u:object_r:automount_lock_t:s0");
        NormalizedEvent ev74 = r.where(e -> e.serial() == 74).getFirst();
        assertThat(ev74.cwd()).isEqualTo("/");
        assertThat(ev74.node()).isEqualTo("bob.example.com");
        // line 29: host=dhcppc2 type=AVC … pid=14066 comm="qemu-kvm"
        NormalizedEvent avc = r.where(e -> e.serial() == 241).getFirst();
        assertThat(avc.node()).isEqualTo("dhcppc2");
        assertThat(avc.pid()).isEqualTo(14066);
        assertThat(avc.comm()).isEqualTo("qemu-kvm");
    }

    @Test
    void enrichedNamesGiveUserAndLoginUser() {
        // line-syscall.txt: auid=1000 uid=0 … 0x1d AUID="user" UID="root"
        NormalizedEvent e = parse("hillu__linux-audit-parser-rs/line-syscall.txt").normalized().getFirst();
        assertThat(e.uid()).isZero();
        assertThat(e.user()).isEqualTo("root");
        assertThat(e.auid()).isEqualTo(1000);
        assertThat(e.loginUser()).isEqualTo("user");
        assertThat(e.syscall()).isEqualTo("execve");
        assertThat(e.keys()).isNull(); // key=(null)
        // a RAW log carries no names, and none are invented
        NormalizedEvent raw = parse("threathunters-io__laurel/record-connect.txt").serial(2482681);
        assertThat(raw.uid()).isEqualTo(48);
        assertThat(raw.user()).isNull();
    }

    @Test
    void oldAndNewLoginFormsGiveTheNewAuid() {
        // old: "login pid=8294 uid=0 old auid=4294967295 new auid=0"
        NormalizedEvent old = parse("SELinuxProject__selinux/audit.txt").serial(723);
        assertThat(old.records()).containsExactly("LOGIN");
        assertThat(old.auid()).isZero();
        assertThat(old.pid()).isEqualTo(8294);
        // new: "pid=27681 uid=0 old-auid=4294967295 auid=1000 tty=(none) old-ses=4294967295 ses=58 res=1"
        NormalizedEvent neu = parse("elastic__beats/auditlogin.log").serial(1414);
        assertThat(neu.auid()).isEqualTo(1000);
        assertThat(neu.ses()).isEqualTo(58);
        assertThat(neu.pid()).isEqualTo(27681);
    }

    @Test
    void userSpaceMessagesInBothPamForms() {
        // old: msg='PAM: setcred acct=root : exe="/usr/bin/sudo" (hostname=?, addr=?, terminal=? res=success)'
        NormalizedEvent old = parse("SELinuxProject__selinux/audit.txt").serial(719);
        assertThat(old.userMessage()).isNotNull();
        assertThat(old.userMessage().acct()).isEqualTo("root");
        assertThat(old.userMessage().hostname()).isEqualTo("?");
        assertThat(old.userMessage().terminal()).isEqualTo("?");
        assertThat(old.userMessage().res()).isEqualTo("success");
        assertThat(old.exe()).isEqualTo("/usr/bin/sudo");
        assertThat(old.auid()).isEqualTo(500);
        // new: msg='op=PAM:session_open grantors=… acct="vagrant" exe="/usr/sbin/sshd" … res=success'
        NormalizedEvent neu = parse("elastic__beats/centos7.log").serial(425);
        assertThat(neu.records()).containsExactly("USER_START");
        assertThat(neu.userMessage().op()).isEqualTo("PAM:session_open");
        assertThat(neu.userMessage().acct()).isEqualTo("vagrant");
        assertThat(neu.userMessage().addr()).isEqualTo("10.0.2.2");
        assertThat(neu.userMessage().terminal()).isEqualTo("ssh");
        assertThat(neu.userMessage().res()).isEqualTo("success");
        assertThat(neu.exe()).isEqualTo("/usr/sbin/sshd");
        assertThat(neu.auid()).isEqualTo(1000);
    }

    @Test
    void avcIsReadForItsKeyValueParts() {
        // "avc:  denied  { read write } for  pid=13010 comm="pickup" name="maildrop" … tclass=dir"
        AuditRecord avc = parse("linux-audit__audit-userspace/test.log").records().stream()
                .filter(x -> x.typeName().equals("AVC")).findFirst().orElseThrow();
        assertThat(avc.raw("pid")).isEqualTo("13010");
        assertThat(avc.text("comm")).isEqualTo("pickup");
        assertThat(avc.text("name")).isEqualTo("maildrop");
        assertThat(avc.raw("tclass")).isEqualTo("dir");
        assertThat(avc.raw("scontext")).isEqualTo("system_u:system_r:postfix_pickup_t:s0");
    }

    @Test
    void severalKeysJoinedBy0x01AndNullKey() {
        Corpus.Parsed r = lines(
                "type=SYSCALL msg=audit(1700000000.000:9): arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 "
                        + "a3=4 items=1 ppid=1 pid=2 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 "
                        + "tty=pts0 ses=3 comm=\"grep\" exe=\"/bin/grep\" key=65786563013634626974");
        assertThat(r.serial(9).keys()).containsExactly("exec", "64bit");
        Corpus.Parsed nul = parse("threathunters-io__laurel/record-syscall-nullkey.txt");
        assertThat(nul.normalized()).isNotEmpty().allSatisfy(e -> assertThat(e.keys()).isNull());
        Corpus.Parsed quoted = parse("threathunters-io__laurel/record-syscall-key.txt");
        assertThat(quoted.normalized()).allSatisfy(e -> assertThat(e.keys()).isNotNull().hasSize(1));
    }

    @Test
    void serialRolloverKeepsEventsApart() {
        // serials 4294967294, 4294967295, 0, 1, 2: five one-record events, none merged
        Corpus.Parsed r = parse("elastic__go-libaudit/rollover.log");
        assertThat(r.events()).hasSize(5);
        assertThat(r.normalized()).extracting(NormalizedEvent::serial)
                .containsExactlyInAnyOrder(4294967294L, 4294967295L, 0L, 1L, 2L);
        assertThat(r.serial(4294967295L).syscall()).isEqualTo("execve");
        assertThat(r.serial(0).syscall()).isEqualTo("connect");
    }

    @Test
    void outOfOrderRecordsWithinTheWindowAreGrouped() {
        Corpus.Parsed normal = parse("elastic__go-libaudit/normal.log");
        Corpus.Parsed shuffled = parse("elastic__go-libaudit/out_of_order.log");
        assertThat(normal.events()).hasSize(5);
        // serial 61's records are split by other events' records, all within the window: one event
        assertThat(shuffled.serial(61).records()).containsExactlyInAnyOrderElementsOf(normal.serial(61).records());
        assertThat(shuffled.serial(61).sockaddr()).isEqualTo(
                new SocketAddress.Unix("public/pickup", SocketAddress.Unix.Kind.PATHNAME));
        // serial 60's second PATH arrives 7.8 s of log time later, past the 3 s window: like ausearch, a
        // separate event. With a window that covers it, the grouping equals normal.log's.
        assertThat(shuffled.where(e -> e.serial() == 60)).hasSize(2)
                .satisfiesExactly(
                        whole -> assertThat(whole.problems()).isEmpty(),
                        late -> {
                            assertThat(late.records()).containsExactly("PATH");
                            assertThat(late.problems()).singleElement().asString().startsWith("late records:");
                        });
        assertThat(groupsWithWindow("elastic__go-libaudit/out_of_order.log", 10_000))
                .isEqualTo(groupsWithWindow("elastic__go-libaudit/normal.log", 10_000));
    }

    private static List<String> groupsWithWindow(String file, long window) {
        Corpus.Parsed r = parse(file);
        List<AuditEvent> events = new ArrayList<>();
        EventAssembler a = new EventAssembler(events::add, window, EventAssembler.DEFAULT_CAPACITY);
        r.records().forEach(a::accept);
        a.finish();
        return events.stream().map(e -> e.serial() + ":" + e.records().stream().map(x -> x.typeName() + x.line() % 1)
                .sorted().toList()).sorted().toList();
    }

    @Test
    void lastLineWithoutNewlineIsRead() {
        // auditd-suid-crash.log ends without '\n'; its last record is still part of an event
        Corpus.Parsed r = parse("crowdsecurity__hub/auditd-suid-crash.log");
        assertThat(r.stats().lines).isEqualTo(13);
        assertThat(r.records()).hasSize(13);
        assertThat(r.records().getLast().line()).isEqualTo(13);
    }

    @Test
    void crlfLineEndsAreNotPartOfValues() {
        byte[] crlf = ("type=SYSCALL msg=audit(1700000000.000:10): arch=c000003e syscall=42 success=yes exit=0 a0=3 "
                + "a1=0 a2=10 a3=0 items=0 ppid=1 pid=2 auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 "
                + "sgid=0 fsgid=0 tty=(none) ses=4294967295 comm=\"nc\" exe=\"/usr/bin/nc\" key=\"net\"\r\n"
                + "type=SOCKADDR msg=audit(1700000000.000:10): saddr=02000050C00002010000000000000000\r\n"
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
        Corpus.Parsed r = Corpus.parse(crlf, "crlf");
        assertThat(r.stats().blank).isEqualTo(1);
        NormalizedEvent e = r.serial(10);
        assertThat(e.keys()).containsExactly("net");
        assertThat(e.sockaddr()).isEqualTo(new SocketAddress.Inet("inet", "192.0.2.1", 80, false));
    }
}

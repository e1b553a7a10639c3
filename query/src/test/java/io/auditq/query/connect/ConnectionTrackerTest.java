package io.auditq.query.connect;

import io.auditq.parser.event.AuditEvent;
import io.auditq.parser.normal.AccountNames;
import io.auditq.parser.normal.EventNormalizer;
import io.auditq.query.testing.AuditLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.auditq.query.testing.AuditLog.saddr;
import static org.assertj.core.api.Assertions.assertThat;

/** What counts as an outbound connection, and how its protocol is found, on hand-made records. */
class ConnectionTrackerTest {
    // x86_64 syscall numbers
    static final int CLOSE = 3, DUP = 32, DUP2 = 33, SOCKET = 41, CONNECT = 42, SENDTO = 44, SENDMSG = 46, CLONE = 56,
            EXECVE = 59, FCNTL = 72, BIND = 49, DUP3 = 292;
    static final long STREAM_NB_CLOEXEC = 0x80801, STREAM = 1, DGRAM_NB = 0x802, RAW_SOCK = 3;

    @TempDir
    Path tmp;

    private ConnectionTracker tracker;

    private List<ConnectionAttempt> attempts(AuditLog log) {
        tracker = new ConnectionTracker();
        EventNormalizer n = new EventNormalizer(AccountNames.fromLogOnly());
        List<ConnectionAttempt> out = new ArrayList<>();
        long ref = 1;
        for (AuditEvent e : log.events(tmp.resolve("audit.log"))) {
            if (tracker.observe(e, n.normalize(e), ref++) instanceof ConnectionTracker.Attempt a) {
                out.add(a.attempt());
            }
        }
        return out;
    }

    @Test
    void socketFlagsAreMaskedAndTheFdGivesTcp() {
        AuditLog log = new AuditLog();
        log.event().syscall(SOCKET).exit(3).args(2, STREAM_NB_CLOEXEC, 0).add();
        log.event().syscall(CONNECT).exit(-115).args(3).sockaddr(saddr("203.0.113.66", 443)).add();
        List<ConnectionAttempt> a = attempts(log);
        assertThat(a).singleElement().satisfies(c -> {
            assertThat(c.protocol()).isEqualTo(Protocol.TCP);
            assertThat(c.basis()).isEqualTo(ProtocolBasis.SOCKET);
            assertThat(c.socketRef()).isEqualTo(1L);
            assertThat(c.outcome()).isEqualTo("in-progress");
            assertThat(c.address()).isEqualTo("203.0.113.66");
            assertThat(c.port()).isEqualTo(443);
            assertThat(c.fd()).isEqualTo(3L);
            assertThat(c.family()).isEqualTo("inet");
            assertThat(c.loopback()).isFalse();
            assertThat(c.line()).isEqualTo(3); // the socket event is lines 1-2 (SYSCALL, PROCTITLE)
        });
    }

    @Test
    void udpWithoutConnectCountsWhenSendtoCarriesAnAddressAndNotOtherwise() {
        AuditLog log = new AuditLog();
        log.event().syscall(SOCKET).exit(4).args(10, DGRAM_NB, 0).add();
        log.event().syscall(SENDTO).exit(40).args(4).sockaddr(saddr("2001:db8::66", 53)).add();
        log.event().syscall(SENDTO).exit(40).args(4).add(); // a connected socket: no destination, no attempt
        log.event().syscall(SENDMSG).exit(12).args(4).sockaddr(saddr("::ffff:198.51.100.7", 123)).add();
        List<ConnectionAttempt> a = attempts(log);
        assertThat(a).extracting(ConnectionAttempt::syscall, ConnectionAttempt::address, ConnectionAttempt::port,
                        ConnectionAttempt::protocol, ConnectionAttempt::outcome, ConnectionAttempt::family,
                        ConnectionAttempt::mapped)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("sendto", "2001:db8::66", 53, Protocol.UDP, "ok", "inet6", false),
                        org.assertj.core.groups.Tuple.tuple("sendmsg", "198.51.100.7", 123, Protocol.UDP, "ok", "inet6", true));
    }

    @Test
    void withoutSocketCallsTheProtocolIsUnknownBecauseNotAudited() {
        AuditLog log = new AuditLog();
        log.event().syscall(CONNECT).exit(-111).args(5).sockaddr(saddr("192.0.2.1", 22)).add();
        assertThat(attempts(log)).singleElement().satisfies(c -> {
            assertThat(c.protocol()).isEqualTo(Protocol.UNKNOWN);
            assertThat(c.basis()).isEqualTo(ProtocolBasis.NOT_AUDITED);
            assertThat(c.outcome()).isEqualTo("ECONNREFUSED");
        });
        assertThat(tracker.socketsAudited(null)).isFalse();
        assertThat(tracker.connectEvents()).isEqualTo(1);
    }

    @Test
    void anFdWhoseSocketCallIsNotInTheLogIsUnseen() {
        AuditLog log = new AuditLog();
        log.event().syscall(SOCKET).exit(3).args(2, STREAM, 0).add();
        log.event().syscall(CONNECT).exit(0).args(7).sockaddr(saddr("192.0.2.1", 22)).add();
        assertThat(attempts(log)).singleElement().satisfies(c -> {
            assertThat(c.protocol()).isEqualTo(Protocol.UNKNOWN);
            assertThat(c.basis()).isEqualTo(ProtocolBasis.UNSEEN);
        });
    }

    @Test
    void aChildUsesItsParentsSocketWhenForkIsNotAudited() {
        AuditLog log = new AuditLog();
        log.event().pid(100, 1).syscall(SOCKET).exit(3).args(2, DGRAM_NB, 0).add();
        log.event().pid(101, 100).syscall(CONNECT).exit(0).args(3).sockaddr(saddr("192.0.2.1", 53)).add();
        assertThat(attempts(log)).singleElement().satisfies(c -> {
            assertThat(c.protocol()).isEqualTo(Protocol.UDP);
            assertThat(c.basis()).isEqualTo(ProtocolBasis.INHERITED);
        });
    }

    @Test
    void anAuditedForkCopiesTheFdsSoTheChildKeepsThemAfterTheParentCloses() {
        AuditLog log = new AuditLog();
        log.event().pid(100, 1).syscall(SOCKET).exit(3).args(2, STREAM, 0).add();
        log.event().pid(100, 1).syscall(CLONE).exit(200).args(0x1200011).add(); // fork-like clone
        log.event().pid(100, 1).syscall(CLOSE).exit(0).args(3).add();           // the parent closes its copy
        log.event().pid(200, 100).syscall(CONNECT).exit(0).args(3).sockaddr(saddr("192.0.2.1", 80)).add();
        assertThat(attempts(log)).singleElement().satisfies(c -> {
            assertThat(c.protocol()).isEqualTo(Protocol.TCP);
            assertThat(c.basis()).isEqualTo(ProtocolBasis.SOCKET);
        });
    }

    @Test
    void dupDup2Dup3AndFcntlCopyAndCloseForgets() {
        AuditLog log = new AuditLog();
        log.event().syscall(SOCKET).exit(3).args(2, STREAM, 6).add();
        log.event().syscall(DUP).exit(4).args(3).add();
        log.event().syscall(DUP2).exit(7).args(3, 7).add();
        log.event().syscall(DUP3).exit(8).args(3, 8, 0x80000).add();
        log.event().syscall(FCNTL).exit(9).args(3, 1030, 0).add(); // F_DUPFD_CLOEXEC
        log.event().syscall(CLOSE).exit(0).args(3).add();
        for (int fd : new int[] {4, 7, 8, 9, 3}) {
            log.event().syscall(CONNECT).exit(0).args(fd).sockaddr(saddr("192.0.2.1", 1000 + fd)).add();
        }
        List<ConnectionAttempt> a = attempts(log);
        assertThat(a).extracting(ConnectionAttempt::port, ConnectionAttempt::protocol).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1004, Protocol.TCP), org.assertj.core.groups.Tuple.tuple(1007, Protocol.TCP),
                org.assertj.core.groups.Tuple.tuple(1008, Protocol.TCP), org.assertj.core.groups.Tuple.tuple(1009, Protocol.TCP),
                org.assertj.core.groups.Tuple.tuple(1003, Protocol.UNKNOWN));
        assertThat(a.get(4).basis()).isEqualTo(ProtocolBasis.UNSEEN);
    }

    @Test
    void dup2OntoATrackedFdReplacesIt() {
        AuditLog log = new AuditLog();
        log.event().syscall(SOCKET).exit(3).args(2, STREAM, 0).add();
        log.event().syscall(SOCKET).exit(4).args(2, DGRAM_NB, 0).add();
        log.event().syscall(DUP2).exit(3).args(4, 3).add();
        log.event().syscall(CONNECT).exit(0).args(3).sockaddr(saddr("192.0.2.1", 53)).add();
        assertThat(attempts(log)).singleElement().extracting(ConnectionAttempt::protocol).isEqualTo(Protocol.UDP);
    }

    @Test
    void execveClosesCloseOnExecSocketsOnlyAndGivesArgv() {
        AuditLog log = new AuditLog();
        log.event().syscall(SOCKET).exit(3).args(2, STREAM_NB_CLOEXEC, 0).add();
        log.event().syscall(SOCKET).exit(4).args(2, STREAM, 0).add();
        log.event().syscall(EXECVE).exit(0).program("beacon", "/tmp/.x/beacon").execve("./beacon", "-c", "x")
                .path("./beacon").cwd("/tmp/.x").add();
        log.event().program("beacon", "/tmp/.x/beacon").syscall(CONNECT).exit(0).args(3)
                .sockaddr(saddr("203.0.113.66", 443)).add();
        log.event().program("beacon", "/tmp/.x/beacon").syscall(CONNECT).exit(0).args(4)
                .sockaddr(saddr("203.0.113.66", 444)).add();
        List<ConnectionAttempt> a = attempts(log);
        assertThat(a).extracting(ConnectionAttempt::protocol).containsExactly(Protocol.UNKNOWN, Protocol.TCP);
        assertThat(a).allSatisfy(c -> {
            assertThat(c.argv()).containsExactly("./beacon", "-c", "x");
            assertThat(c.executionRef()).isEqualTo(3L);
            assertThat(c.commMismatch()).isFalse();
        });
    }

    @Test
    void unixAndNetlinkAndUnspecAreNotOutboundButCountAsConnectEvents() {
        AuditLog log = new AuditLog();
        log.event().syscall(CONNECT).exit(-2).args(3).sockaddr(AuditLog.unixSaddr("/run/dbus/system_bus_socket")).add();
        log.event().syscall(CONNECT).exit(0).args(3).sockaddr("0000").add();
        log.event().syscall(BIND).exit(0).args(3).sockaddr(saddr("0.0.0.0", 4444)).add();
        assertThat(attempts(log)).isEmpty();
        assertThat(tracker.connectEvents()).isEqualTo(2);
    }

    @Test
    void loopbackIsMarkedForIpv4Ipv6MappedAndUnspecified() {
        AuditLog log = new AuditLog();
        for (String ip : new String[] {"127.0.0.1", "127.3.2.1", "::1", "::ffff:127.0.0.1", "0.0.0.0", "::", "192.0.2.1"}) {
            log.event().syscall(CONNECT).exit(0).args(3).sockaddr(saddr(ip, 80)).add();
        }
        assertThat(attempts(log)).extracting(ConnectionAttempt::loopback)
                .containsExactly(true, true, true, true, true, true, false);
    }

    @Test
    void socketcallOn32BitTakesItsArgumentsFromTheSocketcallRecord() {
        AuditLog log = new AuditLog();
        // i386: socketcall(SYS_SOCKET=1, args*) then socketcall(SYS_CONNECT=3, args*)
        log.event().arch("40000003").syscall(102).exit(5).args(1, 0xbf924280L).socketcall(2, 1, 0).add();
        log.event().arch("40000003").syscall(102).exit(0).args(3, 0xbf924280L).socketcall(5, 0xbf9242a0L, 16)
                .sockaddr(saddr("198.51.100.9", 25)).add();
        assertThat(attempts(log)).singleElement().satisfies(c -> {
            assertThat(c.syscall()).isEqualTo("connect");
            assertThat(c.socketcall()).isTrue();
            assertThat(c.fd()).isEqualTo(5L);
            assertThat(c.protocol()).isEqualTo(Protocol.TCP);
        });
    }

    @Test
    void ipProtocolArgumentTellsIcmpAndRawFromUdpAndTcp() {
        AuditLog log = new AuditLog();
        log.event().syscall(SOCKET).exit(3).args(2, 2, 1).add();        // ping socket: DGRAM + IPPROTO_ICMP
        log.event().syscall(SOCKET).exit(4).args(2, RAW_SOCK, 1).add();
        log.event().syscall(SOCKET).exit(5).args(10, 1, 262).add();     // MPTCP is TCP on the wire
        for (int fd = 3; fd <= 5; fd++) {
            log.event().syscall(CONNECT).exit(0).args(fd).sockaddr(saddr("192.0.2.1", fd)).add();
        }
        assertThat(attempts(log)).extracting(ConnectionAttempt::protocol)
                .containsExactly(Protocol.ICMP, Protocol.RAW, Protocol.TCP);
    }

    @Test
    void commMismatchAllowsScriptsSymlinkedVersionsAndDeletedBinaries() {
        assertThat(ConnectionTracker.commMismatch("kworker/0:1", "/tmp/.x/update", "update")).isTrue();
        assertThat(ConnectionTracker.commMismatch("curl", "/usr/bin/curl", null)).isFalse();
        assertThat(ConnectionTracker.commMismatch("python3", "/usr/bin/python3.11", null)).isFalse();
        assertThat(ConnectionTracker.commMismatch("kw.py", "/usr/bin/python3.11", "kw.py")).isFalse();
        assertThat(ConnectionTracker.commMismatch("beacon", "/tmp/.x/beacon (deleted)", null)).isFalse();
        assertThat(ConnectionTracker.commMismatch("systemd-resolve", "/usr/lib/systemd/systemd-resolved", null))
                .isFalse(); // comm is cut at 15 bytes
        assertThat(ConnectionTracker.commMismatch("sh", "/usr/bin/dash", "sh")).isFalse(); // execve("/bin/sh")
        assertThat(ConnectionTracker.commMismatch("sh", "/usr/bin/dash", "dash")).isTrue();
        assertThat(ConnectionTracker.commMismatch(null, "/usr/bin/dash", null)).isFalse();
    }

    /**
     * Without the execve that started the program, a comm that could be a script's name (the kernel names a process
     * after the file it executes; exe is then the interpreter) is not known to be a rename: null, not suspicious.
     * A comm with a '/' is no file's name, so that one is known.
     */
    @Test
    void withoutTheExecveACommThatMayBeAScriptsNameIsNotKnown() {
        assertThat(ConnectionTracker.commMismatch("connector.py", "/usr/bin/python3.11", null)).isNull();
        assertThat(ConnectionTracker.commMismatch("sh", "/usr/bin/dash", null)).isNull();
        assertThat(ConnectionTracker.commMismatch("kworker/0:1", "/tmp/.x/update", null)).isTrue();
        assertThat(ConnectionTracker.commMismatch("connector.py", "/usr/bin/python3.11", "connector.py")).isFalse();
        assertThat(ConnectionTracker.anyMismatch(false, null)).isNull();
        assertThat(ConnectionTracker.anyMismatch(null, true)).isTrue();
        assertThat(ConnectionTracker.anyMismatch(false, false)).isFalse();
    }
}

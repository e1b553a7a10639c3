package io.auditq.query.ask;

import io.auditq.parser.AuditLogReader;
import io.auditq.parser.normal.AccountNames;
import io.auditq.query.connect.Protocol;
import io.auditq.query.load.CaseLoader;
import io.auditq.query.schema.CaseDatabase;
import io.auditq.query.testing.AuditLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static io.auditq.query.testing.AuditLog.saddr;
import static org.assertj.core.api.Assertions.assertThat;

/** The canned question: rows, their key, outcome aggregation, filters, what is hidden, names and ancestry. */
class ConnectionQuestionTest {
    static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path tmp;

    private CaseDatabase db;

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    private ConnectionQuestion load(AuditLog log) {
        Path f = log.write(tmp.resolve("audit.log"));
        db = CaseDatabase.inMemory();
        new CaseLoader(db, CaseLoader.Scope.CONNECTIONS, AccountNames.fromLogOnly(), false)
                .load(AuditLogReader.of(List.of(f.toString())));
        return new ConnectionQuestion(db.dsl());
    }

    private static ConnectionQuestion.Filter all() {
        return new ConnectionQuestion.Filter(TimeWindow.ALL, null, true);
    }

    @Test
    void oneRowPerProcessAndDestinationWithOutcomesCounted() {
        AuditLog log = new AuditLog();
        log.at(T0).event().pid(10, 1).syscall(41).exit(3).args(2, 1, 0).add();
        log.event().pid(10, 1).syscall(42).exit(-111).args(3).sockaddr(saddr("203.0.113.66", 9001)).add();
        log.event().pid(10, 1).syscall(42).exit(-111).args(3).sockaddr(saddr("203.0.113.66", 9001)).add();
        log.at(T0 + 5000).event().pid(10, 1).syscall(42).exit(0).args(3).sockaddr(saddr("203.0.113.66", 9001)).add();
        // same pid, another program after an execve: another row
        log.event().pid(10, 1).syscall(59).exit(0).program("nc", "/usr/bin/nc.openbsd").execve("nc", "x").add();
        log.event().pid(10, 1).program("nc", "/usr/bin/nc.openbsd").syscall(42).exit(0).args(3)
                .sockaddr(saddr("203.0.113.66", 9001)).add();
        ConnectionQuestion.Answer a = load(log).ask(all(), null, false);
        assertThat(a.rows().list()).hasSize(2);
        OutboundConnection first = a.rows().list().getFirst();
        assertThat(first.count()).isEqualTo(3);
        assertThat(first.outcome()).isEqualTo("ECONNREFUSED:2;ok:1");
        assertThat(first.firstSeen()).isEqualTo(T0 + 1);
        assertThat(first.lastSeen()).isEqualTo(T0 + 5000);
        assertThat(first.exe()).isEqualTo("/usr/bin/curl");
        assertThat(first.protocol()).isEqualTo("tcp");
        assertThat(first.source()).endsWith("audit.log:3");
        OutboundConnection second = a.rows().list().get(1);
        assertThat(second.exe()).isEqualTo("/usr/bin/nc.openbsd");
        assertThat(second.outcome()).isEqualTo("ok");
        assertThat(second.argv()).containsExactly("nc", "x");
        assertThat(second.commMismatch()).isFalse();
        assertThat(a.summary()).isEqualTo(new ConnectionSummary(1, 4, 1, 1, T0 + 1, T0 + 5002));
    }

    @Test
    void loopbackAndOtherProtocolsAreLeftOutAndCounted() {
        AuditLog log = new AuditLog();
        log.at(T0).event().syscall(41).exit(3).args(2, 2, 0).add();
        log.event().syscall(44).exit(30).args(3).sockaddr(saddr("192.0.2.53", 53)).add();
        log.event().syscall(44).exit(30).args(3).sockaddr(saddr("192.0.2.54", 53)).add();
        log.event().syscall(42).exit(0).args(5).sockaddr(saddr("127.0.0.1", 4444)).add();
        log.event().syscall(42).exit(0).args(5).sockaddr(saddr("192.0.2.80", 80)).add();
        ConnectionQuestion q = load(log);
        ConnectionQuestion.Answer a = q.ask(new ConnectionQuestion.Filter(TimeWindow.ALL,
                ConnectionQuestion.DEFAULT_PROTOCOLS, false), null, false);
        assertThat(a.rows().list()).extracting(OutboundConnection::destination).containsExactly("192.0.2.80:80");
        assertThat(a.rows().list().getFirst().protocol()).isEqualTo("unknown");
        assertThat(a.rows().list().getFirst().protocolBasis()).isEqualTo("unseen");
        assertThat(a.hidden().loopbackAttempts()).isEqualTo(1);
        assertThat(a.hidden().byProtocol()).containsOnlyKeys("udp");
        assertThat(a.hidden().byProtocol().get("udp")).containsExactly(2, 2);
        assertThat(q.ask(new ConnectionQuestion.Filter(TimeWindow.ALL, Set.of(Protocol.UDP), false), null, false)
                .rows().list()).extracting(OutboundConnection::destination).containsExactly("192.0.2.53:53", "192.0.2.54:53");
        assertThat(q.ask(all(), null, false).rows().list()).hasSize(4);
    }

    @Test
    void theWindowIsInclusive() {
        AuditLog log = new AuditLog();
        for (int i = 0; i < 5; i++) {
            log.at(T0 + i * 1000L).event().syscall(42).exit(0).args(3).sockaddr(saddr("192.0.2." + (i + 1), 80)).add();
        }
        ConnectionQuestion q = load(log);
        var rows = q.ask(new ConnectionQuestion.Filter(new TimeWindow(T0 + 1000, T0 + 3000), null, true), null, false)
                .rows().list();
        assertThat(rows).extracting(OutboundConnection::dstAddr).containsExactly("192.0.2.2", "192.0.2.3", "192.0.2.4");
        assertThat(q.logEnd()).isEqualTo(T0 + 4000);
    }

    @Test
    void namesTheLogDoesNotGiveComeFromTheQuerysPasswd() throws Exception {
        AuditLog log = new AuditLog();
        log.at(T0).event().uid(0, 1001, 5).syscall(42).exit(0).args(3).sockaddr(saddr("192.0.2.1", 443)).add();
        log.event().uid(1002, 1002, 6).enriched("AUID=\"bob\" UID=\"bob\"").syscall(42).exit(0).args(3)
                .sockaddr(saddr("192.0.2.1", 443)).add();
        Path passwd = tmp.resolve("passwd");
        Files.writeString(passwd, "root:x:0:0:root:/root:/bin/bash\nalice:x:1001:1001::/home/alice:/bin/bash\n");
        ConnectionQuestion q = load(log);
        var rows = q.ask(all(), AccountNames.fromLogOnly().withPasswd(passwd), false).rows().list();
        assertThat(rows).extracting(OutboundConnection::user, OutboundConnection::loginUser)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("root", "alice"),
                        org.assertj.core.groups.Tuple.tuple("bob", "bob"));
        // without a passwd, uid 0 is root (built in), uid 1001 is named by nothing
        assertThat(q.ask(all(), null, false).rows().list()).extracting(OutboundConnection::user,
                        OutboundConnection::loginUser)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("root", null),
                        org.assertj.core.groups.Tuple.tuple("bob", "bob"));
    }

    /**
     * A name one record's ENRICHED fields give names the same uid in records read before it, in whatever order the
     * files are ingested, and says nothing about another node; a second name for the uid is a conflict: unnamed.
     */
    @Test
    void aNameAnotherRecordGivesIsTheSameWhateverTheIngestOrder() {
        AuditLog raw = new AuditLog();
        raw.at(T0).event().uid(1000, 1000, 5).syscall(42).exit(0).args(3).sockaddr(saddr("192.0.2.1", 443)).add();
        AuditLog enriched = new AuditLog();
        enriched.at(T0 + 60_000).event().uid(1000, 1000, 5).enriched("AUID=\"alice\" UID=\"alice\"").syscall(42)
                .exit(0).args(3).sockaddr(saddr("192.0.2.2", 443)).add();
        AuditLog other = new AuditLog().node("db01");
        other.at(T0).event().uid(1000, 1000, 5).syscall(42).exit(0).args(3).sockaddr(saddr("192.0.2.3", 443)).add();
        Path a = raw.write(tmp.resolve("a.log")), b = enriched.write(tmp.resolve("b.log")),
                c = other.write(tmp.resolve("c.log"));
        for (List<Path> order : List.of(List.of(a, b, c), List.of(b, c, a), List.of(c, a, b))) {
            try (CaseDatabase db = CaseDatabase.inMemory()) {
                for (Path p : order) {
                    new CaseLoader(db, CaseLoader.Scope.CASE, AccountNames.fromLogOnly(), true)
                            .load(AuditLogReader.of(List.of(p.toString())));
                }
                var rows = new ConnectionQuestion(db.dsl()).ask(all(), null, false).rows().list();
                assertThat(rows).as("ingested in the order %s", order)
                        .extracting(OutboundConnection::dstAddr, OutboundConnection::user, OutboundConnection::loginUser)
                        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("192.0.2.1", "alice", "alice"),
                                org.assertj.core.groups.Tuple.tuple("192.0.2.2", "alice", "alice"),
                                org.assertj.core.groups.Tuple.tuple("192.0.2.3", null, null));
            }
        }
        AuditLog renamed = new AuditLog();
        renamed.at(T0 + 120_000).event().uid(1000, 1000, 5).enriched("AUID=\"bob\" UID=\"bob\"").syscall(42)
                .exit(0).args(3).sockaddr(saddr("192.0.2.4", 443)).add();
        Path d = renamed.write(tmp.resolve("d.log"));
        try (CaseDatabase db = CaseDatabase.inMemory()) {
            for (Path p : List.of(a, b, d)) {
                new CaseLoader(db, CaseLoader.Scope.CASE, AccountNames.fromLogOnly(), true)
                        .load(AuditLogReader.of(List.of(p.toString())));
            }
            var rows = new ConnectionQuestion(db.dsl()).ask(all(), null, false).rows().list();
            // each record that names uid 1000 itself keeps its name; the one that does not is left unnamed
            assertThat(rows).extracting(OutboundConnection::dstAddr, OutboundConnection::user)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("192.0.2.1", null),
                            org.assertj.core.groups.Tuple.tuple("192.0.2.2", "alice"),
                            org.assertj.core.groups.Tuple.tuple("192.0.2.4", "bob"));
            CaseSummary summary = new SummaryQuestion(db.dsl(), null).ask(TimeWindow.ALL, 60_000);
            assertThat(summary.suspicious()).filteredOn(x -> x.kind() == CaseSummary.Kind.NAME_CONFLICT)
                    .singleElement().satisfies(x -> assertThat(x.detail())
                            .startsWith("uid 1000 has 2 names in the log's ENRICHED fields: alice (")
                            .contains("bob ("));
        }
    }

    @Test
    void ancestorsGoUpToTheFirstProcessOutsideTheSession() {
        AuditLog log = new AuditLog();
        log.at(T0).event().pid(100, 1).uid(0, 4294967295L, 4294967295L).program("sshd", "/usr/sbin/sshd")
                .syscall(59).exit(0).execve("sshd", "-D").add();
        log.event().pid(200, 100).uid(1001, 1001, 7).program("bash", "/usr/bin/bash").syscall(59).exit(0)
                .execve("-bash").add();
        log.event().pid(300, 200).uid(0, 1001, 7).program("sudo", "/usr/bin/sudo").syscall(59).exit(0)
                .execve("sudo", "./beacon").add();
        log.event().pid(400, 300).uid(0, 1001, 7).program("beacon", "/tmp/beacon").syscall(59).exit(0)
                .execve("./beacon").add();
        log.event().pid(400, 300).uid(0, 1001, 7).program("beacon", "/tmp/beacon").syscall(42).exit(0).args(3)
                .sockaddr(saddr("203.0.113.66", 443)).add();
        OutboundConnection row = load(log).ask(all(), null, true).rows().list().getFirst();
        assertThat(row.argv()).containsExactly("./beacon");
        assertThat(row.ancestors()).extracting(Ancestor::pid, Ancestor::exe, Ancestor::outsideSession)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(300L, "/usr/bin/sudo", false),
                        org.assertj.core.groups.Tuple.tuple(200L, "/usr/bin/bash", false),
                        org.assertj.core.groups.Tuple.tuple(100L, "/usr/sbin/sshd", true));
        assertThat(row.ancestors().get(1).argv()).containsExactly("-bash");
    }
}

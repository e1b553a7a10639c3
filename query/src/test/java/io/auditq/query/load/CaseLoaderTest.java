package io.auditq.query.load;

import io.auditq.parser.AuditLogReader;
import io.auditq.parser.normal.AccountNames;
import io.auditq.query.schema.CaseDatabase;
import io.auditq.query.testing.AuditLog;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.auditq.query.schema.jooq.Tables.CONNECTIONS;
import static io.auditq.query.schema.jooq.Tables.EVENTS;
import static io.auditq.query.schema.jooq.Tables.EXECUTIONS;
import static io.auditq.query.schema.jooq.Tables.FILE_ACCESSES;
import static io.auditq.query.schema.jooq.Tables.LOGINS;
import static io.auditq.query.schema.jooq.Tables.SOCKETS;
import static io.auditq.query.testing.AuditLog.saddr;
import static org.assertj.core.api.Assertions.assertThat;

/** Events to rows: what each table receives, where each row came from, and that nothing is loaded twice. */
class CaseLoaderTest {
    @TempDir
    Path tmp;

    static AuditLog story() {
        AuditLog log = new AuditLog().node("web01");
        log.line("node=web01 type=LOGIN msg=audit(1699999999.000:999): pid=900 uid=0 subj=unconfined old-auid=4294967295 "
                + "auid=1001 tty=(none) old-ses=4294967295 ses=18 res=1");
        log.event().pid(1000, 900).uid(1001, 1001, 18).syscall(59).exit(0).program("curl", "/usr/bin/curl")
                .execve("curl", "-sS", "http://203.0.113.66/").path("/usr/bin/curl").cwd("/tmp").add();
        log.event().pid(1000, 900).uid(1001, 1001, 18).syscall(41).exit(3).args(2, 0x80801, 0).add();
        log.event().pid(1000, 900).uid(1001, 1001, 18).syscall(42).exit(-115).args(3)
                .sockaddr(saddr("203.0.113.66", 80)).add();
        log.event().pid(1000, 900).uid(1001, 1001, 18).syscall(42).exit(-2).args(4)
                .sockaddr(AuditLog.unixSaddr("/var/run/nscd/socket")).add();
        log.line("node=web01 type=USER_LOGIN msg=audit(1700000000.100:2000): pid=901 uid=0 auid=1001 ses=18 "
                + "msg='op=login id=1001 exe=\"/usr/sbin/sshd\" hostname=198.51.100.5 addr=198.51.100.5 "
                + "terminal=ssh res=success'");
        return log;
    }

    @Test
    void aOneShotLoadsOnlyWhatConnectionsNeedWithSourceAndLine() {
        Path f = story().write(tmp.resolve("audit.log"));
        try (CaseDatabase db = CaseDatabase.inMemory()) {
            CaseLoader.Report r = new CaseLoader(db, CaseLoader.Scope.CONNECTIONS, AccountNames.fromLogOnly(), false)
                    .load(AuditLogReader.of(List.of(f.toString())));
            DSLContext d = db.dsl();
            assertThat(d.fetchCount(EVENTS)).isZero();
            assertThat(d.fetchCount(EXECUTIONS)).isEqualTo(1);
            assertThat(d.fetchCount(SOCKETS)).isZero(); // the tracker needs socket() calls, the answer no rows of them
            var c = d.selectFrom(CONNECTIONS).fetchSingle();
            assertThat(c.getDstAddr()).isEqualTo("203.0.113.66");
            assertThat(c.getProtocol()).isEqualTo("tcp");
            assertThat(c.getNode()).isEqualTo("web01");
            assertThat(c.getOutcome()).isEqualTo("in-progress");
            // ids are the events' own: the execve is event 1, the socket() event 2 (LOGIN is not read one-shot)
            assertThat(c.getExecutionId()).isEqualTo(1L).isEqualTo(d.select(EXECUTIONS.ID).from(EXECUTIONS).fetchSingle().value1());
            assertThat(c.getSocketId()).isEqualTo(2L);
            assertThat(c.getId()).isEqualTo(3L);
            assertThat(c.getLine()).isEqualTo(9); // LOGIN (1), execve event (2-6), socket (7-8), then the connect
            assertThat(d.select(EXECUTIONS.ARGV).from(EXECUTIONS).fetchSingle().value1())
                    .containsExactly("curl", "-sS", "http://203.0.113.66/");
            assertThat(r.attempts()).isEqualTo(1);
            assertThat(r.connectEvents()).isEqualTo(2);
            assertThat(r.newestMillis()).isEqualTo(1_700_000_000_100L);
        }
    }

    @Test
    void aCaseLoadFillsEveryTable() {
        Path f = story().write(tmp.resolve("audit.log"));
        try (CaseDatabase db = CaseDatabase.inMemory()) {
            new CaseLoader(db, CaseLoader.Scope.CASE, AccountNames.fromLogOnly(), true)
                    .load(AuditLogReader.of(List.of(f.toString())));
            DSLContext d = db.dsl();
            assertThat(d.fetchCount(EVENTS)).isEqualTo(6);
            assertThat(d.fetchCount(CONNECTIONS)).isEqualTo(1);
            assertThat(d.selectFrom(SOCKETS).fetchSingle().getProtocol()).isEqualTo("tcp");
            assertThat(d.selectFrom(FILE_ACCESSES).fetchSingle().getPath()).isEqualTo("/usr/bin/curl");
            var logins = d.selectFrom(LOGINS).orderBy(LOGINS.TIME_MS).fetch();
            assertThat(logins).extracting(l -> l.getType()).containsExactly("LOGIN", "USER_LOGIN");
            assertThat(logins.get(0).getAuid()).isEqualTo(1001L);
            assertThat(logins.get(0).getSes()).isEqualTo(18L);
            assertThat(logins.get(0).getOldAuid()).isNull(); // unset
            assertThat(logins.get(1).getAddr()).isEqualTo("198.51.100.5");
            assertThat(logins.get(1).getRes()).isEqualTo("success");
            var connect = d.selectFrom(EVENTS).where(EVENTS.SYSCALL.eq("connect")).and(EVENTS.SOCK_FAMILY.eq("inet"))
                    .fetchSingle();
            assertThat(connect.getSockAddr()).isEqualTo("203.0.113.66");
            assertThat(connect.getSockPort()).isEqualTo(80);
            assertThat(connect.getErrno()).isEqualTo("EINPROGRESS");
        }
    }

    @Test
    void eventsAlreadyLoadedAreSkippedWholeInTheSameRunAndInALaterOne() {
        AuditLog all = story();
        // 10 s later: the reader's assembler closes the earlier events (within its 3 s window a record of the same
        // node, time and serial would join its event instead, even across files, as a rotation needs)
        all.at(1_700_000_010_000L).event().syscall(3).exit(0).args(3).add();
        Path full = all.write(tmp.resolve("audit.log"));
        // an excerpt: the connect event again (same node, time, serial) and nothing else
        String connectLines = all.text().lines().filter(l -> l.contains(":1002)")).reduce("", (a, b) -> a + b + "\n");
        Path excerpt = tmp.resolve("excerpt.log");
        new AuditLog().line(connectLines.strip()).write(excerpt);
        try (CaseDatabase db = CaseDatabase.openOrCreate(tmp.resolve("case"))) {
            CaseLoader.Report r = new CaseLoader(db, CaseLoader.Scope.CASE, AccountNames.fromLogOnly(), true)
                    .load(AuditLogReader.of(List.of(full.toString(), excerpt.toString())));
            assertThat(r.events()).isEqualTo(7);
            assertThat(r.duplicates()).isEqualTo(1);
        }
        Path excerpt2 = tmp.resolve("excerpt2.log");
        new AuditLog().line("# a comment makes the content differ").line(connectLines.strip()).write(excerpt2);
        try (CaseDatabase db = CaseDatabase.openExisting(tmp.resolve("case"))) {
            CaseLoader.Report r = new CaseLoader(db, CaseLoader.Scope.CASE, AccountNames.fromLogOnly(), true)
                    .load(AuditLogReader.of(List.of(excerpt2.toString())));
            assertThat(r.sourceLines()).containsExactly(excerpt2 + ": read (source 3)");
            assertThat(r.events()).isZero();
            assertThat(r.duplicates()).isEqualTo(1);
            assertThat(db.dsl().fetchCount(CONNECTIONS)).isEqualTo(1);
            assertThat(db.dsl().fetchCount(EVENTS)).isEqualTo(7);
        }
    }

    @Test
    void aLateFragmentOfALoadedEventIsNeitherADuplicateNorASecondRow() {
        AuditLog log = new AuditLog();
        log.at(1_700_000_000_000L).event().syscall(42).exit(0).args(3).sockaddr(saddr("192.0.2.7", 80)).add();
        log.at(1_700_000_010_000L).event().syscall(3).exit(0).args(3).add();
        // a record of the first event, 10 s of log time later: the reader has closed that event already
        log.line("type=CWD msg=audit(1700000000.000:1000): cwd=\"/tmp\"");
        Path f = log.write(tmp.resolve("audit.log"));
        try (CaseDatabase db = CaseDatabase.inMemory()) {
            CaseLoader.Report r = new CaseLoader(db, CaseLoader.Scope.CASE, AccountNames.fromLogOnly(), true)
                    .load(AuditLogReader.of(List.of(f.toString())));
            assertThat(r.events()).isEqualTo(2);
            assertThat(r.duplicates()).isZero();
            assertThat(r.fragments()).isEqualTo(1);
            assertThat(db.dsl().fetchCount(CONNECTIONS)).isEqualTo(1);
        }
    }
}

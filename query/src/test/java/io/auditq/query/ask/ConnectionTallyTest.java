package io.auditq.query.ask;

import io.auditq.parser.AuditLogReader;
import io.auditq.parser.normal.AccountNames;
import io.auditq.query.connect.ConnectionAttempt;
import io.auditq.query.connect.Protocol;
import io.auditq.query.load.CaseLoader;
import io.auditq.query.load.ConnectionScan;
import io.auditq.query.schema.CaseDatabase;
import io.auditq.query.schema.ConnectionMinutes;
import io.auditq.query.testing.AuditLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static io.auditq.query.testing.AuditLog.saddr;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-shot tally against a naive count of the same attempts, with and without sorting on disk, and against
 * the answer of a case database loaded from the same log.
 */
class ConnectionTallyTest {
    static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path tmp;

    /** A log of many processes connecting to many destinations, some twice, some loopback, some udp. */
    private Path randomLog(long seed, int connects) {
        return randomLog(seed, connects, 40);
    }

    private Path randomLog(long seed, int connects, int maxGapMillis) {
        Random rnd = new Random(seed);
        AuditLog log = new AuditLog();
        long t = T0;
        for (int i = 0; i < connects; i++) {
            long pid = 100 + rnd.nextInt(7);
            t += rnd.nextInt(maxGapMillis);
            boolean udp = rnd.nextInt(10) == 0;
            log.at(t).event().pid(pid, 1).uid(1000 + pid % 3, 1000, 5).syscall(41).exit(3).args(2, udp ? 2 : 1, 0)
                    .add();
            String host = rnd.nextInt(8) == 0 ? "127.0.0." + (1 + rnd.nextInt(3))
                    : "198.18." + rnd.nextInt(4) + "." + rnd.nextInt(60);
            int port = rnd.nextBoolean() ? 443 : 1024 + rnd.nextInt(50);
            long exit = switch (rnd.nextInt(4)) {
                case 0 -> -111;
                case 1 -> -115;
                default -> 0;
            };
            log.event().pid(pid, 1).uid(1000 + pid % 3, 1000, 5).syscall(42).exit(exit).args(3)
                    .sockaddr(saddr(host, port)).add();
        }
        return log.write(tmp.resolve("audit-" + seed + ".log"));
    }

    private record Tallied(ConnectionQuestion.Answer answer, List<ConnectionAttempt> attempts, boolean spilled) {
    }

    private static Tallied tally(Path log, ConnectionQuestion.Filter filter, int limit) {
        List<ConnectionAttempt> seen = new ArrayList<>();
        ConnectionTally tally = new ConnectionTally(filter, limit);
        ConnectionScan.Result r = new ConnectionScan(AccountNames.fromLogOnly(), Long.MIN_VALUE, Long.MAX_VALUE)
                .scan(AuditLogReader.of(List.of(log.toString())), a -> {
                    seen.add(a);
                    tally.add(a);
                });
        ConnectionQuestion.Answer answer = tally.answer(r.nodesAuditingSockets(), null);
        List<OutboundConnection> rows = answer.rows().list(); // before the tally's files are gone
        boolean spilled = tally.spilledToDisk();
        tally.close();
        return new Tallied(new ConnectionQuestion.Answer(ConnectionRows.of(rows), answer.summary(), answer.hidden()),
                seen, spilled);
    }

    @Test
    void equalsANaiveCountOfTheSameAttempts() {
        Path log = randomLog(1, 3000);
        ConnectionQuestion.Filter filter = new ConnectionQuestion.Filter(TimeWindow.ALL,
                ConnectionQuestion.DEFAULT_PROTOCOLS, false);
        Tallied t = tally(log, filter, 1 << 20);
        assertThat(t.spilled()).isFalse();

        Map<List<Object>, long[]> groups = new HashMap<>();
        Set<List<Object>> destinations = new HashSet<>(), loopback = new HashSet<>();
        long loopbackAttempts = 0;
        for (ConnectionAttempt a : t.attempts()) {
            boolean shown = a.protocol() == Protocol.TCP || a.protocol() == Protocol.UNKNOWN;
            if (!shown) {
                continue;
            }
            if (a.loopback()) {
                loopbackAttempts++;
                loopback.add(List.of(a.address(), a.port()));
                continue;
            }
            destinations.add(List.of(a.address(), a.port()));
            long[] g = groups.computeIfAbsent(List.of(a.pid(), a.address(), a.port()), k -> new long[] {0, Long.MAX_VALUE});
            g[0]++;
            g[1] = Math.min(g[1], a.timeMillis());
        }
        List<OutboundConnection> rows = t.answer().rows().list();
        assertThat(rows).hasSize(groups.size());
        for (OutboundConnection r : rows) {
            long[] g = groups.get(List.of(r.pid(), r.dstAddr(), r.dstPort()));
            assertThat(g).as(r.destination()).isNotNull();
            assertThat(r.count()).isEqualTo(g[0]);
            assertThat(r.firstSeen()).isEqualTo(g[1]);
        }
        assertThat(rows).isSortedAccordingTo(OutboundConnection.ORDER);
        assertThat(t.answer().summary().destinations()).isEqualTo(destinations.size());
        assertThat(t.answer().hidden().loopbackAttempts()).isEqualTo(loopbackAttempts);
        assertThat(t.answer().hidden().loopbackDestinations()).isEqualTo(loopback.size());
        assertThat(t.answer().hidden().byProtocol()).containsKey("udp");
    }

    @Test
    void sortingOnDiskGivesTheSameAnswerAsMemory() {
        Path log = randomLog(2, 2000);
        for (ConnectionQuestion.Filter f : List.of(new ConnectionQuestion.Filter(TimeWindow.ALL, null, true),
                new ConnectionQuestion.Filter(new TimeWindow(T0 + 5_000, T0 + 30_000),
                        ConnectionQuestion.DEFAULT_PROTOCOLS, false))) {
            Tallied memory = tally(log, f, 1 << 20);
            Tallied disk = tally(log, f, 7);
            assertThat(disk.spilled()).isTrue();
            assertThat(disk.answer().rows().list()).isEqualTo(memory.answer().rows().list());
            assertThat(disk.answer().summary()).isEqualTo(memory.answer().summary());
            assertThat(disk.answer().hidden().loopbackAttempts()).isEqualTo(memory.answer().hidden().loopbackAttempts());
            assertThat(disk.answer().hidden().loopbackDestinations())
                    .isEqualTo(memory.answer().hidden().loopbackDestinations());
            assertThat(disk.answer().hidden().byProtocol().keySet())
                    .isEqualTo(memory.answer().hidden().byProtocol().keySet());
            memory.answer().hidden().byProtocol().forEach((p, v) ->
                    assertThat(disk.answer().hidden().byProtocol().get(p)).containsExactly(v));
        }
    }

    @Test
    void theOneShotTallyEqualsTheCaseDatabase() {
        Path log = randomLog(3, 1500);
        try (CaseDatabase db = CaseDatabase.inMemory()) {
            new CaseLoader(db, CaseLoader.Scope.CASE, AccountNames.fromLogOnly(), false)
                    .load(AuditLogReader.of(List.of(log.toString())));
            for (ConnectionQuestion.Filter f : List.of(new ConnectionQuestion.Filter(TimeWindow.ALL, null, true),
                    new ConnectionQuestion.Filter(new TimeWindow(T0 + 2_000, null),
                            ConnectionQuestion.DEFAULT_PROTOCOLS, false))) {
                Tallied oneShot = tally(log, f, 50);
                ConnectionQuestion.Answer fromCase = new ConnectionQuestion(db.dsl()).ask(f, null, false);
                assertThat(fromCase.rows().list()).isEqualTo(oneShot.answer().rows().list());
                assertThat(fromCase.summary()).isEqualTo(oneShot.answer().summary());
                ConnectionQuestion.Hidden h = fromCase.hidden(), o = oneShot.answer().hidden();
                assertThat(h.loopbackAttempts()).isEqualTo(o.loopbackAttempts());
                assertThat(h.loopbackDestinations()).isEqualTo(o.loopbackDestinations());
                assertThat(h.byProtocol().keySet()).isEqualTo(o.byProtocol().keySet());
                o.byProtocol().forEach((p, v) -> assertThat(h.byProtocol().get(p)).containsExactly(v));
            }
        }
    }

    @Test
    void theCaseAnswersAlikeFromMinuteGroupsAndFromRowsForAnyWindow() {
        // ~8 minutes of log: windows that cut minutes, hold whole ones, or sit inside one
        Path log = randomLog(4, 2000, 500);
        Random rnd = new Random(4);
        try (CaseDatabase db = CaseDatabase.inMemory()) {
            new CaseLoader(db, CaseLoader.Scope.CASE, AccountNames.fromLogOnly(), false)
                    .load(AuditLogReader.of(List.of(log.toString())));
            assertThat(ConnectionMinutes.current(db.dsl())).isTrue();
            assertThat(db.dsl().fetchCount(io.auditq.query.schema.jooq.Tables.CONNECTION_MINUTES))
                    .isBetween(1, db.dsl().fetchCount(io.auditq.query.schema.jooq.Tables.CONNECTIONS) - 1);
            List<TimeWindow> windows = new ArrayList<>(List.of(TimeWindow.ALL,
                    new TimeWindow(ConnectionMinutes.minuteOf(T0) + 60_000, ConnectionMinutes.minuteOf(T0) + 179_999),
                    new TimeWindow(T0 + 1, T0 + 30_000)));
            for (int i = 0; i < 12; i++) {
                long a = T0 + rnd.nextInt(500_000), b = a + rnd.nextInt(400_000);
                windows.add(new TimeWindow(rnd.nextInt(5) == 0 ? null : a, rnd.nextInt(5) == 0 ? null : b));
            }
            for (TimeWindow w : windows) {
                for (ConnectionQuestion.Filter f : List.of(new ConnectionQuestion.Filter(w, null, true),
                        new ConnectionQuestion.Filter(w, ConnectionQuestion.DEFAULT_PROTOCOLS, false))) {
                    ConnectionQuestion.Answer grouped = new ConnectionQuestion(db.dsl()).ask(f, null, false);
                    Tallied oneShot = tally(log, f, 1 << 16);
                    ConnectionMinutes.markStale(db.dsl());
                    ConnectionQuestion.Answer rows = new ConnectionQuestion(db.dsl()).ask(f, null, false);
                    ConnectionMinutes.rebuild(db.dsl());
                    for (ConnectionQuestion.Answer fromCase : List.of(grouped, rows)) {
                        assertThat(fromCase.rows().list()).as(w.toString()).isEqualTo(oneShot.answer().rows().list());
                        assertThat(fromCase.summary()).as(w.toString()).isEqualTo(oneShot.answer().summary());
                        ConnectionQuestion.Hidden h = fromCase.hidden(), o = oneShot.answer().hidden();
                        assertThat(h.loopbackAttempts()).as(w.toString()).isEqualTo(o.loopbackAttempts());
                        assertThat(h.loopbackDestinations()).as(w.toString()).isEqualTo(o.loopbackDestinations());
                        assertThat(h.byProtocol().keySet()).as(w.toString()).isEqualTo(o.byProtocol().keySet());
                        o.byProtocol().forEach((p, v) -> assertThat(h.byProtocol().get(p)).containsExactly(v));
                    }
                }
            }
        }
    }

    @Test
    void wholeMinutesOfAWindow() {
        long m = ConnectionMinutes.minuteOf(T0);
        assertThat(ConnectionQuestion.wholeMinutes(new TimeWindow(m, m + 59_999))).containsExactly(m, m + 60_000);
        assertThat(ConnectionQuestion.wholeMinutes(new TimeWindow(m, m + 59_998))).isNull();
        assertThat(ConnectionQuestion.wholeMinutes(new TimeWindow(m + 1, m + 119_999))).containsExactly(m + 60_000,
                m + 120_000);
        assertThat(ConnectionQuestion.wholeMinutes(new TimeWindow(m + 1, m + 60_000))).isNull();
        assertThat(ConnectionQuestion.wholeMinutes(new TimeWindow(null, m - 1))[1]).isEqualTo(m);
        assertThat(ConnectionMinutes.minuteOf(-1)).isEqualTo(-60_000);
    }
}

package io.auditq.cli.command;

import io.auditq.query.schema.CaseDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An ingest killed with SIGKILL leaves a case that opens, and the next ingest completes it with nothing doubled;
 * a second auditq on a case in use gets one sentence naming the holder, not a corrupted file.
 *
 * <p>Deterministic: the child ingests the generated log and then standard input ({@code ingest LOG -}), which this
 * test holds open. Once the child has taken more standard input than a pipe holds, it has read the whole log and
 * (with a commit every 2,000 events, each written to the file before it returns) committed most of its rows; it
 * never sees the end of its input, so it is still running when it is killed: between commits or in the middle of
 * one, and either way the case must hold whole commits only. That a kill in the middle of a commit is repaired
 * is shown on its own, without timing, by {@code CaseDatabaseCrashTest} (query module).
 */
class CrashSafetyTest {
    private static final int PAIRS = 15_000; // a socket() and a connect() each: 30,000 events
    private static final int COMMIT_EVERY = 2_000;
    private static final List<String> TABLES = List.of("events", "executions", "sockets", "connections",
            "file_accesses", "logins", "open_sockets");

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void killedIngestLeavesACaseThatTheNextIngestCompletes() throws Exception {
        Path log = generate(tmp.resolve("audit.log"));
        Path killed = tmp.resolve("killed");
        Path file = tmp.resolve("killed.mv.db");

        Process child = childIngest(log, killed);
        OutputStream stdin = child.getOutputStream();
        try {
            // more than a pipe holds: when this returns, the child is reading standard input, so it has read the
            // log; and the log's clock has moved a minute past it, so every event of the log is closed and loaded
            Writer w = new BufferedWriter(new OutputStreamWriter(stdin, StandardCharsets.US_ASCII));
            writePairs(w, "web01", 1795541102000L + 60_000, 4_000);
            w.flush();

            // while it runs, a second auditq is told who holds the case
            assertThat(CaseDatabaseHolder.heldBy(file)).isEqualTo(child.pid());
            CliRun second = CliRun.of("connections", "--db", killed.toString());
            assertThat(second.code()).isEqualTo(3);
            assertThat(second.err()).startsWith("auditq: the case database " + file
                    + " is in use by another process (pid " + child.pid() + "); wait for it to finish");
            assertThat(child.isAlive()).as("the child waits for more standard input").isTrue();
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux, with standard input still open
            child.waitFor(30, TimeUnit.SECONDS);
            try {
                stdin.close();
            } catch (IOException goneWithTheChild) {
                // nothing was left to write
            }
        }
        assertThat(child.exitValue()).as("killed, not finished").isEqualTo(137);

        // the case opens, and says both inputs are interrupted
        String sources = CliRun.of("sources", "--db", killed.toString(), "--format", "csv").ok();
        assertThat(sources.lines().toList()).hasSize(3);
        assertThat(sources.lines().skip(1)).allSatisfy(l -> assertThat(l).endsWith(",interrupted"));
        Map<String, Long> partial = counts(killed);
        assertWholeCommits(killed, partial);
        assertThat(partial.get("events")).as("rows committed before the kill: the whole log was loaded")
                .isGreaterThanOrEqualTo(2L * PAIRS);

        CliRun again = CliRun.of("ingest", log.toString(), "--db", killed.toString());
        assertThat(again.code()).isZero();
        assertThat(again.err()).contains("an earlier ingest into this case was interrupted while reading " + log
                + ", -: its " + (partial.get("events") + partial.get("executions") + partial.get("sockets")
                + partial.get("connections")) + " partial rows were removed");
        assertThat(again.out()).contains((2 * PAIRS + 1) + " events loaded (0 already in the case)");
        assertCompletedLikeACleanIngest(log, killed);
    }

    /** Every table holds whole commits: events in multiples of the commit size, each index agreeing with its table. */
    static void assertWholeCommits(Path db, Map<String, Long> counts) {
        assertThat(counts.get("events") % COMMIT_EVERY).as("events of whole commits only: " + counts).isZero();
        try (CaseDatabase c = CaseDatabase.openExisting(db)) {
            for (String[] t : new String[][] {{"events", "events_time", "time_ms >= 0"},
                    {"connections", "connections_time", "time_ms >= 0"}, {"sockets", "sockets_process", "node >= ''"},
                    {"executions", "executions_process", "node >= ''"}}) {
                long viaIndex = ((Number) c.dsl().fetchValue("SELECT COUNT(*) FROM " + t[0] + " USE INDEX (" + t[1]
                        + ") WHERE " + t[2])).longValue();
                assertThat(viaIndex).as(t[1] + " agrees with " + t[0]).isEqualTo(counts.get(t[0]));
            }
        }
    }

    /** The case now holds what a clean ingest of the log holds, and says the log is complete. */
    void assertCompletedLikeACleanIngest(Path log, Path db) {
        Path clean = tmp.resolve("clean");
        CliRun.of("ingest", log.toString(), "--db", clean.toString()).ok();
        assertThat(counts(db)).isEqualTo(counts(clean));
        assertThat(counts(clean).get("connections")).isEqualTo(PAIRS);
        String after = CliRun.of("sources", "--db", db.toString(), "--format", "csv").ok();
        assertThat(after.lines().toList()).hasSize(2);
        assertThat(after).contains(",complete").doesNotContain("interrupted");
        // the protocols agree too: the tracker was not left half-fed by the interrupted run
        assertThat(protocols(db)).isEqualTo(protocols(clean)).containsEntry("tcp", (long) PAIRS);
    }

    /** A log of PAIRS processes' socket() then connect() to a distinct destination. */
    static Path generate(Path log) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(log, StandardCharsets.US_ASCII)) {
            writePairs(w, "web01", 1795541102000L, PAIRS);
        }
        return log;
    }

    /** An execve, then {@code pairs} processes' socket() and connect(), one a millisecond from {@code start}. */
    static void writePairs(Writer w, String node, long start, int pairs) throws IOException {
        String t0 = (start / 1000) + "." + String.format("%03d", start % 1000);
        w.write("node=" + node + " type=SYSCALL msg=audit(" + t0 + ":1): arch=c000003e syscall=59 success=yes exit=0 "
                + "a0=1 a1=2 a2=3 a3=4 items=1 ppid=1 pid=999 auid=1001 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 "
                + "sgid=0 fsgid=0 tty=(none) ses=18 comm=\"curl\" exe=\"/usr/bin/curl\" key=\"exec\"\n");
        w.write("node=" + node + " type=EXECVE msg=audit(" + t0 + ":1): argc=2 a0=\"curl\" a1=\"-s\"\n");
        long serial = 2;
        for (int i = 0; i < pairs; i++) {
            long ms = start + 1 + i;
            String t = (ms / 1000) + "." + String.format("%03d", ms % 1000);
            int pid = 1000 + i % 500;
            String head = " msg=audit(" + t + ":";
            String who = " items=0 ppid=999 pid=" + pid + " auid=1001 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 "
                    + "fsgid=0 tty=(none) ses=18 comm=\"curl\" exe=\"/usr/bin/curl\" key=\"net\"\n";
            w.write("node=" + node + " type=SYSCALL" + head + serial++ + "): arch=c000003e syscall=41 success=yes "
                    + "exit=5 a0=2 a1=1 a2=6 a3=0" + who);
            long s = serial++;
            w.write("node=" + node + " type=SYSCALL" + head + s + "): arch=c000003e syscall=42 success=yes exit=0 "
                    + "a0=5 a1=7ffdef5ea470 a2=10 a3=0" + who);
            int a = (10 << 24) + i;
            w.write("node=" + node + " type=SOCKADDR" + head + s + "): saddr=020001BB" + String.format("%08X", a)
                    + "0000000000000000\n");
        }
    }

    /**
     * auditq ingest of the log and then of standard input, in a JVM of its own, committing every 2,000 events so
     * a kill finds committed rows.
     */
    private static Process childIngest(Path log, Path db) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-XX:+UseSerialGC", "-XX:-UsePerfData",
                "-Dauditq.commitEvery=" + COMMIT_EVERY, "-cp", System.getProperty("java.class.path"),
                "io.auditq.cli.Main", "ingest", log.toString(), "-", "--db", db.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    static Map<String, Long> counts(Path db) {
        Map<String, Long> m = new LinkedHashMap<>();
        try (CaseDatabase c = CaseDatabase.openExisting(db)) {
            for (String t : TABLES) {
                m.put(t, c.dsl().fetchCount(c.dsl().selectFrom(t)) + 0L);
            }
        }
        return m;
    }

    private static Map<String, Long> protocols(Path db) {
        Map<String, Long> m = new LinkedHashMap<>();
        try (CaseDatabase c = CaseDatabase.openExisting(db)) {
            for (var r : c.dsl().resultQuery("SELECT protocol, COUNT(*) FROM connections GROUP BY protocol ORDER BY 1")
                    .fetch()) {
                m.put(r.get(0, String.class), r.get(1, Long.class));
            }
        }
        return m;
    }

    /** Reads /proc/locks as CaseDatabase does, to know which process holds the case. */
    static final class CaseDatabaseHolder {
        static long heldBy(Path file) {
            try {
                Object ino = Files.getAttribute(file, "unix:ino");
                for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length >= 6 && f[1].equals("POSIX") && f[5].endsWith(":" + ino)) {
                        return Long.parseLong(f[4]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                return -1;
            }
            return -1;
        }
    }
}

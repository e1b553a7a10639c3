package io.auditq.cli.command;

import io.auditq.query.schema.CaseDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
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
 */
@org.junit.jupiter.api.Disabled("intermittent: after some SIGKILLs a re-ingest crawls (rows of an uncommitted "
        + "transaction still visible on reopen); crash recovery stays open in issue 7 — run by hand with -Dtest=CrashSafetyTest")
class CrashSafetyTest {
    private static final int PAIRS = 15_000; // a socket() and a connect() each: 30,000 events
    private static final List<String> TABLES = List.of("events", "executions", "sockets", "connections",
            "file_accesses", "logins", "open_sockets");

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // see the report: a re-ingest can crawl
    void killedIngestLeavesACaseThatTheNextIngestCompletes() throws Exception {
        Path log = generate(tmp.resolve("audit.log"));
        Path killed = tmp.resolve("killed");
        Path file = tmp.resolve("killed.mv.db");

        Process child = childIngest(log, killed);
        try {
            // wait until the child holds the case and has written a few commits' worth
            long lockedSize = -1;
            while (child.isAlive()) {
                if (Files.exists(file) && CaseDatabaseHolder.heldBy(file) == child.pid()) {
                    long size = Files.size(file);
                    if (lockedSize < 0) {
                        // while it runs, a second auditq is told who holds the case
                        CliRun second = CliRun.of("connections", "--db", killed.toString());
                        assertThat(second.code()).isEqualTo(3);
                        assertThat(second.err()).startsWith("auditq: the case database " + file
                                + " is in use by another process (pid " + child.pid() + "); wait for it to finish");
                        lockedSize = size;
                    } else if (size > lockedSize + (2 << 20)) {
                        break;
                    }
                }
                Thread.sleep(50);
            }
            assertThat(child.isAlive()).as("the ingest finished before it could be killed: make the log bigger")
                    .isTrue();
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux
            child.waitFor(30, TimeUnit.SECONDS);
        }

        // the case opens, and says the source is interrupted
        String sources = CliRun.of("sources", "--db", killed.toString(), "--format", "csv").ok();
        assertThat(sources.lines().toList()).hasSize(2);
        assertThat(sources).contains(",interrupted");
        Map<String, Long> partial = counts(killed);
        assertThat(partial.get("events")).as("rows committed before the kill").isPositive()
                .isLessThan(2L * PAIRS + 1);

        CliRun again = CliRun.of("ingest", log.toString(), "--db", killed.toString());
        assertThat(again.code()).isZero();
        assertThat(again.err()).contains("an earlier ingest into this case was interrupted while reading " + log)
                .contains(partial.get("events") + partial.get("executions") + partial.get("sockets")
                        + partial.get("connections") + " partial rows were removed");
        assertThat(again.out()).contains((2 * PAIRS + 1) + " events loaded (0 already in the case)");

        Path clean = tmp.resolve("clean");
        CliRun.of("ingest", log.toString(), "--db", clean.toString()).ok();
        assertThat(counts(killed)).isEqualTo(counts(clean));
        assertThat(counts(clean).get("connections")).isEqualTo(PAIRS);
        String after = CliRun.of("sources", "--db", killed.toString(), "--format", "csv").ok();
        assertThat(after.lines().toList()).hasSize(2);
        assertThat(after).contains(",complete").doesNotContain("interrupted");
        // the protocols agree too: the tracker was not left half-fed by the interrupted run
        assertThat(protocols(killed)).isEqualTo(protocols(clean)).containsEntry("tcp", (long) PAIRS);
    }

    /** A log of PAIRS processes' socket() then connect() to a distinct destination. */
    static Path generate(Path log) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(log, StandardCharsets.US_ASCII)) {
            w.write("node=web01 type=SYSCALL msg=audit(1795541102.000:1): arch=c000003e syscall=59 success=yes exit=0 "
                    + "a0=1 a1=2 a2=3 a3=4 items=1 ppid=1 pid=999 auid=1001 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 "
                    + "sgid=0 fsgid=0 tty=(none) ses=18 comm=\"curl\" exe=\"/usr/bin/curl\" key=\"exec\"\n");
            w.write("node=web01 type=EXECVE msg=audit(1795541102.000:1): argc=2 a0=\"curl\" a1=\"-s\"\n");
            long serial = 2;
            for (int i = 0; i < PAIRS; i++) {
                long ms = 1795541102000L + 1 + i;
                String t = (ms / 1000) + "." + String.format("%03d", ms % 1000);
                int pid = 1000 + i % 500;
                String head = " msg=audit(" + t + ":";
                String who = " items=0 ppid=999 pid=" + pid + " auid=1001 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 "
                        + "fsgid=0 tty=(none) ses=18 comm=\"curl\" exe=\"/usr/bin/curl\" key=\"net\"\n";
                w.write("node=web01 type=SYSCALL" + head + serial++ + "): arch=c000003e syscall=41 success=yes exit=5 "
                        + "a0=2 a1=1 a2=6 a3=0" + who);
                long s = serial++;
                w.write("node=web01 type=SYSCALL" + head + s + "): arch=c000003e syscall=42 success=yes exit=0 a0=5 "
                        + "a1=7ffdef5ea470 a2=10 a3=0" + who);
                int a = (10 << 24) + i;
                w.write("node=web01 type=SOCKADDR" + head + s + "): saddr=020001BB" + String.format("%08X", a)
                        + "0000000000000000\n");
            }
        }
        return log;
    }

    /** auditq ingest in a JVM of its own, committing every 2,000 events so a kill finds committed rows. */
    private static Process childIngest(Path log, Path db) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Dauditq.commitEvery=2000",
                "-cp", System.getProperty("java.class.path"), "io.auditq.cli.Main", "ingest", log.toString(),
                "--db", db.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static Map<String, Long> counts(Path db) {
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

    /** Reads /proc/locks as CaseDatabase does, to know when the child holds the case. */
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

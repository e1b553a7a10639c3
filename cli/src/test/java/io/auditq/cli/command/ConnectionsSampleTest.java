package io.auditq.cli.command;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code auditq connections} on the shipped sample incident (real logs recorded by samples/record.sh), against
 * the answers samples/derive-expected.py derived independently with ausearch; one-shot and through a case.
 */
class ConnectionsSampleTest {
    static final String HEADER = "first_seen,last_seen,count,dst_addr,dst_port,protocol,outcome,pid,ppid,exe,comm,"
            + "uid,user,auid,login_user,ses,node";

    @TempDir
    Path tmp;

    static Path sample() {
        String root = System.getProperty("auditq.root", "..");
        Path p = Path.of(root, "samples", "incident-1");
        assumeTrue(Files.isDirectory(p.resolve("expected")), "samples/incident-1 not found under " + root);
        return p;
    }

    /** The rows' first 17 columns, as a set (the expected files order ties differently). */
    static Set<String> documented(String csv) {
        Set<String> rows = new TreeSet<>();
        List<String> lines = csv.lines().toList();
        assertThat(lines.getFirst()).startsWith(HEADER + ",");
        for (String l : lines.subList(1, lines.size())) {
            rows.add(String.join(",", Arrays.copyOf(l.split(",", -1), 17)));
        }
        return rows;
    }

    static Set<String> expected(Path sample, String run) throws Exception {
        List<String> lines = Files.readAllLines(sample.resolve("expected").resolve(run).resolve("connections.csv"));
        assertThat(lines.getFirst()).isEqualTo(HEADER);
        return new TreeSet<>(lines.subList(1, lines.size()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw", "enriched"})
    void oneShotAnswersTheSampleExactly(String run) throws Exception {
        Path s = sample();
        String csv = CliRun.of("connections", s.resolve(run).toString(), "--protocol", "any", "--passwd",
                s.resolve("passwd").toString(), "--format", "csv").ok();
        assertThat(documented(csv)).isEqualTo(expected(s, run));
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw", "enriched"})
    void aCaseDatabaseGivesTheSameAnswerAsOneShot(String run) throws Exception {
        Path s = sample();
        Path db = tmp.resolve("case");
        CliRun.of("ingest", s.resolve(run).toString(), "--db", db.toString(), "--passwd", s.resolve("passwd").toString()).ok();
        String fromCase = CliRun.of("connections", "--db", db.toString(), "--protocol", "any", "--format", "csv",
                "--tree").ok();
        String oneShot = CliRun.of("connections", s.resolve(run).toString(), "--protocol", "any", "--passwd",
                s.resolve("passwd").toString(), "--format", "csv", "--tree").ok();
        assertThat(fromCase).isEqualTo(oneShot);
        assertThat(documented(fromCase)).isEqualTo(expected(s, run));
    }

    @Test
    void theTableFitsA100ColumnTerminalAndSaysWhatItLeavesOut() {
        Path s = sample();
        assumeTrue(System.getenv("COLUMNS") == null, "COLUMNS is set: the table follows it");
        String table = CliRun.of("connections", s.resolve("raw").toString(), "--format", "table", "--passwd",
                s.resolve("passwd").toString()).ok();
        List<String> lines = table.lines().toList();
        assertThat(lines.get(0)).isEqualTo("2026-11-24 (UTC)"); // every row on one day: times of day below
        assertThat(lines.get(1)).startsWith("FIRST SEEN").contains("DESTINATION", "PROTO", "OUTCOME", "LOGIN");
        assertThat(lines.get(2)).startsWith("17:24:42.885Z 1 192.0.2.10:80 ");
        int rows = 0;
        for (String l : lines) {
            if (l.startsWith("17:")) {
                rows++;
                assertThat(l.length()).as(l).isLessThanOrEqualTo(100);
            }
        }
        assertThat(rows).isEqualTo(8); // 10 rows, less the 2 udp rows
        assertThat(table).contains("[comm kworker/0:1]")
                .contains("* in-progress: a non-blocking connect()")
                .contains("* not shown: 1 attempt to 1 loopback destination (--include-loopback shows them)")
                .contains("* not shown: 3 udp attempts to 2 destinations (--protocol udp or any)");
        assertThat(lines.getLast()).isEqualTo("6 unique outbound destinations, 15 attempts, from 5 processes of 3 users, "
                + "between 2026-11-24T17:24:42.885Z and 2026-11-24T17:25:06.949Z");
    }

    @Test
    void summaryOnlyAndTheTreeUpToTheLoginSession() {
        Path s = sample();
        String summary = CliRun.of("connections", s.resolve("raw").toString(), "--summary", "--protocol", "any").ok();
        assertThat(summary).isEqualTo("8 unique outbound destinations, 18 attempts, from 5 processes of 3 users, "
                + "between 2026-11-24T17:24:42.885Z and 2026-11-24T17:25:06.949Z\n");
        String tree = CliRun.of("connections", s.resolve("raw").toString(), "--format", "table", "--tree",
                "--passwd", s.resolve("passwd").toString(), "--since", "2026-11-24T17:25:00Z", "--until",
                "2026-11-24T17:25:01Z").ok();
        // the implant: run by sudo as root from alice's shell in session 18
        assertThat(tree).contains("argv: /tmp/.x/update /tmp/.x/kw.py implant")
                .contains("└ pid 30200 sudo -u root /tmp/.x/update /tmp/.x/kw.py implant (user alice, login alice, ses 18)")
                .contains("  └ pid 28739 bash -s (user alice, login alice, ses 18)");
    }

    @Test
    void timesCanBeShownInAZoneAndWindowsCountBackFromTheLogEnd() {
        Path s = sample();
        String csv = CliRun.of("connections", s.resolve("raw").toString(), "--format", "csv", "--now", "log-end",
                "--since", "3.5s", "--tz", "Europe/Vienna").ok();
        // the log ends 17:25:09.035Z: 3.5 s back leaves the self-deleting beacon (17:25:05.949Z, 2 attempts)
        assertThat(csv.lines().skip(1).toList()).singleElement().asString()
                .startsWith("2026-11-24T18:25:05.949+01:00,2026-11-24T18:25:06.949+01:00,2,203.0.113.66,443,tcp,ok,");
        CliRun empty = CliRun.of("connections", s.resolve("raw").toString(), "--format", "csv", "--since", "1h",
                "--now", "2026-12-01T00:00:00Z");
        assertThat(empty.out().lines()).hasSize(1);
        assertThat(empty.err()).contains("the evidence ends at 2026-11-24T17:25:09.035Z, before --since");
    }

    @Test
    void jsonAndJsonlCarryTheSameRows() {
        Path s = sample();
        String jsonl = CliRun.of("connections", s.resolve("raw").toString(), "--format", "jsonl").ok();
        String json = CliRun.of("connections", s.resolve("raw").toString(), "--format", "json").ok();
        List<String> objects = jsonl.lines().toList();
        assertThat(objects).hasSize(8).allSatisfy(l -> assertThat(l).startsWith("{\"first_seen\":\"2026-11-24T")
                .endsWith("}").contains("\"protocol\":\"tcp\""));
        assertThat(objects.getFirst()).contains("\"argv\":[\"curl\",\"-sS\",\"-o\",\"/dev/null\",\"http://192.0.2.10/\"]");
        assertThat(json).startsWith("[\n").endsWith("\n]\n");
        assertThat(json.lines().filter(l -> l.startsWith("{")).map(l -> l.endsWith(",") ? l.substring(0, l.length() - 1) : l)
                .toList()).isEqualTo(objects);
    }

    @Test
    void rotationsNamedNewestFirstAreReadOldestFirstAndSaidSo() {
        Path s = sample();
        String run = "raw"; // the recording that rotated
        String live = s.resolve(run).resolve("audit.log").toString(), older = s.resolve(run).resolve("audit.log.1").toString();
        CliRun asDirectory = CliRun.of("connections", s.resolve(run).toString(), "--protocol", "any", "--format", "csv");
        CliRun newestFirst = CliRun.of("connections", live, older, "--protocol", "any", "--format", "csv");
        assertThat(newestFirst.ok()).isEqualTo(asDirectory.ok()); // argv, protocol and source as if in order
        assertThat(newestFirst.err()).contains("auditq: note: files read oldest first (by each file's first record): "
                + older + ", " + live);
        assertThat(asDirectory.err()).doesNotContain("read oldest first");
    }
}

package io.auditq.fleet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static io.auditq.fleet.SampleFleet.fleet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The lake: logs → Parquet → the same answers; re-ingesting unchanged hosts adds nothing; a changed host is
 * replaced whole; DuckDB reads the same counts Spark does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetLakeTest {
    @TempDir
    static Path tmp;
    Path root;
    Path lake;
    SampleFleet.Run firstIngest;

    @BeforeAll
    void ingest() throws Exception {
        assumeTrue(Files.isDirectory(SampleFleet.SAMPLE), "samples/incident-1 not found");
        root = SampleFleet.make(tmp.resolve("fleet"));
        lake = tmp.resolve("lake");
        SampleFleet.spark();
        firstIngest = fleet("ingest", root.toString(), "--lake", lake.toString());
    }

    @Test
    void ingestStoresEveryHostAndSaysWhichAreIncomplete() {
        assertThat(firstIngest.err()).contains("5 added, 0 replaced, 0 unchanged")
                .contains("incomplete: empty01").contains("incomplete: broken01");
        assertThat(firstIngest.exit()).isEqualTo(3);
        assertThat(lake.resolve("host=web01/connections")).isDirectory();
        assertThat(lake.resolve("host=web01/hosts")).isDirectory();
        assertThat(lake.resolve("host=empty01/hosts")).isDirectory();
    }

    @Test
    void theLakeAnswersAsTheLogsDo() {
        for (List<String> q : List.of(
                List.of("connections", "--format", "csv"),
                List.of("connections", "--format", "csv", "--since", "2026-11-24T17:24:50Z", "--until",
                        "2026-11-24T17:25:30Z", "--protocol", "any", "--include-loopback"),
                List.of("destinations", "--format", "csv", "--protocol", "any"),
                List.of("connections", "--format", "json", "--now", "log-end", "--since", "40s"),
                List.of("hosts", "--format", "csv", "--since", "2026-11-24T17:25:10Z"))) {
            List<String> logs = new ArrayList<>(q);
            logs.add(1, root.toString());
            List<String> fromLake = new ArrayList<>(q);
            fromLake.addAll(1, List.of("--lake", lake.toString()));
            SampleFleet.Run a = fleet(logs.toArray(String[]::new)), b = fleet(fromLake.toArray(String[]::new));
            assertThat(b.out()).as(String.join(" ", q)).isEqualTo(a.out());
            assertThat(b.err()).as(String.join(" ", q)).isEqualTo(a.err());
            assertThat(b.exit()).isEqualTo(a.exit());
        }
    }

    @Test
    void reingestingUnchangedHostsAddsNothingAndAChangedHostIsReplacedWhole() throws Exception {
        Map<String, Long> before = files(lake);
        SampleFleet.Run again = fleet("ingest", root.toString(), "--lake", lake.toString());
        assertThat(again.err()).contains("0 added, 0 replaced, 5 unchanged");
        assertThat(again.exit()).isZero();
        assertThat(files(lake)).isEqualTo(before);

        // a copy of the fleet in its own lake: web03's log grows, so web03 alone is read again and replaced whole
        Path root2 = SampleFleet.make(tmp.resolve("fleet2"));
        Path lake2 = tmp.resolve("lake2");
        fleet("ingest", root2.toString(), "--lake", lake2.toString());
        Map<String, Long> first = files(lake2);
        Files.writeString(root2.resolve("web03/audit.log"), "\n", java.nio.file.StandardOpenOption.APPEND);
        SampleFleet.Run changed = fleet("ingest", root2.toString(), "--lake", lake2.toString());
        assertThat(changed.err()).contains("web03: replaced").contains("0 added, 1 replaced, 4 unchanged");
        Map<String, Long> after = files(lake2);
        first.keySet().stream().filter(f -> !f.startsWith("host=web03/")).forEach(f ->
                assertThat(after).containsEntry(f, first.get(f)));
        assertThat(after.keySet().stream().filter(f -> f.startsWith("host=web03/")))
                .isNotEmpty().doesNotContainAnyElementsOf(first.keySet());
        assertThat(lake2.resolve("_staging")).doesNotExist();
    }

    @Test
    void duckDbReadsTheSameCountsAsSpark() throws Exception {
        SampleFleet.Run spark = fleet("sql", "--lake", lake.toString(), "--format", "csv",
                "SELECT host, count(*) AS attempts, count(DISTINCT dst_addr, dst_port, protocol) AS destinations "
                        + "FROM connections GROUP BY host ORDER BY host");
        assertThat(spark.exit()).as(spark.err()).isZero();
        StringBuilder duck = new StringBuilder("host,attempts,destinations\n");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             ResultSet r = c.createStatement().executeQuery("SELECT host, count(*), count(DISTINCT (dst_addr, "
                     + "dst_port, protocol)) FROM read_parquet('" + lake + "/host=*/connections/*.parquet', "
                     + "hive_partitioning = true) GROUP BY host ORDER BY host")) {
            while (r.next()) {
                duck.append(r.getString(1)).append(',').append(r.getLong(2)).append(',').append(r.getLong(3))
                        .append("\n");
            }
        }
        assertThat(spark.out()).isEqualTo(duck.toString());
        assertThat(spark.out()).contains("web01,").contains("web02,").contains("web03,");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             ResultSet r = c.createStatement().executeQuery("SELECT host, events, len(files) FROM read_parquet('"
                     + lake + "/host=*/hosts/*.parquet', hive_partitioning = true) WHERE host = 'web01'")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getLong(2)).isPositive();
            assertThat(r.getLong(3)).isEqualTo(2);
        }
    }

    /** Every file of the lake (relative path) with its modification time. */
    private static Map<String, Long> files(Path lake) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(lake)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(lake.relativize(p).toString(), Files.getLastModifiedTime(p).toMillis());
            }
        }
        return out;
    }
}

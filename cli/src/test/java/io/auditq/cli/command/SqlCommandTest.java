package io.auditq.cli.command;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** auditq sql on the shipped sample: answers, read-only refusals, and errors in one sentence. */
class SqlCommandTest {
    @TempDir
    Path tmp;

    private static Path raw() {
        return ConnectionsSampleTest.sample().resolve("raw");
    }

    /** The outbound attempts the sample's expected answer counts (derive-expected.py, not auditq). */
    private static long expectedOutboundAttempts() throws IOException {
        try (Reader r = Files.newBufferedReader(ConnectionsSampleTest.sample().resolve("expected/raw/connections.csv"))) {
            long n = 0;
            for (CSVRecord rec : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
                n += Long.parseLong(rec.get("count"));
            }
            return n;
        }
    }

    @Test
    void countsOutboundConnectionsFromInputAndFromACase() throws IOException {
        String q = "SELECT COUNT(*) AS n FROM connections WHERE NOT loopback";
        assertThat(expectedOutboundAttempts()).isEqualTo(18);
        assertThat(CliRun.of("sql", q, raw().toString(), "--format", "csv").ok()).isEqualTo("n\n18\n");
        Path db = tmp.resolve("case");
        CliRun.of("ingest", raw().toString(), "--db", db.toString()).ok();
        assertThat(CliRun.of("sql", q, "--db", db.toString(), "--format", "csv").ok()).isEqualTo("n\n18\n");
        assertThat(CliRun.of("sql", "--query", q, "--db", db.toString(), "--format", "jsonl").ok())
                .isEqualTo("{\"n\":18}\n");
    }

    @Test
    void tableIsAlignedWithNumbersRightAndArgvQuoted() {
        String out = CliRun.of("sql", "SELECT dst_port, COUNT(*) AS attempts FROM connections WHERE NOT loopback "
                + "AND dst_addr = '203.0.113.66' GROUP BY dst_port ORDER BY dst_port", raw().toString(),
                "--format", "table").ok();
        assertThat(out.lines().toList()).containsExactly(
                "dst_port attempts",
                "      53        2",
                "      80        3",
                "     123        1",
                "     443        6",
                "    8080        1",
                "    9001        3",
                "(6 rows)");
        String argv = CliRun.of("sql", "SELECT argv FROM executions WHERE exe = '/usr/bin/sudo' ORDER BY time_ms LIMIT 1",
                raw().toString(), "--format", "csv").ok();
        assertThat(argv).contains("sudo -u root tee -a /srv/finance/payroll.csv");
    }

    @Test
    void writesToTheCaseAreRefused() throws IOException {
        Path db = tmp.resolve("case");
        CliRun.of("ingest", raw().toString(), "--db", db.toString()).ok();
        for (String write : List.of("DELETE FROM connections", "INSERT INTO meta VALUES ('x', 'y')",
                "DROP TABLE events", "UPDATE connections SET dst_port = 1")) {
            CliRun r = CliRun.of("sql", write, "--db", db.toString());
            assertThat(r.code()).as(write).isEqualTo(2);
            assertThat(r.err()).as(write).startsWith("auditq: refused: auditq sql and auditq shell only read the case")
                    .doesNotContain("\tat ");
        }
        // and from INPUT, where the rows live in memory, the same refusal (and no admin functions that write files)
        CliRun mem = CliRun.of("sql", "DELETE FROM connections", raw().toString());
        assertThat(mem.code()).isEqualTo(2);
        assertThat(mem.err()).startsWith("auditq: refused:");
        Path written = tmp.resolve("out.csv");
        CliRun csvWrite = CliRun.of("sql", "CALL CSVWRITE('" + written + "', 'SELECT 1')", raw().toString());
        assertThat(csvWrite.code()).isEqualTo(2);
        assertThat(written).doesNotExist();
        assertThat(CliRun.of("sql", "SELECT COUNT(*) FROM connections", "--db", db.toString(), "--format", "csv").ok())
                .endsWith("\n19\n");
    }

    @Test
    void syntaxErrorsNameLineAndColumn() {
        CliRun r = CliRun.of("sql", "SELECT *\nFROM connections\nWHER dst_port = 443", raw().toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("auditq: SQL syntax error at line 3, column 6 (at \"dst_port = 443\")\n");
        CliRun s = CliRun.of("sql", "SELEC 1", raw().toString());
        assertThat(s.err()).startsWith("auditq: SQL syntax error at line 1, column 1 (at \"SELEC 1\"): expected ");
        CliRun col = CliRun.of("sql", "SELECT nope FROM connections", raw().toString());
        assertThat(col.code()).isEqualTo(2);
        assertThat(col.err()).isEqualTo("auditq: SQL error: Column \"NOPE\" not found\n");
        CliRun none = CliRun.of("sql", "--db", tmp.resolve("none").toString());
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).startsWith("auditq: an SQL query is required");
        CliRun missing = CliRun.of("sql", "SELECT 1", "--db", tmp.resolve("none").toString());
        assertThat(missing.code()).isEqualTo(3);
        assertThat(missing.err()).contains("no case database at");
    }

    static List<CSVRecord> csv(String text) throws IOException {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(text))
                .getRecords();
    }
}

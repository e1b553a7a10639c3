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

    @Test
    void functionsThatReachOutsideTheCaseAreRefusedNotRun() throws IOException {
        Path db = tmp.resolve("case");
        CliRun.of("ingest", raw().toString(), "--db", db.toString()).ok();
        Path written = tmp.resolve("written");
        Path linked = tmp.resolve("linked");
        List<String> reaching = List.of("SELECT FILE_READ('/etc/hostname')", "CALL CSVWRITE('" + written + "', 'SELECT 1')",
                "SELECT FILE_WRITE('x', '" + written + "')", "SELECT * FROM CSVREAD('/etc/passwd')",
                "CALL LINK_SCHEMA('X', '', 'jdbc:h2:" + linked + "', '', '', 'PUBLIC')",
                "RUNSCRIPT FROM '/etc/passwd'", "SCRIPT TO '" + written + "'", "SCRIPT", "BACKUP TO '" + written + "'",
                "CREATE ALIAS GETENV FOR 'java.lang.System.getenv'", "SET MODE MySQL", "SHUTDOWN");
        for (String sql : reaching) {
            for (List<String> where : List.of(List.of("--db", db.toString()), List.of(raw().toString()))) {
                List<String> args = new java.util.ArrayList<>(List.of("sql", sql));
                args.addAll(where);
                CliRun r = CliRun.of(args.toArray(String[]::new));
                assertThat(r.code()).as(sql).isEqualTo(2);
                assertThat(r.out()).as(sql).isEmpty();
                assertThat(r.err()).as(sql).startsWith("auditq: refused: ").contains("docs/shell.md")
                        .doesNotContain("\tat ").hasLineCount(1);
            }
        }
        assertThat(CliRun.of("sql", "SELECT FILE_READ('/etc/hostname')", "--db", db.toString()).err())
                .isEqualTo("auditq: refused: FILE_READ reaches outside the case (files, other databases or sessions); "
                        + "auditq sql and auditq shell only read the case's tables (see docs/shell.md)\n");
        assertThat(CliRun.of("sql", "SCRIPT", "--db", db.toString()).err())
                .isEqualTo("auditq: refused: SCRIPT needs administrator rights; auditq sql and auditq shell only read "
                        + "the case's tables (see docs/shell.md)\n");
        assertThat(written).doesNotExist();
        assertThat(tmp.toFile().list()).containsExactly("case.mv.db");
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 120, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void rowsStreamAndAClosedOutputEndsTheQuery() {
        // a trillion rows: only a query that streams shows its first rows, and only one that stops when its reader
        // has gone (| head) ends; the output "closes" after 64 KiB, as a pipe to head does
        java.io.PrintStream old = System.out;
        java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();
        java.io.OutputStream closing = new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                if (seen.size() >= 1 << 16) {
                    throw new IOException("Broken pipe");
                }
                seen.write(b);
            }
        };
        int code;
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
        try {
            System.setOut(new java.io.PrintStream(closing, false, java.nio.charset.StandardCharsets.UTF_8));
            System.setErr(new java.io.PrintStream(errors, true, java.nio.charset.StandardCharsets.UTF_8));
            code = io.auditq.cli.Main.run("sql", "SELECT X FROM SYSTEM_RANGE(1, 1000000000000)", raw().toString(),
                    "--format", "csv");
        } finally {
            System.setOut(old);
            System.setErr(err);
        }
        assertThat(code).isZero();
        assertThat(errors.toString(java.nio.charset.StandardCharsets.UTF_8)).isEmpty();
        assertThat(seen.toString(java.nio.charset.StandardCharsets.UTF_8)).startsWith("x\n1\n2\n3\n");
    }

    @Test
    void aWideTableIsLaidOutFromItsFirstRowsAndNothingIsCut() {
        String out = CliRun.of("sql", "SELECT X AS n, REPEAT('w', CASE WHEN X > 1000 THEN 20 ELSE 1 END) AS w "
                + "FROM SYSTEM_RANGE(999, 1002)", raw().toString(), "--format", "table").ok();
        assertThat(out.lines().toList()).containsExactly(
                "   n w",
                " 999 w",
                "1000 w",
                "1001 wwwwwwwwwwwwwwwwwwww",
                "1002 wwwwwwwwwwwwwwwwwwww",
                "(4 rows)");
    }

    static List<CSVRecord> csv(String text) throws IOException {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(text))
                .getRecords();
    }
}

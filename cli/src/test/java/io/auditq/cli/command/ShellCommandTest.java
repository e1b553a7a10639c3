package io.auditq.cli.command;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** auditq shell with statements piped to standard input, as a script would, and as the tests drive it. */
class ShellCommandTest {
    @TempDir
    Path tmp;
    private Path db;

    @BeforeEach
    void ingest() {
        db = tmp.resolve("case");
        CliRun.of("ingest", ConnectionsSampleTest.sample().resolve("raw").toString(), "--db", db.toString()).ok();
    }

    private CliRun shell(String stdin, String... args) {
        InputStream old = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            String[] all = new String[args.length + 3];
            all[0] = "shell";
            all[1] = "--db";
            all[2] = db.toString();
            System.arraycopy(args, 0, all, 3, args.length);
            return CliRun.of(all);
        } finally {
            System.setIn(old);
        }
    }

    @Test
    void multiLineStatementRunsWhenItEnds() {
        CliRun r = shell("""
                SELECT auid,
                       COUNT(*) AS attempts
                  FROM connections
                 WHERE NOT loopback
                 GROUP BY auid
                 ORDER BY auid;
                """);
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out().lines().toList()).containsExactly(
                "auid attempts",
                "1001       17",
                "1002        1",
                "(2 rows)");
    }

    @Test
    void tablesAndDescribe() {
        String out = shell(".tables\n.describe connections\n").ok();
        assertThat(out).containsPattern("(?m)^connections +table +19$")
                .containsPattern("(?m)^processes +view *$")
                .containsPattern("(?m)^sources +table +2$");
        assertThat(out).containsPattern("(?m)^column +type +null +meaning$")
                .containsPattern("(?m)^dst_addr +character varying +not null *$")
                .containsPattern("(?m)^loopback +boolean +not null +127\\.0\\.0\\.0/8, ::1, and the unspecified 0\\.0\\.0\\.0 and ::$")
                .containsPattern("(?m)^execution_id +bigint +the execve that started this pid's program, when in the log$")
                .containsPattern("(?m)^time_ms +bigint +not null +the event's time: epoch milliseconds, UTC, the log's own clock$");
    }

    @Test
    void exportWritesTheLastResultAsCsvAndNeverOverwrites() throws IOException {
        Path file = tmp.resolve("out.csv");
        CliRun r = shell("SELECT dst_addr, dst_port, exe FROM connections WHERE NOT loopback ORDER BY time_ms;\n"
                + ".export " + file + "\n");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("18 rows written to " + file);
        List<CSVRecord> rows = SqlCommandTest.csv(Files.readString(file));
        assertThat(rows).hasSize(18);
        assertThat(rows.getFirst().toMap()).containsEntry("dst_addr", "192.0.2.10").containsEntry("dst_port", "80")
                .containsEntry("exe", "/usr/bin/curl");
        long before = Files.size(file);
        CliRun again = shell("SELECT 1;\n.export " + file + "\n");
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).isEqualTo("auditq: line 2: .export: " + file + " exists; choose a new file name\n");
        assertThat(Files.size(file)).isEqualTo(before);
    }

    @Test
    void errorsNameTheirLineAndTheShellGoesOn() {
        CliRun r = shell("SELECT 1 AS one;\nDELETE FROM events;\n\nSELEC 2;\n.nope\nSELECT 3 AS three;\n.quit\nSELECT 4;\n");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("one\n  1\n(1 row)").contains("three\n    3\n(1 row)").doesNotContain("4");
        assertThat(r.err().lines().toList()).hasSize(3);
        assertThat(r.err()).contains("auditq: line 2: refused:").contains("auditq: line 4: SQL syntax error at line 1, column 1")
                .contains("auditq: line 5: unknown command .nope");
    }

    @Test
    void aStatementWithoutItsSemicolonRunsAtTheEnd() {
        assertThat(shell("SELECT COUNT(*) AS n FROM sources").ok()).isEqualTo("n\n2\n(1 row)\n");
    }
}

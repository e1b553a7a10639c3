package io.auditq.cli.command;

import io.auditq.parser.testing.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every public corpus log, garbled lines and all, ingests into one case and is asked every question: nothing a
 * log holds may fail a load (a res value run together with the ENRICHED fields once did, 17 characters into a
 * VARCHAR(16)).
 */
class CorpusIngestTest {
    @TempDir
    Path tmp;

    @Test
    void everyCorpusLogLoadsAndEveryQuestionAnswers() throws Exception {
        Corpus.require();
        List<String> args = new ArrayList<>(List.of("ingest", "--db", tmp.resolve("case").toString()));
        Corpus.rawLogs().forEach(p -> args.add(p.toString()));
        CliRun ingest = CliRun.of(args.toArray(String[]::new));
        assertThat(ingest.err()).doesNotContain("cannot write").doesNotContain("internal error");
        assertThat(ingest.code()).as(ingest.err()).isZero();
        String db = tmp.resolve("case").toString();
        for (String question : List.of("connections", "summary", "users", "exec", "files", "listeners", "sources")) {
            CliRun r = CliRun.of(question, "--db", db, "--format", "csv");
            assertThat(r.code()).as(question + ": " + r.err()).isZero();
            assertThat(r.err()).as(question).doesNotContain("internal error");
        }
        // the line that failed the load: its login row holds what the record holds
        Path line = tmp.resolve("garbled.log");
        Files.writeString(line, "type=USER_START msg=audit(1784107225.880:387518119): pid=1688268 uid=0 "
                + "auid=100003 ses=15441220 msg='op=login id=100003 exe=\"/usr/sbin/sshd\" hostname=? "
                + "addr=192.168.100.51 terminal=ssh res=successUID=\"root\" AUID=\"badformat\" ID=\"badformat\"\n");
        CliRun one = CliRun.of("sql", "SELECT type, res FROM logins", line.toString(), "--format", "csv");
        assertThat(one.ok()).isEqualTo("type,res\nUSER_START,\"successUID=\"\"root\"\"\"\n");
    }
}

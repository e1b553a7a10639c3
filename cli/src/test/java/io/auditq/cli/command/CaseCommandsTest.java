package io.auditq.cli.command;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** ingest, export and the case database as a user meets them: reports, idempotency, errors in one sentence. */
class CaseCommandsTest {
    @TempDir
    Path tmp;

    private Path sampleRaw() {
        return ConnectionsSampleTest.sample().resolve("raw");
    }

    @Test
    void ingestTwiceAddsNothingTheSecondTime() {
        Path db = tmp.resolve("case");
        String first = CliRun.of("ingest", sampleRaw().toString(), "--db", db.toString()).ok();
        assertThat(first).contains("audit.log.1: read (source 1)").contains("audit.log: read (source 2)")
                .contains("210 events loaded (0 already in the case), 19 outbound connection attempts");
        assertThat(Files.exists(tmp.resolve("case.mv.db"))).isTrue();
        String again = CliRun.of("ingest", sampleRaw().toString(), "--db", db.toString()).ok();
        assertThat(again).contains("audit.log.1: already in the case (source 1), skipped")
                .contains("0 events loaded (0 already in the case), 0 outbound connection attempts");
    }

    @Test
    void exportWritesAnyTableAsCsvWithIsoTimes() {
        Path db = tmp.resolve("case");
        CliRun.of("ingest", sampleRaw().toString(), "--db", db.toString()).ok();
        List<String> conn = CliRun.of("export", "--db", db.toString(), "--table", "connections").ok().lines().toList();
        assertThat(conn.getFirst()).startsWith("id,node,time_ms,time,serial,syscall,");
        assertThat(conn).hasSize(1 + 19);
        assertThat(conn.get(1)).contains(",2026-11-24T17:24:42.885Z,");
        List<String> sources = CliRun.of("export", "--db", db.toString(), "--table", "SOURCES").ok().lines().toList();
        assertThat(sources).hasSize(3);
        assertThat(sources.get(1)).contains(",962b97bd0e06a10cdd77e782ff095bf1fb59a3d31b880dbc5c26a27866730c7c,");
        List<String> execs = CliRun.of("export", "--db", db.toString(), "--table", "executions").ok().lines().toList();
        assertThat(execs).anySatisfy(l -> assertThat(l).contains(",sudo -u root /tmp/.x/update /tmp/.x/kw.py implant,"));
        assertThat(CliRun.of("export", "--db", db.toString(), "--table", "processes").ok()).startsWith("node,pid,ppid,exe,");
    }

    @Test
    void mistakesAreOneSentenceWithTheirExitCode() {
        CliRun both = CliRun.of("connections", sampleRaw().toString(), "--db", tmp.resolve("x").toString());
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).startsWith("auditq: give INPUT files or --db, not both");
        CliRun missing = CliRun.of("connections", "--db", tmp.resolve("nothing").toString());
        assertThat(missing.code()).isEqualTo(3);
        assertThat(missing.err()).contains("no case database at " + tmp.resolve("nothing.mv.db"))
                .contains("auditq ingest INPUT... --db");
        assertThat(Files.exists(tmp.resolve("nothing.mv.db"))).isFalse();
        CliRun badTime = CliRun.of("connections", sampleRaw().toString(), "--since", "yesterday");
        assertThat(badTime.code()).isEqualTo(2);
        assertThat(badTime.err()).startsWith("auditq: --since: 'yesterday' is not a time");
        CliRun badProto = CliRun.of("connections", sampleRaw().toString(), "--protocol", "quic");
        assertThat(badProto.code()).isEqualTo(2);
        CliRun badTable = CliRun.of("export", "--db", tmp.resolve("x").toString(), "--table", "passwords");
        assertThat(badTable.code()).isEqualTo(2);
        assertThat(badTable.err()).contains("no table 'passwords'; the tables are account_names, connection_minutes, connections, events,");
        assertThat(both.err() + missing.err() + badTime.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void csvCellsThatASpreadsheetWouldRunAreNeutralized() throws Exception {
        // a process that names itself like a formula
        String log = "type=SYSCALL msg=audit(1700000000.001:5): arch=c000003e syscall=42 success=yes exit=0 a0=3 a1=0 "
                + "a2=10 a3=0 items=0 ppid=1 pid=77 auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 "
                + "egid=1000 sgid=1000 fsgid=1000 tty=pts0 ses=3 comm=\"=HYPERLINK(1)\" exe=\"/tmp/x\" key=\"net\"\n"
                + "type=SOCKADDR msg=audit(1700000000.001:5): saddr=020001BBC00002010000000000000000\n";
        Path f = tmp.resolve("audit.log");
        Files.writeString(f, log);
        String csv = CliRun.of("connections", f.toString(), "--format", "csv").ok();
        assertThat(csv.lines().skip(1).toList()).singleElement().asString()
                .contains(",192.0.2.1,443,unknown,ok,77,1,/tmp/x,'=HYPERLINK(1),1000,");
    }
}

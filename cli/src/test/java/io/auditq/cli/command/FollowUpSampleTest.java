package io.auditq.cli.command;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.HashSet;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * exec, tree, files and listeners on the shipped sample incident (real logs recorded by samples/record.sh),
 * against the answers samples/derive-expected.py derived with ausearch: one-shot and through a case database,
 * RAW and ENRICHED. The expected files name some columns differently (outcome for success, local_addr for addr);
 * the values are compared as sets.
 */
class FollowUpSampleTest {
    static final String EXEC_HEADER = "time,pid,ppid,exe,argv,cwd,uid,user,auid,login_user,ses,success";
    static final String FILES_HEADER = "time,path,access,syscall,success,pid,exe,user,login_user";
    static final String LISTENERS_HEADER = "time,addr,port,protocol,pid,exe,user,login_user";

    @TempDir
    Path tmp;

    private static List<CSVRecord> parse(String csv) throws Exception {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv))
                .getRecords();
    }

    private static List<CSVRecord> expected(String run, String file) throws Exception {
        return parse(Files.readString(ConnectionsSampleTest.sample().resolve("expected").resolve(run).resolve(file)));
    }

    /** Each row as the listed columns' values; a column given as "ours=theirs" is named differently in the expected file. */
    private static Set<List<String>> values(List<CSVRecord> rows, boolean ours, Predicate<CSVRecord> keep,
                                            String... columns) {
        Set<List<String>> out = new HashSet<>();
        for (CSVRecord r : rows) {
            if (!keep.test(r)) {
                continue;
            }
            List<String> v = new ArrayList<>();
            for (String c : columns) {
                String[] names = c.split("=");
                v.add(r.get(ours || names.length == 1 ? names[0] : names[1]));
            }
            out.add(v);
        }
        return out;
    }

    private String run(String command, String run, String via, String... more) {
        Path s = ConnectionsSampleTest.sample();
        List<String> args = new ArrayList<>(List.of(command.split(" "))); // "tree PID": PID before the inputs
        if (via.equals("db")) {
            Path db = tmp.resolve("case-" + run);
            if (!Files.exists(tmp.resolve("case-" + run + ".mv.db"))) {
                CliRun.of("ingest", s.resolve(run).toString(), "--db", db.toString(), "--passwd",
                        s.resolve("passwd").toString()).ok();
            }
            args.addAll(List.of("--db", db.toString()));
        } else {
            args.addAll(List.of(s.resolve(run).toString(), "--passwd", s.resolve("passwd").toString()));
        }
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new)).ok();
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw/oneshot", "raw/db", "enriched/oneshot", "enriched/db"})
    void execListsEveryExecveOfTheSampleWithTheSudoChain(String how) throws Exception {
        String runName = how.split("/")[0];
        String csv = run("exec", runName, how.split("/")[1], "--format", "csv");
        assertThat(csv.lines().findFirst().orElseThrow()).startsWith(EXEC_HEADER + ",");
        String[] cols = {"time", "argv", "pid", "ppid", "exe", "comm", "uid", "user", "auid", "login_user", "ses",
                "node", "outcome"};
        assertThat(values(parse(csv), true, r -> true, cols))
                .isEqualTo(values(expected(runName, "execs.csv"), false, r -> true, cols));
        // success is a boolean column of its own, and agrees with outcome
        assertThat(parse(csv)).allSatisfy(r -> assertThat(r.get("success")).isEqualTo(
                Boolean.toString(r.get("outcome").equals("ok"))));
    }

    @Test
    void execFiltersNarrowToTheSudoChain() throws Exception {
        String root = run("exec", "raw", "oneshot", "--format", "csv", "--user", "root", "--login-user", "alice");
        assertThat(values(parse(root), true, r -> true, "pid", "ppid", "argv", "user", "login_user")).containsExactlyInAnyOrder(
                List.of("28739", "28535", "setpriv --reuid=1001 --regid=1001 --init-groups --reset-env bash -s", "root", "alice"),
                List.of("29947", "29945", "tee -a /srv/finance/payroll.csv", "root", "alice"),
                List.of("30201", "30200", "/tmp/.x/update /tmp/.x/kw.py implant", "root", "alice"));
        assertThat(parse(run("exec", "raw", "oneshot", "--format", "csv", "--exe", "sudo"))).extracting(r -> r.get("pid"))
                .containsExactly("29945", "30200");
        assertThat(parse(run("exec", "raw", "oneshot", "--format", "csv", "--pid", "30323"))).singleElement()
                .satisfies(r -> assertThat(r.get("argv")).isEqualTo(
                        "python3 -c 'import socket; s = socket.create_connection((\"127.0.0.1\", 4444)); s.recv(64); s.close()'"));
        assertThat(parse(run("exec", "raw", "oneshot", "--format", "csv", "--ses", "17", "--user", "1002")))
                .extracting(r -> r.get("pid")).containsExactly("28712", "28712", "28715", "28722");
        assertThat(parse(run("exec", "raw", "oneshot", "--format", "csv", "--since", "2026-11-24T17:25:00Z")))
                .hasSize(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw/oneshot", "raw/db", "enriched/oneshot", "enriched/db"})
    void filesShowsTheSecretReadByBobAndWrittenByAliceThroughSudo(String how) throws Exception {
        String runName = how.split("/")[0];
        String csv = run("files", runName, how.split("/")[1], "--key", "secret", "--format", "csv");
        assertThat(csv.lines().findFirst().orElseThrow()).startsWith(FILES_HEADER + ",");
        String[] cols = {"time", "path", "syscall", "access", "outcome", "pid", "ppid", "exe", "comm", "uid", "user",
                "auid", "login_user", "ses", "node"};
        assertThat(values(parse(csv), true, r -> true, cols))
                .isEqualTo(values(expected(runName, "secret-file.csv"), false, r -> true, cols));
        assertThat(values(parse(csv), true, r -> true, "access", "success", "user", "login_user"))
                .contains(List.of("read", "true", "bob", "bob"), List.of("write", "false", "alice", "alice"),
                        List.of("write", "true", "root", "alice"));
        String byPath = run("files", runName, how.split("/")[1], "--path", "/srv/finance/", "--format", "csv");
        assertThat(parse(byPath)).hasSize(4); // auditctl adding the watch (sendto) is not an access
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw/oneshot", "raw/db", "enriched/oneshot", "enriched/db"})
    void listenersShowTheImplantOnPort4444AndTheLoopbackAccept(String how) throws Exception {
        String runName = how.split("/")[0];
        String csv = run("listeners", runName, how.split("/")[1], "--format", "csv");
        assertThat(csv.lines().findFirst().orElseThrow()).startsWith(LISTENERS_HEADER + ",");
        String[] cols = {"time", "addr=local_addr", "port=local_port", "protocol", "pid", "ppid", "exe", "comm",
                "uid", "user", "auid", "login_user", "ses", "node"};
        List<CSVRecord> rows = parse(csv);
        assertThat(values(rows, true, r -> r.get("event").equals("listen"), cols))
                .isEqualTo(values(expected(runName, "listeners.csv"), false, r -> true, cols));
        assertThat(rows).filteredOn(r -> r.get("event").equals("accept")).singleElement().satisfies(r -> {
            assertThat(r.get("addr") + ":" + r.get("port")).isEqualTo("0.0.0.0:4444");
            assertThat(r.get("peer_addr")).isEqualTo("127.0.0.1");
            assertThat(r.get("syscall")).isEqualTo("accept4");
            assertThat(r.get("protocol")).isEqualTo("tcp");
            assertThat(r.get("user") + "/" + r.get("login_user")).isEqualTo("root/alice");
        });
        assertThat(rows).hasSize(2);
        // the netlink binds of sudo are not network listeners; the implant's inet bind is
        assertThat(parse(run("listeners", runName, how.split("/")[1], "--format", "csv", "--binds")))
                .extracting(r -> r.get("event")).containsExactly("bind", "listen", "accept");
    }

    @ParameterizedTest
    @ValueSource(strings = {"oneshot", "db"})
    void treeGoesUpToTheLoginSessionAndDownToEveryDescendant(String via) throws Exception {
        // the implant: run by sudo from alice's shell in session 18; the recorder (28535) started the session
        List<CSVRecord> up = parse(run("tree 30201", "raw", via, "--format", "csv"));
        assertThat(up.getFirst().getParser().getHeaderNames()).startsWith("depth", "pid", "ppid", "exe", "argv",
                "user", "login_user");
        assertThat(values(up, true, r -> true, "depth", "pid", "ppid", "exe", "argv", "user", "login_user"))
                .containsExactlyInAnyOrder(
                        List.of("-3", "28535", "", "", "", "", ""),
                        List.of("-2", "28739", "28535", "/usr/bin/bash", "bash -s", "alice", "alice"),
                        List.of("-1", "30200", "28739", "/usr/bin/sudo", "sudo -u root /tmp/.x/update /tmp/.x/kw.py implant",
                                "alice", "alice"),
                        List.of("0", "30201", "30200", "/tmp/.x/update", "/tmp/.x/update /tmp/.x/kw.py implant", "root",
                                "alice"));
        assertThat(up.getLast().get("connections")).isEqualTo("203.0.113.66:443/tcp ok x3");
        assertThat(up.getFirst().get("in_log")).isEqualTo("false");

        // alice's login shell: every descendant, the sudo chains one level further down
        List<CSVRecord> down = parse(run("tree 28739", "raw", via, "--format", "csv"));
        assertThat(down).extracting(r -> r.get("depth") + " " + r.get("pid") + " " + r.get("user") + "/"
                + r.get("login_user")).containsExactly("-1 28535 /", "0 28739 alice/alice", "1 28744 alice/alice",
                "1 28764 alice/alice", "1 29156 alice/alice", "1 29311 alice/alice", "1 29945 alice/alice",
                "2 29947 root/alice", "1 30200 alice/alice", "2 30201 root/alice", "1 30323 alice/alice",
                "1 30328 alice/alice");
        assertThat(down.get(1).get("earlier_argv"))
                .isEqualTo("setpriv --reuid=1001 --regid=1001 --init-groups --reset-env bash -s");
        assertThat(down).filteredOn(r -> r.get("pid").equals("30323")).singleElement()
                .satisfies(r -> assertThat(r.get("connections")).isEqualTo("127.0.0.1:4444/tcp ok x1"));
    }

    @Test
    void treeAsATableIsIndentedByGeneration() {
        String table = run("tree 30697", "enriched", "oneshot", "--format", "table").replace("\r", "");
        assertThat(table.lines().toList()).containsExactly(
                "  PID USER  LOGIN SES PROCESS",
                "28535 -     -       - (not in the log)",
                "30402 alice alice  20 └ bash -s",
                "30695 alice alice  20   └ sudo -u root tee -a /srv/finance/payroll.csv",
                "30697 root  alice  20     └ ▶ tee -a /srv/finance/payroll.csv");
        CliRun missing = CliRun.of("tree", "1", ConnectionsSampleTest.sample().resolve("raw").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("auditq: pid 1 is not in the evidence (no event of it, nor an execve)\n");
    }

    @Test
    void tablesFitAndJsonCarriesArgvAsAnArray() {
        String exec = run("exec", "raw", "oneshot", "--format", "table", "--pid", "30201");
        assertThat(exec.lines().toList()).containsExactly("2026-11-24 (UTC)",
                "TIME            PID  PPID USER LOGIN SES OUTCOME CWD     COMMAND",
                "17:25:00.913Z 30201 30200 root alice  18 ok      /tmp/.x /tmp/.x/update /tmp/.x/kw.py implant",
                "", "* 1 execution");
        String jsonl = run("exec", "raw", "oneshot", "--format", "jsonl", "--pid", "30201");
        assertThat(jsonl).contains("\"argv\":[\"/tmp/.x/update\",\"/tmp/.x/kw.py\",\"implant\"]")
                .contains("\"success\":true");
        String listeners = run("listeners", "raw", "oneshot", "--format", "table");
        assertThat(listeners).contains("listen 0.0.0.0:4444 tcp   -               ok      30201 root alice "
                + "/tmp/.x/update [comm kworker/0:1]");
    }

    @Test
    void aCaseFromTheOldSchemaIsRefusedWithAMessage() throws Exception {
        Path db = tmp.resolve("old");
        CliRun.of("ingest", ConnectionsSampleTest.sample().resolve("raw").toString(), "--db", db.toString()).ok();
        try (var c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + db.toAbsolutePath());
             var st = c.createStatement()) {
            st.execute("UPDATE meta SET setting = '1' WHERE name = 'schema_version'"); // as auditq 0.1 wrote it
        }
        CliRun old = CliRun.of("listeners", "--db", db.toString());
        assertThat(old.code()).isEqualTo(3);
        assertThat(old.err()).contains("has case schema version 1; this auditq reads version 5 (re-ingest the evidence")
                .doesNotContain("Exception");
    }
}

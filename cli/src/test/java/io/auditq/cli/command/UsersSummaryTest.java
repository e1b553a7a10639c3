package io.auditq.cli.command;

import io.auditq.parser.testing.Corpus;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code auditq users} and {@code auditq summary} on the shipped sample incident (real logs recorded by
 * samples/record.sh, whose story samples/incident-1/README.md tells) and on public corpus logs with PAM records.
 */
class UsersSummaryTest {
    @TempDir
    Path tmp;

    private static List<CSVRecord> csv(String text) throws IOException {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(text)).getRecords();
    }

    private static CSVRecord session(List<CSVRecord> rows, String ses) {
        return rows.stream().filter(r -> r.get("ses").equals(ses)).findFirst()
                .orElseThrow(() -> new AssertionError("no session " + ses + " in " + rows));
    }

    /** The sample's sessions: bob's baseline and alice's intrusion, with what each did (README's story). */
    @ParameterizedTest
    @CsvSource({"raw, 17, 18, 2026-11-24T17:24:37.877Z, 28712, 2026-11-24T17:24:45.885Z, 28739",
            "enriched, 19, 20, 2026-11-24T17:25:10.213Z, 30393, 2026-11-24T17:25:18.225Z, 30402"})
    void sessionsOfTheSample(String run, String bobSes, String aliceSes, String bobLogin, String bobPid,
                             String aliceLogin, String alicePid) throws IOException {
        Path s = ConnectionsSampleTest.sample();
        List<String> args = new java.util.ArrayList<>(List.of("users", s.resolve(run).toString(), "--format", "csv"));
        if (run.equals("raw")) { // ENRICHED logs name the users themselves
            args.addAll(List.of("--passwd", s.resolve("passwd").toString()));
        }
        String out = CliRun.of(args.toArray(String[]::new)).ok();
        assertThat(out.lines().findFirst().orElseThrow()).startsWith(
                "first_seen,last_seen,node,auid,login_user,ses,login_time,login_pid,terminal,addr,hostname,tty,users,"
                        + "events,executions,connections,destinations,privilege_changes,source");
        List<CSVRecord> rows = csv(out);

        CSVRecord bob = session(rows, bobSes);
        assertThat(bob.get("auid")).isEqualTo("1002");
        assertThat(bob.get("login_user")).isEqualTo("bob");
        assertThat(bob.get("node")).isEqualTo("web01");
        assertThat(bob.get("login_time")).isEqualTo(bobLogin);
        assertThat(bob.get("login_pid")).isEqualTo(bobPid);
        // the recorder logs in without PAM (README: "no PAM session records for the logins"): terminal unknown
        assertThat(bob.get("terminal")).isEmpty();
        assertThat(bob.get("addr")).isEmpty();
        assertThat(bob.get("users")).isEqualTo("root bob"); // the login process is root until setpriv
        assertThat(bob.get("executions")).isEqualTo("5");   // expected/*/execs.csv: 5 execve in bob's session
        assertThat(bob.get("connections")).isEqualTo("1");  // curl to the intranet
        assertThat(bob.get("destinations")).isEqualTo("1");
        assertThat(bob.get("privilege_changes")).isEqualTo("0");

        CSVRecord alice = session(rows, aliceSes);
        assertThat(alice.get("auid")).isEqualTo("1001");
        assertThat(alice.get("login_user")).isEqualTo("alice");
        assertThat(alice.get("login_time")).isEqualTo(aliceLogin);
        assertThat(alice.get("login_pid")).isEqualTo(alicePid);
        assertThat(alice.get("users")).isEqualTo("root alice");
        assertThat(alice.get("executions")).isEqualTo("13");
        // expected/*/connections.csv: alice's rows count 17 attempts to 7 destinations (loopback left out)
        assertThat(alice.get("connections")).isEqualTo("17");
        assertThat(alice.get("destinations")).isEqualTo("7");
        // 2 sudo runs: USER_CMD, CRED_REFR, CRED_DISP each, and 4 processes as root (2 sudo, tee, update)
        assertThat(alice.get("privilege_changes")).isEqualTo("10");
        assertThat(alice.get("source")).endsWith("audit.log" + (run.equals("raw") ? ".1" : "") + ":116");
    }

    @Test
    void privilegeChangesNameTheSudoCommandsDecoded() throws IOException {
        Path s = ConnectionsSampleTest.sample();
        List<CSVRecord> rows = csv(CliRun.of("users", "--privilege", s.resolve("raw").toString(), "--passwd",
                s.resolve("passwd").toString(), "--format", "csv").ok());
        List<CSVRecord> cmds = rows.stream().filter(r -> r.get("kind").equals("USER_CMD")).toList();
        assertThat(cmds).hasSize(2);
        assertThat(cmds.get(0).get("cmd")).isEqualTo("tee -a /srv/finance/payroll.csv");
        assertThat(cmds.get(0).get("pid")).isEqualTo("29945");
        CSVRecord implant = cmds.get(1);
        assertThat(implant.get("cmd")).isEqualTo("/tmp/.x/update /tmp/.x/kw.py implant"); // hex in the log
        assertThat(implant.get("time")).isEqualTo("2026-11-24T17:25:00.909Z");
        assertThat(implant.get("pid")).isEqualTo("30200");
        assertThat(implant.get("user")).isEqualTo("alice");
        assertThat(implant.get("target")).isEqualTo("root"); // from the same sudo's CRED_REFR
        assertThat(implant.get("login_user")).isEqualTo("alice");
        assertThat(implant.get("ses")).isEqualTo("18");
        assertThat(implant.get("exe")).isEqualTo("/usr/bin/sudo");
        assertThat(implant.get("source")).endsWith("raw/audit.log.1:496");
        // the implant itself: alice's session running as root
        CSVRecord update = rows.stream().filter(r -> r.get("kind").equals("UID") && r.get("pid").equals("30201"))
                .findFirst().orElseThrow();
        assertThat(update.get("exe")).isEqualTo("/tmp/.x/update");
        assertThat(update.get("user")).isEqualTo("root");
        assertThat(update.get("login_process")).isEqualTo("false");
        // the login processes are root before they become the user: marked, not counted as changes
        assertThat(rows.stream().filter(r -> r.get("login_process").equals("true")).map(r -> r.get("pid")))
                .containsExactly("28712", "28739");
        assertThat(CliRun.of("users", "--privilege", s.resolve("raw").toString(), "--ses", "17", "--format", "csv")
                .ok().lines().skip(1).toList()).singleElement().asString().contains(",UID,28712,");
    }

    /** What the summary must flag in the sample: README's fake kernel thread, /tmp implant, deleted beacon. */
    @Test
    void summaryFlagsTheSuspiciousWithTheirEvidence() throws IOException {
        Path s = ConnectionsSampleTest.sample();
        List<CSVRecord> rows = csv(CliRun.of("summary", s.resolve("raw").toString(), "--passwd",
                s.resolve("passwd").toString(), "--format", "csv").ok());
        List<String> suspicious = rows.stream().filter(r -> r.get("section").equals("suspicious"))
                .map(r -> r.get("key") + " " + r.get("detail")).toList();
        assertThat(suspicious.stream().filter(x -> x.startsWith("comm-mismatch "))).singleElement().asString()
                .contains("pid 30201 /tmp/.x/update (comm kworker/0:1), user root, login alice, ses 18")
                .endsWith("[" + s.resolve("raw/audit.log.1") + ":554]"); // python3 (exe python3.11) is not flagged
        assertThat(suspicious.stream().filter(x -> x.startsWith("run-from-tmp ")).toList()).hasSize(2)
                .anySatisfy(x -> assertThat(x).contains("pid 30201 /tmp/.x/update (comm update)")
                        .contains("the executable lies in /tmp"))
                .anySatisfy(x -> assertThat(x).contains("pid 30328 /tmp/.x/beacon"));
        assertThat(suspicious.stream().filter(x -> x.startsWith("deleted-exe "))).singleElement().asString()
                .contains("pid 30328 /tmp/.x/beacon (deleted) (comm beacon), user alice, login alice")
                .endsWith("[" + s.resolve("raw/audit.log") + ":33]");
        assertThat(suspicious.stream().filter(x -> x.startsWith("connection-after-privilege ")).toList())
                .hasSize(2)
                .anySatisfy(x -> assertThat(x).startsWith("connection-after-privilege 2026-11-24T17:25:00.937Z pid 30201")
                        .contains("203.0.113.66:443/tcp 28 ms after sudo /tmp/.x/update /tmp/.x/kw.py implant as root "
                                + "(pid 30200, " + s.resolve("raw/audit.log.1") + ":496)"))
                .anySatisfy(x -> assertThat(x).contains("pid 30328 /tmp/.x/beacon (deleted)")
                        .contains("5.0 s after sudo"));
        // a narrower window leaves the beacon, 5 s later, out
        assertThat(CliRun.of("summary", s.resolve("raw").toString(), "--after-privilege", "1", "--format", "csv").ok()
                .lines().filter(l -> l.startsWith("suspicious,connection-after-privilege,"))).singleElement()
                .asString().contains("pid 30201");

        Map<String, String> counts = new TreeMap<>();
        for (CSVRecord r : rows) {
            counts.put(r.get("section") + "/" + r.get("key"), r.get("count"));
        }
        assertThat(counts).containsEntry("span/events", "210").containsEntry("node/web01", "210")
                .containsEntry("syscall/connect", "54").containsEntry("key/secret", "4")
                .containsEntry("login_user/alice", "172").containsEntry("login_user/bob", "22")
                .containsEntry("failed/ECONNREFUSED", "3").containsEntry("failed/EACCES", "1");
        assertThat(rows.stream().filter(r -> r.get("section").equals("span")).findFirst().orElseThrow()
                .get("detail")).isEqualTo("2026-11-24T17:24:36.723Z/2026-11-24T17:25:09.035Z");
    }

    /** Every record of the log counts in the record types: the same numbers as counting type= in the files. */
    @Test
    void recordTypeCountsAreTheLogsOwn() throws IOException {
        Path s = ConnectionsSampleTest.sample();
        Map<String, Long> fromText = new TreeMap<>();
        Pattern type = Pattern.compile("^(?:node=\\S+ )?type=(\\S+) ");
        for (String f : List.of("raw/audit.log.1", "raw/audit.log")) {
            for (String line : Files.readAllLines(s.resolve(f))) {
                Matcher m = type.matcher(line);
                if (m.find()) {
                    fromText.merge(m.group(1), 1L, Long::sum);
                }
            }
        }
        Map<String, Long> fromSummary = new TreeMap<>();
        for (CSVRecord r : csv(CliRun.of("summary", s.resolve("raw").toString(), "--format", "csv").ok())) {
            if (r.get("section").equals("record_type")) {
                fromSummary.put(r.get("key"), Long.parseLong(r.get("count")));
            }
        }
        assertThat(fromSummary).containsEntry("SYSCALL", 195L).containsEntry("USER_CMD", 2L).isEqualTo(fromText);
    }

    @Test
    void aCaseDatabaseAnswersLikeOneShotAndJsonIsOneObject() {
        Path s = ConnectionsSampleTest.sample();
        Path db = tmp.resolve("case");
        String raw = s.resolve("raw").toString();
        CliRun.of("ingest", raw, "--db", db.toString(), "--passwd", s.resolve("passwd").toString()).ok();
        for (String cmd : List.of("users", "summary")) {
            assertThat(CliRun.of(cmd, "--db", db.toString(), "--format", "csv").ok()).as(cmd)
                    .isEqualTo(CliRun.of(cmd, raw, "--passwd", s.resolve("passwd").toString(), "--format", "csv").ok());
        }
        String json = CliRun.of("summary", "--db", db.toString(), "--format", "json").ok();
        assertThat(json.strip()).startsWith("{\"first\":\"2026-11-24T17:24:36.723Z\"").endsWith("}")
                .contains("\"record_types\":{").contains("\"kind\":\"deleted-exe\"");
        assertThat(json.strip().lines()).hasSize(1);
        // the time window applies: before alice logged in, only bob's session
        String early = CliRun.of("users", "--db", db.toString(), "--until", "2026-11-24T17:24:44Z", "--format", "csv")
                .ok();
        assertThat(early).contains(",bob,17,").doesNotContain(",alice,");
        // a window that misses the evidence says so, instead of an unexplained empty answer
        CliRun none = CliRun.of("summary", "--db", db.toString(), "--since", "2030-01-01T00:00:00Z", "--format", "csv");
        assertThat(none.ok()).isEqualTo("section,key,count,detail\n");
        assertThat(none.err()).contains("note: the evidence ends at 2026-11-24T17:25:09.035Z, before --since");
    }

    @Test
    void theTablesAreReadable() {
        Path s = ConnectionsSampleTest.sample();
        String users = CliRun.of("users", s.resolve("raw").toString(), "--passwd", s.resolve("passwd").toString(),
                "--format", "table").ok();
        assertThat(users.lines().toList()).contains("2026-11-24 (UTC)")
                .anySatisfy(l -> assertThat(l).matches(" +18 alice +17:24:45\\.885Z 17:25:06\\.949Z \\? +root,alice +13 +17 +10"));
        String summary = CliRun.of("summary", s.resolve("raw").toString(), "--format", "table").ok();
        assertThat(summary).startsWith("Evidence: 210 events from 2026-11-24T17:24:36.723Z to 2026-11-24T17:25:09.035Z\n")
                .contains("\nFailed syscalls by errno:\n").contains("\nSuspicious: 6 items\n")
                .contains("  comm-mismatch  2026-11-24T17:25:00.933Z  pid 30201 /tmp/.x/update (comm kworker/0:1)");
    }

    /** sudo and su with PAM records (elastic/beats test data, Apache-2.0, read in place). */
    @Test
    void beatsSudoLogSessionsAndPrivilege() throws IOException {
        Path f = Corpus.file("elastic__beats/sudo.log");
        CSVRecord ses = session(csv(CliRun.of("users", f.toString(), "--format", "csv").ok()), "15");
        assertThat(ses.get("auid")).isEqualTo("1002");
        assertThat(ses.get("terminal")).isEqualTo("/dev/pts/1"); // from USER_START
        assertThat(ses.get("addr")).isEqualTo("127.0.0.1");
        assertThat(ses.get("hostname")).isEqualTo("localhost");
        assertThat(ses.get("privilege_changes")).isEqualTo("8");
        List<CSVRecord> priv = csv(CliRun.of("users", "--privilege", f.toString(), "--format", "csv").ok());
        assertThat(priv.stream().filter(r -> r.get("kind").equals("USER_CMD"))
                .map(r -> r.get("pid") + " " + r.get("cmd") + " as " + r.get("target")))
                .containsExactly("11791 su as root", "14178 bash as bob");
        assertThat(priv.stream().map(r -> r.get("kind"))).contains("CRED_ACQ", "USER_ROLE_CHANGE", "CRED_DISP");
    }

    @Test
    void beatsUserLoginGivesTheSshSessionsAddress() throws IOException {
        Path f = Corpus.file("elastic__beats/userlogin.log");
        CSVRecord ses = session(csv(CliRun.of("users", f.toString(), "--format", "csv").ok()), "5388");
        assertThat(ses.get("auid")).isEqualTo("700");
        assertThat(ses.get("terminal")).isEqualTo("/dev/pts/0");
        assertThat(ses.get("addr")).isEqualTo("1.2.3.4");
        assertThat(ses.get("first_seen")).isEqualTo("2019-03-24T18:26:42.231Z");
    }

    /** sshd's failed logins (a password guesser), su's failed authentication, and a login that worked. */
    @Test
    void summaryCountsFailedLoginsByAccountAndAddress() throws IOException {
        StringBuilder log = new StringBuilder();
        long t = 1_700_000_000L;
        int serial = 100;
        for (int i = 0; i < 30; i++) { // root from 30 addresses, the first one 5 times
            for (int k = 0; k < (i == 0 ? 5 : 1); k++) {
                log.append("type=USER_LOGIN msg=audit(").append(t++).append(".000:").append(serial++)
                        .append("): pid=1 uid=0 auid=4294967295 ses=4294967295 msg='op=login acct=\"root\" ")
                        .append("exe=\"/usr/sbin/sshd\" hostname=? addr=198.51.100.").append(i)
                        .append(" terminal=ssh res=failed'\n");
            }
        }
        log.append("type=USER_AUTH msg=audit(").append(t++).append(".000:").append(serial++).append("): pid=2 uid=1000 ")
                .append("auid=1000 ses=3 msg='op=PAM:authentication grantors=? acct=\"root\" exe=\"/usr/bin/su\" ")
                .append("hostname=web01 addr=? terminal=pts/0 res=failed'\n");
        log.append("type=USER_LOGIN msg=audit(").append(t).append(".000:").append(serial).append("): pid=3 uid=0 ")
                .append("auid=1000 ses=4 msg='op=login id=1000 exe=\"/usr/sbin/sshd\" hostname=? addr=203.0.113.9 ")
                .append("terminal=ssh res=success'\n");
        Path file = tmp.resolve("audit.log");
        Files.writeString(file, log);
        List<CSVRecord> rows = csv(CliRun.of("summary", file.toString(), "--format", "csv").ok()).stream()
                .filter(r -> r.get("section").equals("failed_login")).toList();
        assertThat(rows).hasSize(1 + 20);
        assertThat(rows.getFirst().get("key")).isEqualTo("(all)");
        assertThat(rows.getFirst().get("count")).isEqualTo("35");
        assertThat(rows.getFirst().get("detail")).isEqualTo("1 account from 30 addresses; the 20 largest of 31 groups below");
        assertThat(rows.get(1).get("key")).isEqualTo("root from 198.51.100.0");
        assertThat(rows.get(1).get("count")).isEqualTo("5");
        assertThat(rows.get(1).get("detail")).isEqualTo("USER_LOGIN by /usr/sbin/sshd, 2023-11-14T22:13:20.000Z to "
                + "2023-11-14T22:13:24.000Z [" + file + ":1]");
        assertThat(rows.get(2).get("key")).isEqualTo("root from 198.51.100.1"); // then by first time
        assertThat(rows).noneMatch(r -> r.get("key").contains("203.0.113.9"));
        assertThat(CliRun.of("summary", file.toString(), "--format", "json").ok()).contains("\"failed_logins\":[{"
                + "\"login\":\"(all)\",\"count\":35,\"detail\":\"1 account from 30 addresses; the 20 largest of 31 groups "
                + "below\"},{\"login\":\"root from 198.51.100.0\",\"count\":5,");
        String su = CliRun.of("summary", file.toString(), "--format", "table", "--since", "2023-11-14T22:13:54Z",
                "--tz", "Europe/Berlin").ok();
        assertThat(su).contains("Failed logins and authentications (account from address):")
                .containsPattern("\\(all\\) +1  1 account\n")
                .containsPattern("root +1  USER_AUTH by /usr/bin/su, 2023-11-14T23:13:54.000\\+01:00 \\[");
    }
}

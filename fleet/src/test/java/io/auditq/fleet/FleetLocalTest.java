package io.auditq.fleet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.auditq.fleet.SampleFleet.fleet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The fleet commands in Spark's local mode (local[2], for real) on a fleet made from the recorded sample: every
 * host's rows are the single-host CSV byte for byte, destinations are counted exactly, and hosts that cannot answer
 * are named while the others are answered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetLocalTest {
    @TempDir
    static Path tmp;
    Path root;

    @BeforeAll
    void fleetAndSpark() throws Exception {
        assumeTrue(Files.isDirectory(SampleFleet.SAMPLE), "samples/incident-1 not found");
        root = SampleFleet.make(tmp.resolve("fleet"));
        SampleFleet.spark();
    }

    @Test
    void eachHostsRowsAreTheSingleHostCsvByteForByte() {
        for (List<String> window : List.of(List.<String>of(), List.of("--since", "2026-11-24T17:24:50Z", "--until",
                "2026-11-24T17:25:30Z", "--protocol", "any", "--include-loopback"))) {
            List<String> args = new ArrayList<>(List.of("connections", root.toString(), "--format", "csv",
                    "--master", "local[2]"));
            args.addAll(window);
            SampleFleet.Run f = fleet(args.toArray(String[]::new));
            List<String> lines = SampleFleet.lines(f.out());
            assertThat(lines.getFirst()).startsWith("host,first_seen,last_seen,count,dst_addr");
            Map<String, List<String>> byHost = new TreeMap<>();
            for (String line : lines.subList(1, lines.size())) {
                byHost.computeIfAbsent(line.substring(0, line.indexOf(',')), h -> new ArrayList<>())
                        .add(line.substring(line.indexOf(',') + 1));
            }
            assertThat(byHost.keySet()).containsExactlyElementsOf(SampleFleet.ANSWERING);
            for (String host : SampleFleet.ANSWERING) {
                List<String> single = new ArrayList<>(List.of("connections"));
                single.addAll(SampleFleet.singleHostArgs(root, host));
                single.addAll(List.of("--format", "csv"));
                single.addAll(window);
                SampleFleet.Run s = SampleFleet.auditq(single.toArray(String[]::new));
                assertThat(s.exit()).isZero();
                String expected = s.out();
                String got = lines.getFirst().substring("host,".length()) + "\n"
                        + String.join("\n", byHost.get(host)) + "\n";
                assertThat(got).as(host + " " + window).isEqualTo(expected);
            }
            assertThat(f.exit()).as(f.err()).isEqualTo(3);
        }
    }

    @Test
    void namesComeFromEachHostsOwnPasswd() {
        SampleFleet.Run f = fleet("connections", root.toString(), "--format", "csv");
        assertThat(f.out()).contains("web01,2026-11-24T17:24:46.889Z,2026-11-24T17:24:46.905Z,3,203.0.113.66,80,tcp,"
                + "in-progress,28764,28739,/usr/bin/curl,curl,1001,alice,1001,alice,");
        assertThat(f.out()).contains("web03,2026-11-24T17:24:46.889Z,2026-11-24T17:24:46.905Z,3,203.0.113.66,80,tcp,"
                + "in-progress,28764,28739,/usr/bin/curl,curl,1001,carol,1001,carol,18,,");
    }

    @Test
    void destinationsAreCountedExactlyOverTheHosts() {
        SampleFleet.Run c = fleet("connections", root.toString(), "--format", "csv", "--protocol", "any");
        // expected from the connections rows themselves: hosts, attempts, first and last seen per destination
        Map<String, TreeSet<String>> hosts = new TreeMap<>();
        Map<String, long[]> attempts = new TreeMap<>();
        Map<String, String[]> seen = new TreeMap<>();
        for (String line : SampleFleet.lines(c.out()).subList(1, SampleFleet.lines(c.out()).size())) {
            String[] f = line.split(",", -1);
            String key = f[4] + "," + f[5] + "," + f[6];
            hosts.computeIfAbsent(key, k -> new TreeSet<>()).add(f[0]);
            attempts.computeIfAbsent(key, k -> new long[1])[0] += Long.parseLong(f[3]);
            String[] s = seen.computeIfAbsent(key, k -> new String[] {f[1], f[2]});
            s[0] = s[0].compareTo(f[1]) <= 0 ? s[0] : f[1];
            s[1] = s[1].compareTo(f[2]) >= 0 ? s[1] : f[2];
        }
        SampleFleet.Run d = fleet("destinations", root.toString(), "--format", "csv", "--protocol", "any");
        List<String> lines = SampleFleet.lines(d.out());
        assertThat(lines.getFirst()).isEqualTo("dst_addr,dst_port,protocol,hosts,attempts,first_seen,last_seen,"
                + "host_list");
        assertThat(lines).hasSize(hosts.size() + 1);
        long previous = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            String key = f[0] + "," + f[1] + "," + f[2];
            assertThat(Long.parseLong(f[3])).as(key).isEqualTo(hosts.get(key).size());
            assertThat(Long.parseLong(f[4])).as(key).isEqualTo(attempts.get(key)[0]);
            assertThat(f[5] + "," + f[6]).as(key).isEqualTo(seen.get(key)[0] + "," + seen.get(key)[1]);
            assertThat(f[7]).as(key).isEqualTo(String.join(";", hosts.get(key)));
            assertThat(Long.parseLong(f[3])).as("rarest first").isGreaterThanOrEqualTo(previous);
            previous = Long.parseLong(f[3]);
        }
        // web02's intranet fetch is on all three hosts; the beacon too: --max-hosts 2 keeps neither
        SampleFleet.Run rare = fleet("destinations", root.toString(), "--format", "csv", "--max-hosts", "2");
        assertThat(rare.out()).doesNotContain("192.0.2.10,80,tcp");
        assertThat(rare.exit()).isEqualTo(3);
    }

    @Test
    void hostsThatCannotAnswerAreNamedAndTheOthersAnswered() {
        SampleFleet.Run f = fleet("destinations", root.toString(), "--format", "csv");
        assertThat(f.exit()).isEqualTo(3);
        assertThat(f.err()).contains("auditq: incomplete: empty01: its logs hold no audit records")
                .contains("auditq: incomplete: broken01: ")
                .contains("2 of 5 hosts could not answer in full");
        assertThat(f.out()).contains("203.0.113.66,443,tcp,3,");

        // a window after the RAW hosts' logs end: they are named, web02 (ENRICHED, recorded later) still answers
        SampleFleet.Run late = fleet("connections", root.toString(), "--format", "csv", "--since",
                "2026-11-24T17:25:10Z");
        assertThat(late.exit()).isEqualTo(3);
        assertThat(late.err()).contains("auditq: incomplete: web01: its log ends at 2026-11-24T17:25:09.035Z, "
                + "before the window starts (2026-11-24T17:25:10.000Z)").contains("incomplete: web03: its log ends");
        assertThat(SampleFleet.lines(late.out()).subList(1, SampleFleet.lines(late.out()).size()))
                .isNotEmpty().allMatch(l -> l.startsWith("web02,"));
    }

    @Test
    void hostsReportsFilesDigestsTimesAndStatus() throws Exception {
        SampleFleet.Run f = fleet("hosts", root.toString(), "--format", "csv");
        List<String> lines = SampleFleet.lines(f.out());
        assertThat(lines.getFirst()).isEqualTo("host,status,covers,files,bytes,first_event,last_event,events,"
                + "malformed,unique_destinations,names,sha256,problems");
        String web01 = lines.stream().filter(l -> l.startsWith("web01,")).findFirst().orElseThrow();
        assertThat(web01).startsWith("web01,ok,yes,2,")
                .contains("audit.log.1.gz=" + sha256(root.resolve("web01/audit.log.1.gz")))
                .contains("audit.log=" + sha256(root.resolve("web01/audit.log")))
                .contains(",passwd+group,");
        assertThat(lines).anyMatch(l -> l.startsWith("empty01,no-records,no,1,"))
                .anyMatch(l -> l.startsWith("broken01,unreadable,no,1,"))
                .anyMatch(l -> l.startsWith("web03,ok,yes,2,") && l.contains(",passwd,"));
        assertThat(f.exit()).isEqualTo(3);
    }

    @Test
    void logEndIsTheNewestEventOfTheFleetAndIsPrinted() {
        SampleFleet.Run f = fleet("destinations", root.toString(), "--format", "csv", "--now", "log-end",
                "--since", "10s");
        // the ENRICHED run ends last: its last record is the fleet's end
        assertThat(f.err()).contains("auditq: --now log-end: 2026-11-24T17:25:41.351Z (the newest event of the fleet)");
        assertThat(f.err()).contains("incomplete: web01: its log ends at");
        assertThat(f.out()).contains("203.0.113.66,443,tcp,1,");
    }

    @Test
    void hostsSharingTasksGiveTheSameAnswer() {
        SampleFleet.Run alone = fleet("connections", root.toString(), "--format", "csv", "--protocol", "any");
        System.setProperty("auditq.fleet.hostsPerTask", "2");
        try {
            SampleFleet.Run shared = fleet("connections", root.toString(), "--format", "csv", "--protocol", "any");
            assertThat(shared.out()).isEqualTo(alone.out());
            assertThat(shared.err()).isEqualTo(alone.err());
        } finally {
            System.clearProperty("auditq.fleet.hostsPerTask");
        }
    }

    @Test
    void severalRootsAreOneFleetAndAHostIsGivenOnce() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("roots/a")), b = Files.createDirectories(tmp.resolve("roots/b"));
        for (String h : List.of("web01", "empty01")) {
            copy(root.resolve(h), a.resolve(h));
        }
        for (String h : List.of("web02", "web03", "broken01")) {
            copy(root.resolve(h), b.resolve(h));
        }
        SampleFleet.Run one = fleet("destinations", root.toString(), "--format", "csv");
        SampleFleet.Run two = fleet("destinations", a.toString(), b.toString(), "--format", "csv");
        assertThat(two.out()).isEqualTo(one.out());
        assertThat(two.exit()).isEqualTo(3);
        SampleFleet.Run twice = fleet("destinations", root.toString(), a.toString());
        assertThat(twice.err()).contains("host empty01 is under two roots");
        assertThat(twice.exit()).isEqualTo(3);
    }

    private static void copy(Path from, Path to) throws Exception {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }

    @Test
    void badRootsAndOptionsAreOneLine() {
        SampleFleet.Run missing = fleet("connections", tmp.resolve("nope").toString());
        assertThat(missing.exit()).isEqualTo(3);
        assertThat(missing.err().strip()).endsWith("nope: no such directory").doesNotContain("\tat ");
        SampleFleet.Run host = fleet("connections", root.resolve("web01").toString());
        assertThat(host.err()).contains("holds audit logs itself");
        SampleFleet.Run none = fleet("connections");
        assertThat(none.exit()).isEqualTo(2);
    }

    static String sha256(Path p) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(p)) {
            md.update(in.readAllBytes());
        }
        return HexFormat.of().formatHex(md.digest());
    }
}

package io.auditq.cli.command;

import io.auditq.parser.testing.Corpus;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code auditq connections} on real logs of the public corpus. Permissively licensed files (Apache-2.0) are
 * compared with committed goldens; GPL files get no copy in the repository, so their rows are asserted as facts.
 * Regenerate the goldens with {@code -Dtest=ConnectionsCorpusTest -Dgolden.update=true}, then read the diff.
 */
class ConnectionsCorpusTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/connections");

    /** Apache-2.0 files with inet connects (elastic/go-libaudit). */
    private static final List<String> PERMISSIVE = List.of(
            "elastic__go-libaudit/normal.log",
            "elastic__go-libaudit/out_of_order.log",
            "elastic__go-libaudit/lost_messages.log",
            "elastic__go-libaudit/rollover.log",
            "elastic__go-libaudit/audit-rhel7.log");

    private static String csv(String corpusFile, String... more) {
        Path root = Corpus.require();
        List<String> args = new java.util.ArrayList<>(List.of("connections", Corpus.file(corpusFile).toString(),
                "--format", "csv", "--protocol", "any", "--include-loopback"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new)).ok().replace(root + "/", "");
    }

    @TestFactory
    Stream<DynamicTest> connectionsCsvMatchesTheGolden() {
        Corpus.require();
        boolean update = Boolean.getBoolean("golden.update");
        return PERMISSIVE.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            String out = csv(name);
            Path golden = GOLDEN.resolve(name.replace("/", "__") + ".csv");
            if (update) {
                Files.createDirectories(GOLDEN);
                Files.writeString(golden, out, StandardCharsets.UTF_8);
            }
            assertThat(golden).as("golden missing; run with -Dgolden.update=true and review it").exists();
            assertThat(out).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
        }));
    }

    @Test
    void goLibauditNormalLogHasOneInProgressConnectAndAUnixOneThatIsNotListed() {
        List<String> rows = csv("elastic__go-libaudit/normal.log").lines().skip(1).toList();
        assertThat(rows).singleElement().asString()
                .startsWith("2017-04-12T22:48:09.295Z,2017-04-12T22:48:09.295Z,1,")
                .contains(",in-progress,1172,1,");
    }

    @Test
    void aConnectWithoutItsSockaddrRecordIsNotListedButTold() {
        CliRun r = CliRun.of("connections", Corpus.file("elastic__go-libaudit/audit-rhel7.log").toString(), "--format",
                "csv", "--include-loopback", "--protocol", "any");
        assertThat(r.ok().lines()).hasSize(1);
        assertThat(r.err()).contains("1 connect() event has no SOCKADDR record in the evidence");
    }

    @Test
    void laurelRecordConnectIsTwoLoopbackAttemptsOkAndInProgress() {
        List<String> rows = csv("threathunters-io__laurel/record-connect.txt").lines().skip(1).toList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).startsWith("2024-08-16T14:44:02.459Z,2024-08-16T14:44:02.459Z,1,127.0.0.1,11211,unknown,ok,");
        assertThat(rows.get(1)).startsWith("2024-08-16T14:44:02.459Z,2024-08-16T14:44:02.459Z,1,::1,11211,unknown,in-progress,");
        assertThat(rows).allSatisfy(r -> assertThat(r).contains(",/usr/bin/php,").contains(",not-audited,"));
        // without --include-loopback nothing is outbound
        CliRun plain = CliRun.of("connections", Corpus.file("threathunters-io__laurel/record-connect.txt").toString(),
                "--format", "csv");
        assertThat(plain.ok().lines()).hasSize(1);
        assertThat(plain.err()).contains("not shown: 2 attempts to 2 loopback destinations");
    }

    @Test
    void spadeCapturesGiveTheProtocolFromAuditedSocketCalls() {
        assertThat(csv("ashish-gehani__SPADE/simple-client.bin.log").lines().skip(1).toList()).singleElement().asString()
                .startsWith("2017-10-06T18:34:33.718Z,2017-10-06T18:34:33.718Z,1,127.0.0.1,22,tcp,ok,16219,")
                .contains(",socket,inet,");
        assertThat(csv("ashish-gehani__SPADE/udp-server.bin.log").lines().skip(1).toList()).singleElement().asString()
                .contains(",0.0.0.0,10110,udp,ok,16533,");
        List<String> wget = csv("ashish-gehani__SPADE/audit_wget_unit.log").lines().skip(1).toList();
        assertThat(wget).extracting(r -> r.split(",")[3] + ":" + r.split(",")[4] + " " + r.split(",")[5])
                .containsExactly("10.0.2.3:53 unknown", "130.107.1.110:80 unknown");
    }

    @Test
    void theAitWebServerLogResolvesDnsThroughApache() {
        String summary = CliRun.of("connections", Corpus.file("ait-aecid__aecid-parsergenerator/audit.log").toString(),
                "--summary").ok();
        assertThat(summary).isEqualTo("1 unique outbound destination, 20 attempts, from 11 processes of 1 user, "
                + "between 2020-02-29T07:50:46.802Z and 2020-03-01T11:15:04.993Z\n");
        List<String> all = csv("ait-aecid__aecid-parsergenerator/audit.log").lines().skip(1).toList();
        assertThat(all).extracting(r -> r.split(",")[3] + " " + r.split(",")[4]).containsOnly(
                "10.18.255.254 53", "127.0.0.1 143", ":: 80");
        assertThat(all).hasSize(16).allSatisfy(r -> assertThat(r).contains(",unknown,").contains(",not-audited,"));
    }
}

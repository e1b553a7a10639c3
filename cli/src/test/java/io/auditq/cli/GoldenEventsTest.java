package io.auditq.cli;

import io.auditq.cli.command.CliRun;

import io.auditq.parser.testing.Corpus;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code auditq events --format jsonl} on the permissively licensed corpus files (Apache-2.0, MIT), compared
 * byte for byte with the committed goldens. GPL, LGPL, CC BY-NC-SA and Elastic-License files get no golden
 * copy in the repository; their facts are asserted in the parser's DecodingFactsTest instead.
 * Regenerate with {@code ./mvnw -pl cli test -Dtest=GoldenEventsTest -Dgolden.update=true}, then read the diff.
 */
class GoldenEventsTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/events");

    /** Apache-2.0 (go-libaudit, beats OSS module) and MIT (crowdsec hub), per the corpus README. */
    private static final List<String> PERMISSIVE = List.of(
            "crowdsecurity__hub/auditd-logs.log",
            "crowdsecurity__hub/auditd-suid-crash.log",
            "elastic__beats/audit-cent7-node.log",
            "elastic__beats/auditlogin.log",
            "elastic__beats/centos7.log",
            "elastic__beats/chown.log",
            "elastic__beats/execve-hex-arg.log",
            "elastic__beats/passwd.log",
            "elastic__beats/setuid.log",
            "elastic__beats/sudo.log",
            "elastic__beats/test.log",
            "elastic__beats/userlogin.log",
            "elastic__go-libaudit/audit-rhel6.log",
            "elastic__go-libaudit/audit-rhel7.log",
            "elastic__go-libaudit/audit-ubuntu14.log",
            "elastic__go-libaudit/audit-ubuntu16.log",
            "elastic__go-libaudit/audit-ubuntu17.log",
            "elastic__go-libaudit/lost_messages.log",
            "elastic__go-libaudit/normal.log",
            "elastic__go-libaudit/out_of_order.log",
            "elastic__go-libaudit/rollover.log",
            "elastic__go-libaudit/test2.log",
            "elastic__go-libaudit/test3.log");

    @TestFactory
    Stream<DynamicTest> eventsJsonlMatchesTheGolden() {
        Path root = Corpus.require();
        boolean update = Boolean.getBoolean("golden.update");
        return PERMISSIVE.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            Path input = Corpus.file(name);
            String out = run("events", "--format", "jsonl", input.toString())
                    // origin names the file as given: make it the corpus name, whatever the checkout's path
                    .replace(root.toString() + "/", "");
            assertThat(out).doesNotContain(root.toString());
            Path golden = GOLDEN.resolve(name.replace("/", "__") + ".jsonl");
            if (update) {
                Files.createDirectories(GOLDEN);
                Files.writeString(golden, out, StandardCharsets.UTF_8);
            }
            assertThat(golden).as("golden missing; run with -Dgolden.update=true and review it").exists();
            assertThat(out).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
        }));
    }

    /** Runs the CLI in-process and returns what it wrote to stdout. */
    static String run(String... args) throws IOException {
        CliRun r = CliRun.of(args);
        assertThat(r.code()).as("exit code; stderr: " + r.err()).isZero();
        return r.out();
    }
}

package io.auditq.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The launcher's AOT training run: command lines split on ";", stdout discarded, failures counted and named. */
class AotTrainingTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int train(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            int failed = AotTraining.run(args);
            assertThat(System.out).as("stdout restored").isSameAs(o);
            return failed;
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void runsEveryCommandLineAndPrintsNothingOnStdout() {
        Path raw = Path.of(System.getProperty("auditq.root", ".."), "samples", "incident-1", "raw");
        assumeTrue(Files.isDirectory(raw), "samples/incident-1/raw not found");
        int failed = train(";", "--version", ";", "connections", raw.toString(), "--format", "csv", ";", ";",
                "exec", raw.toString(), "--format", "json");
        assertThat(failed).isZero();
        assertThat(out.size()).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unique outbound destinations")
                .doesNotContain("auditq training:");
    }

    @Test
    void countsAndNamesTheCommandsThatFailed() {
        int failed = train("--version", ";", "connections", "--no-such-option", ";", "exec", "/nonexistent/audit.log");
        assertThat(failed).isEqualTo(2);
        assertThat(out.size()).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("auditq training: exit code 2 from: auditq connections --no-such-option")
                .contains("auditq training: exit code 3 from: auditq exec /nonexistent/audit.log");
    }
}

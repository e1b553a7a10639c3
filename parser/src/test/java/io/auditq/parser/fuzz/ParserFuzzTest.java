package io.auditq.parser.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Jazzer fuzz targets for everything that reads attacker-controlled bytes. In {@code ./mvnw verify} each runs
 * its seeds ({@code src/test/resources/io/auditq/parser/fuzz/ParserFuzzTestInputs/<method>/}) as regression
 * tests; with {@code JAZZER_FUZZ=1} and {@code -Dtest=ParserFuzzTest#<method>} it fuzzes for maxDuration
 * (.ci/run does that briefly; docs/hardening.md shows a long session). Invariants live in {@link FuzzTargets}.
 */
class ParserFuzzTest {
    /** Per target in CI; a long session by hand overrides it (docs/hardening.md). */
    private static final String CI_DURATION = "6s";

    private static Path scratch;

    @FuzzTest(maxDuration = CI_DURATION)
    void lineParser(byte[] input) {
        FuzzTargets.lineParser(input, FuzzTargets.SMALL_MAX_LINE);
    }

    @FuzzTest(maxDuration = CI_DURATION)
    void hex(byte[] input) {
        FuzzTargets.hex(input);
    }

    @FuzzTest(maxDuration = CI_DURATION)
    void sockaddr(byte[] input) {
        FuzzTargets.sockaddr(input);
    }

    @FuzzTest(maxDuration = CI_DURATION)
    void execve(byte[] input) {
        FuzzTargets.execve(input);
    }

    @FuzzTest(maxDuration = CI_DURATION)
    void wholeReader(FuzzedDataProvider data) {
        int capacity = data.consumeInt(1, 64);
        FuzzTargets.wholeReader(scratch(), data.consumeRemainingAsBytes(), capacity);
    }

    /** One scratch file reused by every run: the reader is fuzzed through a real path, gzip sniffing included. */
    private static synchronized Path scratch() {
        if (scratch == null) {
            try {
                scratch = Files.createTempFile("auditq-fuzz", ".log");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            scratch.toFile().deleteOnExit();
        }
        return scratch;
    }
}

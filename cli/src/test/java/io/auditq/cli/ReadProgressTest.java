package io.auditq.cli;

import io.auditq.parser.input.LogSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The progress line: what it says, how often it is drawn (on a fake clock), and that it is erased at the end. */
class ReadProgressTest {
    @TempDir
    Path tmp;

    @Test
    void drawsAtMostFourTimesASecondAndErasesItselfAtTheEnd() throws IOException {
        Path log = tmp.resolve("audit.log");
        Files.write(log, new byte[10_000_000]);
        LogSource a = new LogSource("audit.log.1", tmp.resolve("nope"), 0);
        LogSource b = new LogSource(log.toString(), log, 1);
        long[] clock = {0};
        StringBuilder screen = new StringBuilder();
        ReadProgress p = new ReadProgress(List.of(a, b), screen, () -> clock[0], 100);
        byte[] buf = new byte[1_000_000];
        try (InputStream in = p.watch(b, Files.newInputStream(log))) {
            // 10 reads of 1 MB, 0.1 s apart: the first line after 0.5 s, then every 0.25 s
            while (in.read(buf) > 0) {
                clock[0] += 100_000_000L;
            }
        }
        List<String> drawn = List.of(screen.toString().split("\r"));
        assertThat(drawn.getFirst()).isEmpty();
        assertThat(drawn.subList(1, drawn.size() - 1)).containsExactly(
                "auditq: reading " + log + " (2/2): 6.0 of 10.0 MB (60%), 12 MB/s\033[K",
                "auditq: reading " + log + " (2/2): 9.0 of 10.0 MB (90%), 11 MB/s\033[K");
        assertThat(drawn.getLast()).isEqualTo("\033[K");
    }

    @Test
    void aShortReadDrawsNothingAndUnknownSizesShowBytesOnly() throws IOException {
        LogSource stdin = LogSource.stdin(0);
        StringBuilder screen = new StringBuilder();
        long[] clock = {0};
        ReadProgress p = new ReadProgress(List.of(stdin), screen, () -> clock[0], 100);
        try (InputStream in = p.watch(stdin, new ByteArrayInputStream(new byte[4096]))) {
            in.readAllBytes();
        }
        assertThat(screen).isEmpty();
        assertThat(p.line(stdin, 2_500_000, -1, 1_000_000_000L)).isEqualTo("auditq: reading -: 2.5 MB, 3 MB/s");
        assertThat(p.line(stdin, 2_500_000, -1, 1_000_000_000L).length()).isLessThan(100);
        assertThat(new ReadProgress(List.of(stdin), screen, () -> 0, 20).line(stdin, 1, -1, 1)).hasSize(19);
    }

    @Test
    void testsAndPipesAreNotTerminals() {
        // surefire redirects the forked JVM's stderr: never a terminal here, so no test output carries progress
        assertThat(ReadProgress.stderrIsTerminal()).isFalse();
    }
}

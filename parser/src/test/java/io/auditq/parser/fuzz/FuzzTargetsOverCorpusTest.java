package io.auditq.parser.fuzz;

import io.auditq.parser.testing.Corpus;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The fuzz targets' invariants over every raw log of the shared corpus, read in place (most of it may not be
 * copied into the repository as seeds): the real-world part of the seed corpus, run in every {@code verify}.
 */
class FuzzTargetsOverCorpusTest {
    @TempDir
    Path scratch;

    @TestFactory
    Stream<DynamicTest> everyCorpusLogKeepsTheFuzzInvariants() {
        return Corpus.rawLogs().stream().map(p -> DynamicTest.dynamicTest(Corpus.name(p), () -> {
            byte[] content = Files.readAllBytes(p);
            FuzzTargets.lineParser(content, FuzzTargets.SMALL_MAX_LINE);
            FuzzTargets.lineParser(content, io.auditq.parser.input.LineReader.DEFAULT_MAX_LINE);
            FuzzTargets.wholeReader(scratch.resolve("log"), content, 16);
            for (String line : new String(content, java.nio.charset.StandardCharsets.ISO_8859_1).split("\n")) {
                int body = line.indexOf("): ");
                if (line.contains("type=EXECVE") && body > 0) {
                    FuzzTargets.execve(line.substring(body + 3).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                }
                int saddr = line.indexOf("saddr=");
                if (saddr > 0) {
                    String hex = line.substring(saddr + 6).split("[ \u001d]")[0];
                    byte[] b = io.auditq.parser.record.Hex.decode(hex);
                    if (b != null) {
                        FuzzTargets.sockaddr(b);
                    }
                }
            }
        }));
    }
}

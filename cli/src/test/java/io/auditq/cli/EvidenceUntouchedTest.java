package io.auditq.cli;

import io.auditq.parser.testing.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Evidence is opened read-only and nothing is written beside it: after {@code events} and {@code malformed} on a
 * copy of a log (and its gzip rotation), the directory holds the same files, with the same sizes, modes, owners,
 * mtimes and content. Only atime may move (reading is reading).
 */
class EvidenceUntouchedTest {
    @TempDir
    Path dir;

    record Entry(long size, long mtimeNanos, String mode, String owner, int hash) {
    }

    @Test
    void eventsAndMalformedLeaveTheEvidenceDirectoryExactlyAsItWas() throws Exception {
        Path evidence = Files.createDirectory(dir.resolve("var-log-audit"));
        Files.copy(Corpus.file("elastic__go-libaudit/audit-rhel7.log"), evidence.resolve("audit.log"));
        Files.copy(Corpus.file("elastic__beats/sudo.log"), evidence.resolve("audit.log.1"));
        HostileInputTest.run("events", "--help"); // warm up: nothing below may depend on first-use side effects
        Map<String, Entry> before = listing(evidence);
        // a second, later mtime granularity tick would show any write
        Thread.sleep(20);

        assertThat(HostileInputTest.run("events", evidence.toString()).code()).isEqualTo(ExitCode.OK);
        assertThat(HostileInputTest.run("events", "--format", "table", evidence.resolve("audit.log").toString())
                .code()).isEqualTo(ExitCode.OK);
        assertThat(HostileInputTest.run("malformed", evidence.toString()).code()).isEqualTo(ExitCode.OK);

        assertThat(listing(evidence)).isEqualTo(before);
        assertThat(before).containsOnlyKeys("audit.log", "audit.log.1");
    }

    private static Map<String, Entry> listing(Path dir) throws IOException {
        Map<String, Entry> m = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                m.put(p.getFileName().toString(), new Entry(a.size(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS),
                        a.permissions().toString(), a.owner().getName(), java.util.Arrays.hashCode(Files.readAllBytes(p))));
            }
        }
        return m;
    }
}

package io.auditq.parser.input;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** What the responder names becomes sources in the order the evidence was written. */
class LogInputsTest {
    @TempDir
    Path dir;

    private Path log(String name, long firstSecond) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            sb.append("type=SYSCALL msg=audit(").append(firstSecond + i).append(".250:").append(firstSecond + i)
                    .append("): arch=c000003e syscall=42 success=yes exit=0\n");
        }
        Path p = dir.resolve(name);
        if (name.endsWith(".gz")) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
                out.write(sb.toString().getBytes());
            }
        } else {
            Files.writeString(p, sb);
        }
        return p;
    }

    private static List<String> names(List<LogSource> sources) {
        return sources.stream().map(s -> s.path().getFileName().toString()).toList();
    }

    @Test
    void filesNamedOneByOneAreReadOldestFirst() throws IOException {
        // a shell's audit.log* order: the live file first, .10 before .2
        Path live = log("audit.log", 5000), one = log("audit.log.1", 4000), ten = log("audit.log.10.gz", 1000),
                two = log("audit.log.2", 3000);
        List<LogSource> s = LogInputs.expand(List.of(live.toString(), one.toString(), ten.toString(), two.toString()));
        assertThat(names(s)).containsExactly("audit.log.10.gz", "audit.log.2", "audit.log.1", "audit.log");
        assertThat(s).extracting(LogSource::ordinal).containsExactly(0, 1, 2, 3);
        assertThat(s.getFirst().name()).isEqualTo(ten.toString()); // the name as the responder gave it
    }

    @Test
    void theOrderGivenStandsWhenAFileHasNoRecordToDateIt() throws IOException {
        Path newer = log("b.log", 2000), older = log("a.log", 1000);
        Path empty = dir.resolve("empty.log");
        Files.writeString(empty, "not an audit record\n");
        assertThat(names(LogInputs.expand(List.of(newer.toString(), empty.toString(), older.toString()))))
                .containsExactly("b.log", "empty.log", "a.log");
        assertThat(names(LogInputs.expand(List.of(newer.toString(), older.toString()))))
                .containsExactly("a.log", "b.log");
    }

    @Test
    void aDirectoryKeepsItsRotationOrderAndIsNeverMixedWithFiles() throws IOException {
        Path rotations = Files.createDirectory(dir.resolve("var"));
        Path other = log("other.log", 1);
        dir = rotations;
        log("audit.log", 3000);
        log("audit.log.1", 2000);
        List<LogSource> s = LogInputs.expand(List.of(rotations.toString(), other.toString()));
        assertThat(names(s)).containsExactly("audit.log.1", "audit.log", "other.log");
    }

    @Test
    void theFirstTimeOfAPlainOrGzipFile() throws IOException {
        assertThat(LogEnds.first(log("x.log", 1700000000))).isEqualTo(1700000000250L);
        assertThat(LogEnds.first(log("y.log.gz", 1700000100))).isEqualTo(1700000100250L);
        assertThat(LogEnds.first(dir.resolve("missing"))).isNull();
    }
}

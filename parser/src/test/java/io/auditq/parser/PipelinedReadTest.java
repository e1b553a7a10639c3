package io.auditq.parser;

import io.auditq.parser.event.AuditEvent;
import io.auditq.parser.input.LogSource;
import io.auditq.parser.record.AuditRecord;
import io.auditq.parser.testing.Corpus;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The two-thread read ({@link AuditLogReader#pipelined}) is the one-thread read on two threads: the same events,
 * malformed lines and source ends, in the same order, the same counts; and it stops cleanly on errors either side.
 */
class PipelinedReadTest {
    /** Everything a read tells its caller, in the order it tells it. */
    private static List<String> transcript(AuditLogReader reader, boolean pipelined) {
        List<String> out = new ArrayList<>();
        reader.pipelined(pipelined).opener(new AuditLogReader.SourceOpener() {
            @Override
            public AuditLogReader.Opened open(LogSource source) throws IOException {
                return new AuditLogReader.Opened(Files.newInputStream(source.path()), 0);
            }

            @Override
            public void finished(LogSource source, long lines, IOException error) {
                out.add("end " + source.name() + " " + lines + " " + error);
            }
        });
        AuditLogReader.Summary s = reader.read(e -> out.add(describe(e)), m -> out.add("malformed " + m));
        out.add("summary " + s.stats() + " " + s.events() + " " + s.eventFragments() + " " + s.readErrors()
                + " " + s.firstMalformations());
        return out;
    }

    private static String describe(AuditEvent e) {
        StringBuilder sb = new StringBuilder("event ").append(e.key()).append(' ').append(e.complete());
        for (AuditRecord r : e.records()) {
            sb.append(" | ").append(r.source().name()).append(':').append(r.line()).append(' ').append(r.typeName())
                    .append(' ').append(r.fieldCount());
        }
        return sb.toString();
    }

    @TestFactory
    Stream<DynamicTest> corpusLogsReadAlikeOnOneThreadAndTwo() {
        Corpus.require();
        return Corpus.rawLogs().stream().map(p -> DynamicTest.dynamicTest(Corpus.name(p), () -> {
            List<String> one = transcript(AuditLogReader.of(List.of(p.toString())), false);
            List<String> two = transcript(AuditLogReader.of(List.of(p.toString())), true);
            assertThat(two).hasSizeGreaterThan(1).isEqualTo(one);
        }));
    }

    @Test
    void garbageBetweenRotationsReadsAlike(@TempDir Path dir) throws IOException {
        // several sources, events cut at a rotation, malformed lines and random bytes: more than a batch of each
        Random random = new Random(42);
        StringBuilder a = new StringBuilder(), b = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            StringBuilder to = i < 1500 ? a : b;
            to.append("type=SYSCALL msg=audit(1700000000.").append(String.format("%03d", i % 1000)).append(':')
                    .append(i).append("): arch=c000003e syscall=42 success=yes exit=0 pid=").append(i).append('\n');
            if (i % 7 == 0) {
                to.append("garbage line ").append(i).append('\n');
            }
            to.append("type=SOCKADDR msg=audit(1700000000.").append(String.format("%03d", i % 1000)).append(':')
                    .append(i).append("): saddr=02000050C0A80001\n");
        }
        byte[] noise = new byte[5000];
        random.nextBytes(noise);
        Files.writeString(dir.resolve("audit.log.1"), a);
        Files.write(dir.resolve("audit.log"), (b + new String(noise, StandardCharsets.ISO_8859_1))
                .getBytes(StandardCharsets.ISO_8859_1));
        List<String> inputs = List.of(dir.resolve("audit.log.1").toString(), dir.resolve("audit.log").toString());
        List<String> one = transcript(AuditLogReader.of(inputs), false);
        assertThat(one.stream().filter(s -> s.startsWith("malformed"))).hasSizeGreaterThan(400);
        assertThat(one.stream().filter(s -> s.startsWith("event"))).hasSize(3000);
        assertThat(transcript(AuditLogReader.of(inputs), true)).isEqualTo(one);
    }

    @Test
    void strictStopsAtTheSameLineAndTheReadingThreadEnds(@TempDir Path dir) throws IOException {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            log.append("type=SYSCALL msg=audit(1700000000.000:").append(i).append("): syscall=42 pid=1\n");
        }
        log.insert(log.indexOf("\n", 100_000) + 1, "not a record\n");
        Path file = dir.resolve("audit.log");
        Files.writeString(file, log);
        for (boolean pipelined : new boolean[] {false, true}) {
            assertThatThrownBy(() -> AuditLogReader.of(List.of(file.toString())).strict(true).pipelined(pipelined)
                    .read(e -> { }, null))
                    .isInstanceOf(AuditLogReader.MalformedInputException.class)
                    .hasMessageContaining("audit.log:" + (log.substring(0, log.indexOf("not a record")).lines().count() + 1));
        }
        assertNoReadingThread();
    }

    @Test
    void aConsumersErrorStopsTheReadingThread(@TempDir Path dir) throws IOException {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            log.append("type=SYSCALL msg=audit(1700000").append(i / 1000).append(".000:").append(i)
                    .append("): syscall=42 pid=1\n");
        }
        Path file = dir.resolve("audit.log");
        Files.writeString(file, log);
        int[] seen = {0};
        assertThatThrownBy(() -> AuditLogReader.of(List.of(file.toString())).pipelined(true).read(e -> {
            if (++seen[0] == 100) {
                throw new IllegalStateException("consumer gives up");
            }
        }, null)).hasMessage("consumer gives up");
        assertNoReadingThread();
    }

    @Test
    void aReadingThreadsErrorReachesTheCaller() {
        LogSource source = new LogSource("boom", null, 1);
        AuditLogReader reader = new AuditLogReader(List.of(source)).pipelined(true).opener(s -> {
            throw new IllegalArgumentException("cannot open " + s.name());
        });
        assertThatThrownBy(() -> reader.read(e -> { }, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot open boom");
        AuditLogReader failing = new AuditLogReader(List.of(source)).pipelined(true).opener(s ->
                new AuditLogReader.Opened(new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("disk on fire");
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        throw new IOException("disk on fire");
                    }
                }, 0));
        assertThat(failing.read(e -> { }, null).readErrors()).containsExactly("boom: read error after line 0: disk on fire");
        assertNoReadingThread();
    }

    private static void assertNoReadingThread() {
        assertThat(Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("auditq-read")))
                .as("reading threads left running").isEmpty();
    }

    @Test
    void anEmptyInputReadsAlike() {
        AuditLogReader reader = new AuditLogReader(List.of(new LogSource("empty", null, 1)))
                .opener(s -> new AuditLogReader.Opened(new ByteArrayInputStream(new byte[0]), 0));
        assertThat(reader.pipelined(true).read(e -> { }, null).stats().lines).isZero();
    }
}

package io.auditq.parser.fuzz;

import io.auditq.parser.AuditLogReader;
import io.auditq.parser.input.LineReader;
import io.auditq.parser.input.LogSource;
import io.auditq.parser.normal.NormalizedEvent;
import io.auditq.parser.record.AuditRecord;
import io.auditq.parser.record.Malformation;
import io.auditq.parser.record.ParseStats;
import io.auditq.parser.record.RecordParser;
import io.auditq.parser.record.RecordSink;
import io.auditq.parser.testing.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * One named test per finding of the fuzzer or of the hostile-input review, with its input, so the fix stays fixed
 * (the raw crash files also stay in ParserFuzzTestInputs/ and run as seeds).
 */
class FuzzRegressionTest {

    /** Jazzer, lineParser: a snippet ending in escapes grew to 124 characters, past its documented 120. */
    @Test
    void malformedSnippetStaysWithinItsBoundWhenItEndsInEscapes() {
        byte[] line = new byte[700];
        Arrays.fill(line, (byte) 0xff);
        System.arraycopy("type=SYSCALL msg=au".getBytes(StandardCharsets.US_ASCII), 0, line, 0, 19);
        String s = Malformation.snippet(line, 0, line.length);
        assertThat(s).hasSizeLessThanOrEqualTo(Malformation.SNIPPET_MAX + 1).endsWith("\\xff…")
                .startsWith("type=SYSCALL msg=au\\xff");
        // and a line that fits exactly is not marked as cut
        byte[] exact = new byte[Malformation.SNIPPET_MAX];
        Arrays.fill(exact, (byte) 'a');
        assertThat(Malformation.snippet(exact, 0, exact.length)).hasSize(Malformation.SNIPPET_MAX).doesNotEndWith("…");
        FuzzTargets.lineParser(line, FuzzTargets.SMALL_MAX_LINE);
    }

    /**
     * Jazzer, wholeReader: a file with gzip's magic whose header is cut (flags announce a name that never ends)
     * threw "cannot open: null" out of the reader and ended the whole run; now it is that source's read error.
     */
    @Test
    void aGzipCutInsideItsHeaderIsAReadErrorAndTheNextSourceIsStillRead(@TempDir Path dir) throws IOException {
        Path cut = dir.resolve("audit.log.1");
        Files.write(cut, new byte[] {0x1f, (byte) 0x8b, 0x08, 0x75, 'u', 'n', 'k'});
        Path next = dir.resolve("audit.log");
        Files.writeString(next, "type=EOE msg=audit(1700000000.000:1): \n");
        AuditLogReader.Summary s = AuditLogReader.of(List.of(cut.toString(), next.toString())).read(e -> { }, null);
        assertThat(s.readErrors()).containsExactly(cut + ": truncated (compressed data ends early) after line 0; "
                + "lines before it were read");
        assertThat(s.stats().records).isEqualTo(1);
        FuzzTargets.wholeReader(dir.resolve("scratch"), Files.readAllBytes(cut), 16);
    }

    /**
     * Review of EXECVE reassembly: every {@code aN_len} without fragments reserved a buffer of min(len, 1 MiB), so
     * 14 bytes of {@code a0_len=99999999} cost a megabyte each: a few KB of log allocated gigabytes.
     */
    @Test
    void execveLengthsWithoutFragmentsDoNotReserveTheirClaimedSize() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            body.append("a").append(i).append("_len=99999999 ");
        }
        FuzzTargets.execve(body.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Review of EXECVE reassembly: each argument was looked up by a scan of every field of every record, so a 1 MB
     * line of 100,000 arguments took 10^10 comparisons. The timeout is a hang guard, not a speed target.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void execveWithAHundredThousandArgumentsIsReassembledWithoutAQuadraticScan() {
        StringBuilder body = new StringBuilder("argc=100000");
        for (int i = 0; i < 100_000; i++) {
            body.append(" a").append(i).append("=x");
        }
        FuzzTargets.execve(body.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** A 100 MB line costs the line cap, not the line: LineReader's allocation stays bounded. */
    @Test
    void aHundredMegabyteLineAllocatesOnlyTheCap() throws IOException {
        long size = 100L << 20;
        InputStream hundredMegabytes = new InputStream() {
            long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 'A' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                Arrays.fill(b, off, off + n, (byte) 'A');
                left -= n;
                return n;
            }
        };
        InputStream then = new java.io.ByteArrayInputStream("\nnext\n".getBytes(StandardCharsets.US_ASCII));
        long[] delivered = new long[3];
        long before = FuzzTargets.allocated();
        long lines = new LineReader().read(new LogSource("big", null, 0),
                new java.io.SequenceInputStream(hundredMegabytes, then), (src, n, buf, off, len, cut) -> {
                    delivered[(int) n - 1] = cut ? -len : len;
                });
        long used = FuzzTargets.allocated() - before;
        assertThat(lines).isEqualTo(2);
        assertThat(delivered[0]).isEqualTo(-LineReader.DEFAULT_MAX_LINE); // cut, at the cap
        assertThat(delivered[1]).isEqualTo(4);
        assertThat(used).isLessThan(4L * LineReader.DEFAULT_MAX_LINE);
    }

    /**
     * Hostile-input review: a cut line was reported as longer than the default 1 MiB whatever cap the reader had,
     * and a cap below the reader's 256 KiB buffer only cut lines longer than the buffer.
     */
    @Test
    void aCutLineIsCutAtAndNamesTheCapInEffect() throws IOException {
        int cap = 4096;
        String eoe = "type=EOE msg=audit(1700000000.000:1): ";
        String input = "A".repeat(cap + 1) + "\n" + "B".repeat(300_000) + "\n" + eoe + "x".repeat(cap - eoe.length())
                + "\n" + "C".repeat(cap + 1);
        List<Malformation> bad = new ArrayList<>();
        List<AuditRecord> records = new ArrayList<>();
        RecordParser parser = new RecordParser(RecordSink.of(records::add, bad::add), new ParseStats());
        long lines = new LineReader(cap).read(new LogSource("small-cap", null, 0),
                new ByteArrayInputStream(input.getBytes(StandardCharsets.US_ASCII)), parser);
        assertThat(lines).isEqualTo(4);
        assertThat(bad).extracting(Malformation::line, Malformation::reason).containsExactly(
                tuple(1L, "line longer than 4096 bytes, skipped"),
                tuple(2L, "line longer than 4096 bytes, skipped"),
                tuple(4L, "line longer than 4096 bytes, skipped"));
        // a line of exactly the cap is whole
        assertThat(records).singleElement().satisfies(r -> assertThat(r.line()).isEqualTo(3));
        FuzzTargets.lineParser(input.getBytes(StandardCharsets.US_ASCII), cap);
    }

    /**
     * Hostile-input review: hex with a stray quote ({@code comm=6C73"}) was shown as written, so a forged title
     * slipped past every rule on the decoded text while ausearch -i showed it decoded. Now it is decoded as
     * ausearch decodes it, and the event says the line is damaged.
     */
    @Test
    void hexWithAStrayQuoteIsDecodedAndSaidToBeDamaged() {
        String log = """
                type=SYSCALL msg=audit(1700000000.000:20): arch=c000003e syscall=59 success=yes exit=0 a0=0 a1=0 \
                a2=0 a3=0 items=0 ppid=1 pid=2 auid=0 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 \
                tty=(none) ses=1 comm=6C73" exe="/usr/bin/ls" key=(null)
                type=EXECVE msg=audit(1700000000.000:20): argc=2 a0="ls" a1=2D6C"
                type=PROCTITLE msg=audit(1700000000.000:20): proctitle=6C73002D6C"
                type=SYSCALL msg=audit(1700000000.000:21): arch=c000003e syscall=59 success=yes exit=0 a0=0 a1=0 \
                a2=0 a3=0 items=0 ppid=1 pid=2 auid=0 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 \
                tty=(none) ses=1 comm=6C7" exe=6C"73 key=(null)
                type=PROCTITLE msg=audit(1700000000.000:21): proctitle="6C73"
                type=EXECVE msg=audit(1700000000.000:22): argc=7 a0=61" a1=62" a2=63" a3=64" a4=65" a5=66" a6=67"
                """;
        Corpus.Parsed r = Corpus.parse(log.getBytes(StandardCharsets.US_ASCII), "stray-quote");
        NormalizedEvent e = r.serial(20);
        assertThat(e.comm()).isEqualTo("ls");
        assertThat(e.argv()).containsExactly("ls", "-l");
        assertThat(e.proctitle()).isEqualTo("ls -l");
        assertThat(e.problems()).containsExactly("stray '\"' after hex in comm, a1, proctitle: decoded without it, "
                + "as ausearch -i does; the kernel never writes this, so the line was damaged or altered");
        // odd hex before the quote, a quote inside, a properly quoted literal: kept as written, nothing to say
        NormalizedEvent kept = r.serial(21);
        assertThat(kept.comm()).isEqualTo("6C7\"");
        assertThat(kept.exe()).isEqualTo("6C\"73");
        assertThat(kept.proctitle()).isEqualTo("6C73");
        assertThat(kept.problems()).isEmpty();
        // many fields: five named, the rest counted; an EXECVE without its SYSCALL is listed once
        NormalizedEvent many = r.serial(22);
        assertThat(many.argv()).containsExactly("a", "b", "c", "d", "e", "f", "g");
        assertThat(many.problems()).containsExactly("stray '\"' after hex in a0, a1, a2, a3, a4 and 2 more: decoded "
                + "without it, as ausearch -i does; the kernel never writes this, so the line was damaged or altered");
    }
}

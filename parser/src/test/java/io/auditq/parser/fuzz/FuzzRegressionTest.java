package io.auditq.parser.fuzz;

import io.auditq.parser.AuditLogReader;
import io.auditq.parser.input.LineReader;
import io.auditq.parser.input.LogSource;
import io.auditq.parser.record.Malformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

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
}

package io.auditq.parser.input;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without decoding them: a large reusable buffer, a scan for '\n',
 * and a hard cap on line length so a hostile 100 MB line costs bounded memory.
 */
public final class LineReader {
    /** Longest line kept whole; the kernel's own records are under 9 KiB, auditd's under 16 KiB. */
    public static final int DEFAULT_MAX_LINE = 1 << 20;
    private static final int CHUNK = 1 << 18;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private final int maxLine;

    public LineReader() {
        this(DEFAULT_MAX_LINE);
    }

    public LineReader(int maxLine) {
        this.maxLine = maxLine;
    }

    /** Reads to end of stream; returns the number of lines delivered. */
    public long read(LogSource source, InputStream in, LineSink sink) throws IOException {
        byte[] buf = new byte[Math.max(CHUNK, Math.min(maxLine, 1 << 22)) + 1];
        int start = 0;     // start of the current (unfinished) line in buf
        int end = 0;       // bytes valid in buf
        long lineNo = 0;
        boolean skipping = false; // inside an over-long line whose head was already delivered
        while (true) {
            if (end == buf.length) {
                if (start > 0) {
                    System.arraycopy(buf, start, buf, 0, end - start);
                    end -= start;
                    start = 0;
                } else if (buf.length <= maxLine) {
                    buf = Arrays.copyOf(buf, Math.min(buf.length * 2, maxLine + 1));
                }
                if (end == buf.length) {
                    // a line longer than maxLine: deliver its head once, then skip to its end
                    if (!skipping) {
                        sink.line(source, ++lineNo, buf, 0, maxLine, true);
                        skipping = true;
                    }
                    end = 0;
                }
            }
            int n = in.read(buf, end, buf.length - end);
            if (n < 0) {
                break;
            }
            int scan = end;
            end += n;
            for (int i = indexOf(buf, (byte) '\n', scan, end); i >= 0; i = indexOf(buf, (byte) '\n', start, end)) {
                if (skipping) {
                    skipping = false;
                } else {
                    int len = i - start;
                    if (len > 0 && buf[start + len - 1] == '\r') {
                        len--;
                    }
                    // the buffer is at least CHUNK long, so a cap below that is only met here
                    sink.line(source, ++lineNo, buf, start, Math.min(len, maxLine), len > maxLine);
                }
                start = i + 1;
            }
        }
        if (end > start && !skipping) {
            int len = end - start;
            if (buf[start + len - 1] == '\r') {
                len--;
            }
            sink.line(source, ++lineNo, buf, start, Math.min(len, maxLine), len > maxLine);
        }
        return lineNo;
    }

    /**
     * The first position of b in buf[from, to), or -1. Reads eight bytes at a time (SWAR): lines average
     * 200–250 bytes and this scan touches every byte of the log, so it is worth the bit tricks.
     */
    public static int indexOf(byte[] buf, byte b, int from, int to) {
        long pattern = ONES * (b & 0xff);
        int i = from;
        for (int last = to - Long.BYTES; i <= last; i += Long.BYTES) {
            long x = (long) LONGS.get(buf, i) ^ pattern;
            // a zero byte in x is a match; the lowest flagged byte is exact (borrows only run upwards)
            long found = (x - ONES) & ~x & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }
}

package io.auditq.parser.input;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without decoding them: a large reusable buffer, a scan for '\n',
 * and a hard cap on line length so a hostile 100 MB line costs bounded memory.
 */
public final class LineReader {
    /** Longest line kept whole; the kernel's own records are under 9 KiB, auditd's under 16 KiB. */
    public static final int DEFAULT_MAX_LINE = 1 << 20;
    private static final int CHUNK = 1 << 18;

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
                    sink.line(source, ++lineNo, buf, start, len, false);
                }
                start = i + 1;
            }
        }
        if (end > start && !skipping) {
            int len = end - start;
            if (buf[start + len - 1] == '\r') {
                len--;
            }
            sink.line(source, ++lineNo, buf, start, len, false);
        }
        return lineNo;
    }

    private static int indexOf(byte[] buf, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }
}

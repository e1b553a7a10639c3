package io.auditq.parser.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Where a log probably starts and ends, from a few of its bytes. The newest {@code msg=audit(} time in the last
 * bytes of each plain file: a question whose window counts back from the log's end (--now log-end) filters with
 * it while reading, and the full read then confirms it (records are nearly in time order, so the newest is almost
 * always in the newest file's tail). The oldest time in a file's first bytes: files named one by one are read
 * oldest first by it.
 */
public final class LogEnds {
    /** Bytes read from the end (or start) of each file. */
    static final int TAIL = 1 << 16;
    private static final byte[] MSG_AUDIT = "msg=audit(".getBytes(StandardCharsets.US_ASCII);

    private LogEnds() {
    }

    /** The oldest time (epoch ms) in the first bytes of a file, plain or gzip, or null when none is there. */
    public static Long first(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (InputStream in = LogInputs.open(new LogSource(file.toString(), file, 0))) {
            byte[] head = in.readNBytes(TAIL);
            return times(head, head.length, false);
        } catch (IOException | RuntimeException e) {
            return null; // a guess at the order only: the read itself reports what is wrong with the file
        }
    }

    /** The newest time (epoch ms) in the tails of the plain files, or null when none could be read. */
    public static Long newest(List<LogSource> sources) {
        Long newest = null;
        for (LogSource s : sources) {
            Long t = s.path() == null ? null : newest(s.path());
            if (t != null && (newest == null || t > newest)) {
                newest = t;
            }
        }
        return newest;
    }

    /**
     * The newest {@code msg=audit(} time (epoch ms) in the bytes of a plain log's tail (its last {@link #TAIL} bytes,
     * read from any file system), or null when none is there.
     */
    public static Long newestIn(byte[] tail, int len) {
        return times(tail, len, true);
    }

    /** How many bytes of a file's end {@link #newestIn} wants. */
    public static int tailBytes() {
        return TAIL;
    }

    static Long newest(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer head = ByteBuffer.allocate(2);
            ch.read(head, 0);
            if (head.position() == 2 && (head.get(0) & 0xff) == 0x1f && (head.get(1) & 0xff) == 0x8b) {
                return null; // gzip: its end cannot be read without the rest
            }
            int n = (int) Math.min(size, TAIL);
            ByteBuffer tail = ByteBuffer.allocate(n);
            long at = size - n;
            while (tail.hasRemaining()) {
                int r = ch.read(tail, at + tail.position());
                if (r < 0) {
                    break;
                }
            }
            return times(tail.array(), tail.position(), true);
        } catch (IOException | RuntimeException e) {
            return null; // an estimate only: the read itself reports what is wrong with the file
        }
    }

    /** The newest (or oldest) {@code msg=audit(SECONDS.FRACTION:} time in {@code buf[0, len)}, or null. */
    static Long times(byte[] buf, int len, boolean newestWanted) {
        Long found = null;
        outer:
        for (int i = 0; i + MSG_AUDIT.length < len; i++) {
            for (int k = 0; k < MSG_AUDIT.length; k++) {
                if (buf[i + k] != MSG_AUDIT[k]) {
                    continue outer;
                }
            }
            int p = i + MSG_AUDIT.length;
            long sec = 0;
            int ds = p;
            while (p < len && buf[p] >= '0' && buf[p] <= '9' && p - ds < 12) {
                sec = sec * 10 + (buf[p++] - '0');
            }
            if (p == ds || p >= len || buf[p] != '.') {
                continue;
            }
            p++;
            long ms = 0;
            int fs = p;
            while (p < len && buf[p] >= '0' && buf[p] <= '9') {
                if (p - fs < 3) {
                    ms = ms * 10 + (buf[p] - '0');
                }
                p++;
            }
            if (p == fs || p >= len || buf[p] != ':') {
                continue;
            }
            for (int d = p - fs; d < 3; d++) {
                ms *= 10;
            }
            long t = sec * 1000 + ms;
            if (found == null || (newestWanted ? t > found : t < found)) {
                found = t;
            }
        }
        return found;
    }
}

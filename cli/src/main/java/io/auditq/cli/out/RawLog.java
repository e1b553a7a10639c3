package io.auditq.cli.out;

import io.auditq.parser.record.RecordTypes;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Records written as auditd writes them with {@code log_format = RAW}: {@code type=NAME msg=audit(…): …}, one per
 * line, the kernel's bytes unchanged, so auditq and {@code ausearch -if} read the file like an audit.log.
 *
 * <p>Like auditd, EOE records are not written (they only end an event on the wire), and a file is rotated by
 * size: FILE becomes FILE.1, FILE.1 becomes FILE.2, …, keeping {@code numLogs} files in all; the oldest is
 * removed, and the removals are counted for the report. An existing FILE is appended to, never truncated.
 * New files are readable by their owner only: audit records hold command lines.
 */
public final class RawLog implements Closeable {
    private static final byte[] TYPE = "type=".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MSG = " msg=".getBytes(StandardCharsets.US_ASCII);

    private final Path file;
    private final long maxBytes;
    private final int numLogs;
    private OutputStream out;
    private long size;
    private long lines;
    private long endMarkers;
    private long rotations;
    private long removed;

    private RawLog(Path file, OutputStream out, long size, long maxBytes, int numLogs) {
        this.file = file;
        this.out = out;
        this.size = size;
        this.maxBytes = maxBytes;
        this.numLogs = numLogs;
    }

    /** Writes to a stream (stdout), never rotating. */
    public static RawLog to(OutputStream stream) {
        return new RawLog(null, new BufferedOutputStream(stream, 1 << 16), 0, 0, 0);
    }

    /**
     * Writes to FILE, appending; with {@code maxBytes > 0} rotates before a line would take FILE past it,
     * keeping {@code numLogs} (at least 2) files.
     */
    public static RawLog to(Path file, long maxBytes, int numLogs) throws IOException {
        if (maxBytes > 0 && numLogs < 2) {
            throw new IllegalArgumentException("rotation keeps at least 2 files");
        }
        return new RawLog(file, open(file), Files.exists(file) ? Files.size(file) : 0, maxBytes, numLogs);
    }

    private static OutputStream open(Path file) throws IOException {
        if (!Files.exists(file)) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
        }
        return new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.APPEND), 1 << 16);
    }

    /** Writes one record from its netlink type and payload ({@code audit(…): …}); EOE is skipped. */
    public void write(int type, byte[] payload, int off, int len) {
        if (type == RecordTypes.EOE) {
            endMarkers++;
            return;
        }
        String name = RecordTypes.name(type);
        byte[] typeName = (name != null ? name : "UNKNOWN[" + type + "]").getBytes(StandardCharsets.US_ASCII);
        long lineBytes = TYPE.length + typeName.length + MSG.length + len + 1L;
        try {
            if (maxBytes > 0 && size > 0 && size + lineBytes > maxBytes) {
                rotate();
            }
            out.write(TYPE);
            out.write(typeName);
            out.write(MSG);
            out.write(payload, off, len);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        size += lineBytes;
        lines++;
    }

    private void rotate() throws IOException {
        out.close();
        Path oldest = sibling(numLogs - 1);
        if (Files.deleteIfExists(oldest)) {
            removed++;
        }
        for (int i = numLogs - 2; i >= 1; i--) {
            Path from = sibling(i);
            if (Files.exists(from)) {
                Files.move(from, sibling(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, sibling(1), StandardCopyOption.REPLACE_EXISTING);
        out = open(file);
        size = 0;
        rotations++;
    }

    private Path sibling(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines written. */
    public long lines() {
        return lines;
    }

    /** EOE records left out. */
    public long endMarkers() {
        return endMarkers;
    }

    public long rotations() {
        return rotations;
    }

    /** Old rotated files removed to keep numLogs files. */
    public long removed() {
        return removed;
    }

    /** Where this log goes: the file, or null for a stream. */
    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            out.close();
        } else {
            out.flush(); // stdout stays open
        }
    }
}

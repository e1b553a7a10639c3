package io.auditq.parser.input;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * What the responder named as input, in read order: files oldest first (by their first record), a directory as
 * its audit.log with its rotations oldest first, {@code -} for stdin. Evidence is only ever opened for reading.
 */
public final class LogInputs {
    /** The default when nothing is named. */
    public static final String DEFAULT_DIR = "/var/log/audit";
    /** audit.log, audit.log.3, audit.log.3.gz, audit.log-20240101, audit.log-20240101.gz */
    private static final Pattern ROTATION =
            Pattern.compile("audit\\.log(?:\\.(\\d+)|-(\\d{8,14}))?(\\.gz)?");

    private LogInputs() {
    }

    public static List<LogSource> expand(List<String> args) {
        List<String> names = args == null || args.isEmpty() ? List.of(DEFAULT_DIR) : args;
        List<LogSource> out = new ArrayList<>();
        boolean filesOnly = true;
        for (String a : names) {
            filesOnly &= !a.equals("-") && Files.isRegularFile(Path.of(a));
            if (a.equals("-")) {
                out.add(LogSource.stdin(out.size()));
                continue;
            }
            Path p = Path.of(a);
            if (Files.isDirectory(p)) {
                List<Path> rotations = rotations(p);
                if (rotations.isEmpty()) {
                    throw new InputException(a + ": directory holds no audit.log or rotations of it (audit.log.N)");
                }
                for (Path r : rotations) {
                    out.add(new LogSource(r.toString(), r, out.size()));
                }
            } else if (Files.exists(p)) {
                String kind = notALog(p);
                if (kind != null) {
                    // /dev/zero has no newline and no end: reading it would never finish
                    throw new InputException(a + ": is " + kind + ", not a log; auditq reads files, directories, "
                            + "FIFOs and - (stdin)");
                }
                if (!Files.isReadable(p)) {
                    throw new InputException(a + ": permission denied (audit logs are root-readable; try sudo or a copy)");
                }
                out.add(new LogSource(a, p, out.size()));
            } else if (Files.isSymbolicLink(p)) {
                throw new InputException(a + ": symbolic link that leads nowhere (dangling, or a loop of links)");
            } else {
                throw new InputException(a + ": no such file or directory");
            }
        }
        return filesOnly ? oldestFirst(out) : out;
    }

    /**
     * Files named one by one, oldest first by the first record time in each (a shell's {@code audit.log*} gives
     * audit.log, audit.log.1, audit.log.10, audit.log.2 …): the fd and process tracking needs a process's socket()
     * and execve before its connect(). The order given stands when a file's first time cannot be read (stdin,
     * FIFOs and directories are never reordered); ties keep it too.
     */
    static List<LogSource> oldestFirst(List<LogSource> files) {
        if (files.size() < 2) {
            return files;
        }
        record Timed(LogSource source, long first) {
        }
        List<Timed> timed = new ArrayList<>();
        for (LogSource f : files) {
            Long t = LogEnds.first(f.path());
            if (t == null) {
                return files;
            }
            timed.add(new Timed(f, t));
        }
        timed.sort(Comparator.comparingLong(Timed::first)); // stable
        List<LogSource> out = new ArrayList<>();
        for (Timed t : timed) {
            out.add(new LogSource(t.source().name(), t.source().path(), out.size()));
        }
        return out;
    }

    /** A directory's audit logs in the order they were written: dated, then audit.log.N … .1, then audit.log. */
    static List<Path> rotations(Path dir) {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path f : ds) {
                if (!isRotation(f.getFileName().toString())) {
                    continue;
                }
                if (!Files.isRegularFile(f)) {
                    // never skipped silently: a log the responder expects to be read is not
                    throw new InputException(f + ": is " + (Files.isDirectory(f) ? "a directory"
                            : Files.exists(f) ? "not a regular file" : "a symbolic link that leads nowhere (dangling, "
                            + "or a loop of links)") + "; name the logs to read one by one");
                }
                found.add(f);
            }
        } catch (AccessDeniedException e) {
            throw new InputException(dir + ": permission denied (audit logs are root-readable; try sudo or a copy)");
        } catch (IOException e) {
            throw new InputException(dir + ": cannot list directory: " + e.getMessage(), e);
        }
        return inRotationOrder(found, p -> p.getFileName().toString());
    }

    /** True for a file name a directory of audit logs holds: audit.log and its rotations (.N, -DATE, .gz). */
    public static boolean isRotation(String fileName) {
        return ROTATION.matcher(fileName).matches();
    }

    /**
     * Audit logs of one directory (their names all pass {@link #isRotation}) in the order they were written: dated,
     * then audit.log.N … .1, then audit.log. The one definition of that order, for directories on any file system.
     */
    public static <T> List<T> inRotationOrder(List<T> files, java.util.function.Function<T, String> fileName) {
        record Rot<T>(T file, int group, long order) {
        }
        List<Rot<T>> found = new ArrayList<>();
        for (T f : files) {
            Matcher m = ROTATION.matcher(fileName.apply(f));
            if (!m.matches()) {
                throw new IllegalArgumentException(fileName.apply(f) + " is not an audit.log rotation");
            }
            if (m.group(2) != null) {
                found.add(new Rot<>(f, 0, Long.parseLong(m.group(2))));
            } else if (m.group(1) != null) {
                found.add(new Rot<>(f, 1, -Long.parseLong(m.group(1))));
            } else {
                found.add(new Rot<>(f, 2, 0));
            }
        }
        found.sort(Comparator.<Rot<T>>comparingInt(Rot::group).thenComparingLong(Rot::order));
        return found.stream().map(Rot::file).toList();
    }

    /** What kind of non-log a path is (a character device, a socket…), or null for a regular file or a FIFO. */
    static String notALog(Path p) {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(p, "unix:mode");
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return null; // no unix view: opening it will tell
        }
        return switch (mode & 0170000) {
            case 0100000, 0010000, 0040000 -> null; // regular file, FIFO, directory
            case 0020000 -> "a character device";
            case 0060000 -> "a block device";
            case 0140000 -> "a socket";
            default -> "not a regular file";
        };
    }

    /**
     * A regular file read to its end, which must be no shorter than the file was when opened: a log truncated or
     * rotated away while auditq reads it is reported, not silently read as shorter. Growth is fine: what is
     * there when the end is reached is read.
     */
    private static final class WholeFile extends java.io.FilterInputStream {
        private final long sizeAtOpen;
        private long read;

        private WholeFile(InputStream in, long sizeAtOpen) {
            super(in);
            this.sizeAtOpen = sizeAtOpen;
        }

        static InputStream open(Path path) throws IOException {
            InputStream in = Files.newInputStream(path, StandardOpenOption.READ);
            long size = Files.isRegularFile(path) ? Files.size(path) : 0;
            return size == 0 ? in : new WholeFile(in, size);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            return b < 0 ? end(b) : count(1, b);
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            return n < 0 ? end(n) : count(n, n);
        }

        @Override
        public long skip(long n) throws IOException {
            return count(in.skip(n));
        }

        private long count(long skipped) {
            read += skipped;
            return skipped;
        }

        private int count(int n, int result) {
            read += n;
            return result;
        }

        private int end(int eof) throws IOException {
            if (read < sizeAtOpen) {
                throw new IOException("the file shrank while being read (" + sizeAtOpen + " bytes when opened, it ended "
                        + "after " + read + "): it was truncated or rotated; read a copy");
            }
            return eof;
        }
    }

    /** Opens a source read-only, decompressing gzip when its first bytes say so, whatever its name. */
    public static InputStream open(LogSource source) {
        try {
            return content(source.path() == null ? System.in : WholeFile.open(source.path()));
        } catch (NoSuchFileException e) {
            throw new InputException(source.name() + ": no such file");
        } catch (AccessDeniedException e) {
            throw new InputException(source.name() + ": permission denied");
        } catch (IOException e) {
            throw new InputException(source.name() + ": cannot open: "
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e);
        }
    }

    /**
     * A log's text from its stored bytes, from any file system: decompressed when its first bytes say gzip, whatever
     * its name. A damaged gzip header becomes a read error on the first read, so other sources are still read.
     */
    public static InputStream content(InputStream stored) throws IOException {
        BufferedInputStream in = new BufferedInputStream(stored, 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        if (b1 == 0x1f && b2 == 0x8b) {
            try {
                return new GZIPInputStream(in, 1 << 16);
            } catch (IOException e) {
                // a cut or damaged gzip header is damage like any further in: this source's read error, on the
                // first read, so the other sources are still read
                return new Damaged(in, e);
            }
        }
        return in;
    }

    /** A source whose damage was found when it was opened: every read reports it. */
    private static final class Damaged extends java.io.FilterInputStream {
        private final IOException damage;

        Damaged(InputStream in, IOException damage) {
            super(in);
            this.damage = damage;
        }

        @Override
        public int read() throws IOException {
            throw damage;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            throw damage;
        }
    }
}

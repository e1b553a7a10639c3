package io.auditq.cli;

import io.auditq.parser.AuditLogReader;
import io.auditq.parser.input.LogSource;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The progress line on stderr while logs are read: which input, bytes read of its size, MB/s. Only when stderr
 * is a terminal (never in a pipe, a file or a test), at most 4 updates a second, nothing for a read shorter than
 * half a second, and erased when an input is done, so the answer printed after it starts on a clean line.
 */
public final class ReadProgress implements AuditLogReader.ReadWatcher {
    private static final long FIRST_NANOS = 500_000_000L;
    private static final long EVERY_NANOS = 250_000_000L;
    private static final double MB = 1_000_000.0;

    private final List<LogSource> sources;
    private final Appendable screen;
    private final LongSupplier nanos;
    private final int width;

    ReadProgress(List<LogSource> sources, Appendable screen, LongSupplier nanos, int width) {
        this.sources = sources;
        this.screen = screen;
        this.nanos = nanos;
        this.width = width;
    }

    /** Progress for reading {@code reader}'s sources, when stderr is a terminal and AUDITQ_PROGRESS is not 0. */
    public static AuditLogReader watch(AuditLogReader reader) {
        if ("0".equals(System.getenv("AUDITQ_PROGRESS")) || !stderrIsTerminal()) {
            return reader;
        }
        OutputStream fd2 = new FileOutputStream(FileDescriptor.err);
        Appendable screen = new Appendable() {
            @Override
            public Appendable append(CharSequence s) throws IOException {
                fd2.write(s.toString().getBytes(StandardCharsets.UTF_8));
                fd2.flush();
                return this;
            }

            @Override
            public Appendable append(CharSequence s, int start, int end) throws IOException {
                return append(s.subSequence(start, end));
            }

            @Override
            public Appendable append(char c) throws IOException {
                return append(String.valueOf(c));
            }
        };
        return reader.watch(new ReadProgress(reader.sources(), screen, System::nanoTime,
                io.auditq.cli.out.TablePrinter.terminalWidth()));
    }

    /** Linux: file descriptor 2 is a terminal when it links to a tty device. */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    @Override
    public InputStream watch(LogSource source, InputStream in) {
        long size = -1;
        if (source.path() != null && !source.name().endsWith(".gz")) {
            try {
                size = Files.size(source.path());
            } catch (IOException e) {
                size = -1; // no size: bytes read are shown without a total
            }
        }
        return new Counting(in, source, size);
    }

    /** The progress text for one moment: what a responder reads while waiting. */
    String line(LogSource source, long read, long size, long elapsedNanos) {
        int n = sources.indexOf(source);
        StringBuilder sb = new StringBuilder("auditq: reading ").append(source.name());
        if (sources.size() > 1 && n >= 0) {
            sb.append(" (").append(n + 1).append('/').append(sources.size()).append(')');
        }
        sb.append(": ").append(mb(read));
        if (size > 0 && read <= size) {
            sb.append(" of ").append(mb(size)).append(" MB (").append(read * 100 / size).append("%)");
        } else {
            sb.append(" MB");
        }
        double seconds = elapsedNanos / 1e9;
        if (seconds > 0) {
            sb.append(", ").append(String.format(Locale.ROOT, "%.0f", read / MB / seconds)).append(" MB/s");
        }
        String s = sb.toString();
        return s.length() >= width ? s.substring(0, Math.max(0, width - 1)) : s;
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / MB);
    }

    private void show(String text) {
        try {
            screen.append("\r" + text + "\033[K");
        } catch (IOException e) {
            // a progress line that cannot be drawn is not worth stopping the read for
        }
    }

    /** Counts the bytes that pass, and redraws the line now and then. */
    private final class Counting extends FilterInputStream {
        private final LogSource source;
        private final long size;
        private final long start = nanos.getAsLong();
        private long next = start + FIRST_NANOS;
        private long read;
        private boolean shown;

        Counting(InputStream in, LogSource source, long size) {
            super(in);
            this.source = source;
            this.size = size;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                advance(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                advance(n);
            }
            return n;
        }

        private void advance(long n) {
            read += n;
            long now = nanos.getAsLong();
            if (now - next >= 0) {
                next = now + EVERY_NANOS;
                shown = true;
                show(line(source, read, size, now - start));
            }
        }

        @Override
        public void close() throws IOException {
            if (shown) {
                try {
                    screen.append("\r\033[K");
                } catch (IOException ignored) {
                    // as above
                }
            }
            super.close();
        }
    }
}

package io.auditq.query.ask;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Items sorted with bounded memory: up to {@code limit} are held and sorted in memory; beyond that each full
 * batch is sorted and written to a temporary file (a run), and reading merges the runs. A log with ten million
 * distinct destinations sorts on disk instead of running out of heap. Iterable again and again until closed.
 */
final class SortedSpill<T> implements Iterable<T>, AutoCloseable {
    /** How an item is written to a run and read back. */
    interface Codec<T> {
        void write(DataOutput out, T item) throws IOException;

        T read(DataInput in) throws IOException;
    }

    private final Comparator<? super T> order;
    private final Codec<T> codec;
    private final int limit;
    private final List<T> held = new ArrayList<>();
    private final List<Path> runs = new ArrayList<>();
    private boolean sorted;
    private long size;
    private Path dir;

    SortedSpill(Comparator<? super T> order, Codec<T> codec, int limit) {
        this.order = order;
        this.codec = codec;
        this.limit = limit;
    }

    void add(T item) {
        held.add(item);
        size++;
        sorted = false;
        if (held.size() >= limit) {
            spill();
        }
    }

    long size() {
        return size;
    }

    /** True when some items went to disk. */
    boolean spilled() {
        return !runs.isEmpty();
    }

    /** The directory of the runs, when there are any. */
    Path directory() {
        return dir;
    }

    /** Writes what is held as a run now (a caller that keeps its own batch decides when). */
    void flush() {
        if (!held.isEmpty()) {
            spill();
        }
    }

    private void spill() {
        held.sort(order);
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("auditq-sort-");
                dir.toFile().deleteOnExit();
            }
            Path run = dir.resolve("run-" + runs.size());
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run),
                    1 << 16))) {
                for (T t : held) {
                    codec.write(out, t);
                }
            }
            run.toFile().deleteOnExit();
            runs.add(run);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a sort run to " + (dir == null ? "the temporary directory"
                    : dir) + ": " + e.getMessage(), e);
        }
        held.clear();
    }

    @Override
    public Iterator<T> iterator() {
        if (!sorted) {
            held.sort(order);
            sorted = true;
        }
        if (runs.isEmpty()) {
            return java.util.Collections.unmodifiableList(held).iterator();
        }
        List<Iterator<T>> sources = new ArrayList<>();
        sources.add(held.iterator());
        for (Path run : runs) {
            sources.add(new RunReader(run));
        }
        return new Merge(sources);
    }

    @Override
    public void close() {
        held.clear();
        for (Path run : runs) {
            try {
                Files.deleteIfExists(run);
            } catch (IOException ignored) {
                // a temporary file; deleteOnExit tries again
            }
        }
        runs.clear();
        if (dir != null) {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException ignored) {
                // as above
            }
        }
    }

    /** One run, read back in order. */
    private final class RunReader implements Iterator<T> {
        private final DataInputStream in;
        private T next;

        RunReader(Path run) {
            try {
                in = new DataInputStream(new BufferedInputStream(Files.newInputStream(run), 1 << 16));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the sort run " + run + ": " + e.getMessage(), e);
            }
            advance();
        }

        private void advance() {
            try {
                next = codec.read(in);
            } catch (EOFException e) {
                next = null;
                closeQuietly();
            } catch (IOException e) {
                closeQuietly();
                throw new UncheckedIOException("cannot read a sort run: " + e.getMessage(), e);
            }
        }

        private void closeQuietly() {
            try {
                in.close();
            } catch (IOException ignored) {
                // read to its end already
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public T next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            T t = next;
            advance();
            return t;
        }
    }

    /** The k-way merge of sorted sources; equal items come in source order, so the merge is stable. */
    private final class Merge implements Iterator<T> {
        private record Head<T>(T item, int source) {
        }

        private final List<Iterator<T>> sources;
        private final PriorityQueue<Head<T>> heads;

        Merge(List<Iterator<T>> sources) {
            this.sources = sources;
            Comparator<Head<T>> byItem = (a, b) -> order.compare(a.item(), b.item());
            this.heads = new PriorityQueue<>(Math.max(1, sources.size()),
                    byItem.thenComparingInt(Head::source));
            for (int i = 0; i < sources.size(); i++) {
                pull(i);
            }
        }

        private void pull(int i) {
            Iterator<T> s = sources.get(i);
            if (s.hasNext()) {
                heads.add(new Head<>(s.next(), i));
            }
        }

        @Override
        public boolean hasNext() {
            return !heads.isEmpty();
        }

        @Override
        public T next() {
            Head<T> h = heads.poll();
            if (h == null) {
                throw new NoSuchElementException();
            }
            pull(h.source());
            return h.item();
        }
    }

    // ---- helpers for codecs ----

    static void writeString(DataOutput out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    static void writeLong(DataOutput out, Long v) throws IOException {
        out.writeBoolean(v != null);
        if (v != null) {
            out.writeLong(v);
        }
    }

    static Long readLong(DataInput in) throws IOException {
        return in.readBoolean() ? in.readLong() : null;
    }
}

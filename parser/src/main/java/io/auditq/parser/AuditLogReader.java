package io.auditq.parser;

import io.auditq.parser.event.AuditEvent;
import io.auditq.parser.event.EventAssembler;
import io.auditq.parser.input.InputException;
import io.auditq.parser.input.LineReader;
import io.auditq.parser.input.LineSink;
import io.auditq.parser.input.LogInputs;
import io.auditq.parser.input.LogSource;
import io.auditq.parser.normal.LearnedNames;
import io.auditq.parser.normal.NameLearner;
import io.auditq.parser.record.AuditRecord;
import io.auditq.parser.record.Malformation;
import io.auditq.parser.record.ParseStats;
import io.auditq.parser.record.RecordGate;
import io.auditq.parser.record.RecordParser;
import io.auditq.parser.record.RecordSink;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Reads audit logs end to end, bytes → records → events, streaming: one pass, bounded memory.
 * Events spanning a rotation boundary are joined, because one assembler sees all sources in order.
 */
public final class AuditLogReader {
    private List<LogSource> sources;
    /** Where names learned from ENRICHED fields go while reading, or null. */
    private LearnedNames learning;
    /** Names learned by {@link #learnNamesFirst}, or null. */
    private LearnedNames learnedFirst;
    private Predicate<AuditRecord> recordFilter = r -> true;
    private RecordGate gate = RecordGate.ALL;
    private boolean strict;
    private long windowMillis = EventAssembler.DEFAULT_WINDOW_MILLIS;
    private int capacity = EventAssembler.DEFAULT_CAPACITY;
    private SourceOpener opener = WHOLE;
    private boolean pipelined;

    public AuditLogReader(List<LogSource> sources) {
        this.sources = sources;
    }

    public static AuditLogReader of(List<String> args) {
        return new AuditLogReader(LogInputs.expand(args));
    }

    public List<LogSource> sources() {
        return sources;
    }

    /** Keeps only records that pass (before grouping): lets a query push its record types down. */
    public AuditLogReader filter(Predicate<AuditRecord> keep) {
        this.recordFilter = keep;
        return this;
    }

    /**
     * Decides, before a record is built, whether it is wanted at all: a question that needs few records pushes its
     * record types, syscalls and time window down to here. Runs before {@link #filter}.
     */
    public AuditLogReader gate(RecordGate gate) {
        this.gate = gate;
        return this;
    }

    /**
     * How each source's bytes are obtained. The default reads every source whole; the case loader hashes the
     * evidence, skips a part the case already holds and numbers lines from where the rest starts.
     */
    public interface SourceOpener {
        /** The stream to read for this source, or null to skip the source. */
        Opened open(LogSource source) throws IOException;

        /** The source was read to its end, or to a read error (then {@code error} says which). */
        default void finished(LogSource source, long lines, IOException error) {
        }
    }

    /** A source's stream, and how many lines of the source come before its first byte (0: read from the start). */
    public record Opened(InputStream in, long linesBefore) {
    }

    private static final SourceOpener WHOLE = source -> new Opened(LogInputs.open(source), 0);

    /** Sees each source's bytes as they are read (auditq's progress line on a terminal); nothing by default. */
    public interface ReadWatcher {
        /** The stream to read instead of {@code in}: {@code in} itself, or a wrapper that passes its bytes through. */
        InputStream watch(LogSource source, InputStream in);
    }

    private ReadWatcher watcher = (source, in) -> in;

    public AuditLogReader watch(ReadWatcher watcher) {
        this.watcher = watcher;
        return this;
    }

    public AuditLogReader opener(SourceOpener opener) {
        this.opener = opener;
        return this;
    }

    /**
     * Reads, splits and parses the sources on a second thread while this one assembles and consumes the events
     * (on two cores, the one-shot connections question then takes ~1/4 less time). Only for a gate, filter,
     * opener and watcher that keep no state the event consumer reads while the pass runs: they run on the reading
     * thread. Malformed lines, the end of each source ({@link SourceOpener#finished}) and failures still reach the
     * caller's thread in input order, and an exception there stops the reading thread.
     */
    public AuditLogReader pipelined(boolean pipelined) {
        this.pipelined = pipelined;
        return this;
    }

    /**
     * Learns the names the log's ENRICHED fields give ids from every record read, wanted by the gate or not, into
     * {@code into}: for a question that names ids once the whole input is read (the case database, a tally).
     */
    public AuditLogReader learnNames(LearnedNames into) {
        this.learning = into;
        return this;
    }

    /**
     * Reads every source once for the names its ENRICHED fields give ids, before any event is read: what then
     * streams out names every record by what the whole input says, whatever the order of files and lines. Only lines
     * that may hold such a name are parsed ({@link NameLearner#mayName}), so on a RAW log this is a scan for one
     * byte. A source that cannot be read twice (stdin, a FIFO) is first copied to a private temporary file, deleted
     * at exit, and read from there. A source that cannot be read is left to the read itself to report.
     */
    public LearnedNames learnNamesFirst() {
        LearnedNames names = new LearnedNames();
        sources = NameLearner.learnFirst(sources, names);
        learnedFirst = names;
        return names;
    }

    /** Stop at the first malformed line, with {@link MalformedInputException}. */
    public AuditLogReader strict(boolean strict) {
        this.strict = strict;
        return this;
    }

    public AuditLogReader window(long windowMillis, int capacity) {
        this.windowMillis = windowMillis;
        this.capacity = capacity;
        return this;
    }

    /** Thrown in strict mode at the first malformed line. */
    public static final class MalformedInputException extends InputException {
        public final Malformation malformation;

        MalformedInputException(Malformation m) {
            super(m.where() + ": " + m.reason() + ": " + m.snippet());
            this.malformation = m;
        }
    }

    /**
     * What a read saw: line accounting, problems, and read errors that ended a source early.
     *
     * @param firstMalformations the first malformed lines, and key collisions ({@link Malformation#kept()})
     * @param collisions         records kept in an event that already held a different record of their type
     * @param names              the names learned from ENRICHED fields ({@link #learnNames}, {@link #learnNamesFirst}),
     *                           or null when none were learned
     */
    public record Summary(ParseStats stats, long events, long eventFragments, List<String> readErrors,
                          List<Malformation> firstMalformations, long collisions, LearnedNames names) {
    }

    /** How many malformed lines are kept for the report; all are counted. */
    public static final int MALFORMED_KEPT = 1000;

    public Summary read(Consumer<AuditEvent> events, Consumer<Malformation> problems) {
        ParseStats stats = new ParseStats();
        List<String> readErrors = new ArrayList<>();
        List<Malformation> kept = new ArrayList<>();
        Predicate<AuditRecord> keep = recordFilter;
        Consumer<Malformation> malformed = m -> {
            if (kept.size() < MALFORMED_KEPT) {
                kept.add(m);
            }
            if (problems != null) {
                problems.accept(m);
            }
            if (strict && !m.kept()) {
                throw new MalformedInputException(m);
            }
        };
        EventAssembler assembler;
        if (pipelined) {
            assembler = new Pipeline(events, malformed).run(stats, readErrors);
        } else {
            assembler = new EventAssembler(events, windowMillis, capacity).onCollision(malformed);
            readSources(RecordSink.of(record -> {
                if (keep.test(record)) {
                    assembler.accept(record);
                }
            }, malformed), stats, readErrors, opener::finished);
            assembler.finish();
        }
        return new Summary(stats, assembler.emitted(), assembler.fragments(), List.copyOf(readErrors),
                List.copyOf(kept), assembler.collisions(), learning != null ? learning : learnedFirst);
    }

    /** Where a source's end is reported: {@link SourceOpener#finished}, on the thread that consumes the events. */
    private interface SourceEnd {
        void finished(LogSource source, long lines, IOException error);
    }

    /** Every source, in order, line by line into {@code sink}. */
    private void readSources(RecordSink sink, ParseStats stats, List<String> readErrors, SourceEnd end) {
        RecordParser parser = new RecordParser(sink, stats, gate);
        if (learning != null) {
            parser.learning(new NameLearner(learning));
        }
        LineReader lines = new LineReader();
        for (LogSource source : sources) {
            long before = stats.lines;
            Opened opened;
            try {
                opened = opener.open(source);
            } catch (IOException e) {
                readErrors.add(source.name() + ": cannot open: " + e.getMessage());
                continue;
            }
            if (opened == null) {
                continue;
            }
            long base = opened.linesBefore();
            LineSink lineSink = base == 0 ? parser
                    : (src, n, buf, off, len, cut) -> parser.line(src, n + base, buf, off, len, cut);
            IOException failure = null;
            try (InputStream in = watcher.watch(source, opened.in())) {
                lines.read(source, in, lineSink);
            } catch (EOFException e) {
                failure = e;
                readErrors.add(source.name() + ": truncated (compressed data ends early) after line "
                        + (base + stats.lines - before) + "; lines before it were read");
            } catch (IOException e) {
                failure = e;
                readErrors.add(source.name() + ": read error after line " + (base + stats.lines - before) + ": "
                        + e.getMessage());
            }
            end.finished(source, stats.lines - before, failure);
        }
    }

    /**
     * The two-thread read: a reading thread parses and assembles events, and hands them over in batches with the
     * malformed lines and source ends, in the order the one-thread read delivers them; the caller's thread takes
     * the batches and consumes. The reading thread's errors are rethrown here; an error here (a consumer's
     * exception, --strict) stops it.
     */
    private final class Pipeline {
        private static final int BATCH = 256;
        private static final Object[] END = new Object[0];

        private record SourceDone(LogSource source, long lines, IOException error) {
        }

        private record Failure(Throwable error) {
        }

        /** The reading thread gives up once the caller's thread has stopped taking batches. */
        private static final class Stopped extends RuntimeException {
            Stopped() {
                super(null, null, false, false);
            }
        }

        private final BlockingQueue<Object[]> queue = new ArrayBlockingQueue<>(8);
        private final Consumer<AuditEvent> events;
        private final Consumer<Malformation> malformed;
        private volatile boolean stopped;
        private Object[] batch = new Object[BATCH];
        private int size;

        Pipeline(Consumer<AuditEvent> events, Consumer<Malformation> malformed) {
            this.events = events;
            this.malformed = malformed;
        }

        /** Reads everything; the assembler (its counts) is returned once the reading thread has ended. */
        EventAssembler run(ParseStats stats, List<String> readErrors) {
            Predicate<AuditRecord> keep = recordFilter;
            EventAssembler assembler = new EventAssembler(this::add, windowMillis, capacity).onCollision(this::add);
            Thread reading = Thread.ofPlatform().name("auditq-read").daemon().start(() -> {
                Object[] last = END;
                try {
                    readSources(RecordSink.of(record -> {
                        if (keep.test(record)) {
                            assembler.accept(record.indexed());
                        }
                    }, this::add), stats, readErrors,
                            (source, lines, error) -> add(new SourceDone(source, lines, error)));
                    assembler.finish();
                } catch (Stopped s) {
                    return;
                } catch (Throwable t) {
                    last = new Object[] {new Failure(t)};
                }
                try {
                    hand();
                    put(last);
                } catch (Stopped s) {
                    // the caller's thread has already stopped
                }
            });
            try {
                for (Object[] items = take(); items != END; items = take()) {
                    for (Object item : items) {
                        switch (item) {
                            case AuditEvent e -> events.accept(e);
                            case Malformation m -> malformed.accept(m);
                            case SourceDone d -> opener.finished(d.source(), d.lines(), d.error());
                            case Failure f -> rethrow(f.error());
                            default -> throw new IllegalStateException("unexpected " + item);
                        }
                    }
                }
            } finally {
                stopped = true;
                queue.clear(); // a reading thread blocked on a full queue sees `stopped` at once
                join(reading);
            }
            return assembler;
        }

        private void add(Object item) {
            batch[size++] = item;
            if (size == BATCH) {
                hand();
            }
        }

        private void hand() {
            if (size > 0) {
                put(size == BATCH ? batch : java.util.Arrays.copyOf(batch, size));
                batch = new Object[BATCH];
                size = 0;
            }
        }

        private void put(Object[] items) {
            if (stopped) {
                throw new Stopped();
            }
            try {
                while (!queue.offer(items, 100, TimeUnit.MILLISECONDS)) {
                    if (stopped) {
                        throw new Stopped();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stopped();
            }
        }

        private Object[] take() {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading", e);
            }
        }

        private static void join(Thread t) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void rethrow(Throwable t) {
            switch (t) {
                case RuntimeException r -> throw r;
                case Error e -> throw e;
                default -> throw new IllegalStateException(t);
            }
        }
    }
}

package io.auditq.parser;

import io.auditq.parser.event.AuditEvent;
import io.auditq.parser.event.EventAssembler;
import io.auditq.parser.input.InputException;
import io.auditq.parser.input.LineReader;
import io.auditq.parser.input.LineSink;
import io.auditq.parser.input.LogInputs;
import io.auditq.parser.input.LogSource;
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
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Reads audit logs end to end, bytes → records → events, streaming: one pass, bounded memory.
 * Events spanning a rotation boundary are joined, because one assembler sees all sources in order.
 */
public final class AuditLogReader {
    private final List<LogSource> sources;
    private Predicate<AuditRecord> recordFilter = r -> true;
    private RecordGate gate = RecordGate.ALL;
    private boolean strict;
    private long windowMillis = EventAssembler.DEFAULT_WINDOW_MILLIS;
    private int capacity = EventAssembler.DEFAULT_CAPACITY;
    private SourceOpener opener = WHOLE;

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

    /** What a read saw: line accounting, problems, and read errors that ended a source early. */
    public record Summary(ParseStats stats, long events, long eventFragments, List<String> readErrors,
                          List<Malformation> firstMalformations) {
    }

    /** How many malformed lines are kept for the report; all are counted. */
    public static final int MALFORMED_KEPT = 1000;

    public Summary read(Consumer<AuditEvent> events, Consumer<Malformation> problems) {
        ParseStats stats = new ParseStats();
        List<String> readErrors = new ArrayList<>();
        List<Malformation> kept = new ArrayList<>();
        EventAssembler assembler = new EventAssembler(events, windowMillis, capacity);
        Predicate<AuditRecord> keep = recordFilter;
        RecordParser parser = new RecordParser(new RecordSink() {
            @Override
            public void record(AuditRecord record) {
                if (keep.test(record)) {
                    assembler.accept(record);
                }
            }

            @Override
            public void malformed(Malformation m) {
                if (kept.size() < MALFORMED_KEPT) {
                    kept.add(m);
                }
                if (problems != null) {
                    problems.accept(m);
                }
                if (strict) {
                    throw new MalformedInputException(m);
                }
            }
        }, stats, gate);
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
            LineSink sink = base == 0 ? parser
                    : (src, n, buf, off, len, cut) -> parser.line(src, n + base, buf, off, len, cut);
            IOException failure = null;
            try (InputStream in = watcher.watch(source, opened.in())) {
                lines.read(source, in, sink);
            } catch (EOFException e) {
                failure = e;
                readErrors.add(source.name() + ": truncated (compressed data ends early) after line "
                        + (base + stats.lines - before) + "; lines before it were read");
            } catch (IOException e) {
                failure = e;
                readErrors.add(source.name() + ": read error after line " + (base + stats.lines - before) + ": "
                        + e.getMessage());
            }
            opener.finished(source, stats.lines - before, failure);
        }
        assembler.finish();
        return new Summary(stats, assembler.emitted(), assembler.fragments(), List.copyOf(readErrors),
                List.copyOf(kept));
    }
}

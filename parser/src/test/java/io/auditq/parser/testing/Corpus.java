package io.auditq.parser.testing;

import io.auditq.parser.event.AuditEvent;
import io.auditq.parser.event.EventAssembler;
import io.auditq.parser.input.LineReader;
import io.auditq.parser.input.LogSource;
import io.auditq.parser.normal.AccountNames;
import io.auditq.parser.normal.EventNormalizer;
import io.auditq.parser.normal.NormalizedEvent;
import io.auditq.parser.record.AuditRecord;
import io.auditq.parser.record.Malformation;
import io.auditq.parser.record.ParseStats;
import io.auditq.parser.record.RecordParser;
import io.auditq.parser.record.RecordSink;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The public audit-log corpus in {@code ${auditq.shared}/corpus/public}, read in place (several files are GPL or
 * non-commercial and must not be copied into the repository), and a one-call parse of any bytes for tests.
 */
public final class Corpus {
    private Corpus() {
    }

    /** The corpus directory, or empty when the shared tree is not next to this checkout. */
    public static Optional<Path> root() {
        String shared = System.getProperty("auditq.shared");
        if (shared == null || shared.isBlank()) {
            return Optional.empty();
        }
        Path p = Path.of(shared, "corpus", "public");
        return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
    }

    /** The corpus directory; the calling test is skipped (not failed) when it is absent. */
    public static Path require() {
        Optional<Path> r = root();
        assumeTrue(r.isPresent(), "public corpus not found: system property auditq.shared ("
                + System.getProperty("auditq.shared") + ") has no corpus/public");
        return r.get();
    }

    /** A corpus file by its {@code owner__repo/name}; skips when the corpus is absent. */
    public static Path file(String relative) {
        Path p = require().resolve(relative);
        assumeTrue(Files.isRegularFile(p), "corpus file missing: " + p);
        return p;
    }

    /** Every raw log in the corpus (YAML fixtures and the README excluded), sorted. */
    public static List<Path> rawLogs() {
        Path root = require();
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().endsWith(".yaml"))
                    .filter(p -> !p.getFileName().toString().equals("README.md"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Name of a corpus file as the README spells it: {@code owner__repo/file}. */
    public static String name(Path p) {
        return require().relativize(p).toString();
    }

    /** Everything one parse of some input produced. */
    public record Parsed(ParseStats stats, List<AuditRecord> records, List<Malformation> malformations,
                         List<AuditEvent> events, List<NormalizedEvent> normalized) {
        public List<NormalizedEvent> where(Predicate<NormalizedEvent> p) {
            return normalized.stream().filter(p).toList();
        }

        public NormalizedEvent serial(long serial) {
            List<NormalizedEvent> l = where(e -> e.serial() == serial);
            if (l.size() != 1) {
                throw new AssertionError("expected one event with serial " + serial + ", found " + l.size());
            }
            return l.getFirst();
        }
    }

    public static Parsed parse(Path file) {
        try {
            return parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Parsed parse(byte[] bytes, String name) {
        return parse(new ByteArrayInputStream(bytes), name, AccountNames.fromLogOnly());
    }

    /** Reads the stream to its end through LineReader, RecordParser and EventAssembler, then normalizes. */
    public static Parsed parse(InputStream in, String name, AccountNames names) {
        ParseStats stats = new ParseStats();
        List<AuditRecord> records = new ArrayList<>();
        List<Malformation> bad = new ArrayList<>();
        List<AuditEvent> events = new ArrayList<>();
        EventAssembler assembler = new EventAssembler(events::add);
        RecordParser parser = new RecordParser(RecordSink.of(record -> {
            records.add(record);
            assembler.accept(record);
        }, bad::add), stats);
        try {
            new LineReader().read(new LogSource(name, null, 0), in, parser);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assembler.finish();
        EventNormalizer n = new EventNormalizer(names);
        List<NormalizedEvent> normalized = events.stream().map(n::normalize).toList();
        return new Parsed(stats, List.copyOf(records), List.copyOf(bad), List.copyOf(events), normalized);
    }
}

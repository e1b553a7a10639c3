package io.auditq.bench;

import io.auditq.parser.AuditLogReader;
import io.auditq.parser.event.AuditEvent;
import io.auditq.parser.event.EventAssembler;
import io.auditq.parser.input.LineReader;
import io.auditq.parser.input.LogInputs;
import io.auditq.parser.input.LogSource;
import io.auditq.parser.record.AuditRecord;
import io.auditq.parser.record.ParseStats;
import io.auditq.parser.record.RecordParser;
import io.auditq.parser.record.RecordSink;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of each parser stage, single thread, in MB of audit.log per second (the {@code mb} counter; the
 * op rate is one pass over the input). Stages (a)–(c) run on an in-memory sample of the input so they measure
 * CPU alone; {@link #fullRead} reads the files themselves (page cache, gzip if any) through {@link AuditLogReader}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ParseBench {

    /** The log under test and the in-memory sample cut from it. */
    @State(Scope.Benchmark)
    public static class Input {
        /** A file or an audit log directory (rotations in order); empty: a synthetic sample, see {@link SampleLog}. */
        @Param({""})
        public String log;

        /** Size of the in-memory sample for the per-stage benchmarks, in MB (cut at a line end). */
        @Param({"128"})
        public int sampleMb;

        List<LogSource> sources;
        long totalBytes;
        byte[] sample;
        int[] lineStart;
        int[] lineLen;
        AuditRecord[] records;
        final LogSource sampleSource = new LogSource("sample", null, 0);
        private Path generated;

        @Setup(Level.Trial)
        public void load() throws IOException {
            String target = log;
            if (target == null || target.isBlank()) {
                generated = Files.createTempFile("auditq-bench", ".log");
                SampleLog.write(generated, 64L << 20);
                target = generated.toString();
            }
            sources = LogInputs.expand(List.of(target));
            sample = readSample(sources, (long) sampleMb << 20);
            totalBytes = 0;
            for (LogSource s : sources) {
                try (InputStream in = LogInputs.open(s)) {
                    totalBytes += in.transferTo(OutputStream.nullOutputStream());
                }
            }
            List<int[]> lines = new ArrayList<>();
            new LineReader().read(sampleSource, new ByteArrayInputStream(sample),
                    (src, no, buf, off, len, truncated) -> lines.add(new int[] {off, len}));
            // LineReader hands out offsets into its own buffer: recompute them against the sample itself
            lineStart = new int[lines.size()];
            lineLen = new int[lines.size()];
            int p = 0;
            for (int i = 0; i < lineStart.length; i++) {
                int e = p;
                while (e < sample.length && sample[e] != '\n') {
                    e++;
                }
                int len = e - p;
                if (len > 0 && sample[p + len - 1] == '\r') {
                    len--;
                }
                lineStart[i] = p;
                lineLen[i] = len;
                p = e + 1;
            }
            List<AuditRecord> recs = new ArrayList<>();
            RecordParser parser = new RecordParser(RecordSink.of(recs::add, malformation -> { }), new ParseStats());
            for (int i = 0; i < lineStart.length; i++) {
                parser.line(sampleSource, i + 1, sample, lineStart[i], lineLen[i], false);
            }
            records = recs.toArray(AuditRecord[]::new);
            System.out.printf("%n# input %s: %d bytes in %d source(s); sample %d bytes, %d lines, %d records%n",
                    target, totalBytes, sources.size(), sample.length, lineStart.length, records.length);
        }

        @TearDown(Level.Trial)
        public void clean() throws IOException {
            if (generated != null) {
                Files.deleteIfExists(generated);
            }
        }

        private static byte[] readSample(List<LogSource> sources, long limit) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit, 1 << 26));
            byte[] buf = new byte[1 << 16];
            for (LogSource s : sources) {
                try (InputStream in = LogInputs.open(s)) {
                    int n;
                    while (out.size() < limit && (n = in.read(buf)) > 0) {
                        out.write(buf, 0, n);
                    }
                }
                if (out.size() >= limit) {
                    break;
                }
            }
            byte[] all = out.toByteArray();
            int end = all.length;
            while (end > 0 && all[end - 1] != '\n') {
                end--;
            }
            return Arrays.copyOf(all, end == 0 ? all.length : end);
        }
    }

    /**
     * Megabytes (10^6 bytes) of input consumed; JMH reports it per wall-clock second. On a shared machine the
     * wall clock also measures the neighbours, so each iteration also prints MB per CPU-second of the benchmark
     * thread ({@code # cpu-mb/s}), which is what "per core" means.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Megabytes {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        public double mb;
        private long cpuStart;

        @Setup(Level.Iteration)
        public void reset() {
            mb = 0;
            cpuStart = THREADS.getCurrentThreadCpuTime();
        }

        @TearDown(Level.Iteration)
        public void report() {
            double cpu = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            System.out.printf("# cpu-mb/s %.1f (%.1f MB in %.2f CPU-s)%n", mb / cpu, mb, cpu);
        }
    }

    /** (a) bytes → lines. */
    @Benchmark
    public long lines(Input in, Megabytes m, Blackhole bh) throws IOException {
        long[] acc = new long[1];
        long n = new LineReader().read(in.sampleSource, new ByteArrayInputStream(in.sample),
                (src, no, buf, off, len, truncated) -> acc[0] += len);
        bh.consume(acc[0]);
        m.mb += in.sample.length / 1e6;
        return n;
    }

    /** (b) lines → records: the header parse and body copy, on lines already split. */
    @Benchmark
    public long records(Input in, Megabytes m, Blackhole bh) {
        ParseStats stats = new ParseStats();
        RecordParser parser = new RecordParser(RecordSink.of(bh::consume, bh::consume), stats);
        byte[] s = in.sample;
        int[] st = in.lineStart;
        int[] ln = in.lineLen;
        for (int i = 0; i < st.length; i++) {
            parser.line(in.sampleSource, i + 1, s, st[i], ln[i], false);
        }
        m.mb += s.length / 1e6;
        return stats.records;
    }

    /** (c) records → events: grouping by (node, time, serial) and the log-time window. */
    @Benchmark
    public long events(Input in, Megabytes m, Blackhole bh) {
        EventAssembler assembler = new EventAssembler(bh::consume);
        for (AuditRecord r : in.records) {
            assembler.accept(r);
        }
        assembler.finish();
        m.mb += in.sample.length / 1e6;
        return assembler.emitted();
    }

    /** (a)+(b)+(c) in-memory: the parse + group pipeline on the sample, no I/O. */
    @Benchmark
    public long parseAndGroup(Input in, Megabytes m, Blackhole bh) throws IOException {
        EventAssembler assembler = new EventAssembler(bh::consume);
        RecordParser parser = new RecordParser(RecordSink.of(assembler::accept, bh::consume), new ParseStats());
        new LineReader().read(in.sampleSource, new ByteArrayInputStream(in.sample), parser);
        assembler.finish();
        m.mb += in.sample.length / 1e6;
        return assembler.emitted();
    }

    /** (d) the whole input through {@link AuditLogReader#read}: files, lines, records, events. */
    @Benchmark
    public long fullRead(Input in, Megabytes m, Blackhole bh) {
        AuditLogReader.Summary s = new AuditLogReader(in.sources).read(bh::consume, null);
        m.mb += in.totalBytes / 1e6;
        return s.events();
    }
}

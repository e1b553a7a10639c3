package io.auditq.bench;

import com.sun.management.OperatingSystemMXBean;
import io.auditq.parser.AuditLogReader;
import io.auditq.parser.input.LogInputs;
import io.auditq.parser.input.LogSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * Full {@link AuditLogReader#read} passes timed by CPU as well as wall clock: on a machine shared with other
 * builds the wall clock measures the neighbours too, while MB per CPU-second of the reading thread (and of the
 * whole process, GC included) is what "per core" means.
 * usage: java -cp benchmarks.jar io.auditq.bench.ReadTimer INPUT [PASSES]
 */
public final class ReadTimer {
    private ReadTimer() {
    }

    public static void main(String[] args) throws IOException {
        List<LogSource> sources = LogInputs.expand(List.of(args[0]));
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        long bytes = 0;
        for (LogSource s : sources) {
            try (InputStream in = LogInputs.open(s)) {
                bytes += in.transferTo(OutputStream.nullOutputStream());
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double mb = bytes / 1e6;
        System.out.printf("input %s: %.1f MB in %d source(s)%n", args[0], mb, sources.size());
        for (int p = 1; p <= passes; p++) {
            long w0 = System.nanoTime(), t0 = threads.getCurrentThreadCpuTime(), c0 = os.getProcessCpuTime();
            long[] events = new long[1];
            AuditLogReader.Summary s = new AuditLogReader(sources).read(e -> events[0]++, null);
            long wall = System.nanoTime() - w0, thread = threads.getCurrentThreadCpuTime() - t0,
                    proc = os.getProcessCpuTime() - c0;
            System.out.printf("pass %d: %d events, %d lines; wall %.2f s = %.0f MB/s; reader thread CPU %.2f s = %.0f MB/s;"
                            + " process CPU %.2f s = %.0f MB/s%n", p, events[0], s.stats().lines, wall / 1e9, mb / (wall / 1e9),
                    thread / 1e9, mb / (thread / 1e9), proc / 1e9, mb / (proc / 1e9));
        }
    }
}

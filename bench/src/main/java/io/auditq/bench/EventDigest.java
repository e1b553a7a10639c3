package io.auditq.bench;

import io.auditq.parser.AuditLogReader;
import io.auditq.parser.event.AuditEvent;
import io.auditq.parser.record.AuditRecord;

import java.util.List;
import java.util.zip.CRC32C;

/**
 * Prints a fingerprint of everything the parser emits for the inputs (events in emitted order, their keys,
 * completeness, records with type, line and body, and the line accounting), so a performance change can be
 * checked to keep behaviour identical: run before and after, compare the lines.
 * usage: java -cp benchmarks.jar io.auditq.bench.EventDigest INPUT...
 */
public final class EventDigest {
    private EventDigest() {
    }

    public static void main(String[] args) {
        CRC32C crc = new CRC32C();
        boolean print = Boolean.getBoolean("auditq.digest.print"); // one line per event, to diff two builds
        long[] fields = new long[1];
        long t0 = System.nanoTime();
        AuditLogReader.Summary s = AuditLogReader.of(List.of(args)).read((AuditEvent e) -> {
            update(crc, String.valueOf(e.node()) + '|' + e.timeMillis() + '|' + e.serial() + '|' + e.complete());
            if (print) {
                System.out.println(e.key() + " complete=" + e.complete() + " " + e.records());
            }
            for (AuditRecord r : e.records()) {
                update(crc, r.typeName() + '|' + r.type() + '|' + r.source().ordinal() + ':' + r.line() + '|'
                        + r.node() + '|' + r.timeMillis() + ':' + r.serial());
                crc.update(r.body());
                fields[0] += r.fieldCount();
            }
        }, m -> update(crc, m.toString()));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("%s events=%d early=%d fields=%d crc=%08x errors=%s%n", s.stats(), s.events(),
                s.eventFragments(), fields[0], crc.getValue(), s.readErrors());
        System.err.printf("(%d ms)%n", ms);
    }

    private static void update(CRC32C crc, String s) {
        crc.update(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        crc.update('\n');
    }
}

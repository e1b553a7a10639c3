package io.auditq.cli;

import io.auditq.cli.out.Terminal;
import io.auditq.parser.AuditLogReader;
import io.auditq.parser.event.EventAssembler;
import io.auditq.parser.record.Malformation;

import java.io.PrintWriter;

/**
 * The stderr report after reading: what was malformed (with file:line), and sources that ended early. File names
 * and snippets come from the evidence, so every line goes through {@link Terminal#safe}.
 */
public final class ReadReport {
    private static final int SHOWN = 5;

    private ReadReport() {
    }

    public static void print(AuditLogReader.Summary s, PrintWriter err) {
        long bad = s.stats().malformed;
        if (bad > 0) {
            err.printf("auditq: %d malformed line%s skipped (of %d lines read)%n", bad, bad == 1 ? "" : "s",
                    s.stats().lines);
            int i = 0;
            for (Malformation m : s.firstMalformations()) {
                if (i++ == SHOWN) {
                    break;
                }
                err.println("  " + Terminal.safe(m.toString()));
            }
            if (bad > SHOWN) {
                err.printf("  … and %d more (auditq malformed INPUT lists them all; --strict stops at the first)%n",
                        bad - SHOWN);
            }
        }
        for (String e : s.readErrors()) {
            err.println("auditq: " + Terminal.safe(e));
        }
        if (s.eventFragments() > 0) {
            err.printf(java.util.Locale.ROOT, "auditq: %d event%s split: records arrived after their event had been closed (a log out of "
                    + "order by more than %d s, or more than %,d events in flight); each fragment says so in its "
                    + "problems%n", s.eventFragments(), s.eventFragments() == 1 ? " was" : "s were",
                    EventAssembler.DEFAULT_WINDOW_MILLIS / 1000, EventAssembler.DEFAULT_CAPACITY);
        }
        err.flush();
    }
}

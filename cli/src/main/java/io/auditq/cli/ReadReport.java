package io.auditq.cli;

import io.auditq.cli.out.Terminal;
import io.auditq.parser.AuditLogReader;
import io.auditq.parser.event.EventAssembler;
import io.auditq.parser.normal.LearnedNames;
import io.auditq.parser.record.Malformation;

import java.io.PrintWriter;
import java.util.List;

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
                if (m.kept()) {
                    continue;
                }
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
        collisions(s, err);
        names(s.names(), err);
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

    /** Records kept beside a different record of their type under one key: the event shows both, and says so. */
    private static void collisions(AuditLogReader.Summary s, PrintWriter err) {
        if (s.collisions() == 0) {
            return;
        }
        err.printf("auditq: %d record%s with the node, time and serial of a different record of the same type (a key "
                + "collision: two events logged under one key, or an altered log); kept, and the event says so%n",
                s.collisions(), s.collisions() == 1 ? "" : "s");
        int i = 0;
        for (Malformation m : s.firstMalformations()) {
            if (m.kept() && i++ < SHOWN) {
                err.println("  " + Terminal.safe(m.where() + ": " + m.snippet()));
            }
        }
    }

    /** Ids the log names two ways (never a silent choice), and names not kept past the bound. */
    private static void names(LearnedNames names, PrintWriter err) {
        if (names == null) {
            return;
        }
        List<LearnedNames.Conflict> conflicts = names.conflicts();
        int i = 0;
        for (LearnedNames.Conflict c : conflicts) {
            if (i++ == SHOWN) {
                err.printf("  … and %d more ids with more than one name%n", conflicts.size() - SHOWN);
                break;
            }
            err.println("auditq: note: " + Terminal.safe(c.sentence()
                    + "; records that do not name it themselves leave it unnamed"));
        }
        if (names.full()) {
            err.printf(java.util.Locale.ROOT, "auditq: note: the log's ENRICHED fields name more than %,d ids (or "
                    + "more than %d names for one id): the highest ids (the latest names) were not kept, and records "
                    + "that do not name them themselves leave them unnamed%n", LearnedNames.MAX_IDS,
                    LearnedNames.MAX_NAMES);
        }
    }

}

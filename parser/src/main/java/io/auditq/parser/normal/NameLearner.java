package io.auditq.parser.normal;

import io.auditq.parser.input.InputException;
import io.auditq.parser.input.LineReader;
import io.auditq.parser.input.LineSink;
import io.auditq.parser.input.LogInputs;
import io.auditq.parser.input.LogSource;
import io.auditq.parser.input.Spool;
import io.auditq.parser.record.AuditRecord;
import io.auditq.parser.record.ParseStats;
import io.auditq.parser.record.RecordParser;
import io.auditq.parser.record.RecordSink;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;


/**
 * Reads the names a record's ENRICHED fields give its ids ({@code UID="alice"} for {@code uid=1000},
 * {@code OUID="root"} for a PATH's {@code ouid=0}) into a {@link LearnedNames}. The reader calls it for every record
 * it reads, also those a question does not want, so what is learned does not depend on the question either.
 */
public final class NameLearner implements RecordParser.Learner {
    /** The ENRICHED keys that name ids, the id fields they name, and whether those are uids or gids (as ausearch). */
    private static final String[] NAMED = {"UID", "AUID", "EUID", "SUID", "FSUID", "OUID", "OLD-AUID", "GID", "EGID",
            "SGID", "FSGID", "OGID"};
    private static final String[] IDS = {"uid", "auid", "euid", "suid", "fsuid", "ouid", "old-auid", "gid", "egid",
            "sgid", "fsgid", "ogid"};
    private static final int FIRST_GROUP = 7;

    /**
     * What was last learned per key: records of a log repeat the same names, and a name already learned from an
     * earlier record (by log time and serial) teaches nothing new, so the table is not asked again.
     */
    private final String[] lastNode = new String[NAMED.length];
    private final long[] lastId = new long[NAMED.length];
    private final String[] lastName = new String[NAMED.length];
    private final long[] lastTime = new long[NAMED.length];
    private final long[] lastSerial = new long[NAMED.length];

    private final LearnedNames into;

    public NameLearner(LearnedNames into) {
        this.into = into;
    }

    /**
     * Reads every source once for the names its ENRICHED fields give ids, parsing only the lines that may hold one
     * ({@link #mayName}: on a RAW log a scan for one byte). Returns the sources to read from then on: the same
     * ones, except that a source that cannot be read twice (stdin, a FIFO) is copied to a private temporary file
     * first ({@link Spool}) and read from there. A source that cannot be read is left to the read itself to report.
     */
    public static List<LogSource> learnFirst(List<LogSource> sources, LearnedNames into) {
        RecordParser parser = new RecordParser(RecordSink.of(r -> { }, m -> { }), new ParseStats(),
                (src, type, node, t, serial, buf, from, to) -> false).learning(new NameLearner(into));
        LineSink candidates = (src, n, buf, off, len, cut) -> {
            if (!cut && mayName(buf, off, off + len)) {
                parser.line(src, n, buf, off, len, false);
            }
        };
        LineReader lines = new LineReader();
        List<LogSource> again = new ArrayList<>(sources.size());
        for (LogSource source : sources) {
            LogSource s = Spool.rereadable(source);
            again.add(s);
            try (InputStream in = LogInputs.open(s)) {
                lines.read(s, in, candidates);
            } catch (IOException | InputException e) {
                // the read proper meets the same failure and reports it where it belongs
            }
        }
        return List.copyOf(again);
    }

    public LearnedNames names() {
        return into;
    }

    /**
     * True when {@code buf[from, to)} may hold an ENRICHED id name: an upper-case key ending in {@code UID=} or
     * {@code GID=}. Cheap on RAW logs, where it runs for every line: it looks for the letter 'I', which neither
     * lower-case keys nor hex values contain.
     */
    @Override
    public boolean candidate(byte[] buf, int from, int to) {
        return mayName(buf, from, to);
    }

    /** {@link #candidate}, for a whole line before it is parsed. */
    public static boolean mayName(byte[] buf, int from, int to) {
        for (int i = LineReader.indexOf(buf, (byte) 'I', from + 1, to - 2); i >= 0;
             i = LineReader.indexOf(buf, (byte) 'I', i + 1, to - 2)) {
            byte before = buf[i - 1];
            if (buf[i + 1] == 'D' && buf[i + 2] == '=' && (before == 'U' || before == 'G')) {
                return true;
            }
        }
        return false;
    }

    /** Learns every id name the record's ENRICHED fields give. */
    @Override
    public void learn(AuditRecord r) {
        for (int f = 0, n = r.fieldCount(); f < n; f++) {
            if ((r.fieldKind(f) & AuditRecord.ENRICHED) == 0) {
                continue;
            }
            for (int k = 0; k < NAMED.length; k++) {
                if (r.fieldKeyIs(f, NAMED[k])) {
                    learn(r, f, k);
                    break;
                }
            }
        }
    }

    private void learn(AuditRecord r, int f, int k) {
        long id = r.decimal(IDS[k], Long.MIN_VALUE);
        if (id == Long.MIN_VALUE) {
            return;
        }
        String name = r.fieldRaw(f);
        long t = r.timeMillis(), serial = r.serial();
        if (id == lastId[k] && name.equals(lastName[k]) && java.util.Objects.equals(r.node(), lastNode[k])
                && (t > lastTime[k] || (t == lastTime[k] && serial > lastSerial[k]))) {
            return; // learned from an earlier record already
        }
        into.learn(r.node(), k < FIRST_GROUP ? LearnedNames.Kind.USER : LearnedNames.Kind.GROUP, id, name, t, serial,
                r.source(), r.line());
        lastNode[k] = r.node();
        lastId[k] = id;
        lastName[k] = name;
        lastTime[k] = t;
        lastSerial[k] = serial;
    }
}

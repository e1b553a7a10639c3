package io.auditq.parser.normal;

import io.auditq.parser.input.LineReader;
import io.auditq.parser.record.AuditRecord;
import io.auditq.parser.record.RecordParser;

import java.util.Locale;
import java.util.Map;

/**
 * Reads the names a record's ENRICHED fields give its ids ({@code UID="alice"} for {@code uid=1000},
 * {@code OUID="root"} for a PATH's {@code ouid=0}) into a {@link LearnedNames}. The reader calls it for every record
 * it reads, also those a question does not want, so what is learned does not depend on the question either.
 */
public final class NameLearner implements RecordParser.Learner {
    /** The id fields ENRICHED logs name, and whether each is a uid or a gid (as ausearch interprets them). */
    static final Map<String, LearnedNames.Kind> ID_FIELDS = Map.ofEntries(
            Map.entry("uid", LearnedNames.Kind.USER), Map.entry("auid", LearnedNames.Kind.USER),
            Map.entry("euid", LearnedNames.Kind.USER), Map.entry("suid", LearnedNames.Kind.USER),
            Map.entry("fsuid", LearnedNames.Kind.USER), Map.entry("ouid", LearnedNames.Kind.USER),
            Map.entry("old-auid", LearnedNames.Kind.USER), Map.entry("gid", LearnedNames.Kind.GROUP),
            Map.entry("egid", LearnedNames.Kind.GROUP), Map.entry("sgid", LearnedNames.Kind.GROUP),
            Map.entry("fsgid", LearnedNames.Kind.GROUP), Map.entry("ogid", LearnedNames.Kind.GROUP));

    private final LearnedNames into;

    public NameLearner(LearnedNames into) {
        this.into = into;
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
            String key = r.fieldKey(f);
            if (!key.endsWith("ID")) {
                continue;
            }
            String raw = key.toLowerCase(Locale.ROOT);
            LearnedNames.Kind kind = ID_FIELDS.get(raw);
            if (kind == null) {
                continue;
            }
            long id = r.decimal(raw, Long.MIN_VALUE);
            if (id != Long.MIN_VALUE) {
                into.learn(r.node(), kind, id, r.fieldRaw(f), r.timeMillis(), r.serial(), r.source(), r.line());
            }
        }
    }
}

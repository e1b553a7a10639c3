package io.auditq.query.schema;

import io.auditq.parser.input.LogSource;
import io.auditq.parser.normal.LearnedNames;
import org.jooq.DSLContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

import static io.auditq.query.schema.jooq.Tables.ACCOUNT_NAMES;
import static io.auditq.query.schema.jooq.Tables.META;
import static io.auditq.query.schema.jooq.Tables.SOURCES;

/**
 * The case's account_names table: the names its evidence's ENRICHED fields give ids, kept across ingests so that a
 * question names ids by all the evidence the case holds, whatever order it was ingested in.
 */
public final class CaseNames {
    /** meta row set when some ingest learned more names than {@link LearnedNames} keeps. */
    private static final String FULL = "account_names_full";

    private CaseNames() {
    }

    /** The table, with each name's first record as file:line (the source's name as ingested). */
    public static LearnedNames read(DSLContext dsl) {
        LearnedNames l = new LearnedNames();
        Map<Integer, LogSource> sources = new HashMap<>();
        for (var r : dsl.select(SOURCES.ID, SOURCES.NAME).from(SOURCES).fetch()) {
            sources.put(r.value1(), new LogSource(r.value2(), null, r.value1()));
        }
        for (var r : dsl.selectFrom(ACCOUNT_NAMES).fetch()) {
            LogSource src = sources.getOrDefault(r.getSourceId(), new LogSource("?", null, r.getSourceId()));
            l.learn(r.getNode().isEmpty() ? null : r.getNode(), kind(r.getKind()), r.getId(), r.getName(),
                    r.getTimeMs(), r.getSerial(), src, r.getLine());
        }
        if (dsl.fetchExists(dsl.selectFrom(META).where(META.NAME.eq(FULL)))) {
            l.markFull();
        }
        return l;
    }

    /**
     * Adds what a load learned (in the caller's transaction): a name new to the case gets a row; a name the case
     * has keeps the earlier of the two first records (by log time, serial, then source id and line).
     *
     * @param sourceId the case's id of a source this load read
     */
    public static void add(DSLContext dsl, LearnedNames learned, ToIntFunction<LogSource> sourceId) {
        for (Map.Entry<LearnedNames.Key, List<LearnedNames.Sighting>> e : learned.all().entrySet()) {
            LearnedNames.Key k = e.getKey();
            String node = k.node() == null ? "" : k.node();
            String kind = k.kind() == LearnedNames.Kind.GROUP ? "group" : "user";
            for (LearnedNames.Sighting s : e.getValue()) {
                int source = sourceId.applyAsInt(s.source());
                var row = dsl.selectFrom(ACCOUNT_NAMES).where(ACCOUNT_NAMES.NODE.eq(node))
                        .and(ACCOUNT_NAMES.KIND.eq(kind)).and(ACCOUNT_NAMES.ID.eq(k.id()))
                        .and(ACCOUNT_NAMES.NAME.eq(s.name())).fetchOne();
                if (row == null) {
                    dsl.insertInto(ACCOUNT_NAMES).set(ACCOUNT_NAMES.NODE, node).set(ACCOUNT_NAMES.KIND, kind)
                            .set(ACCOUNT_NAMES.ID, k.id()).set(ACCOUNT_NAMES.NAME, s.name())
                            .set(ACCOUNT_NAMES.TIME_MS, s.timeMillis()).set(ACCOUNT_NAMES.SERIAL, s.serial())
                            .set(ACCOUNT_NAMES.SOURCE_ID, source).set(ACCOUNT_NAMES.LINE, s.line()).execute();
                } else if (before(s.timeMillis(), s.serial(), source, s.line(), row.getTimeMs(), row.getSerial(),
                        row.getSourceId(), row.getLine())) {
                    row.setTimeMs(s.timeMillis());
                    row.setSerial(s.serial());
                    row.setSourceId(source);
                    row.setLine(s.line());
                    row.store();
                }
            }
        }
        if (learned.full() && !dsl.fetchExists(dsl.selectFrom(META).where(META.NAME.eq(FULL)))) {
            dsl.insertInto(META, META.NAME, META.SETTING).values(FULL, "true").execute();
        }
    }

    private static boolean before(long t, long serial, int source, long line, long t2, long serial2, int source2,
                                  long line2) {
        if (t != t2) {
            return t < t2;
        }
        if (serial != serial2) {
            return serial < serial2;
        }
        return source != source2 ? source < source2 : line < line2;
    }

    private static LearnedNames.Kind kind(String k) {
        return k.equals("group") ? LearnedNames.Kind.GROUP : LearnedNames.Kind.USER;
    }
}

package io.auditq.query.ask;

import org.jooq.DSLContext;

import java.util.List;

import static io.auditq.query.schema.jooq.Tables.SOURCES;

/**
 * One input of a case as {@code auditq sources} lists it: which file, its identity (size and sha256 as
 * {@code sha256sum} prints it), which part of it the case holds, and what was loaded from it, so a report can
 * name exactly the evidence it was computed from.
 *
 * @param size           bytes of the file as stored; {@code sha256} is of those bytes
 * @param contentSize    bytes after gzip decompression ({@code contentSha256} is of those); equal for plain files
 * @param ingestedOffset content bytes not read because the case already held them (continuesSource)
 * @param firstTimeMs    the first event time read from it (the log's clock); null when it held no record
 * @param ingestedAtMs   the analyst's clock when it was ingested
 */
public record CaseSource(int id, String name, String path, Long size, String sha256, boolean gzip, Long contentSize,
                         String contentSha256, Integer continuesSource, long ingestedOffset, Long ingestedSize,
                         String ingestedSha256, long firstLine, Long lines, Long events, Long eventsKnown,
                         Long malformed, Long firstTimeMs, Long lastTimeMs, long ingestedAtMs, State state) {

    /** Whether the case holds the input whole. */
    public enum State {
        /** Read to its end. */
        COMPLETE("complete"),
        /** Reading stopped at a read error (a truncated gzip, a file that shrank): rows up to it are loaded. */
        READ_ERROR("read-error"),
        /** An ingest died while reading it; the next ingest into the case removes its rows. */
        INTERRUPTED("interrupted");

        private final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Every source of the case, in the order ingested. */
    public static List<CaseSource> all(DSLContext dsl) {
        return dsl.selectFrom(SOURCES).orderBy(SOURCES.ID).fetch(r -> new CaseSource(r.getId(), r.getName(),
                r.getPath(), r.getSize(), r.getSha256(), Boolean.TRUE.equals(r.getGzip()), r.getContentSize(),
                r.getContentSha256(), r.getContinuesSource(), r.getIngestedOffset(), r.getIngestedSize(),
                r.getIngestedSha256(), r.getFirstLine(), r.getLines(), r.getEvents(), r.getEventsKnown(),
                r.getMalformed(), r.getFirstTimeMs(), r.getLastTimeMs(), r.getIngestedAtMs(),
                Boolean.TRUE.equals(r.getComplete()) ? State.COMPLETE
                        : r.getLines() == null ? State.INTERRUPTED : State.READ_ERROR));
    }
}

package io.auditq.query.ask;

import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.math.BigDecimal;

import static io.auditq.query.schema.jooq.Tables.EVENTS;

/**
 * Which event of a group came first in the evidence: the earliest by log time, then serial. Row ids follow the
 * order the evidence was read in, so "the first by id" would change with the order of files and lines; this does
 * not. (time_ms, serial) is folded into one number whose minimum a GROUP BY finds in its one pass, and the event is
 * then found by (node, time_ms, serial), the events table's unique key.
 */
final class EvidenceOrder {
    /** Above every serial (a long): time and serial do not mix. */
    private static final BigDecimal SERIALS = BigDecimal.TEN.pow(20);

    private EvidenceOrder() {
    }

    /** An event's place in the evidence as one number: MIN of it is the earliest event. */
    static Field<BigDecimal> place(Field<Long> time, Field<Long> serial) {
        return time.cast(SQLDataType.DECIMAL(40, 0)).mul(SERIALS).add(serial);
    }

    /** The earliest event's place over the group: a GROUP BY column. */
    static Field<BigDecimal> first() {
        return DSL.min(place(EVENTS.TIME_MS, EVENTS.SERIAL)).as("first_place");
    }

    /** Joins the events table to a group table's {@link #first()} event (the group table has the node column). */
    static Condition isFirstOf(Table<?> group) {
        Field<BigDecimal> p = group.field("first_place", BigDecimal.class);
        return EVENTS.NODE.eq(group.field(EVENTS.NODE))
                .and(EVENTS.TIME_MS.eq(DSL.floor(p.div(SERIALS)).cast(SQLDataType.BIGINT)))
                .and(EVENTS.SERIAL.eq(p.mod(SERIALS).cast(SQLDataType.BIGINT)));
    }
}

package io.auditq.query.schema;

import org.jooq.DSLContext;

import static io.auditq.query.schema.jooq.Tables.CONNECTION_MINUTES;
import static io.auditq.query.schema.jooq.Tables.META;

/**
 * The connection_minutes table: connections grouped per minute of log time, which the connections question
 * reads instead of rows for the whole minutes of its window. Derived data, so it is only read while meta says it
 * was rebuilt after the last change to connections; an ingest marks it stale before it writes a row.
 */
public final class ConnectionMinutes {
    /** A minute of log time, in ms: the grain of the table. */
    public static final long MINUTE = 60_000;
    private static final String MARK = "connection_minutes";

    private ConnectionMinutes() {
    }

    /** The minute {@code millis} falls in (rounded down, also before 1970). */
    public static long minuteOf(long millis) {
        return Math.floorDiv(millis, MINUTE) * MINUTE;
    }

    /** True when the table holds exactly the connections' groups (rebuilt since connections last changed). */
    public static boolean current(DSLContext dsl) {
        return "current".equals(dsl.select(META.SETTING).from(META).where(META.NAME.eq(MARK)).fetchOne(META.SETTING));
    }

    /** Before connections change: readers go back to the rows until {@link #rebuild} (commit it first). */
    public static void markStale(DSLContext dsl) {
        dsl.deleteFrom(META).where(META.NAME.eq(MARK)).execute();
    }

    /** Regroups every connection (in the caller's transaction, which commits it with the connections). */
    public static void rebuild(DSLContext dsl) {
        dsl.deleteFrom(CONNECTION_MINUTES).execute();
        // the minute is floored in SQL as minuteOf does in Java (MOD keeps the dividend's sign)
        dsl.execute("""
                INSERT INTO connection_minutes (minute_ms, dst_addr, dst_port, protocol, loopback, node, pid, exe, uid,
                        auid, outcome, attempts, first_ms, last_ms, comm_mismatch, first_id, ppid, comm, ses,
                        user_name, login_user, family, mapped, protocol_basis, execution_id, source_id, line)
                SELECT g.*, f.ppid, f.comm, f.ses, f.user_name, f.login_user, f.family, f.mapped, f.protocol_basis,
                        f.execution_id, f.source_id, f.line
                FROM (SELECT minute_ms, dst_addr, dst_port, protocol, loopback, node, pid, exe, uid, auid, outcome,
                              COUNT(*), MIN(time_ms), MAX(time_ms),
                              CASE WHEN BOOL_OR(comm_mismatch) THEN TRUE WHEN COUNT(comm_mismatch) < COUNT(*)
                                   THEN NULL ELSE FALSE END, MIN(id) AS first_id
                      FROM (SELECT c.*, time_ms - MOD(MOD(time_ms, %d) + %d, %d) AS minute_ms FROM connections c)
                      GROUP BY minute_ms, dst_addr, dst_port, protocol, loopback, node, pid, exe, uid, auid, outcome) g
                JOIN connections f ON f.id = g.first_id
                """.formatted(MINUTE, MINUTE, MINUTE));
        markStale(dsl);
        dsl.insertInto(META, META.NAME, META.SETTING).values(MARK, "current").execute();
    }
}

package io.auditq.query.ask;

import io.auditq.parser.input.LogSource;
import io.auditq.parser.normal.AccountNames;
import io.auditq.query.connect.ConnectionAttempt;
import io.auditq.query.connect.Protocol;
import io.auditq.query.connect.ProtocolBasis;
import io.auditq.query.schema.CaseDatabaseException;
import io.auditq.query.schema.ConnectionMinutes;
import io.auditq.query.schema.jooq.tables.Connections;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.auditq.query.schema.jooq.Tables.CONNECTIONS;
import static io.auditq.query.schema.jooq.Tables.CONNECTION_MINUTES;
import static io.auditq.query.schema.jooq.Tables.EXECUTIONS;
import static io.auditq.query.schema.jooq.Tables.META;
import static io.auditq.query.schema.jooq.Tables.SOURCES;

/**
 * The headline question: which outbound connections did this host make, and which processes and users made
 * them. One row per (node, pid, exe, uid, auid, destination address, port, protocol). The attempts in the window
 * are read from the case in one indexed range scan and tallied by {@link ConnectionTally}, the same code that
 * answers a one-shot question, so a case and the one-shot give the same answer by construction (a GROUP BY over
 * a million rows in H2 took seconds; this takes a fraction of that, and its memory is bounded).
 */
public final class ConnectionQuestion {
    /** The protocols listed unless asked otherwise: tcp, and unknown (which may be tcp). */
    public static final Set<Protocol> DEFAULT_PROTOCOLS = Set.of(Protocol.TCP, Protocol.UNKNOWN);

    /**
     * @param protocols the protocols to list; null for any
     */
    public record Filter(TimeWindow window, Set<Protocol> protocols, boolean includeLoopback) {
    }

    /** Attempts in the window that the filter left out, so the listing can say what it does not show. */
    public record Hidden(long loopbackAttempts, long loopbackDestinations, Map<String, long[]> byProtocol) {
        public long protocolAttempts() {
            return byProtocol.values().stream().mapToLong(v -> v[0]).sum();
        }
    }

    /** The rows, their summary, and what was left out. */
    public record Answer(ConnectionRows rows, ConnectionSummary summary, Hidden hidden) {
    }

    private final DSLContext dsl;

    public ConnectionQuestion(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * @param names names for uids the rows do not name (the query's --passwd), or null
     * @param tree  add each row's ancestors
     */
    public Answer ask(Filter filter, AccountNames given, boolean tree) {
        AccountNames names = Names.forCase(dsl, given);
        // every ingest ends by turning not-audited into unseen for the nodes it saw socket() calls of: the rows
        // already say it, and no scan of the sockets table is needed here
        Set<String> auditingNodes = Set.of();
        Map<Integer, LogSource> sources = new HashMap<>();
        for (var r : dsl.select(SOURCES.ID, SOURCES.NAME).from(SOURCES).fetch()) {
            sources.put(r.value1(), new LogSource(r.value2(), null, r.value1()));
        }
        // derived data is read only while it is current; asked once, the listing and its hidden counts agree
        boolean grouped = ConnectionMinutes.current(dsl);
        Parts parts = parts(filter, grouped);
        ConnectionTally tally = new ConnectionTally(filter);
        Connections c = CONNECTIONS;
        var m = CONNECTION_MINUTES;
        try {
            for (Condition range : parts.rows()) {
                Map<Long, List<String>> argvs = argvs(range);
                // plain JDBC over the jOOQ query: a jOOQ record per row costs more than the tally itself
                try (ResultSet rs = dsl.select(attemptColumns(c)).from(c).where(range).fetchResultSet()) {
                    while (rs.next()) {
                        ConnectionAttempt a = attempt(rs, sources, argvs::get);
                        tally.add(a, rs.getLong(32), 1, a.timeMillis(), a.timeMillis(), a.commMismatch());
                    }
                }
            }
            if (parts.minutes() != null) {
                // a whole minute's group carries its first attempt's details; argv is joined in
                var e = EXECUTIONS;
                try (ResultSet g = dsl.select(m.NODE, m.PID, m.PPID, m.UID, m.USER_NAME, m.AUID, m.LOGIN_USER, m.SES,
                                m.EXE, m.COMM, m.FAMILY, m.MAPPED, m.DST_ADDR, m.DST_PORT, m.LOOPBACK, m.PROTOCOL,
                                m.PROTOCOL_BASIS, m.OUTCOME, m.EXECUTION_ID, m.SOURCE_ID, m.LINE, m.FIRST_ID,
                                m.ATTEMPTS, m.FIRST_MS, m.LAST_MS, m.COMM_MISMATCH, e.ARGV)
                        .from(m).leftJoin(e).on(e.ID.eq(m.EXECUTION_ID)).where(parts.minutes()).fetchResultSet()) {
                    while (g.next()) {
                        tally.add(firstOfMinute(g, sources), g.getLong(22), g.getLong(23), g.getLong(24),
                                g.getLong(25), booleanOrNull(g, 26));
                    }
                }
            }
        } catch (SQLException e) {
            tally.close();
            throw new CaseDatabaseException("cannot read the connections of the case: " + e.getMessage(), e);
        }
        Answer tallied = tally.answer(auditingNodes, names);
        Answer answer = new Answer(tallied.rows(), tallied.summary(), hidden(filter, grouped));
        if (!tree) {
            return answer;
        }
        List<OutboundConnection> out = new ArrayList<>(answer.rows().list());
        tally.close();
        ProcessAncestry ancestry = new ProcessAncestry(dsl, names);
        out.replaceAll(r -> r.withAncestors(ancestry.of(r)));
        return new Answer(ConnectionRows.of(out), answer.summary(), answer.hidden());
    }

    /**
     * Where the attempts in a window are read: connection rows for the time ranges the minutes do not cover (the
     * window's cut minutes at either end; all of it when there are no whole minutes or connection_minutes is
     * stale), and connection_minutes groups for its whole minutes (null when none are read). Each range is its
     * own condition, so each is one index range scan.
     */
    private record Parts(List<Condition> rows, Condition minutes) {
    }

    private Parts parts(Filter filter, boolean grouped) {
        Condition rowFilter = DSL.trueCondition(), minuteFilter = DSL.trueCondition();
        if (!filter.includeLoopback()) {
            rowFilter = rowFilter.and(CONNECTIONS.LOOPBACK.isFalse());
            minuteFilter = minuteFilter.and(CONNECTION_MINUTES.LOOPBACK.isFalse());
        }
        if (filter.protocols() != null) {
            rowFilter = rowFilter.and(CONNECTIONS.PROTOCOL.in(labels(filter.protocols())));
            minuteFilter = minuteFilter.and(CONNECTION_MINUTES.PROTOCOL.in(labels(filter.protocols())));
        }
        return parts(filter.window(), rowFilter, minuteFilter, grouped);
    }

    /** @param grouped connection_minutes is current */
    private Parts parts(TimeWindow w, Condition rowFilter, Condition minuteFilter, boolean grouped) {
        long[] whole = wholeMinutes(w);
        if (whole == null || !grouped) {
            return new Parts(List.of(window(w).and(rowFilter)), null);
        }
        List<Condition> rows = new ArrayList<>(2);
        if (w.since() != null && w.since() < whole[0]) {
            rows.add(CONNECTIONS.TIME_MS.between(w.since(), whole[0] - 1).and(rowFilter));
        }
        if (w.until() != null && whole[1] <= w.until()) {
            rows.add(CONNECTIONS.TIME_MS.between(whole[1], w.until()).and(rowFilter));
        }
        return new Parts(rows, CONNECTION_MINUTES.MINUTE_MS.ge(whole[0]).and(CONNECTION_MINUTES.MINUTE_MS.lt(whole[1]))
                .and(minuteFilter));
    }

    /**
     * The whole minutes of a window as [from, to) in epoch ms, or null when it holds none. An open end reaches
     * past any log time.
     */
    static long[] wholeMinutes(TimeWindow w) {
        long from = w.since() == null ? Long.MIN_VALUE / 2
                : ConnectionMinutes.minuteOf(w.since() + ConnectionMinutes.MINUTE - 1);
        long to = w.until() == null ? Long.MAX_VALUE / 2 : ConnectionMinutes.minuteOf(w.until() + 1);
        return from < to ? new long[] {from, to} : null;
    }

    /** What an attempt is made of, then connections.id (column 32). */
    private static List<org.jooq.SelectField<?>> attemptColumns(Connections c) {
        return List.of(c.NODE, c.TIME_MS, c.SERIAL, c.SYSCALL, c.SOCKETCALL, c.PID, c.PPID, c.UID,
                c.USER_NAME, c.AUID, c.LOGIN_USER, c.SES, c.EXE, c.COMM, c.COMM_MISMATCH, c.FD, c.FAMILY,
                c.MAPPED, c.DST_ADDR, c.DST_PORT, c.LOOPBACK, c.PROTOCOL, c.PROTOCOL_BASIS, c.SOCKET_ID,
                c.OUTCOME, c.EXIT, c.EXECUTION_ID, c.PROCTITLE, c.RULE_KEY, c.SOURCE_ID, c.LINE, c.ID);
    }

    private static ConnectionAttempt attempt(ResultSet rs, Map<Integer, LogSource> sources,
                                             java.util.function.LongFunction<List<String>> argvOf)
            throws SQLException {
        String node = rs.getString(1);
        Long executionId = longOrNull(rs, 27);
        return new ConnectionAttempt(node.isEmpty() ? null : node, rs.getLong(2), rs.getLong(3),
                rs.getString(4), rs.getBoolean(5), longOrNull(rs, 6), longOrNull(rs, 7), longOrNull(rs, 8),
                rs.getString(9), longOrNull(rs, 10), rs.getString(11), longOrNull(rs, 12), rs.getString(13),
                rs.getString(14), booleanOrNull(rs, 15), longOrNull(rs, 16), rs.getString(17), rs.getBoolean(18),
                rs.getString(19), rs.getInt(20), rs.getBoolean(21), Protocol.fromLabel(rs.getString(22)),
                ProtocolBasis.fromLabel(rs.getString(23)), longOrNull(rs, 24), rs.getString(25),
                longOrNull(rs, 26), executionId, executionId == null ? null : argvOf.apply(executionId),
                rs.getString(28), rs.getString(29), sources.get(rs.getInt(30)), rs.getLong(31));
    }

    /**
     * The first attempt of a minute's group, as far as a listing shows it: what the group holds of it (the
     * syscall, fd, exit and the like are not kept there, and a listing does not show them).
     */
    private static ConnectionAttempt firstOfMinute(ResultSet rs, Map<Integer, LogSource> sources) throws SQLException {
        String node = rs.getString(1);
        Long executionId = longOrNull(rs, 19);
        java.sql.Array argv = rs.getArray(27);
        return new ConnectionAttempt(node.isEmpty() ? null : node, rs.getLong(24), 0, null, false,
                longOrNull(rs, 2), longOrNull(rs, 3), longOrNull(rs, 4), rs.getString(5), longOrNull(rs, 6),
                rs.getString(7), longOrNull(rs, 8), rs.getString(9), rs.getString(10), booleanOrNull(rs, 26), null,
                rs.getString(11), rs.getBoolean(12), rs.getString(13), rs.getInt(14), rs.getBoolean(15),
                Protocol.fromLabel(rs.getString(16)), ProtocolBasis.fromLabel(rs.getString(17)), null,
                rs.getString(18), null, executionId,
                argv == null ? null : java.util.Arrays.stream((Object[]) argv.getArray()).map(String::valueOf).toList(),
                null, null, sources.get(rs.getInt(20)), rs.getLong(21));
    }

    /**
     * Attempts in the window that the filter does not show, counted with their distinct destinations by SQL,
     * over connection rows and connection_minutes groups as the shown ones are read.
     */
    private Hidden hidden(Filter filter, boolean grouped) {
        Connections c = CONNECTIONS;
        var m = CONNECTION_MINUTES;
        long loopAttempts = 0, loopDestinations = 0;
        Map<String, long[]> byProtocol = new TreeMap<>();
        if (!filter.includeLoopback() && (filter.protocols() == null || !filter.protocols().isEmpty())) {
            Condition loopRows = c.LOOPBACK.isTrue();
            Condition loopMinutes = m.LOOPBACK.isTrue();
            if (filter.protocols() != null) {
                loopRows = loopRows.and(c.PROTOCOL.in(labels(filter.protocols())));
                loopMinutes = loopMinutes.and(m.PROTOCOL.in(labels(filter.protocols())));
            }
            long[] n = counts(parts(filter.window(), loopRows, loopMinutes, grouped)).getOrDefault("", new long[2]);
            loopAttempts = n[0];
            loopDestinations = n[1];
        }
        if (filter.protocols() != null) {
            // an unshown protocol is counted here, loopback or not (as the one-shot tally does)
            byProtocol.putAll(counts(parts(filter.window(), c.PROTOCOL.notIn(labels(filter.protocols())),
                    m.PROTOCOL.notIn(labels(filter.protocols())), grouped)));
            byProtocol.remove("");
        }
        return new Hidden(loopAttempts, loopDestinations, byProtocol);
    }

    /**
     * Attempts and distinct destinations per protocol, and under "" for all protocols together: one grouping over
     * the connection rows and minute groups together (H2 counts distinct values faster than it groups twice).
     */
    private Map<String, long[]> counts(Parts parts) {
        Connections c = CONNECTIONS;
        var m = CONNECTION_MINUTES;
        List<org.jooq.Select<org.jooq.Record3<String, String, Long>>> selects = new ArrayList<>();
        for (Condition range : parts.rows()) {
            selects.add(dsl.select(c.PROTOCOL.as("p"), destination(c.DST_ADDR, c.DST_PORT).as("d"),
                    DSL.inline(1L).as("n")).from(c).where(range));
        }
        if (parts.minutes() != null) {
            selects.add(dsl.select(m.PROTOCOL.as("p"), destination(m.DST_ADDR, m.DST_PORT).as("d"), m.ATTEMPTS.as("n"))
                    .from(m).where(parts.minutes()));
        }
        Map<String, long[]> out = new TreeMap<>();
        long[] any = new long[2];
        out.put("", any);
        if (selects.isEmpty()) {
            return out;
        }
        var u = selects.stream().reduce((a, b) -> a.unionAll(b)).orElseThrow().asTable("u");
        var p = u.field("p", String.class);
        for (var r : dsl.select(p, DSL.sum(u.field("n", Long.class)), DSL.countDistinct(u.field("d", String.class)))
                .from(u).groupBy(p).fetch()) {
            long attempts = r.value2() == null ? 0 : r.value2().longValue();
            out.put(r.value1(), new long[] {attempts, r.value3()});
            any[0] += attempts;
            any[1] += r.value3();
        }
        return out;
    }

    private static org.jooq.Field<String> destination(org.jooq.Field<String> address, org.jooq.Field<Integer> port) {
        return DSL.concat(address, DSL.inline(" "), port.cast(String.class));
    }

    /** The argv of every execution a connection row in {@code rows} names, by execution id. */
    private Map<Long, List<String>> argvs(Condition rows) {
        Map<Long, List<String>> out = new HashMap<>();
        for (var r : dsl.select(EXECUTIONS.ID, EXECUTIONS.ARGV).from(EXECUTIONS)
                .join(dsl.selectDistinct(CONNECTIONS.EXECUTION_ID).from(CONNECTIONS).where(rows)
                        .and(CONNECTIONS.EXECUTION_ID.isNotNull()).asTable("x"))
                .on(EXECUTIONS.ID.eq(DSL.field(DSL.name("x", "EXECUTION_ID"), Long.class))).fetch()) {
            out.put(r.value1(), r.value2() == null ? null : List.of(r.value2()));
        }
        return out;
    }

    private static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static Boolean booleanOrNull(ResultSet rs, int column) throws SQLException {
        boolean v = rs.getBoolean(column);
        return rs.wasNull() ? null : v;
    }

    /** The newest record time of the case's evidence ({@code --now log-end}), or null for an empty case. */
    public Long logEnd() {
        return dsl.select(DSL.max(SOURCES.LAST_TIME_MS)).from(SOURCES).fetchOne(0, Long.class);
    }

    /**
     * connect() events of any family in a full case, as counted at load time (null when the case holds only
     * connection rows).
     */
    public Long connectEvents() {
        return full() ? dsl.select(DSL.sum(SOURCES.CONNECT_EVENTS)).from(SOURCES).fetchOne(0, Long.class) : null;
    }

    /** connect() events without a SOCKADDR record in a full case (null when the case holds only connection rows). */
    public Long unaddressedConnects() {
        return full() ? dsl.select(DSL.sum(SOURCES.UNADDRESSED_CONNECTS)).from(SOURCES).fetchOne(0, Long.class)
                : null;
    }

    private boolean full() {
        Long events = dsl.select(DSL.sum(SOURCES.EVENTS)).from(SOURCES).fetchOne(0, Long.class);
        return events != null && events > 0
                && "case".equals(dsl.select(META.SETTING).from(META).where(META.NAME.eq("scope"))
                .fetchOne(0, String.class));
    }

    private static List<String> labels(Set<Protocol> protocols) {
        return protocols.stream().map(Protocol::label).toList();
    }

    private static Condition window(TimeWindow w) {
        Condition where = DSL.trueCondition();
        if (w.since() != null) {
            where = where.and(CONNECTIONS.TIME_MS.ge(w.since()));
        }
        if (w.until() != null) {
            where = where.and(CONNECTIONS.TIME_MS.le(w.until()));
        }
        return where;
    }
}

package io.auditq.query.ask;

import io.auditq.parser.input.LogSource;
import io.auditq.parser.normal.AccountNames;
import io.auditq.query.connect.ConnectionAttempt;
import io.auditq.query.connect.Protocol;
import io.auditq.query.connect.ProtocolBasis;
import io.auditq.query.schema.CaseDatabaseException;
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
    public Answer ask(Filter filter, AccountNames names, boolean tree) {
        // every ingest ends by turning not-audited into unseen for the nodes it saw socket() calls of: the rows
        // already say it, and no scan of the sockets table is needed here
        Set<String> auditingNodes = Set.of();
        Map<Integer, LogSource> sources = new HashMap<>();
        for (var r : dsl.select(SOURCES.ID, SOURCES.NAME).from(SOURCES).fetch()) {
            sources.put(r.value1(), new LogSource(r.value2(), null, r.value1()));
        }
        // what the listing shows is cut in the query; what it hides is counted by the database
        Condition shown = window(filter.window());
        if (!filter.includeLoopback()) {
            shown = shown.and(CONNECTIONS.LOOPBACK.isFalse());
        }
        if (filter.protocols() != null) {
            shown = shown.and(CONNECTIONS.PROTOCOL.in(labels(filter.protocols())));
        }
        Map<Long, List<String>> argvs = argvs(shown);
        ConnectionTally tally = new ConnectionTally(filter);
        Connections c = CONNECTIONS;
        // plain JDBC over the jOOQ query: a jOOQ record per row costs more than the tally itself
        try (ResultSet rs = dsl.select(c.NODE, c.TIME_MS, c.SERIAL, c.SYSCALL, c.SOCKETCALL, c.PID, c.PPID, c.UID,
                        c.USER_NAME, c.AUID, c.LOGIN_USER, c.SES, c.EXE, c.COMM, c.COMM_MISMATCH, c.FD, c.FAMILY,
                        c.MAPPED, c.DST_ADDR, c.DST_PORT, c.LOOPBACK, c.PROTOCOL, c.PROTOCOL_BASIS, c.SOCKET_ID,
                        c.OUTCOME, c.EXIT, c.EXECUTION_ID, c.PROCTITLE, c.RULE_KEY, c.SOURCE_ID, c.LINE)
                .from(c).where(shown).orderBy(c.ID).fetchResultSet()) {
            while (rs.next()) {
                String node = rs.getString(1);
                Long executionId = longOrNull(rs, 27);
                tally.add(new ConnectionAttempt(node.isEmpty() ? null : node, rs.getLong(2), rs.getLong(3),
                        rs.getString(4), rs.getBoolean(5), longOrNull(rs, 6), longOrNull(rs, 7), longOrNull(rs, 8),
                        rs.getString(9), longOrNull(rs, 10), rs.getString(11), longOrNull(rs, 12), rs.getString(13),
                        rs.getString(14), rs.getBoolean(15), longOrNull(rs, 16), rs.getString(17), rs.getBoolean(18),
                        rs.getString(19), rs.getInt(20), rs.getBoolean(21), Protocol.fromLabel(rs.getString(22)),
                        ProtocolBasis.fromLabel(rs.getString(23)), longOrNull(rs, 24), rs.getString(25),
                        longOrNull(rs, 26), executionId, executionId == null ? null : argvs.get(executionId),
                        rs.getString(28), rs.getString(29), sources.get(rs.getInt(30)), rs.getLong(31)));
            }
        } catch (SQLException e) {
            tally.close();
            throw new CaseDatabaseException("cannot read the connections of the case: " + e.getMessage(), e);
        }
        Answer tallied = tally.answer(auditingNodes, names);
        Answer answer = new Answer(tallied.rows(), tallied.summary(), hidden(filter));
        if (!tree) {
            return answer;
        }
        List<OutboundConnection> out = new ArrayList<>(answer.rows().list());
        tally.close();
        ProcessAncestry ancestry = new ProcessAncestry(dsl, names);
        out.replaceAll(r -> r.withAncestors(ancestry.of(r)));
        return new Answer(ConnectionRows.of(out), answer.summary(), answer.hidden());
    }

    /** Attempts in the window that the filter does not show: counted and their destinations counted, by SQL. */
    private Hidden hidden(Filter filter) {
        Connections c = CONNECTIONS;
        long loopAttempts = 0, loopDestinations = 0;
        Map<String, long[]> byProtocol = new TreeMap<>();
        var destination = DSL.concat(c.DST_ADDR, DSL.inline(" "), c.DST_PORT.cast(String.class));
        var n = DSL.count();
        var distinct = DSL.countDistinct(destination);
        if (!filter.includeLoopback() && (filter.protocols() == null || !filter.protocols().isEmpty())) {
            Condition loop = window(filter.window()).and(c.LOOPBACK.isTrue());
            if (filter.protocols() != null) {
                loop = loop.and(c.PROTOCOL.in(labels(filter.protocols())));
            }
            var r = dsl.select(n, distinct).from(c).where(loop).fetchOne();
            loopAttempts = r.value1();
            loopDestinations = r.value2();
        }
        if (filter.protocols() != null) {
            // an unshown protocol is counted here, loopback or not (as the one-shot tally does)
            for (var r : dsl.select(c.PROTOCOL, n, distinct).from(c).where(window(filter.window()))
                    .and(c.PROTOCOL.notIn(labels(filter.protocols())))
                    .groupBy(c.PROTOCOL).fetch()) {
                byProtocol.put(r.value1(), new long[] {r.value2(), r.value3()});
            }
        }
        return new Hidden(loopAttempts, loopDestinations, byProtocol);
    }

    /** The argv of every execution a shown connection names, by execution id. */
    private Map<Long, List<String>> argvs(Condition shown) {
        Map<Long, List<String>> out = new HashMap<>();
        for (var r : dsl.select(EXECUTIONS.ID, EXECUTIONS.ARGV).from(EXECUTIONS)
                .join(dsl.selectDistinct(CONNECTIONS.EXECUTION_ID).from(CONNECTIONS).where(shown)
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

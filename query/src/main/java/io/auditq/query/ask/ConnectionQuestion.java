package io.auditq.query.ask;

import io.auditq.parser.normal.AccountNames;
import io.auditq.query.connect.Outcome;
import io.auditq.query.connect.Protocol;
import io.auditq.query.connect.ProtocolBasis;
import io.auditq.query.schema.jooq.tables.Connections;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.auditq.query.schema.jooq.Tables.CONNECTIONS;
import static io.auditq.query.schema.jooq.Tables.EVENTS;
import static io.auditq.query.schema.jooq.Tables.EXECUTIONS;
import static io.auditq.query.schema.jooq.Tables.SOCKETS;
import static io.auditq.query.schema.jooq.Tables.SOURCES;

/**
 * The headline question: which outbound connections did this host make, and which processes and users made
 * them. One row per (node, pid, exe, uid, auid, destination address, port, protocol), from the attempts the
 * loader stored, grouped in the database.
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
    public record Answer(List<OutboundConnection> rows, ConnectionSummary summary, Hidden hidden) {
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
        Connections c = CONNECTIONS;
        Condition where = window(filter.window());
        if (!filter.includeLoopback()) {
            where = where.and(c.LOOPBACK.isFalse());
        }
        if (filter.protocols() != null) {
            where = where.and(c.PROTOCOL.in(filter.protocols().stream().map(Protocol::label).toList()));
        }
        Field<Integer> n = DSL.count().as("n");
        Field<Long> first = DSL.min(c.TIME_MS).as("first_ms");
        Field<Long> last = DSL.max(c.TIME_MS).as("last_ms");
        Field<Long> firstId = DSL.min(c.ID).as("first_id");
        Field<Boolean> mismatch = DSL.boolOr(c.COMM_MISMATCH).as("mismatch");
        List<Field<?>> key = List.of(c.NODE, c.PID, c.EXE, c.UID, c.AUID, c.DST_ADDR, c.DST_PORT, c.PROTOCOL);
        List<Field<?>> groupBy = new ArrayList<>(key);
        groupBy.add(c.OUTCOME);
        List<Field<?>> select = new ArrayList<>(groupBy);
        select.addAll(List.of(n, first, last, firstId, mismatch));
        Table<?> g = dsl.select(select).from(c).where(where).groupBy(groupBy).asTable("g");

        Connections d = CONNECTIONS.as("d");
        // columns by position (0-7 key, 8 outcome, 9-13 aggregates, 14-25 the first attempt's details): reading a
        // jOOQ record by field is a lookup per cell, too slow for a million rows
        var rows = dsl.select(g.fields())
                .select(d.PPID, d.COMM, d.SES, d.USER_NAME, d.LOGIN_USER, d.FAMILY, d.MAPPED, d.LOOPBACK,
                        d.PROTOCOL_BASIS, d.LINE, SOURCES.NAME, EXECUTIONS.ARGV)
                .from(g)
                .join(d).on(d.ID.eq(g.field(firstId)))
                .leftJoin(EXECUTIONS).on(EXECUTIONS.ID.eq(d.EXECUTION_ID))
                .leftJoin(SOURCES).on(SOURCES.ID.eq(d.SOURCE_ID))
                .fetchArrays();

        Set<String> auditingNodes = new HashSet<>(dsl.selectDistinct(SOCKETS.NODE).from(SOCKETS)
                .where(SOCKETS.SYSCALL.eq("socket")).fetch(SOCKETS.NODE));
        // fold the per-outcome groups into one row per key
        Map<List<Object>, Fold> folds = new HashMap<>();
        for (Object[] r : rows) {
            List<Object> k = java.util.Arrays.asList(java.util.Arrays.copyOf(r, 8));
            folds.computeIfAbsent(k, x -> new Fold()).add(r);
        }
        List<OutboundConnection> out = new ArrayList<>(folds.size());
        for (Map.Entry<List<Object>, Fold> e : folds.entrySet()) {
            out.add(e.getValue().row(e.getKey(), auditingNodes, names));
        }
        out.sort(Comparator.comparingLong(OutboundConnection::firstSeen)
                .thenComparing(OutboundConnection::dstAddr).thenComparingInt(OutboundConnection::dstPort)
                .thenComparing(r -> r.pid() == null ? -1 : r.pid()));
        if (tree) {
            ProcessAncestry ancestry = new ProcessAncestry(dsl, names);
            out.replaceAll(r -> r.withAncestors(ancestry.of(r)));
        }
        return new Answer(out, summarize(out), hidden(filter));
    }

    /** The newest record time of the case's evidence ({@code --now log-end}), or null for an empty case. */
    public Long logEnd() {
        return dsl.select(DSL.max(SOURCES.LAST_TIME_MS)).from(SOURCES).fetchOne(0, Long.class);
    }

    /** connect() events of any family in a full case (null when the case holds only connection rows). */
    public Long connectEvents() {
        Long events = dsl.selectCount().from(EVENTS).fetchOne(0, Long.class);
        if (events == null || events == 0) {
            return null;
        }
        return dsl.selectCount().from(EVENTS).where(EVENTS.SYSCALL.eq("connect")).fetchOne(0, Long.class);
    }

    /** connect() events without a SOCKADDR record in a full case (null when the case holds only connection rows). */
    public Long unaddressedConnects() {
        Long events = dsl.selectCount().from(EVENTS).fetchOne(0, Long.class);
        if (events == null || events == 0) {
            return null;
        }
        return dsl.selectCount().from(EVENTS).where(EVENTS.SYSCALL.eq("connect")).and(EVENTS.SOCK_FAMILY.isNull())
                .fetchOne(0, Long.class);
    }

    /** The summary line's numbers. */
    public static ConnectionSummary summarize(List<OutboundConnection> rows) {
        Set<List<Object>> dests = new HashSet<>(), procs = new HashSet<>(), users = new HashSet<>();
        long attempts = 0;
        Long first = null, last = null;
        for (OutboundConnection r : rows) {
            dests.add(List.of(r.dstAddr(), r.dstPort(), r.protocol()));
            procs.add(java.util.Arrays.asList(r.node(), r.pid()));
            users.add(java.util.Arrays.asList(r.node(), r.uid()));
            attempts += r.count();
            first = first == null ? r.firstSeen() : Math.min(first, r.firstSeen());
            last = last == null ? r.lastSeen() : Math.max(last, r.lastSeen());
        }
        return new ConnectionSummary(dests.size(), attempts, procs.size(), users.size(), first, last);
    }

    private Condition window(TimeWindow w) {
        Condition where = DSL.trueCondition();
        if (w.since() != null) {
            where = where.and(CONNECTIONS.TIME_MS.ge(w.since()));
        }
        if (w.until() != null) {
            where = where.and(CONNECTIONS.TIME_MS.le(w.until()));
        }
        return where;
    }

    private Hidden hidden(Filter filter) {
        Connections c = CONNECTIONS;
        long loopAttempts = 0;
        Set<List<Object>> loopDests = new HashSet<>();
        Map<String, long[]> byProtocol = new TreeMap<>();
        Map<String, Set<List<Object>>> protoDests = new TreeMap<>();
        Field<Integer> n = DSL.count().as("n");
        var groups = dsl.select(c.LOOPBACK, c.PROTOCOL, c.DST_ADDR, c.DST_PORT, n)
                .from(c).where(window(filter.window()))
                .groupBy(c.LOOPBACK, c.PROTOCOL, c.DST_ADDR, c.DST_PORT).fetch();
        for (Record r : groups) {
            boolean loop = Boolean.TRUE.equals(r.get(c.LOOPBACK));
            String proto = r.get(c.PROTOCOL);
            int count = r.get(n);
            List<Object> dest = List.of(r.get(c.DST_ADDR), r.get(c.DST_PORT), proto);
            boolean protoShown = filter.protocols() == null || filter.protocols().contains(Protocol.fromLabel(proto));
            if (loop && !filter.includeLoopback()) {
                if (protoShown) {
                    loopAttempts += count;
                    loopDests.add(dest);
                }
            } else if (!protoShown) {
                byProtocol.computeIfAbsent(proto, k -> new long[2])[0] += count;
                protoDests.computeIfAbsent(proto, k -> new HashSet<>()).add(dest);
            }
        }
        protoDests.forEach((p, s) -> byProtocol.get(p)[1] = s.size());
        return new Hidden(loopAttempts, loopDests.size(), byProtocol);
    }

    /** The per-outcome groups of one row, folded. */
    private static final class Fold {
        final Map<String, Long> outcomes = new TreeMap<>();
        long count;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long firstId = Long.MAX_VALUE;
        boolean mismatch;
        Object[] detail;

        void add(Object[] r) {
            long n = ((Number) r[9]).longValue();
            outcomes.merge((String) r[8], n, Long::sum);
            count += n;
            first = Math.min(first, (Long) r[10]);
            last = Math.max(last, (Long) r[11]);
            mismatch |= Boolean.TRUE.equals(r[13]);
            long id = (Long) r[12];
            if (id < firstId) {
                firstId = id;
                detail = r;
            }
        }

        OutboundConnection row(List<Object> k, Set<String> auditingNodes, AccountNames names) {
            String node = (String) k.get(0);
            Long pid = (Long) k.get(1);
            String exe = (String) k.get(2);
            Long uid = (Long) k.get(3);
            Long auid = (Long) k.get(4);
            Object[] x = detail;
            String user = (String) x[17];
            String loginUser = (String) x[18];
            String nodeOrNull = node.isEmpty() ? null : node;
            if (names != null) {
                if (user == null && uid != null) {
                    user = names.user(nodeOrNull, uid);
                }
                if (loginUser == null && auid != null) {
                    loginUser = names.user(nodeOrNull, auid);
                }
            }
            String basis = (String) x[22];
            if (ProtocolBasis.NOT_AUDITED.label().equals(basis) && auditingNodes.contains(node)) {
                // a later ingest into this case brought socket() calls of this node: it does audit socket()
                basis = ProtocolBasis.UNSEEN.label();
            }
            Object[] argv = (Object[]) x[25];
            String src = (String) x[24];
            return new OutboundConnection(first, last, count, (String) k.get(5), (Integer) k.get(6),
                    (String) k.get(7), Outcome.mix(outcomes), pid, (Long) x[14], exe, (String) x[15], uid, user,
                    auid, loginUser, (Long) x[16], nodeOrNull,
                    argv == null ? null : java.util.Arrays.stream(argv).map(String::valueOf).toList(), mismatch,
                    basis, (String) x[19], Boolean.TRUE.equals(x[20]), Boolean.TRUE.equals(x[21]),
                    (src == null ? "?" : src) + ":" + x[23], null);
        }
    }
}

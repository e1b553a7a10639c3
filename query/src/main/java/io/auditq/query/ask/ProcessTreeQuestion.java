package io.auditq.query.ask;

import io.auditq.parser.normal.AccountNames;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.auditq.query.schema.jooq.Tables.EVENTS;
import static io.auditq.query.schema.jooq.Tables.EXECUTIONS;

/**
 * A process's family: its ancestors up to its login session ({@link ProcessAncestry}), the process, and its
 * descendants (every pid whose ppid is one of them), each with the program it ran and its outbound connections.
 */
public final class ProcessTreeQuestion {
    /** Deeper descendants than this are not followed: no real tree is this deep, a pid-reuse loop could be. */
    static final int MAX_DEPTH = 32;

    /** The pid is not in the case, or is on several nodes and the question did not say which. */
    public static final class NotFound extends RuntimeException {
        public NotFound(String message) {
            super(message);
        }
    }

    private final DSLContext dsl;

    public ProcessTreeQuestion(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * @param node the node, or null when the case has the pid on one node only
     * @param window limits the descendants and connections shown; ancestors are shown whenever they ran
     */
    public List<TreeProcess> ask(String node, long pid, TimeWindow window, AccountNames given) {
        AccountNames names = Names.forCase(dsl, given);
        String n = resolveNode(node, pid);
        Map<Long, List<OutboundConnection>> conns = new HashMap<>();
        for (OutboundConnection c : new ConnectionQuestion(dsl).ask(
                new ConnectionQuestion.Filter(window, null, true), names, false).rows()) {
            if (c.pid() != null && n.equals(c.node() == null ? "" : c.node())) {
                conns.computeIfAbsent(c.pid(), k -> new ArrayList<>()).add(c);
            }
        }
        TreeProcess root = process(n, pid, 0, Long.MAX_VALUE, names, conns);
        List<TreeProcess> out = new ArrayList<>();
        long rootTime = root.firstSeen() == null ? Long.MAX_VALUE : root.firstSeen();
        List<Ancestor> chain = new ProcessAncestry(dsl, names).of(n.isEmpty() ? null : n, root.ppid(), rootTime,
                root.ses());
        for (int i = chain.size() - 1; i >= 0; i--) {
            Ancestor a = chain.get(i);
            out.add(new TreeProcess(-(i + 1), a.pid(), a.ppid(), a.exe(), a.argv(), List.of(), null, a.uid(), a.user(),
                    a.auid(), a.loginUser(), a.ses(), a.time(), root.node(), a.time() != null || a.exe() != null,
                    a.outsideSession(), conns.getOrDefault(a.pid(), List.of())));
        }
        out.add(root);
        Set<Long> visited = new HashSet<>(List.of(pid));
        descend(n, pid, 1, window, names, conns, visited, out);
        return out;
    }

    private void descend(String node, long parent, int depth, TimeWindow window, AccountNames names,
                         Map<Long, List<OutboundConnection>> conns, Set<Long> visited, List<TreeProcess> out) {
        if (depth > MAX_DEPTH) {
            return;
        }
        var e = EVENTS;
        var x = EXECUTIONS;
        var inEvents = dsl.select(e.PID, DSL.min(e.TIME_MS)).from(e)
                .where(e.NODE.eq(node)).and(e.PPID.eq(parent)).and(timeIn(e.TIME_MS, window)).groupBy(e.PID);
        var inExecs = dsl.select(x.PID, DSL.min(x.TIME_MS)).from(x)
                .where(x.NODE.eq(node)).and(x.PPID.eq(parent)).and(timeIn(x.TIME_MS, window)).groupBy(x.PID);
        // children in the order they appeared
        Map<Long, Long> first = new HashMap<>();
        for (var r : inEvents.unionAll(inExecs).fetch()) {
            if (r.value1() != null) {
                first.merge(r.value1(), r.value2(), Math::min);
            }
        }
        TreeSet<long[]> order = new TreeSet<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        first.forEach((p, t) -> order.add(new long[] {t, p}));
        for (long[] c : order) {
            long child = c[1];
            if (!visited.add(child)) {
                continue;
            }
            out.add(process(node, child, depth, Long.MAX_VALUE, names, conns));
            descend(node, child, depth + 1, window, names, conns, visited, out);
        }
    }

    private static org.jooq.Condition timeIn(org.jooq.Field<Long> t, TimeWindow w) {
        org.jooq.Condition c = DSL.trueCondition();
        if (w.since() != null) {
            c = c.and(t.ge(w.since()));
        }
        if (w.until() != null) {
            c = c.and(t.le(w.until()));
        }
        return c;
    }

    private TreeProcess process(String node, long pid, int depth, long before, AccountNames names,
                                Map<Long, List<OutboundConnection>> conns) {
        var x = EXECUTIONS;
        var e = EVENTS;
        String nodeOrNull = node.isEmpty() ? null : node;
        List<List<String>> argvs = new ArrayList<>();
        var execs = dsl.select(x.TIME_MS, x.PPID, x.EXE, x.ARGV, x.COMM, x.UID, x.USER_NAME, x.AUID, x.LOGIN_USER,
                        x.SES)
                .from(x).where(x.NODE.eq(node)).and(x.PID.eq(pid)).and(x.SUCCESS.isTrue()).and(x.TIME_MS.le(before))
                .orderBy(x.TIME_MS, x.SERIAL, x.NODE, x.ID).fetch();
        Long firstSeen = dsl.select(DSL.min(e.TIME_MS)).from(e).where(e.NODE.eq(node)).and(e.PID.eq(pid))
                .fetchOne(0, Long.class);
        Long firstExec = dsl.select(DSL.min(x.TIME_MS)).from(x).where(x.NODE.eq(node)).and(x.PID.eq(pid))
                .fetchOne(0, Long.class);
        if (firstSeen == null || (firstExec != null && firstExec < firstSeen)) {
            firstSeen = firstExec;
        }
        List<OutboundConnection> c = conns.getOrDefault(pid, List.of());
        if (!execs.isEmpty()) {
            for (var r : execs) {
                argvs.add(r.value4() == null ? null : Arrays.stream(r.value4()).map(String::valueOf).toList());
            }
            var last = execs.getLast();
            List<String> argv = argvs.removeLast();
            return new TreeProcess(depth, pid, last.value2(), last.value3(), argv, argvs, last.value5(), last.value6(),
                    Names.or(last.value7(), last.value6(), nodeOrNull, names), last.value8(),
                    Names.or(last.value9(), last.value8(), nodeOrNull, names), last.value10(), firstSeen, nodeOrNull,
                    true, false, c);
        }
        var ev = dsl.select(e.PPID, e.EXE, e.COMM, e.UID, e.USER_NAME, e.AUID, e.LOGIN_USER, e.SES)
                .from(e).where(e.NODE.eq(node)).and(e.PID.eq(pid)).orderBy(e.TIME_MS.desc(), e.ID.desc()).limit(1)
                .fetchOne();
        if (ev == null) {
            return new TreeProcess(depth, pid, null, null, null, List.of(), null, null, null, null, null, null,
                    firstSeen, nodeOrNull, firstSeen != null, false, c);
        }
        return new TreeProcess(depth, pid, ev.value1(), ev.value2(), null, List.of(), ev.value3(), ev.value4(),
                Names.or(ev.value5(), ev.value4(), nodeOrNull, names), ev.value6(),
                Names.or(ev.value7(), ev.value6(), nodeOrNull, names), ev.value8(), firstSeen, nodeOrNull, true, false,
                c);
    }

    /** The node the pid is on: the one given, or the only one that has it. */
    private String resolveNode(String node, long pid) {
        var e = EVENTS;
        var x = EXECUTIONS;
        Set<String> nodes = new LinkedHashSet<>();
        nodes.addAll(dsl.selectDistinct(e.NODE).from(e).where(e.PID.eq(pid)).fetch(e.NODE));
        nodes.addAll(dsl.selectDistinct(x.NODE).from(x).where(x.PID.eq(pid)).fetch(x.NODE));
        if (node != null) {
            if (!nodes.contains(node)) {
                throw new NotFound("pid " + pid + " is not in the evidence of node " + node
                        + (nodes.isEmpty() ? "" : " (it is on " + String.join(", ", nodes) + ")"));
            }
            return node;
        }
        if (nodes.isEmpty()) {
            throw new NotFound("pid " + pid + " is not in the evidence (no event of it, nor an execve)");
        }
        if (nodes.size() > 1) {
            throw new NotFound("pid " + pid + " is on several nodes (" + String.join(", ", nodes)
                    + "): choose one with --node");
        }
        return nodes.iterator().next();
    }
}

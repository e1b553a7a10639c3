package io.auditq.query.ask;

import io.auditq.parser.normal.AccountNames;
import org.jooq.DSLContext;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import static io.auditq.query.schema.jooq.Tables.EVENTS;
import static io.auditq.query.schema.jooq.Tables.EXECUTIONS;

/**
 * A process's ancestors as the log shows them: from its ppid up, each parent's latest execve before the child
 * appeared (or, in a full case, any event of that pid), until the first ancestor outside the process's login
 * session (the one that started it: sshd, login, cron), pid 1, or a parent the log does not show.
 */
public final class ProcessAncestry {
    /** Enough for any real chain; a loop in pid reuse cannot make it endless. */
    static final int MAX_DEPTH = 32;

    private final DSLContext dsl;
    private final AccountNames names;

    public ProcessAncestry(DSLContext dsl, AccountNames names) {
        this.dsl = dsl;
        this.names = names;
    }

    public List<Ancestor> of(OutboundConnection row) {
        return of(row.node(), row.ppid(), row.firstSeen(), row.ses());
    }

    /** Ancestors of a process whose parent is {@code ppid}, seen at {@code time}, in session {@code ses}. */
    public List<Ancestor> of(String node, Long ppid, long time, Long ses) {
        String n = node == null ? "" : node;
        List<Ancestor> chain = new ArrayList<>();
        Set<Long> visited = new HashSet<>();
        Long cur = ppid;
        long t = time;
        while (cur != null && cur > 0 && chain.size() < MAX_DEPTH && visited.add(cur)) {
            Ancestor a = fromExecution(n, cur, t, ses);
            if (a == null) {
                a = fromEvent(n, cur, t, ses);
            }
            if (a == null) {
                chain.add(new Ancestor(cur, null, null, null, null, null, null, null, null, null, false));
                break;
            }
            chain.add(a);
            if (a.outsideSession() || a.time() == null) {
                break;
            }
            cur = a.ppid();
            t = a.time();
        }
        return chain;
    }

    private Ancestor fromExecution(String node, long pid, long t, Long ses) {
        var x = EXECUTIONS;
        var r = dsl.select(x.PPID, x.TIME_MS, x.EXE, x.ARGV, x.UID, x.USER_NAME, x.AUID, x.LOGIN_USER, x.SES)
                .from(x).where(x.NODE.eq(node)).and(x.PID.eq(pid)).and(x.TIME_MS.le(t)).and(x.SUCCESS.isTrue())
                .orderBy(x.TIME_MS.desc(), x.ID.desc()).limit(1).fetchOne();
        if (r == null) {
            return null;
        }
        return ancestor(node, pid, r.value1(), r.value2(), r.value3(), r.value4() == null ? null : List.of(r.value4()),
                r.value5(), r.value6(), r.value7(), r.value8(), r.value9(), ses);
    }

    private Ancestor fromEvent(String node, long pid, long t, Long ses) {
        var e = EVENTS;
        var r = dsl.select(e.PPID, e.TIME_MS, e.EXE, e.UID, e.USER_NAME, e.AUID, e.LOGIN_USER, e.SES)
                .from(e).where(e.NODE.eq(node)).and(e.PID.eq(pid)).and(e.TIME_MS.le(t))
                .orderBy(e.TIME_MS.desc(), e.ID.desc()).limit(1).fetchOne();
        if (r == null) {
            return null;
        }
        return ancestor(node, pid, r.value1(), r.value2(), r.value3(), null, r.value4(), r.value5(), r.value6(),
                r.value7(), r.value8(), ses);
    }

    private Ancestor ancestor(String node, long pid, Long ppid, Long time, String exe, List<String> argv, Long uid,
                              String user, Long auid, String loginUser, Long aSes, Long ses) {
        String nodeOrNull = node.isEmpty() ? null : node;
        if (names != null) {
            user = user == null && uid != null ? names.user(nodeOrNull, uid) : user;
            loginUser = loginUser == null && auid != null ? names.user(nodeOrNull, auid) : loginUser;
        }
        boolean outside = ses != null && !Objects.equals(aSes, ses);
        return new Ancestor(pid, ppid, time, exe, argv, uid, user, auid, loginUser, aSes, outside);
    }
}

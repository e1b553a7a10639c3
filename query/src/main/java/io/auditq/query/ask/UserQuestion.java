package io.auditq.query.ask;

import io.auditq.parser.normal.AccountNames;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.auditq.query.schema.jooq.Tables.CONNECTIONS;
import static io.auditq.query.schema.jooq.Tables.EVENTS;
import static io.auditq.query.schema.jooq.Tables.EXECUTIONS;
import static io.auditq.query.schema.jooq.Tables.LOGINS;
import static io.auditq.query.schema.jooq.Tables.SOURCES;

/**
 * Who was on the host: the login sessions (node, auid, ses) of a full case database, what each did, and the
 * privilege changes inside them (sudo, su, PAM credentials, processes under another uid than the login uid).
 */
public final class UserQuestion {
    /** The user-space records that mark a change of rights. */
    static final List<String> PRIVILEGE_TYPES = List.of("USER_CMD", "CRED_ACQ", "CRED_REFR", "CRED_DISP",
            "USER_ROLE_CHANGE");

    private final DSLContext dsl;
    private final AccountNames names;

    /** @param names names for ids the rows do not name (the query's --passwd), or null */
    public UserQuestion(DSLContext dsl, AccountNames names) {
        this.dsl = dsl;
        this.names = Names.forCase(dsl, names);
    }

    /** The sessions with activity in the window, in the order they were first seen. */
    public List<LoginSession> sessions(TimeWindow w) {
        Map<List<Object>, long[]> counts = new HashMap<>(); // executions, connections, destinations, privilege
        for (var r : dsl.select(EXECUTIONS.NODE, EXECUTIONS.AUID, EXECUTIONS.SES, DSL.count()).from(EXECUTIONS)
                .where(in(EXECUTIONS.TIME_MS, w)).groupBy(EXECUTIONS.NODE, EXECUTIONS.AUID, EXECUTIONS.SES).fetch()) {
            counts.computeIfAbsent(key(r.value1(), r.value2(), r.value3()), k -> new long[4])[0] = r.value4();
        }
        Map<List<Object>, Set<List<Object>>> dests = new HashMap<>();
        for (var r : dsl.select(CONNECTIONS.NODE, CONNECTIONS.AUID, CONNECTIONS.SES, CONNECTIONS.DST_ADDR,
                        CONNECTIONS.DST_PORT, CONNECTIONS.PROTOCOL, DSL.count()).from(CONNECTIONS)
                .where(in(CONNECTIONS.TIME_MS, w)).and(CONNECTIONS.LOOPBACK.isFalse())
                .groupBy(CONNECTIONS.NODE, CONNECTIONS.AUID, CONNECTIONS.SES, CONNECTIONS.DST_ADDR,
                        CONNECTIONS.DST_PORT, CONNECTIONS.PROTOCOL).fetch()) {
            List<Object> k = key(r.value1(), r.value2(), r.value3());
            counts.computeIfAbsent(k, x -> new long[4])[1] += r.value7();
            dests.computeIfAbsent(k, x -> new HashSet<>()).add(List.of(r.value4(), r.value5(), r.value6()));
        }
        dests.forEach((k, s) -> counts.get(k)[2] = s.size());
        for (PrivilegeChange p : privilegeChanges(w)) {
            if (!p.loginProcess()) {
                counts.computeIfAbsent(key(p.node() == null ? "" : p.node(), p.auid(), p.ses()),
                        x -> new long[4])[3]++;
            }
        }

        Map<List<Object>, Set<String>> users = new HashMap<>();
        Field<Long> firstTime = DSL.min(EVENTS.TIME_MS).as("first_time");
        for (var r : dsl.select(EVENTS.NODE, EVENTS.AUID, EVENTS.SES, EVENTS.UID, DSL.max(EVENTS.USER_NAME), firstTime)
                .from(EVENTS).where(in(EVENTS.TIME_MS, w)).and(EVENTS.UID.isNotNull())
                .groupBy(EVENTS.NODE, EVENTS.AUID, EVENTS.SES, EVENTS.UID).orderBy(firstTime, EVENTS.UID).fetch()) {
            String name = r.value5() != null ? r.value5() : name(r.value1(), r.value4());
            users.computeIfAbsent(key(r.value1(), r.value2(), r.value3()), k -> new LinkedHashSet<>())
                    .add(name != null ? name : r.value4() == SummaryQuestion.UNSET ? "(unset)" : Long.toString(r.value4()));
        }
        Map<List<Object>, Set<String>> ttys = new HashMap<>();
        for (var r : dsl.selectDistinct(EVENTS.NODE, EVENTS.AUID, EVENTS.SES, EVENTS.TTY).from(EVENTS)
                .where(in(EVENTS.TIME_MS, w)).and(EVENTS.TTY.isNotNull()).and(EVENTS.TTY.ne("(none)")).fetch()) {
            ttys.computeIfAbsent(key(r.value1(), r.value2(), r.value3()), k -> new TreeSet<>()).add(r.value4());
        }
        // where the session came from: its LOGIN record, then USER_LOGIN's, then USER_START's terminal and address
        Map<List<Object>, Origin> origins = new HashMap<>();
        for (var r : dsl.select(LOGINS.NODE, LOGINS.AUID, LOGINS.SES, LOGINS.TYPE, LOGINS.TIME_MS, LOGINS.PID,
                        LOGINS.TERMINAL, LOGINS.ADDR, LOGINS.HOSTNAME, LOGINS.LOGIN_USER, SOURCES.NAME, LOGINS.LINE)
                .from(LOGINS).leftJoin(SOURCES).on(SOURCES.ID.eq(LOGINS.SOURCE_ID))
                .where(LOGINS.TYPE.in("LOGIN", "USER_LOGIN", "USER_START")).and(LOGINS.SES.isNotNull())
                .orderBy(LOGINS.TIME_MS, LOGINS.SERIAL, LOGINS.ID).fetch()) {
            Origin o = origins.computeIfAbsent(key(r.value1(), r.value2(), r.value3()), k -> new Origin());
            switch (r.value4()) {
                case "LOGIN" -> {
                    if (o.loginTime == null) {
                        o.loginTime = r.value5();
                        o.loginPid = r.value6();
                        o.source = source(r.value11(), r.value12());
                    }
                }
                case "USER_LOGIN" -> o.take(2, r.value7(), r.value8(), r.value9());
                default -> o.take(1, r.value7(), r.value8(), r.value9());
            }
            if (o.loginUser == null) {
                o.loginUser = r.value10();
            }
        }

        var g = dsl.select(EVENTS.NODE, EVENTS.AUID, EVENTS.SES, DSL.min(EVENTS.TIME_MS).as("first_ms"),
                        DSL.max(EVENTS.TIME_MS).as("last_ms"), DSL.count().as("n"),
                        DSL.max(EVENTS.LOGIN_USER).as("login_user"), EvidenceOrder.first())
                .from(EVENTS).where(in(EVENTS.TIME_MS, w)).groupBy(EVENTS.NODE, EVENTS.AUID, EVENTS.SES)
                .asTable("g");
        List<LoginSession> out = new ArrayList<>();
        for (var r : dsl.select(g.fields()).select(SOURCES.NAME, EVENTS.LINE).from(g)
                .join(EVENTS).on(EvidenceOrder.isFirstOf(g))
                .leftJoin(SOURCES).on(SOURCES.ID.eq(EVENTS.SOURCE_ID)).fetchArrays()) {
            String node = (String) r[0];
            Long auid = (Long) r[1];
            Long ses = (Long) r[2];
            List<Object> k = key(node, auid, ses);
            long[] c = counts.getOrDefault(k, new long[4]);
            Origin o = origins.getOrDefault(k, new Origin());
            String loginUser = (String) r[6];
            if (loginUser == null) {
                loginUser = o.loginUser != null ? o.loginUser : auid == null ? null : name(node, auid);
            }
            Set<String> t = ttys.get(k);
            out.add(new LoginSession(node.isEmpty() ? null : node, auid, loginUser, ses, (Long) r[3], (Long) r[4],
                    o.loginTime, o.loginPid, o.terminal, o.addr, o.hostname, t == null ? null : String.join(",", t),
                    List.copyOf(users.getOrDefault(k, Set.of())), ((Number) r[5]).longValue(), c[0], c[1], c[2],
                    c[3], o.source != null ? o.source : source((String) r[8], (Long) r[9])));
        }
        out.sort(Comparator.comparingLong(LoginSession::firstSeen)
                .thenComparing(s -> s.ses() == null ? -1 : s.ses()));
        return out;
    }

    /** The privilege changes in the window, in time order. */
    public List<PrivilegeChange> privilegeChanges(TimeWindow w) {
        List<PrivilegeChange> out = new ArrayList<>();
        var recs = dsl.select(LOGINS.TIME_MS, LOGINS.NODE, LOGINS.AUID, LOGINS.LOGIN_USER, LOGINS.SES, LOGINS.TYPE,
                        LOGINS.PID, LOGINS.UID, LOGINS.USER_NAME, LOGINS.EXE, LOGINS.ACCT, LOGINS.CMD, LOGINS.TERMINAL,
                        LOGINS.RES, SOURCES.NAME, LOGINS.LINE)
                .from(LOGINS).leftJoin(SOURCES).on(SOURCES.ID.eq(LOGINS.SOURCE_ID))
                .where(in(LOGINS.TIME_MS, w)).and(LOGINS.TYPE.in(PRIVILEGE_TYPES))
                .orderBy(LOGINS.TIME_MS, LOGINS.SERIAL, LOGINS.ID).fetch();
        // USER_CMD does not name the account sudo ran the command as: the same sudo's next credential record does
        Map<List<Object>, List<Object[]>> targets = new HashMap<>();
        for (var t : dsl.select(LOGINS.NODE, LOGINS.PID, LOGINS.TIME_MS, LOGINS.ACCT).from(LOGINS)
                .where(LOGINS.TYPE.in("CRED_ACQ", "CRED_REFR", "USER_START")).and(LOGINS.ACCT.isNotNull())
                .and(LOGINS.PID.isNotNull()).orderBy(LOGINS.TIME_MS, LOGINS.SERIAL, LOGINS.ID).fetch()) {
            targets.computeIfAbsent(List.of(t.value1(), t.value2()), k -> new ArrayList<>())
                    .add(new Object[] {t.value3(), t.value4()});
        }
        for (var r : recs) {
            String node = r.value2();
            String target = r.value11();
            if ("USER_CMD".equals(r.value6())) {
                target = null;
                for (Object[] t : r.value7() == null ? List.<Object[]>of()
                        : targets.getOrDefault(List.of(node, r.value7()), List.of())) {
                    long at = (Long) t[0];
                    if (at >= r.value1() && at - r.value1() <= 60_000) { // the same sudo run, not a later one
                        target = (String) t[1];
                        break;
                    }
                }
            }
            Long auid = r.value3();
            String loginUser = r.value4() != null ? r.value4() : auid == null ? null : name(node, auid);
            String user = r.value9() != null ? r.value9() : r.value8() == null ? null : name(node, r.value8());
            out.add(new PrivilegeChange(r.value1(), node.isEmpty() ? null : node, auid, loginUser, r.value5(),
                    r.value6(), r.value7(), r.value8(), user, r.value10(), unknownIfQuestion(target), r.value12(),
                    unknownIfQuestion(r.value13()), r.value14(), false, null, source(r.value15(), r.value16())));
        }
        out.addAll(uidChanges(w));
        out.sort(Comparator.comparingLong(PrivilegeChange::time)
                .thenComparing(p -> p.pid() == null ? -1 : p.pid()));
        return out;
    }

    /** Each process of a session under another uid than the login uid: its first event under that uid. */
    private List<PrivilegeChange> uidChanges(TimeWindow w) {
        Set<List<Object>> loginPids = new HashSet<>();
        for (var r : dsl.select(LOGINS.NODE, LOGINS.SES, LOGINS.PID).from(LOGINS).where(LOGINS.TYPE.eq("LOGIN"))
                .fetch()) {
            loginPids.add(Arrays.asList(r.value1(), r.value2(), r.value3()));
        }
        Field<Integer> n = DSL.count().as("n");
        var g = dsl.select(EVENTS.NODE, EVENTS.SES, EVENTS.AUID, EVENTS.PID, EVENTS.UID, EvidenceOrder.first(), n)
                .from(EVENTS)
                .where(in(EVENTS.TIME_MS, w)).and(EVENTS.SES.isNotNull()).and(EVENTS.AUID.isNotNull())
                .and(EVENTS.UID.isNotNull()).and(EVENTS.PID.isNotNull()).and(EVENTS.UID.ne(EVENTS.AUID))
                .and(EVENTS.SYSCALL.isNotNull())
                .groupBy(EVENTS.NODE, EVENTS.SES, EVENTS.AUID, EVENTS.PID, EVENTS.UID).asTable("g");
        List<PrivilegeChange> out = new ArrayList<>();
        for (var r : dsl.select(EVENTS.TIME_MS, EVENTS.NODE, EVENTS.AUID, EVENTS.LOGIN_USER, EVENTS.SES, EVENTS.PID,
                        EVENTS.UID, EVENTS.USER_NAME, EVENTS.EXE, EVENTS.TTY, SOURCES.NAME, EVENTS.LINE,
                        g.field(n))
                .from(g).join(EVENTS).on(EvidenceOrder.isFirstOf(g))
                .leftJoin(SOURCES).on(SOURCES.ID.eq(EVENTS.SOURCE_ID)).fetch()) {
            String node = r.value2();
            boolean login = loginPids.contains(Arrays.asList(node, r.value5(), r.value6()));
            String loginUser = r.value4() != null ? r.value4() : name(node, r.value3());
            String user = r.value8() != null ? r.value8() : name(node, r.value7());
            int events = r.value13();
            String detail = (login ? "the login process, before it became the user; " : "")
                    + events + " event" + (events == 1 ? "" : "s") + " under this uid";
            out.add(new PrivilegeChange(r.value1(), node.isEmpty() ? null : node, r.value3(), loginUser, r.value5(),
                    "UID", r.value6(), r.value7(), user, r.value9(), user != null ? user : r.value7().toString(), null,
                    "(none)".equals(r.value10()) ? null : r.value10(), null, login, detail,
                    source(r.value11(), r.value12())));
        }
        return out;
    }

    static Condition in(Field<Long> time, TimeWindow w) {
        Condition c = DSL.trueCondition();
        if (w.since() != null) {
            c = c.and(time.ge(w.since()));
        }
        if (w.until() != null) {
            c = c.and(time.le(w.until()));
        }
        return c;
    }

    static String source(String name, Long line) {
        return (name == null ? "?" : name) + ":" + line;
    }

    private String name(String node, Long id) {
        return names == null || id == null ? null : names.user(node == null || node.isEmpty() ? null : node, id);
    }

    private static List<Object> key(String node, Long auid, Long ses) {
        return Arrays.asList(node, auid, ses);
    }

    /** PAM writes "?" for what it does not know. */
    private static String unknownIfQuestion(String s) {
        return s == null || s.equals("?") || s.isEmpty() ? null : s;
    }

    /** Where a session came from, gathered from its login records. */
    private static final class Origin {
        Long loginTime;
        Long loginPid;
        String loginUser;
        String source;
        String terminal, addr, hostname;
        int rank; // 2 USER_LOGIN, 1 USER_START: a USER_LOGIN's values win over USER_START's

        void take(int rank, String terminal, String addr, String hostname) {
            terminal = unknownIfQuestion(terminal);
            addr = unknownIfQuestion(addr);
            hostname = unknownIfQuestion(hostname);
            if (terminal == null && addr == null && hostname == null) {
                return;
            }
            if (rank > this.rank) { // the first record of the best kind
                this.rank = rank;
                this.terminal = terminal;
                this.addr = addr;
                this.hostname = hostname;
            }
        }
    }
}

package io.auditq.query.ask;

import io.auditq.parser.normal.AccountNames;
import io.auditq.parser.normal.LearnedNames;
import io.auditq.query.ask.CaseSummary.Count;
import io.auditq.query.ask.CaseSummary.Kind;
import io.auditq.query.ask.CaseSummary.Suspicion;
import io.auditq.query.connect.ConnectionTracker;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.auditq.query.schema.jooq.Tables.CONNECTIONS;
import static io.auditq.query.schema.jooq.Tables.EVENTS;
import static io.auditq.query.schema.jooq.Tables.EXECUTIONS;
import static io.auditq.query.schema.jooq.Tables.LOGINS;
import static io.auditq.query.schema.jooq.Tables.SOURCES;

/**
 * The overview of a full case database, like aureport's: counts of what the log holds, failures, and the
 * suspicious processes and connections, each with the file:line that shows it.
 */
public final class SummaryQuestion {
    /** Directories anyone may write to, where a legitimate program is rarely installed. */
    static final List<String> WRITABLE_DIRS = List.of("/tmp/", "/var/tmp/", "/dev/shm/");
    static final String DELETED = " (deleted)";
    /** (uid_t) -1: a uid the kernel did not set. */
    static final long UNSET = 4294967295L;

    private final DSLContext dsl;
    private final AccountNames names;

    /** @param names names for ids the rows do not name (the query's --passwd), or null */
    public SummaryQuestion(DSLContext dsl, AccountNames names) {
        this.dsl = dsl;
        this.names = Names.forCase(dsl, names);
    }

    /**
     * @param afterPrivilegeMillis how soon after a privilege change a connection of the same session is suspicious
     */
    public CaseSummary ask(TimeWindow w, long afterPrivilegeMillis) {
        Condition in = UserQuestion.in(EVENTS.TIME_MS, w);
        var span = dsl.select(DSL.min(EVENTS.TIME_MS), DSL.max(EVENTS.TIME_MS), DSL.count()).from(EVENTS).where(in)
                .fetchOne();
        List<Count> nodes = counts(dsl.select(EVENTS.NODE, DSL.count()).from(EVENTS).where(in).groupBy(EVENTS.NODE)
                .fetch().map(r -> new Count(r.value1().isEmpty() ? "(no node)" : r.value1(), r.value2(), null)));
        // types and keys are lists per event: count the distinct lists in the database, split them here
        Map<String, Long> types = new HashMap<>();
        for (var r : dsl.select(EVENTS.TYPES, DSL.count()).from(EVENTS).where(in).groupBy(EVENTS.TYPES).fetch()) {
            for (String t : r.value1().split(",")) {
                types.merge(t, (long) r.value2(), Long::sum);
            }
        }
        Map<String, Long> keys = new HashMap<>();
        for (var r : dsl.select(EVENTS.RULE_KEY, DSL.count()).from(EVENTS).where(in).and(EVENTS.RULE_KEY.isNotNull())
                .groupBy(EVENTS.RULE_KEY).fetch()) {
            for (String k : new TreeSet<>(List.of(r.value1().split(",")))) {
                keys.merge(k, (long) r.value2(), Long::sum);
            }
        }
        List<Count> syscalls = counts(dsl.select(EVENTS.SYSCALL, DSL.count()).from(EVENTS).where(in)
                .and(EVENTS.SYSCALL.isNotNull()).groupBy(EVENTS.SYSCALL).fetch()
                .map(r -> new Count(r.value1(), r.value2(), null)));
        List<Count> users = accounts(EVENTS.UID, EVENTS.USER_NAME, in);
        List<Count> loginUsers = accounts(EVENTS.AUID, EVENTS.LOGIN_USER, in);

        Map<String, Map<String, Long>> failed = new TreeMap<>();
        for (var r : dsl.select(EVENTS.ERRNO, EVENTS.SYSCALL, DSL.count()).from(EVENTS).where(in)
                .and(EVENTS.SUCCESS.isFalse()).groupBy(EVENTS.ERRNO, EVENTS.SYSCALL).fetch()) {
            failed.computeIfAbsent(r.value1() == null ? "(no errno)" : r.value1(), k -> new TreeMap<>())
                    .merge(r.value2() == null ? "?" : r.value2(), (long) r.value3(), Long::sum);
        }
        List<Count> failures = new ArrayList<>();
        failed.forEach((errno, bySyscall) -> {
            List<Map.Entry<String, Long>> l = new ArrayList<>(bySyscall.entrySet());
            l.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            failures.add(new Count(errno, l.stream().mapToLong(Map.Entry::getValue).sum(),
                    String.join(" ", l.stream().map(e -> e.getKey() + ":" + e.getValue()).toList())));
        });
        failures.sort(ORDER);

        CaseSummary.FailedLogins failedLogins = failedLogins(w);

        List<Suspicion> suspicious = new ArrayList<>();
        processes(w, suspicious);
        connectionsAfterPrivilege(w, afterPrivilegeMillis, suspicious);
        suspicious.addAll(NameConflicts.in(names.learned(), w));
        suspicious.sort(Comparator.comparing(Suspicion::kind).thenComparingLong(Suspicion::time)
                .thenComparing(s -> s.pid() == null ? -1 : s.pid()));
        return new CaseSummary(span.value1(), span.value2(), span.value3(), nodes, counts(types), syscalls,
                counts(keys), users, loginUsers, failures, failedLogins, suspicious);
    }

    /** Failed logins and authentications: totals, and the largest groups with the file:line of their first. */
    private CaseSummary.FailedLogins failedLogins(TimeWindow w) {
        var l = LOGINS;
        var groups = dsl.select(l.TYPE, l.EXE, l.ACCT, l.ADDR, DSL.count(), DSL.min(l.TIME_MS), DSL.max(l.TIME_MS),
                        DSL.min(l.ID))
                .from(l).where(UserQuestion.in(l.TIME_MS, w)).and(l.RES.eq("failed"))
                .groupBy(l.TYPE, l.EXE, l.ACCT, l.ADDR).fetch();
        if (groups.isEmpty()) {
            return CaseSummary.FailedLogins.NONE;
        }
        groups.sort(Comparator.comparing((org.jooq.Record8<String, String, String, String, Integer, Long, Long, Long> r)
                -> -r.value5()).thenComparing(r -> r.value6()));
        long total = 0;
        Set<String> accounts = new TreeSet<>(), addresses = new TreeSet<>();
        for (var r : groups) {
            total += r.value5();
            accounts.add(String.valueOf(r.value3()));
            if (r.value4() != null && !r.value4().equals("?")) { // "?": the program logged no address
                addresses.add(r.value4());
            }
        }
        List<CaseSummary.FailedLogin> largest = new ArrayList<>();
        for (var r : groups.subList(0, Math.min(groups.size(), CaseSummary.FAILED_LOGINS_SHOWN))) {
            var first = dsl.select(SOURCES.NAME, l.LINE).from(l).leftJoin(SOURCES).on(SOURCES.ID.eq(l.SOURCE_ID))
                    .where(l.ID.eq(r.value8())).fetchOne();
            largest.add(new CaseSummary.FailedLogin(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(),
                    r.value6(), r.value7(),
                    UserQuestion.source(first == null ? null : first.value1(), first == null ? null : first.value2())));
        }
        return new CaseSummary.FailedLogins(total, accounts.size(), addresses.size(), groups.size(), largest);
    }

    private static final Comparator<Count> ORDER = Comparator.comparingLong(Count::count).reversed()
            .thenComparing(Count::key);

    private static List<Count> counts(List<Count> l) {
        List<Count> out = new ArrayList<>(l);
        out.sort(ORDER);
        return out;
    }

    private static List<Count> counts(Map<String, Long> m) {
        return counts(m.entrySet().stream().map(e -> new Count(e.getKey(), e.getValue(), null)).toList());
    }

    /** Events per account: the name (or "uid N" when nothing names it); "(unset)" for an unset login uid. */
    private List<Count> accounts(Field<Long> id, Field<String> name, Condition in) {
        Map<String, Long> m = new HashMap<>();
        for (var r : dsl.select(EVENTS.NODE, id, DSL.max(name), DSL.count()).from(EVENTS).where(in)
                .groupBy(EVENTS.NODE, id).fetch()) {
            String n = r.value3() != null ? r.value3() : r.value2() == null ? null : name(r.value1(), r.value2());
            AccountNames.Name resolved = r.value2() == null || names == null ? null
                    : names.userName(node(r.value1()), r.value2());
            if (resolved != null && resolved.basis() == AccountNames.Basis.CONFLICT) {
                // the log names this uid two ways: neither name is chosen (name-conflict says where)
                n = "uid " + r.value2() + " (" + String.join(" or ", resolved.names().stream()
                        .map(LearnedNames.Sighting::name).toList()) + ")";
            }
            String key = n != null ? n : r.value2() == null || r.value2() == UNSET ? "(unset)" : "uid " + r.value2();
            m.merge(key, (long) r.value4(), Long::sum);
        }
        return counts(m);
    }

    /** Renamed processes, programs run from world-writable directories, and deleted executables. */
    private void processes(TimeWindow w, List<Suspicion> out) {
        // the files execve ran, by process: an interpreter's script, the name a symlink gave the program
        Map<List<Object>, Set<String>> programs = new HashMap<>();
        for (var r : dsl.selectDistinct(EXECUTIONS.NODE, EXECUTIONS.PID, EXECUTIONS.PATH, EXECUTIONS.TIME_MS,
                        EXECUTIONS.EXE, EXECUTIONS.COMM, EXECUTIONS.UID, EXECUTIONS.USER_NAME, EXECUTIONS.AUID,
                        EXECUTIONS.LOGIN_USER, EXECUTIONS.SES, SOURCES.NAME, EXECUTIONS.LINE)
                .from(EXECUTIONS).leftJoin(SOURCES).on(SOURCES.ID.eq(EXECUTIONS.SOURCE_ID))
                .where(EXECUTIONS.PATH.isNotNull()).and(EXECUTIONS.SUCCESS.isTrue()).fetch()) {
            String path = r.value3();
            programs.computeIfAbsent(Arrays.asList(r.value1(), r.value2()), k -> new TreeSet<>())
                    .add(path.substring(path.lastIndexOf('/') + 1));
            // a script in /tmp run by an interpreter: its exe is the interpreter, so only execve names it
            if (inWritableDir(path) && !inWritableDir(r.value5()) && w.contains(r.value4())) {
                out.add(new Suspicion(Kind.RUN_FROM_TMP, r.value4(), node(r.value1()), r.value2(), r.value5(),
                        r.value6(), r.value7(), user(r.value1(), r.value7(), r.value8()), r.value9(),
                        user(r.value1(), r.value9(), r.value10()), r.value11(), 1,
                        "execve ran " + path + ", which lies in " + dir(path),
                        UserQuestion.source(r.value12(), r.value13())));
            }
        }
        Field<Integer> n = DSL.count().as("n");
        var g = dsl.select(EVENTS.NODE, EVENTS.PID, EVENTS.EXE, EVENTS.COMM, EvidenceOrder.first(), n).from(EVENTS)
                .where(UserQuestion.in(EVENTS.TIME_MS, w)).and(EVENTS.EXE.isNotNull())
                .groupBy(EVENTS.NODE, EVENTS.PID, EVENTS.EXE, EVENTS.COMM).asTable("g");
        Map<List<Object>, Suspicion> renamed = new LinkedHashMap<>(), tmp = new LinkedHashMap<>(),
                deleted = new LinkedHashMap<>();
        for (var r : dsl.select(g.field(EVENTS.NODE), g.field(EVENTS.PID), g.field(EVENTS.EXE), g.field(EVENTS.COMM),
                        g.field(n), EVENTS.TIME_MS, EVENTS.UID, EVENTS.USER_NAME, EVENTS.AUID, EVENTS.LOGIN_USER,
                        EVENTS.SES, SOURCES.NAME, EVENTS.LINE)
                .from(g).join(EVENTS).on(EvidenceOrder.isFirstOf(g))
                .leftJoin(SOURCES).on(SOURCES.ID.eq(EVENTS.SOURCE_ID))
                .orderBy(EVENTS.TIME_MS, EVENTS.SERIAL, EVENTS.NODE, EVENTS.ID).fetch()) {
            String node = r.value1();
            Long pid = r.value2();
            String exe = r.value3();
            String comm = r.value4();
            int count = r.value5();
            String src = UserQuestion.source(r.value12(), r.value13());
            String user = user(node, r.value7(), r.value8());
            String login = user(node, r.value9(), r.value10());
            Set<String> ran = programs.getOrDefault(Arrays.asList(node, pid), Set.of());
            if (comm != null && mismatch(comm, exe, ran)) {
                // one item per process: the threads of one program often name themselves differently
                List<Object> k = Arrays.asList(node, pid, exe);
                Suspicion prev = renamed.get(k);
                if (prev == null) {
                    renamed.put(k, new Suspicion(Kind.COMM_MISMATCH, r.value6(), node(node), pid, exe, comm,
                            r.value7(), user, r.value9(), login, r.value11(), count, "comm " + comm
                            + " is not the name of " + exe + (ran.isEmpty() ? " (no execve of this pid in the log, "
                            + "but no file's name holds a '/')" : ""), src));
                } else {
                    String d = prev.detail().startsWith("comm " + prev.comm() + " ")
                            ? "comms " + prev.comm() + ", " + comm + prev.detail().substring(5 + prev.comm().length())
                            : prev.detail().replaceFirst(" are not the name", ", " + comm + " are not the name");
                    d = d.replaceFirst(" is not the name", " are not the name");
                    renamed.put(k, new Suspicion(prev.kind(), prev.time(), prev.node(), prev.pid(), prev.exe(),
                            prev.comm(), prev.uid(), prev.user(), prev.auid(), prev.loginUser(), prev.ses(),
                            prev.count() + count, d, prev.source()));
                }
            }
            // one item per process and file, however many comms it used, before and after the file was deleted
            List<Object> k = Arrays.asList(node, pid,
                    exe.endsWith(DELETED) ? exe.substring(0, exe.length() - DELETED.length()) : exe);
            if (inWritableDir(exe)) {
                merge(tmp, k, new Suspicion(Kind.RUN_FROM_TMP, r.value6(), node(node), pid, exe, comm, r.value7(),
                        user, r.value9(), login, r.value11(), count, "the executable lies in " + dir(exe), src));
            }
            if (exe.endsWith(DELETED)) {
                merge(deleted, k, new Suspicion(Kind.DELETED_EXE, r.value6(), node(node), pid, exe, comm, r.value7(),
                        user, r.value9(), login, r.value11(), count,
                        "the executable was deleted while the process ran", src));
            }
        }
        out.addAll(renamed.values());
        out.addAll(tmp.values());
        out.addAll(deleted.values());
    }

    private static void merge(Map<List<Object>, Suspicion> m, List<Object> k, Suspicion s) {
        m.merge(k, s, (a, b) -> new Suspicion(a.kind(), a.time(), a.node(), a.pid(), a.exe(), a.comm(), a.uid(),
                a.user(), a.auid(), a.loginUser(), a.ses(), a.count() + b.count(), a.detail(), a.source()));
    }

    /**
     * Only what the evidence shows to be a renamed process is suspicious: without the execve of the pid, a comm that
     * could be a script's name (an interpreter's exe) is not known to be a rename ({@link ConnectionTracker#commMismatch}).
     */
    private static boolean mismatch(String comm, String exe, Set<String> programs) {
        if (programs.isEmpty()) {
            return Boolean.TRUE.equals(ConnectionTracker.commMismatch(comm, exe, null));
        }
        for (String p : programs) {
            if (!Boolean.TRUE.equals(ConnectionTracker.commMismatch(comm, exe, p))) {
                return false;
            }
        }
        return true;
    }

    /** Outbound connections of a session within the given time after one of its privilege changes. */
    private void connectionsAfterPrivilege(TimeWindow w, long within, List<Suspicion> out) {
        Map<List<Object>, List<PrivilegeChange>> changes = new HashMap<>();
        // a change just before the window can explain a connection inside it
        TimeWindow wider = new TimeWindow(w.since() == null ? null : w.since() - within, w.until());
        for (PrivilegeChange p : new UserQuestion(dsl, names).privilegeChanges(wider)) {
            if (p.gainsRights() && p.ses() != null) {
                changes.computeIfAbsent(Arrays.asList(p.node() == null ? "" : p.node(), p.ses()),
                        k -> new ArrayList<>()).add(p);
            }
        }
        if (changes.isEmpty()) {
            return;
        }
        Map<List<Object>, Suspicion> rows = new LinkedHashMap<>();
        for (var r : dsl.select(CONNECTIONS.TIME_MS, CONNECTIONS.NODE, CONNECTIONS.PID, CONNECTIONS.EXE,
                        CONNECTIONS.COMM, CONNECTIONS.UID, CONNECTIONS.USER_NAME, CONNECTIONS.AUID,
                        CONNECTIONS.LOGIN_USER, CONNECTIONS.SES, CONNECTIONS.DST_ADDR, CONNECTIONS.DST_PORT,
                        CONNECTIONS.PROTOCOL, SOURCES.NAME, CONNECTIONS.LINE)
                .from(CONNECTIONS).leftJoin(SOURCES).on(SOURCES.ID.eq(CONNECTIONS.SOURCE_ID))
                .where(UserQuestion.in(CONNECTIONS.TIME_MS, w)).and(CONNECTIONS.LOOPBACK.isFalse())
                .and(CONNECTIONS.SES.isNotNull())
                .orderBy(CONNECTIONS.TIME_MS, CONNECTIONS.SERIAL, CONNECTIONS.NODE, CONNECTIONS.ID).fetch()) {
            long t = r.value1();
            // the likeliest cause: the latest sudo command before the connection, else the latest credential
            // record, else the latest process under another uid
            PrivilegeChange last = null;
            for (PrivilegeChange p : changes.getOrDefault(Arrays.asList(r.value2(), r.value10()), List.of())) {
                if (p.time() <= t && t - p.time() <= within && (last == null || rank(p) >= rank(last))) {
                    last = p;
                }
            }
            if (last == null) {
                continue;
            }
            String node = r.value2();
            String dest = (r.value11().contains(":") ? "[" + r.value11() + "]" : r.value11()) + ":" + r.value12()
                    + "/" + r.value13();
            List<Object> k = Arrays.asList(node, r.value3(), r.value4(), dest);
            Suspicion prev = rows.get(k);
            if (prev != null) {
                rows.put(k, new Suspicion(prev.kind(), prev.time(), prev.node(), prev.pid(), prev.exe(), prev.comm(),
                        prev.uid(), prev.user(), prev.auid(), prev.loginUser(), prev.ses(), prev.count() + 1,
                        prev.detail(), prev.source()));
                continue;
            }
            String what = switch (last.kind()) {
                case "USER_CMD" -> "sudo " + (last.cmd() == null ? "(command not logged)" : last.cmd())
                        + (last.target() == null ? "" : " as " + last.target());
                case "UID" -> "pid " + last.pid() + " (" + last.exe() + ") running as " + last.target();
                default -> last.kind() + (last.target() == null ? "" : " for " + last.target())
                        + (last.exe() == null ? "" : " by " + last.exe());
            };
            rows.put(k, new Suspicion(Kind.CONNECTION_AFTER_PRIVILEGE, t, node(node), r.value3(), r.value4(),
                    r.value5(), r.value6(), user(node, r.value6(), r.value7()), r.value8(),
                    user(node, r.value8(), r.value9()), r.value10(), 1,
                    dest + " " + millis(t - last.time()) + " after " + what + " (pid " + last.pid() + ", "
                            + last.source() + ")",
                    UserQuestion.source(r.value14(), r.value15())));
        }
        out.addAll(rows.values());
    }

    private static int rank(PrivilegeChange p) {
        return switch (p.kind()) {
            case "USER_CMD" -> 2;
            case "UID" -> 0;
            default -> 1;
        };
    }

    private static String millis(long ms) {
        return ms < 1000 ? ms + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    static boolean inWritableDir(String path) {
        if (path == null) {
            return false;
        }
        for (String d : WRITABLE_DIRS) {
            if (path.startsWith(d)) {
                return true;
            }
        }
        return false;
    }

    private static String dir(String path) {
        for (String d : WRITABLE_DIRS) {
            if (path.startsWith(d)) {
                return d.substring(0, d.length() - 1);
            }
        }
        return path;
    }

    private String user(String node, Long id, String logged) {
        if (logged != null || id == null) {
            return logged;
        }
        return name(node, id);
    }

    private String name(String node, Long id) {
        return names == null || id == null ? null : names.user(node == null || node.isEmpty() ? null : node, id);
    }

    private static String node(String node) {
        return node == null || node.isEmpty() ? null : node;
    }
}

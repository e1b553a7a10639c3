package io.auditq.query.ask;

import io.auditq.parser.normal.AccountNames;
import io.auditq.query.connect.Outcome;
import io.auditq.query.files.FileAccess;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.auditq.query.schema.jooq.Tables.EVENTS;
import static io.auditq.query.schema.jooq.Tables.FILE_ACCESSES;
import static io.auditq.query.schema.jooq.Tables.SOURCES;

/**
 * Who touched the watched file: the file accesses of events that carry a rule key, one row per file the syscall
 * named (a PARENT item only when the event names nothing else), leaving out what is not an access (auditctl's own
 * message when it adds the watch).
 */
public final class FileQuestion {
    /**
     * @param key  one rule key (an event with several keys matches any of them); null for any key
     * @param path a file (exact) or a directory (ending in /: everything under it); null for any
     */
    public record Filter(TimeWindow window, String key, String path) {
    }

    private final DSLContext dsl;

    public FileQuestion(DSLContext dsl) {
        this.dsl = dsl;
    }

    public List<FileHit> ask(Filter f, AccountNames given) {
        AccountNames names = Names.forCase(dsl, given);
        var a = FILE_ACCESSES;
        var e = EVENTS;
        Condition where = a.RULE_KEY.isNotNull().and(a.ACCESS.isNull().or(a.ACCESS.ne(FileAccess.NONE)));
        if (f.window().since() != null) {
            where = where.and(a.TIME_MS.ge(f.window().since()));
        }
        if (f.window().until() != null) {
            where = where.and(a.TIME_MS.le(f.window().until()));
        }
        if (f.key() != null) {
            // keys are stored joined by ','
            where = where.and(DSL.concat(DSL.inline(","), a.RULE_KEY, DSL.inline(","))
                    .contains("," + f.key() + ","));
        }
        var rows = dsl.select(a.TIME_MS, a.PATH, a.CWD, a.ACCESS, a.SYSCALL, a.SUCCESS, e.ERRNO, e.EXIT, a.PID,
                        e.PPID, a.EXE, e.COMM, a.UID, e.USER_NAME, a.AUID, e.LOGIN_USER, e.SES, a.NODE, a.RULE_KEY,
                        a.FLAGS, a.NAMETYPE, a.INODE, SOURCES.NAME, a.LINE, a.EVENT_ID)
                .from(a).join(e).on(e.ID.eq(a.EVENT_ID)).leftJoin(SOURCES).on(SOURCES.ID.eq(a.SOURCE_ID))
                .where(where).orderBy(a.TIME_MS, a.EVENT_ID, a.ITEM).fetch();
        // events naming something besides PARENT items: their PARENT items are only the directory looked up
        Set<Long> named = new HashSet<>();
        for (var r : rows) {
            if (!"PARENT".equals(r.get(a.NAMETYPE))) {
                named.add(r.get(a.EVENT_ID));
            }
        }
        List<FileHit> out = new ArrayList<>();
        for (var r : rows) {
            if ("PARENT".equals(r.get(a.NAMETYPE)) && named.contains(r.get(a.EVENT_ID))) {
                continue;
            }
            String path = absolute(r.get(a.PATH), r.get(a.CWD));
            if (!matchesPath(f.path(), path)) {
                continue;
            }
            String node = r.get(a.NODE).isEmpty() ? null : r.get(a.NODE);
            String access = r.get(a.ACCESS);
            String src = r.get(SOURCES.NAME);
            out.add(new FileHit(r.get(a.TIME_MS), path, access == null ? FileAccess.UNKNOWN : access,
                    r.get(a.SYSCALL), r.get(a.SUCCESS), Outcome.of(r.get(e.EXIT), r.get(e.ERRNO)), r.get(a.PID),
                    r.get(e.PPID), r.get(a.EXE), r.get(e.COMM), r.get(a.UID),
                    Names.or(r.get(e.USER_NAME), r.get(a.UID), node, names), r.get(a.AUID),
                    Names.or(r.get(e.LOGIN_USER), r.get(a.AUID), node, names), r.get(e.SES), node,
                    r.get(a.RULE_KEY), r.get(a.FLAGS), r.get(a.NAMETYPE), r.get(a.INODE),
                    (src == null ? "?" : src) + ":" + r.get(a.LINE)));
        }
        return out;
    }

    /** A relative PATH name joined to the event's cwd; absolute names as they are. */
    static String absolute(String name, String cwd) {
        if (name == null || name.startsWith("/") || cwd == null) {
            return name;
        }
        String joined = cwd.endsWith("/") ? cwd + name : cwd + "/" + name;
        return java.nio.file.Path.of(joined).normalize().toString();
    }

    static boolean matchesPath(String wanted, String path) {
        if (wanted == null) {
            return true;
        }
        if (path == null) {
            return false;
        }
        if (wanted.endsWith("/")) {
            return path.startsWith(wanted) || path.equals(wanted.substring(0, wanted.length() - 1));
        }
        return path.equals(wanted);
    }
}

package io.auditq.query.ask;

import io.auditq.parser.normal.AccountNames;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.auditq.query.schema.jooq.Tables.EXECUTIONS;
import static io.auditq.query.schema.jooq.Tables.SOURCES;

/** What did that process run: every execve in the window, with the filters a responder narrows it by. */
public final class ExecutionQuestion {
    /**
     * @param user      a name or a uid; null for any
     * @param loginUser a name or an auid; null for any
     * @param exe       a full path, or a program name matched against the path's last part; null for any
     */
    public record Filter(TimeWindow window, Long pid, String user, String loginUser, Long ses, String exe) {
    }

    private final DSLContext dsl;

    public ExecutionQuestion(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The executions, oldest first. */
    public List<Execution> ask(Filter f, AccountNames given) {
        AccountNames names = Names.forCase(dsl, given);
        var x = EXECUTIONS;
        Condition where = DSL.trueCondition();
        if (f.window().since() != null) {
            where = where.and(x.TIME_MS.ge(f.window().since()));
        }
        if (f.window().until() != null) {
            where = where.and(x.TIME_MS.le(f.window().until()));
        }
        if (f.pid() != null) {
            where = where.and(x.PID.eq(f.pid()));
        }
        if (f.ses() != null) {
            where = where.and(x.SES.eq(f.ses()));
        }
        List<Execution> out = new ArrayList<>();
        for (var r : dsl.select(x.TIME_MS, x.PID, x.PPID, x.EXE, x.ARGV, x.CWD, x.UID, x.USER_NAME, x.AUID,
                        x.LOGIN_USER, x.SES, x.SUCCESS, x.ERRNO, x.COMM, x.NODE, x.PATH, x.TTY, x.RULE_KEY, SOURCES.NAME,
                        x.LINE)
                .from(x).leftJoin(SOURCES).on(SOURCES.ID.eq(x.SOURCE_ID)).where(where)
                .orderBy(x.TIME_MS, x.SERIAL, x.NODE, x.ID).fetch()) {
            String node = r.value15().isEmpty() ? null : r.value15();
            String user = Names.or(r.value8(), r.value7(), node, names);
            String login = Names.or(r.value10(), r.value9(), node, names);
            if (!Names.matches(f.user(), r.value7(), user) || !Names.matches(f.loginUser(), r.value9(), login)
                    || !matchesExe(f.exe(), r.value4())) {
                continue;
            }
            Object[] argv = r.value5();
            out.add(new Execution(r.value1(), r.value2(), r.value3(), r.value4(),
                    argv == null ? null : Arrays.stream(argv).map(String::valueOf).toList(), r.value6(), r.value7(),
                    user, r.value9(), login, r.value11(), r.value12(), r.value13(), r.value14(), node, r.value16(),
                    r.value17(), r.value18(), (r.value19() == null ? "?" : r.value19()) + ":" + r.value20()));
        }
        return out;
    }

    /** A full path matches itself; a bare name matches any path ending in /name. */
    static boolean matchesExe(String wanted, String exe) {
        if (wanted == null) {
            return true;
        }
        if (exe == null) {
            return false;
        }
        return wanted.indexOf('/') >= 0 ? exe.equals(wanted) : exe.equals(wanted) || exe.endsWith("/" + wanted);
    }
}

package io.auditq.query.ask;

import io.auditq.parser.normal.AccountNames;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.List;

import static io.auditq.query.schema.jooq.Tables.LISTENERS;
import static io.auditq.query.schema.jooq.Tables.SOURCES;

/**
 * Who listened on which address and port (listen(), with the address of the socket's bind()), and who was
 * accepted from where (accept/accept4, the peer from its SOCKADDR). Binds alone (a UDP server, or a client
 * choosing its source port) only when asked.
 */
public final class ListenerQuestion {
    public record Filter(TimeWindow window, boolean binds) {
    }

    private final DSLContext dsl;

    public ListenerQuestion(DSLContext dsl) {
        this.dsl = dsl;
    }

    public List<Listener> ask(Filter f, AccountNames given) {
        AccountNames names = Names.forCase(dsl, given);
        var l = LISTENERS;
        Condition where = f.binds() ? DSL.trueCondition() : l.SYSCALL.ne("bind");
        if (f.window().since() != null) {
            where = where.and(l.TIME_MS.ge(f.window().since()));
        }
        if (f.window().until() != null) {
            where = where.and(l.TIME_MS.le(f.window().until()));
        }
        List<Listener> out = new ArrayList<>();
        for (var r : dsl.select(l.TIME_MS, l.LOCAL_ADDR, l.LOCAL_PORT, l.PROTOCOL, l.PID, l.EXE, l.UID, l.USER_NAME,
                        l.AUID, l.LOGIN_USER, l.SYSCALL, l.PEER_ADDR, l.PEER_PORT, l.OUTCOME, l.PPID, l.COMM, l.SES,
                        l.NODE, l.FD, l.NEW_FD, SOURCES.NAME, l.LINE)
                .from(l).leftJoin(SOURCES).on(SOURCES.ID.eq(l.SOURCE_ID)).where(where)
                .orderBy(l.TIME_MS, l.SERIAL, l.NODE, l.ID)
                .fetch()) {
            String node = r.value18().isEmpty() ? null : r.value18();
            String sc = r.value11();
            out.add(new Listener(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                    Names.or(r.value8(), r.value7(), node, names), Names.or(r.value10(), r.value9(), node, names),
                    sc.startsWith("accept") ? "accept" : sc, sc, r.value12(), r.value13(), r.value14(), r.value15(),
                    r.value16(), r.value7(), r.value9(), r.value17(), node, r.value19(), r.value20(),
                    (r.value21() == null ? "?" : r.value21()) + ":" + r.value22()));
        }
        return out;
    }
}

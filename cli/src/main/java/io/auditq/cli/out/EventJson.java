package io.auditq.cli.out;

import io.auditq.parser.normal.IdName;
import io.auditq.parser.normal.NormalizedEvent;
import io.auditq.parser.normal.PathItem;
import io.auditq.parser.normal.SocketAddress;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongFunction;

/** Writes a {@link NormalizedEvent} in the documented jsonl shape (docs/events.md). */
public final class EventJson {
    private EventJson() {
    }

    public static void write(Json j, NormalizedEvent e, LongFunction<String> time) {
        j.beginObject();
        j.field("node", e.node());
        j.field("time", time.apply(e.timeMillis()));
        j.field("serial", e.serial());
        j.field("records", e.records());
        j.field("arch", e.arch());
        j.field("syscall", e.syscall());
        j.field("syscall_nr", e.syscallNumber());
        j.field("success", e.success());
        j.field("exit", e.exit());
        j.field("errno", e.errno());
        j.field("pid", e.pid());
        j.field("ppid", e.ppid());
        j.field("uid", e.uid());
        j.field("user", e.user());
        for (String[] f : IDS) {
            IdName id = e.id(f[0]);
            j.field(f[0], id == null ? null : id.id());
            j.field(f[1], id == null ? null : id.name());
        }
        j.field("auid", e.auid());
        j.field("login_user", e.loginUser());
        j.field("ses", e.ses());
        j.field("tty", e.tty());
        j.field("comm", e.comm());
        j.field("exe", e.exe());
        j.field("key", e.keys());
        j.key("sockaddr");
        sockaddr(j, e.sockaddr());
        j.field("argv", e.argv());
        j.field("argc", e.argc());
        j.field("cwd", e.cwd());
        j.key("paths");
        if (e.paths() == null) {
            j.value((String) null);
        } else {
            j.beginArray();
            for (PathItem p : e.paths()) {
                j.beginObject().field("item", p.item()).field("name", p.name()).field("nametype", p.nametype())
                        .field("inode", p.inode()).field("mode", p.mode() == null ? null : "0" + Integer.toOctalString(p.mode()))
                        .field("ouid", p.ouid()).field("owner", p.ownerName()).endObject();
            }
            j.endArray();
        }
        j.field("proctitle", e.proctitle());
        j.field("proctitle_truncated", e.proctitleTruncated());
        if (e.userMessage() != null) {
            NormalizedEvent.UserMessage u = e.userMessage();
            j.key("user_msg").beginObject().field("op", u.op()).field("acct", u.acct()).field("hostname", u.hostname())
                    .field("addr", u.addr()).field("terminal", u.terminal()).field("res", u.res()).field("cmd", u.cmd())
                    .endObject();
        }
        Map<String, String> inferred = inferred(e);
        j.key("names_inferred");
        if (inferred.isEmpty()) {
            j.value((String) null);
        } else {
            j.beginObject();
            inferred.forEach(j::field);
            j.endObject();
        }
        j.field("origin", e.origin());
        j.field("problems", e.problems().isEmpty() ? null : e.problems());
        j.endObject();
    }

    /** The ids beyond uid and auid, and the keys of their names, in the order ausearch prints them. */
    private static final String[][] IDS = {{"euid", "effective_user"}, {"suid", "saved_user"}, {"fsuid", "fs_user"},
            {"gid", "group"}, {"egid", "effective_group"}, {"sgid", "saved_group"}, {"fsgid", "fs_group"}};

    /** Each name another record gave (by its field, paths[i].ouid for PATH owners), with that record's file:line. */
    static Map<String, String> inferred(NormalizedEvent e) {
        Map<String, String> m = new LinkedHashMap<>();
        if (e.ids() != null) {
            e.ids().forEach((field, id) -> {
                if (id.inferredFrom() != null) {
                    m.put(field, id.inferredFrom());
                }
            });
        }
        if (e.paths() != null) {
            for (int i = 0; i < e.paths().size(); i++) {
                PathItem p = e.paths().get(i);
                if (p.ownerInferredFrom() != null) {
                    m.put("paths[" + i + "].ouid", p.ownerInferredFrom());
                }
            }
        }
        return m;
    }

    static void sockaddr(Json j, SocketAddress a) {
        if (a == null) {
            j.value((String) null);
            return;
        }
        j.beginObject().field("family", a.family());
        switch (a) {
            case SocketAddress.Inet in -> {
                j.field("addr", in.address()).field("port", in.port());
                if (in.mapped()) {
                    j.field("ipv4_mapped", true);
                }
            }
            case SocketAddress.Unix u -> j.field("path", u.path()).field("kind", u.kind().name().toLowerCase());
            case SocketAddress.Netlink n -> j.field("portid", n.portId()).field("groups", n.groups());
            case SocketAddress.Other o -> j.field("raw", o.hex());
        }
        j.endObject();
    }
}

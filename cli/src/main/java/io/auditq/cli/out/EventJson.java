package io.auditq.cli.out;

import io.auditq.parser.normal.NormalizedEvent;
import io.auditq.parser.normal.PathItem;
import io.auditq.parser.normal.SocketAddress;

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
        j.field("euid", e.euid());
        j.field("gid", e.gid());
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
        j.field("origin", e.origin());
        j.field("problems", e.problems().isEmpty() ? null : e.problems());
        j.endObject();
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

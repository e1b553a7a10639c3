package io.auditq.cli.out;

import io.auditq.query.ask.Ancestor;
import io.auditq.query.ask.ConnectionQuestion;
import io.auditq.query.ask.OutboundConnection;
import io.auditq.query.connect.Outcome;
import io.auditq.query.connect.ProtocolBasis;
import io.auditq.query.export.CsvCells;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the connections answer is shown: its columns in every format and, for people, the notes that say what
 * the rows cannot (an in-progress connect's end, why a protocol is unknown, what was left out).
 */
public final class ConnectionListing {
    private ConnectionListing() {
    }

    /** CSV, JSON and JSONL columns: the documented header first, then more. */
    public static List<Column<OutboundConnection>> columns(boolean tree) {
        List<Column<OutboundConnection>> c = new ArrayList<>(List.of(
                Column.time("first_seen", OutboundConnection::firstSeen),
                Column.time("last_seen", OutboundConnection::lastSeen),
                Column.of("count", OutboundConnection::count),
                Column.of("dst_addr", OutboundConnection::dstAddr),
                Column.of("dst_port", OutboundConnection::dstPort),
                Column.of("protocol", OutboundConnection::protocol),
                Column.of("outcome", OutboundConnection::outcome),
                Column.of("pid", OutboundConnection::pid),
                Column.of("ppid", OutboundConnection::ppid),
                Column.of("exe", OutboundConnection::exe),
                Column.of("comm", OutboundConnection::comm),
                Column.of("uid", OutboundConnection::uid),
                Column.of("user", OutboundConnection::user),
                Column.of("auid", OutboundConnection::auid),
                Column.of("login_user", OutboundConnection::loginUser),
                Column.of("ses", OutboundConnection::ses),
                Column.of("node", OutboundConnection::node),
                Column.of("argv", OutboundConnection::argv),
                Column.of("comm_mismatch", OutboundConnection::commMismatch),
                Column.of("protocol_basis", OutboundConnection::protocolBasis),
                Column.of("family", OutboundConnection::family),
                Column.of("source", OutboundConnection::source)));
        if (tree) {
            c.add(Column.structured("ancestors", r -> ancestorObjects(r.ancestors()), r -> ancestorText(r.ancestors())));
        }
        return c;
    }

    /** The table at a terminal, and the line above it that names the day when every row is on the same one. */
    public record Table(List<TablePrinter.TableColumn<OutboundConnection>> columns, String day) {
    }

    /**
     * The table at a terminal: the columns that answer "what, where, who" in 100 columns. When all rows start on
     * one day the time column shows only the time of day (the day is printed above the table).
     */
    public static Table table(Iterable<OutboundConnection> rows, Times times) {
        String day = null;
        for (OutboundConnection r : rows) {
            String d = times.format(r.firstSeen()).substring(0, 10);
            if (day == null) {
                day = d;
            } else if (!day.equals(d)) {
                day = null;
                break;
            }
        }
        boolean compact = day != null;
        var columns = List.of(
                TablePrinter.TableColumn.<OutboundConnection>left("FIRST SEEN",
                        r -> compact ? times.format(r.firstSeen()).substring(11) : times.format(r.firstSeen())),
                TablePrinter.TableColumn.<OutboundConnection>right("N", r -> Long.toString(r.count())),
                TablePrinter.TableColumn.<OutboundConnection>left("DESTINATION", OutboundConnection::destination),
                TablePrinter.TableColumn.<OutboundConnection>left("PROTO", OutboundConnection::protocol),
                TablePrinter.TableColumn.<OutboundConnection>left("OUTCOME", OutboundConnection::outcome),
                TablePrinter.TableColumn.<OutboundConnection>right("PID", r -> r.pid() == null ? "?" : r.pid().toString()),
                TablePrinter.TableColumn.<OutboundConnection>left("USER", r -> who(r.user(), r.uid())),
                TablePrinter.TableColumn.<OutboundConnection>left("LOGIN", r -> who(r.loginUser(), r.auid())),
                TablePrinter.TableColumn.<OutboundConnection>shrinking("PROGRAM", ConnectionListing::program));
        return new Table(columns, day);
    }

    /** Under each row with --tree: the argv, then the ancestors, one per line, indented by depth. */
    public static List<String> treeLines(OutboundConnection r) {
        List<String> lines = new ArrayList<>();
        lines.add("argv: " + (r.argv() == null ? "(no execve in the log)" : CsvCells.argv(r.argv())));
        int depth = 0;
        for (Ancestor a : r.ancestors() == null ? List.<Ancestor>of() : r.ancestors()) {
            lines.add("  ".repeat(depth++) + "└ " + ancestorLine(a));
        }
        return lines;
    }

    private static String ancestorLine(Ancestor a) {
        StringBuilder sb = new StringBuilder("pid ").append(a.pid());
        if (a.time() == null && a.exe() == null) {
            return sb.append(": not in the log").toString();
        }
        sb.append(' ').append(a.argv() != null ? CsvCells.argv(a.argv()) : a.exe() != null ? a.exe() : "?");
        sb.append(" (user ").append(who(a.user(), a.uid())).append(", login ").append(who(a.loginUser(), a.auid()))
                .append(", ses ").append(a.ses() == null ? "unset" : a.ses()).append(')');
        if (a.outsideSession()) {
            sb.append(" started the session");
        }
        return sb.toString();
    }

    private static String ancestorText(List<Ancestor> chain) {
        if (chain == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (Ancestor a : chain) {
            parts.add(a.pid() + " " + (a.argv() != null ? CsvCells.argv(a.argv()) : a.exe() != null ? a.exe() : "?"));
        }
        return String.join(" <- ", parts);
    }

    private static List<Map<String, Object>> ancestorObjects(List<Ancestor> chain) {
        if (chain == null) {
            return null;
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Ancestor a : chain) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pid", a.pid());
            m.put("ppid", a.ppid());
            m.put("time", a.time() == null ? null : java.time.Instant.ofEpochMilli(a.time()));
            m.put("exe", a.exe());
            m.put("argv", a.argv());
            m.put("uid", a.uid());
            m.put("user", a.user());
            m.put("auid", a.auid());
            m.put("login_user", a.loginUser());
            m.put("ses", a.ses());
            m.put("outside_session", a.outsideSession());
            out.add(m);
        }
        return out;
    }

    private static String program(OutboundConnection r) {
        String p = r.exe() != null ? r.exe() : "(exe not logged)";
        if (Boolean.TRUE.equals(r.commMismatch()) && r.comm() != null) {
            p += " [comm " + r.comm() + "]";
        }
        return p;
    }

    static String who(String name, Long id) {
        if (name != null) {
            return name;
        }
        return id == null ? "-" : id.toString();
    }

    /**
     * What a reader must know to read the rows right, and what they leave out: one sentence each, only those
     * that apply.
     */
    public static List<String> notes(ConnectionQuestion.Answer a, boolean table) {
        List<String> notes = new ArrayList<>();
        long inProgress = 0, notAudited = 0, unseen = 0, inherited = 0, renamed = 0, commUnknown = 0;
        for (OutboundConnection r : a.rows()) {
            if (r.outcome().contains(Outcome.IN_PROGRESS)) {
                inProgress++;
            }
            if (ProtocolBasis.NOT_AUDITED.label().equals(r.protocolBasis())) {
                notAudited++;
            } else if (ProtocolBasis.UNSEEN.label().equals(r.protocolBasis())) {
                unseen++;
            } else if (ProtocolBasis.INHERITED.label().equals(r.protocolBasis())) {
                inherited++;
            }
            if (r.commMismatch() == null) {
                commUnknown++;
            } else if (r.commMismatch()) {
                renamed++;
            }
        }
        if (inProgress > 0) {
            notes.add("in-progress: a non-blocking connect() (EINPROGRESS); the log does not show whether it "
                    + "succeeded" + rows(inProgress));
        }
        if (notAudited > 0) {
            notes.add("protocol unknown: socket() is not audited in this log, so tcp cannot be told from udp"
                    + rows(notAudited) + "; audit it with -S socket");
        }
        if (unseen > 0) {
            notes.add("protocol unknown: the socket() call that made the fd is not in the log: made before the log "
                    + "starts, passed in by another process, or not covered by the audit rules (a rule with a filter "
                    + "such as -F a0=2 audits IPv4 sockets only)" + rows(unseen));
        }
        if (inherited > 0) {
            notes.add("protocol from the parent's socket() of the same fd (inherited across fork)" + rows(inherited));
        }
        if (renamed > 0) {
            notes.add((table ? "[comm X]" : "comm_mismatch") + ": the process's comm is not its program's name: it "
                    + "or its thread renamed itself (usual for named threads; suspicious as kworker/0:1 and the like)"
                    + rows(renamed));
        }
        if (commUnknown > 0) {
            notes.add((table ? "comm" : "comm_mismatch") + " not known: comm is not the name of exe, and the execve "
                    + "that started the program is not in the log, so a script run through its #! line (comm the "
                    + "script's name, exe its interpreter) cannot be told from a renamed process" + rows(commUnknown));
        }
        ConnectionQuestion.Hidden h = a.hidden();
        if (h.loopbackAttempts() > 0) {
            notes.add("not shown: " + h.loopbackAttempts() + " attempt" + (h.loopbackAttempts() == 1 ? "" : "s")
                    + " to " + h.loopbackDestinations() + " loopback destination"
                    + (h.loopbackDestinations() == 1 ? "" : "s") + " (--include-loopback shows them)");
        }
        h.byProtocol().forEach((p, v) -> notes.add("not shown: " + v[0] + " " + p + " attempt" + (v[0] == 1 ? "" : "s")
                + " to " + v[1] + " destination" + (v[1] == 1 ? "" : "s") + " (--protocol " + p + " or any)"));
        return notes;
    }

    private static String rows(long n) {
        return " (" + n + " row" + (n == 1 ? "" : "s") + ")";
    }
}

package io.auditq.cli.out;

import io.auditq.query.ask.LoginSession;
import io.auditq.query.ask.PrivilegeChange;

import java.time.Instant;
import java.util.List;

/** How the users answer is shown: login sessions and privilege changes, in every format. */
public final class UserListing {
    private UserListing() {
    }

    /** CSV, JSON and JSONL columns of a session. */
    public static List<Column<LoginSession>> sessionColumns() {
        return List.of(
                Column.time("first_seen", LoginSession::firstSeen),
                Column.time("last_seen", LoginSession::lastSeen),
                Column.of("node", LoginSession::node),
                Column.of("auid", LoginSession::auid),
                Column.of("login_user", LoginSession::loginUser),
                Column.of("ses", LoginSession::ses),
                Column.of("login_time", s -> s.loginTime() == null ? null : Instant.ofEpochMilli(s.loginTime())),
                Column.of("login_pid", LoginSession::loginPid),
                Column.of("terminal", LoginSession::terminal),
                Column.of("addr", LoginSession::addr),
                Column.of("hostname", LoginSession::hostname),
                Column.of("tty", LoginSession::ttys),
                Column.structured("users", LoginSession::users, s -> String.join(" ", s.users())),
                Column.of("events", LoginSession::events),
                Column.of("executions", LoginSession::executions),
                Column.of("connections", LoginSession::connections),
                Column.of("destinations", LoginSession::destinations),
                Column.of("privilege_changes", LoginSession::privilegeChanges),
                Column.of("source", LoginSession::source));
    }

    /** CSV, JSON and JSONL columns of a privilege change. */
    public static List<Column<PrivilegeChange>> privilegeColumns() {
        return List.of(
                Column.time("time", PrivilegeChange::time),
                Column.of("node", PrivilegeChange::node),
                Column.of("auid", PrivilegeChange::auid),
                Column.of("login_user", PrivilegeChange::loginUser),
                Column.of("ses", PrivilegeChange::ses),
                Column.of("kind", PrivilegeChange::kind),
                Column.of("pid", PrivilegeChange::pid),
                Column.of("uid", PrivilegeChange::uid),
                Column.of("user", PrivilegeChange::user),
                Column.of("exe", PrivilegeChange::exe),
                Column.of("target", PrivilegeChange::target),
                Column.of("cmd", PrivilegeChange::cmd),
                Column.of("terminal", PrivilegeChange::terminal),
                Column.of("res", PrivilegeChange::res),
                Column.of("login_process", PrivilegeChange::loginProcess),
                Column.of("detail", PrivilegeChange::detail),
                Column.of("source", PrivilegeChange::source));
    }

    /** The day every time is on (to print above the table, with times of day below), or null. */
    public static String day(List<Long> millis, Times times) {
        String day = null;
        for (long t : millis) {
            String d = times.format(t).substring(0, 10);
            if (day != null && !day.equals(d)) {
                return null;
            }
            day = d;
        }
        return day;
    }

    private static String time(Times times, long t, boolean compact) {
        return compact ? times.format(t).substring(11) : times.format(t);
    }

    /** Sessions at a terminal: who, when, from where, how much; compact: times of day only. */
    public static List<TablePrinter.TableColumn<LoginSession>> sessionTable(Times times, boolean compact) {
        return List.of(
                TablePrinter.TableColumn.<LoginSession>right("SES", s -> s.ses() == null ? "-" : s.ses().toString()),
                TablePrinter.TableColumn.<LoginSession>left("LOGIN", s -> s.ses() == null && s.auid() == null
                        ? "(no session)" : who(s.loginUser(), s.auid())),
                TablePrinter.TableColumn.<LoginSession>left("FIRST SEEN", s -> time(times, s.firstSeen(), compact)),
                TablePrinter.TableColumn.<LoginSession>left("LAST SEEN", s -> time(times, s.lastSeen(), compact)),
                TablePrinter.TableColumn.<LoginSession>left("FROM", UserListing::from),
                TablePrinter.TableColumn.<LoginSession>left("AS", s -> String.join(",", s.users())),
                TablePrinter.TableColumn.<LoginSession>right("EXEC", s -> Long.toString(s.executions())),
                TablePrinter.TableColumn.<LoginSession>right("CONN", s -> Long.toString(s.connections())),
                TablePrinter.TableColumn.<LoginSession>right("PRIV", s -> Long.toString(s.privilegeChanges())));
    }

    /** Privilege changes at a terminal. */
    public static List<TablePrinter.TableColumn<PrivilegeChange>> privilegeTable(Times times, boolean compact) {
        return List.of(
                TablePrinter.TableColumn.<PrivilegeChange>left("TIME", p -> time(times, p.time(), compact)),
                TablePrinter.TableColumn.<PrivilegeChange>right("SES", p -> p.ses() == null ? "-" : p.ses().toString()),
                TablePrinter.TableColumn.<PrivilegeChange>left("LOGIN", p -> who(p.loginUser(), p.auid())),
                TablePrinter.TableColumn.<PrivilegeChange>left("KIND", PrivilegeChange::kind),
                TablePrinter.TableColumn.<PrivilegeChange>right("PID", p -> p.pid() == null ? "?" : p.pid().toString()),
                TablePrinter.TableColumn.<PrivilegeChange>left("USER", p -> who(p.user(), p.uid())),
                TablePrinter.TableColumn.<PrivilegeChange>left("TARGET", p -> p.target() == null ? "?" : p.target()),
                TablePrinter.TableColumn.<PrivilegeChange>left("RES", p -> p.res() == null ? "" : p.res()),
                TablePrinter.TableColumn.<PrivilegeChange>shrinking("WHAT", UserListing::what));
    }

    private static String what(PrivilegeChange p) {
        if (p.cmd() != null) {
            return p.cmd();
        }
        String exe = p.exe() == null ? "" : p.exe();
        return p.loginProcess() ? exe + " (login process)" : exe;
    }

    private static String from(LoginSession s) {
        StringBuilder sb = new StringBuilder();
        String terminal = s.terminal() != null ? s.terminal() : s.ttys();
        if (terminal != null) {
            sb.append(terminal);
        }
        String host = s.addr() != null ? s.addr() : s.hostname();
        if (host != null) {
            sb.append(sb.isEmpty() ? "" : " ").append(host);
        }
        return sb.isEmpty() ? "?" : sb.toString();
    }

    static String who(String name, Long id) {
        if (name != null) {
            return name;
        }
        return id == null ? "unset" : id.toString();
    }
}

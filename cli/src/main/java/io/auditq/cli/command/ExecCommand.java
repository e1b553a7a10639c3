package io.auditq.cli.command;

import io.auditq.cli.CsvOptions;
import io.auditq.cli.InputOptions;
import io.auditq.cli.TimeOptions;
import io.auditq.cli.out.Column;
import io.auditq.cli.out.TablePrinter.TableColumn;
import io.auditq.cli.out.Times;
import io.auditq.query.ask.Execution;
import io.auditq.query.ask.ExecutionQuestion;
import io.auditq.query.ask.TimeWindow;
import io.auditq.query.export.CsvCells;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** auditq exec: every execve with its whole argv, and who ran it. */
@Command(name = "exec", mixinStandardHelpOptions = true, versionProvider = io.auditq.cli.Main.Version.class,
        description = {"Executions: every execve/execveat in the window, with its full argv (reassembled from the "
                + "EXECVE record's fragments, shell-quoted in table and CSV), cwd, pid, ppid, exe, user, login user, "
                + "session and outcome.",
                "Reads INPUT directly (one-shot), or the case database given with --db (see auditq ingest)."},
        footer = {"%nA failed execve has no argv (the kernel logs none) and the exe of the program that tried.",
                "Format: table when standard output is a terminal, csv when it is a pipe or a file."})
public final class ExecCommand implements Callable<Integer> {
    @Mixin
    InputOptions input;

    @Mixin
    TimeOptions time;

    @Mixin
    CsvOptions csvOptions;

    @Mixin
    CaseQueryOptions query;

    @Option(names = "--pid", paramLabel = "PID", description = "only this process")
    Long pid;

    @Option(names = "--user", paramLabel = "NAME|UID", description = "only programs run as this user (uid)")
    String user;

    @Option(names = "--login-user", paramLabel = "NAME|AUID", description = "only programs of this login user (auid)")
    String loginUser;

    @Option(names = "--ses", paramLabel = "SES", description = "only this login session")
    Long ses;

    @Option(names = "--exe", paramLabel = "PATH|NAME",
            description = "only this program: a full path, or a name matching the path's last part")
    String exe;

    @Option(names = "--live", description = "print each execution as the kernel reports it (netlink; needs root or "
            + "CAP_AUDIT_READ), until Ctrl-C or --duration; with --rules, loads the audit rules it needs")
    boolean live;

    @Mixin
    io.auditq.cli.LiveOptions liveOptions;

    @Override
    public Integer call() {
        ConnectionsCommand.Format fmt = query.format();
        if (live) {
            if (query.db != null || !input.inputs.isEmpty()) {
                throw new io.auditq.cli.UserError("--live reads the kernel: give neither INPUT nor --db");
            }
            if (pid != null || user != null || loginUser != null || ses != null || exe != null) {
                throw new io.auditq.cli.UserError("--pid, --user, --login-user, --ses and --exe filter a log; with "
                        + "--live every execution is printed (pipe it through grep, or use auditctl -F filters)");
            }
            io.auditq.cli.LiveExecutions.run(liveOptions, fmt, columns(), input.names().withLocalNames(),
                    time.times(), csvOptions.style());
            return io.auditq.cli.ExitCode.OK;
        }
        if (liveOptions.duration != null || liveOptions.rules != null) {
            throw new io.auditq.cli.UserError("--duration and --rules go with --live");
        }
        List<Execution> rows;
        int exit;
        try (FollowUpCase c = FollowUpCase.open(input, query.db)) {
            TimeWindow w = time.window(c.logEnd());
            rows = new ExecutionQuestion(c.db().dsl()).ask(
                    new ExecutionQuestion.Filter(w, pid, user, loginUser, ses, exe), input.names());
            exit = c.exit();
        }
        Times times = time.times();
        String day = Listing.day(rows, Execution::time, times);
        Listing<Execution> l = new Listing<>(columns(), table(times, day), null);
        long failed = rows.stream().filter(r -> !Boolean.TRUE.equals(r.success())).count();
        List<String> notes = new ArrayList<>();
        notes.add(rows.size() + " execution" + (rows.size() == 1 ? "" : "s") + (failed > 0 ? ", " + failed
                + " failed (no argv: the kernel logs none; exe is the program that tried)" : ""));
        l.print(fmt, rows, times, time.tz == null ? null : time.tz.toString(), day, notes, csvOptions.style());
        return exit;
    }

    /** CSV, JSON and JSONL columns: the documented header first, then more. */
    public static List<Column<Execution>> columns() {
        return List.of(
                Column.time("time", Execution::time),
                Column.of("pid", Execution::pid),
                Column.of("ppid", Execution::ppid),
                Column.of("exe", Execution::exe),
                Column.of("argv", Execution::argv),
                Column.of("cwd", Execution::cwd),
                Column.of("uid", Execution::uid),
                Column.of("user", Execution::user),
                Column.of("auid", Execution::auid),
                Column.of("login_user", Execution::loginUser),
                Column.of("ses", Execution::ses),
                Column.of("success", Execution::success),
                Column.of("outcome", Execution::outcome),
                Column.of("comm", Execution::comm),
                Column.of("path", Execution::path),
                Column.of("tty", Execution::tty),
                Column.of("node", Execution::node),
                Column.of("key", Execution::key),
                Column.of("source", Execution::source));
    }

    private static List<TableColumn<Execution>> table(Times times, String day) {
        return List.of(
                TableColumn.left("TIME", r -> Listing.clock(times, r.time(), day)),
                TableColumn.right("PID", r -> str(r.pid())),
                TableColumn.right("PPID", r -> str(r.ppid())),
                TableColumn.left("USER", r -> Listing.who(r.user(), r.uid())),
                TableColumn.left("LOGIN", r -> Listing.who(r.loginUser(), r.auid())),
                TableColumn.right("SES", r -> r.ses() == null ? "-" : r.ses().toString()),
                TableColumn.left("OUTCOME", Execution::outcome),
                TableColumn.left("CWD", r -> r.cwd() == null ? "-" : r.cwd()),
                TableColumn.left("COMMAND", r -> r.argv() != null ? CsvCells.argv(r.argv())
                        : "(" + (r.exe() == null ? "?" : r.exe()) + (r.path() != null ? " tried " + r.path() : "") + ")"));
    }

    static String str(Long v) {
        return v == null ? "?" : v.toString();
    }
}

package io.auditq.cli.command;

import io.auditq.cli.CsvOptions;
import io.auditq.cli.InputOptions;
import io.auditq.cli.TimeOptions;
import io.auditq.cli.UserError;
import io.auditq.cli.ExitCode;
import io.auditq.cli.out.Column;
import io.auditq.cli.out.TablePrinter.TableColumn;
import io.auditq.cli.out.Times;
import io.auditq.query.ask.OutboundConnection;
import io.auditq.query.ask.ProcessTreeQuestion;
import io.auditq.query.ask.TimeWindow;
import io.auditq.query.ask.TreeProcess;
import io.auditq.query.export.CsvCells;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** auditq tree PID: a process's ancestors up to its login session, and its descendants. */
@Command(name = "tree", mixinStandardHelpOptions = true, customSynopsis = "auditq tree [OPTIONS] PID [INPUT...]", versionProvider = io.auditq.cli.Main.Version.class,
        description = {"The process tree around PID: its ancestors up to its login session (the first one outside "
                + "it, sshd or login, is shown too), the process, and every descendant, each with exe, argv, user, "
                + "login user and its outbound connections (loopback included).",
                "Reads INPUT directly (one-shot), or the case database given with --db (see auditq ingest)."},
        footer = {"%ndepth: 0 is PID, -1 its parent, -2 the grandparent, …; 1 its children, 2 grandchildren, …",
                "--since/--until limit the descendants and connections shown; ancestors are shown whenever they ran.",
                "Format: table when standard output is a terminal, csv when it is a pipe or a file."})
public final class TreeCommand implements Callable<Integer> {
    @Mixin
    InputOptions input;

    @Mixin
    TimeOptions time;

    @Mixin
    CsvOptions csvOptions;

    @Mixin
    CaseQueryOptions query;

    @Option(names = "--node", paramLabel = "NODE", description = "the node PID is on, when the evidence has several")
    String node;

    @Override
    public Integer call() {
        // PID comes first among the positional arguments, which the shared input options collect
        if (input.inputs.isEmpty()) {
            throw new UserError("tree needs a PID: auditq tree PID [INPUT...] or auditq tree PID --db CASE");
        }
        String first = input.inputs.removeFirst();
        long pid;
        try {
            pid = Long.parseLong(first);
        } catch (NumberFormatException e) {
            throw new UserError("tree: '" + first + "' is not a PID (auditq tree PID [INPUT...])");
        }
        ConnectionsCommand.Format fmt = query.format();
        List<TreeProcess> rows;
        int exit;
        try (FollowUpCase c = FollowUpCase.open(input, query.db)) {
            TimeWindow w = time.window(c.logEnd());
            rows = new ProcessTreeQuestion(c.db().dsl()).ask(node, pid, w, input.names());
            exit = c.exit();
        } catch (ProcessTreeQuestion.NotFound e) {
            throw new UserError(e.getMessage(), ExitCode.USAGE);
        }
        Times times = time.times();
        List<String> notes = new ArrayList<>();
        int top = rows.isEmpty() ? 0 : Math.min(0, rows.getFirst().depth());
        new Listing<>(columns(times), table(top), r -> below(r, top, times))
                .print(fmt, rows, times, time.tz == null ? null : time.tz.toString(), null, notes, csvOptions.style());
        return exit;
    }

    /** CSV, JSON and JSONL columns: the documented header first, then more. */
    static List<Column<TreeProcess>> columns(Times times) {
        return List.of(
                Column.of("depth", TreeProcess::depth),
                Column.of("pid", TreeProcess::pid),
                Column.of("ppid", TreeProcess::ppid),
                Column.of("exe", TreeProcess::exe),
                Column.of("argv", TreeProcess::argv),
                Column.of("user", TreeProcess::user),
                Column.of("login_user", TreeProcess::loginUser),
                Column.of("uid", TreeProcess::uid),
                Column.of("auid", TreeProcess::auid),
                Column.of("ses", TreeProcess::ses),
                Column.of("comm", TreeProcess::comm),
                Column.of("first_seen", r -> r.firstSeen() == null ? null : java.time.Instant.ofEpochMilli(r.firstSeen())),
                Column.of("node", TreeProcess::node),
                Column.of("in_log", TreeProcess::inLog),
                Column.of("started_session", TreeProcess::outsideSession),
                Column.structured("earlier_argv", r -> r.earlierArgv().stream().map(a -> (Object) a).toList(),
                        r -> r.earlierArgv().isEmpty() ? null : String.join(" => ",
                                r.earlierArgv().stream().map(a -> a == null ? "?" : CsvCells.argv(a)).toList())),
                Column.structured("connections", r -> r.connections().stream().map(c -> (Object) connection(c, times)).toList(),
                        r -> r.connections().isEmpty() ? null : String.join("; ",
                                r.connections().stream().map(TreeCommand::connectionText).toList())));
    }

    private static Map<String, Object> connection(OutboundConnection c, Times times) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("first_seen", times.format(c.firstSeen()));
        m.put("last_seen", times.format(c.lastSeen()));
        m.put("count", c.count());
        m.put("dst_addr", c.dstAddr());
        m.put("dst_port", c.dstPort());
        m.put("protocol", c.protocol());
        m.put("outcome", c.outcome());
        m.put("loopback", c.loopback());
        return m;
    }

    private static String connectionText(OutboundConnection c) {
        return c.destination() + "/" + c.protocol() + " " + c.outcome() + " x" + c.count();
    }

    /** One line per process, indented by its depth (ancestors from the farthest), the program last. */
    private static List<TableColumn<TreeProcess>> table(int top) {
        return List.of(
                TableColumn.right("PID", r -> Long.toString(r.pid())),
                TableColumn.left("USER", r -> Listing.who(r.user(), r.uid())),
                TableColumn.left("LOGIN", r -> Listing.who(r.loginUser(), r.auid())),
                TableColumn.right("SES", r -> r.ses() == null ? "-" : r.ses().toString()),
                TableColumn.left("PROCESS", r -> indented(r, top)));
    }

    /** The farthest ancestor at the left, each generation one step in. */
    private static String indented(TreeProcess r, int top) {
        int level = r.depth() - top;
        String prefix = level == 0 ? "" : "  ".repeat(level - 1) + "└ ";
        String what;
        if (!r.inLog()) {
            what = "(not in the log)";
        } else if (r.argv() != null) {
            what = CsvCells.argv(r.argv());
        } else {
            what = r.exe() == null ? "?" : r.exe() + " (no execve in the log)";
        }
        if (r.depth() == 0) {
            what = "▶ " + what;
        }
        if (r.outsideSession()) {
            what += "  [started the session]";
        }
        return prefix + what;
    }

    private static List<String> below(TreeProcess r, int top, Times times) {
        List<String> out = new ArrayList<>();
        String pad = "  ".repeat(r.depth() - top + 1);
        for (List<String> a : r.earlierArgv()) {
            out.add(pad + "(ran before: " + (a == null ? "?" : CsvCells.argv(a)) + ")");
        }
        for (OutboundConnection c : r.connections()) {
            out.add(pad + "→ " + c.destination() + " " + c.protocol() + " " + c.outcome() + " x" + c.count()
                    + (c.loopback() ? " (loopback)" : "") + " from " + times.format(c.firstSeen()));
        }
        return out;
    }
}

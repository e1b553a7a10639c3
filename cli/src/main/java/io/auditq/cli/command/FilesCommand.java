package io.auditq.cli.command;

import io.auditq.cli.CsvOptions;
import io.auditq.cli.InputOptions;
import io.auditq.cli.TimeOptions;
import io.auditq.cli.out.Column;
import io.auditq.cli.out.TablePrinter.TableColumn;
import io.auditq.cli.out.Times;
import io.auditq.query.ask.FileHit;
import io.auditq.query.ask.FileQuestion;
import io.auditq.query.ask.TimeWindow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** auditq files: who touched the watched files, and how. */
@Command(name = "files", mixinStandardHelpOptions = true, versionProvider = io.auditq.cli.Main.Version.class,
        description = {"Watched-file hits (auditctl -w PATH -p rwxa -k KEY): one row per file a keyed event "
                + "touched, with the access (read, write, exec, attr: from the syscall and its open flags), "
                + "syscall, outcome, process, user and login user.",
                "Reads INPUT directly (one-shot), or the case database given with --db (see auditq ingest)."},
        footer = {"%nWithout --key every keyed event that names a file is listed, syscall rules' (-S execve -k …) "
                + "included: give the watch's key.",
                "Format: table when standard output is a terminal, csv when it is a pipe or a file."})
public final class FilesCommand implements Callable<Integer> {
    @Mixin
    InputOptions input;

    @Mixin
    TimeOptions time;

    @Mixin
    CsvOptions csvOptions;

    @Mixin
    CaseQueryOptions query;

    @Option(names = "--key", paramLabel = "KEY", description = "only events of rules with this key (-k KEY)")
    String key;

    @Option(names = "--path", paramLabel = "PATH",
            description = "only this file, or everything under a directory given with a trailing /")
    String path;

    @Override
    public Integer call() {
        ConnectionsCommand.Format fmt = query.format();
        List<FileHit> rows;
        int exit;
        try (FollowUpCase c = FollowUpCase.open(input, query.db)) {
            TimeWindow w = time.window(c.logEnd());
            rows = new FileQuestion(c.db().dsl()).ask(new FileQuestion.Filter(w, key, path), input.names());
            exit = c.exit();
        }
        Times times = time.times();
        String day = Listing.day(rows, FileHit::time, times);
        List<String> notes = new ArrayList<>();
        if (rows.isEmpty()) {
            notes.add("no watched-file hit" + (key != null ? " with key " + key : "")
                    + (path != null ? " on " + path : "") + " in the window");
        }
        new Listing<>(columns(), table(times, day), null)
                .print(fmt, rows, times, time.tz == null ? null : time.tz.toString(), day, notes, csvOptions.style());
        return exit;
    }

    /** CSV, JSON and JSONL columns: the documented header first, then more. */
    static List<Column<FileHit>> columns() {
        return List.of(
                Column.time("time", FileHit::time),
                Column.of("path", FileHit::path),
                Column.of("access", FileHit::access),
                Column.of("syscall", FileHit::syscall),
                Column.of("success", FileHit::success),
                Column.of("pid", FileHit::pid),
                Column.of("exe", FileHit::exe),
                Column.of("user", FileHit::user),
                Column.of("login_user", FileHit::loginUser),
                Column.of("outcome", FileHit::outcome),
                Column.of("ppid", FileHit::ppid),
                Column.of("comm", FileHit::comm),
                Column.of("uid", FileHit::uid),
                Column.of("auid", FileHit::auid),
                Column.of("ses", FileHit::ses),
                Column.of("node", FileHit::node),
                Column.of("key", FileHit::key),
                Column.of("flags", r -> r.flags() == null ? null : r.flags() == 0 ? "0" : "0" + Long.toOctalString(r.flags())),
                Column.of("nametype", FileHit::nametype),
                Column.of("inode", FileHit::inode),
                Column.of("source", FileHit::source));
    }

    private static List<TableColumn<FileHit>> table(Times times, String day) {
        return List.of(
                TableColumn.left("TIME", r -> Listing.clock(times, r.time(), day)),
                TableColumn.left("ACCESS", FileHit::access),
                TableColumn.left("OUTCOME", FileHit::outcome),
                TableColumn.left("SYSCALL", FileHit::syscall),
                TableColumn.right("PID", r -> ExecCommand.str(r.pid())),
                TableColumn.left("USER", r -> Listing.who(r.user(), r.uid())),
                TableColumn.left("LOGIN", r -> Listing.who(r.loginUser(), r.auid())),
                TableColumn.left("PROGRAM", r -> r.exe() == null ? "-" : r.exe()),
                TableColumn.shrinking("PATH", r -> r.path() == null ? "?" : r.path()));
    }
}

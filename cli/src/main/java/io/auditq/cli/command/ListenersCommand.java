package io.auditq.cli.command;

import io.auditq.cli.CsvOptions;
import io.auditq.cli.InputOptions;
import io.auditq.cli.TimeOptions;
import io.auditq.cli.out.Column;
import io.auditq.cli.out.TablePrinter.TableColumn;
import io.auditq.cli.out.Times;
import io.auditq.query.ask.Listener;
import io.auditq.query.ask.ListenerQuestion;
import io.auditq.query.ask.TimeWindow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** auditq listeners: who listened on which address and port, and who was accepted from where. */
@Command(name = "listeners", mixinStandardHelpOptions = true, versionProvider = io.auditq.cli.Main.Version.class,
        description = {"Listeners: every listen() with the address and port of the socket's bind(), and every "
                + "accept/accept4 with the peer it accepted; process, user and login user.",
                "Reads INPUT directly (one-shot), or the case database given with --db (see auditq ingest)."},
        footer = {"%naddr and port are always the local end (where it listens); an accept's peer is in peer_addr "
                + "and peer_port. A listen() whose bind() is not in the log has addr ?.",
                "Format: table when standard output is a terminal, csv when it is a pipe or a file."})
public final class ListenersCommand implements Callable<Integer> {
    @Mixin
    InputOptions input;

    @Mixin
    TimeOptions time;

    @Mixin
    CsvOptions csvOptions;

    @Mixin
    CaseQueryOptions query;

    @Option(names = "--binds", description = "also every inet bind() (UDP servers, clients choosing a source port)")
    boolean binds;

    @Override
    public Integer call() {
        ConnectionsCommand.Format fmt = query.format();
        List<Listener> rows;
        int exit;
        try (FollowUpCase c = FollowUpCase.open(input, query.db)) {
            TimeWindow w = time.window(c.logEnd());
            rows = new ListenerQuestion(c.db().dsl()).ask(new ListenerQuestion.Filter(w, binds), input.names());
            exit = c.exit();
        }
        Times times = time.times();
        String day = Listing.day(rows, Listener::time, times);
        List<String> notes = new ArrayList<>();
        if (rows.stream().anyMatch(r -> r.addr() == null)) {
            notes.add("addr ?: the socket's bind() is not in the log (made before it starts, or bind not audited)");
        }
        new Listing<>(columns(), table(times, day), null)
                .print(fmt, rows, times, time.tz == null ? null : time.tz.toString(), day, notes, csvOptions.style());
        return exit;
    }

    /** CSV, JSON and JSONL columns: the documented header first, then more. */
    static List<Column<Listener>> columns() {
        return List.of(
                Column.time("time", Listener::time),
                Column.of("addr", Listener::addr),
                Column.of("port", Listener::port),
                Column.of("protocol", Listener::protocol),
                Column.of("pid", Listener::pid),
                Column.of("exe", Listener::exe),
                Column.of("user", Listener::user),
                Column.of("login_user", Listener::loginUser),
                Column.of("event", Listener::event),
                Column.of("peer_addr", Listener::peerAddr),
                Column.of("peer_port", Listener::peerPort),
                Column.of("outcome", Listener::outcome),
                Column.of("ppid", Listener::ppid),
                Column.of("comm", Listener::comm),
                Column.of("uid", Listener::uid),
                Column.of("auid", Listener::auid),
                Column.of("ses", Listener::ses),
                Column.of("node", Listener::node),
                Column.of("syscall", Listener::syscall),
                Column.of("fd", Listener::fd),
                Column.of("new_fd", Listener::newFd),
                Column.of("source", Listener::source));
    }

    private static List<TableColumn<Listener>> table(Times times, String day) {
        return List.of(
                TableColumn.left("TIME", r -> Listing.clock(times, r.time(), day)),
                TableColumn.left("EVENT", Listener::event),
                TableColumn.left("LOCAL", Listener::local),
                TableColumn.left("PROTO", Listener::protocol),
                TableColumn.left("PEER", r -> r.peer() == null ? "-" : r.peer()),
                TableColumn.left("OUTCOME", Listener::outcome),
                TableColumn.right("PID", r -> ExecCommand.str(r.pid())),
                TableColumn.left("USER", r -> Listing.who(r.user(), r.uid())),
                TableColumn.left("LOGIN", r -> Listing.who(r.loginUser(), r.auid())),
                TableColumn.left("PROGRAM", r -> (r.exe() == null ? "-" : r.exe())
                        + (r.comm() != null && Boolean.TRUE.equals(io.auditq.query.connect.ConnectionTracker
                        .commMismatch(r.comm(), r.exe(), null)) ? " [comm " + r.comm() + "]" : "")));
    }
}

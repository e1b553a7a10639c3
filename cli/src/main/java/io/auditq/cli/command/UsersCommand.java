package io.auditq.cli.command;

import io.auditq.cli.CsvOptions;
import io.auditq.cli.InputOptions;
import io.auditq.cli.TimeOptions;
import io.auditq.cli.out.Column;
import io.auditq.cli.out.CsvPrinter;
import io.auditq.cli.out.JsonPrinter;
import io.auditq.cli.out.RowPrinter;
import io.auditq.cli.out.TablePrinter;
import io.auditq.cli.out.Times;
import io.auditq.cli.out.UserListing;
import io.auditq.query.ask.LoginSession;
import io.auditq.query.ask.PrivilegeChange;
import io.auditq.query.ask.TimeWindow;
import io.auditq.query.ask.UserQuestion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;

/** auditq users: the login sessions, what each did, and the privilege changes inside them. */
@Command(name = "users", mixinStandardHelpOptions = true, versionProvider = io.auditq.cli.Main.Version.class,
        description = {"Login sessions: one row per (node, auid, ses) with first and last seen, the LOGIN record, "
                + "terminal and address (USER_LOGIN, else USER_START), the accounts its processes ran as, and its "
                + "counts of executions, outbound connections and privilege changes.",
                "With --privilege: the privilege changes instead: sudo's USER_CMD (command decoded), CRED_ACQ, "
                        + "CRED_REFR, CRED_DISP, USER_ROLE_CHANGE, and kind UID for each process of a session "
                        + "running under another uid than the login uid.",
                "Reads INPUT directly (one-shot), or the case database given with --db (see auditq ingest)."},
        footer = {"%nA row with no ses is the activity outside any login session (daemons, processes started before "
                + "auditing). connections counts non-loopback attempts of any protocol.",
                "Format: table when standard output is a terminal, csv when it is a pipe or a file."})
public final class UsersCommand implements Callable<Integer> {
    @Mixin
    InputOptions input;

    @Mixin
    TimeOptions time;

    @Mixin
    CsvOptions csvOptions;

    @Mixin
    CaseQueryOptions query;

    @Option(names = "--privilege", description = "list the privilege changes instead of the sessions")
    boolean privilege;

    @Option(names = "--sessions", description = "list the sessions (the default)")
    boolean sessions;

    @Option(names = "--ses", paramLabel = "SES", description = "only this session")
    Long ses;

    @Option(names = "--login-user", paramLabel = "NAME|AUID", description = "only sessions of this login user")
    String loginUser;

    @Override
    public Integer call() {
        if (privilege && sessions) {
            throw new io.auditq.cli.UserError("give --sessions or --privilege, not both");
        }
        ConnectionsCommand.Format fmt = query.format();
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        Times times = time.times();
        try (WholeCase c = WholeCase.open(query.db, input, err)) {
            TimeWindow window = time.window(c.logEnd());
            UserQuestion q = new UserQuestion(c.db().dsl(), input.names());
            boolean empty;
            if (privilege) {
                List<PrivilegeChange> rows = q.privilegeChanges(window).stream()
                        .filter(p -> wanted(p.ses(), p.auid(), p.loginUser())).toList();
                String day = UserListing.day(rows.stream().map(PrivilegeChange::time).toList(), times);
                print(rows, fmt, UserListing.privilegeColumns(), UserListing.privilegeTable(times, day != null), day,
                        out, times);
                empty = rows.isEmpty();
            } else {
                List<LoginSession> rows = q.sessions(window).stream()
                        .filter(s -> wanted(s.ses(), s.auid(), s.loginUser())).toList();
                List<Long> all = new java.util.ArrayList<>();
                rows.forEach(r -> {
                    all.add(r.firstSeen());
                    all.add(r.lastSeen());
                });
                String day = UserListing.day(all, times);
                print(rows, fmt, UserListing.sessionColumns(), UserListing.sessionTable(times, day != null), day,
                        out, times);
                empty = rows.isEmpty();
            }
            String note = empty ? c.emptyWindowNote(window, times) : null;
            if (note != null) {
                err.println("auditq: note: " + note);
            }
            return c.exit();
        }
    }

    private boolean wanted(Long s, Long auid, String login) {
        if (ses != null && !ses.equals(s)) {
            return false;
        }
        return loginUser == null || loginUser.equals(login) || (auid != null && loginUser.equals(auid.toString()));
    }

    private <T> void print(List<T> rows, ConnectionsCommand.Format fmt, List<Column<T>> columns,
                           List<TablePrinter.TableColumn<T>> table, String day, Writer out, Times times) {
        RowPrinter<T> printer = switch (fmt) {
            case table -> {
                if (day != null) {
                    write(out, day + (time.tz == null ? " (UTC)" : " (" + time.tz + ")") + "\n");
                }
                yield new TablePrinter<>(out, table, null, TablePrinter.terminalWidth());
            }
            case csv -> new CsvPrinter<>(out, columns, times, csvOptions.style());
            case json -> JsonPrinter.array(out, columns, times);
            case jsonl -> JsonPrinter.lines(out, columns, times);
        };
        for (T r : rows) {
            printer.row(r);
        }
        printer.finish();
        write(out, "");
    }

    private static void write(Writer out, String s) {
        try {
            out.write(s);
            out.flush();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

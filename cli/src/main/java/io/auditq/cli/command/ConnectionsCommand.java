package io.auditq.cli.command;

import io.auditq.cli.ConnectionFilterOptions;
import io.auditq.cli.CsvOptions;
import io.auditq.cli.ExitCode;
import io.auditq.cli.InputOptions;
import io.auditq.cli.ReadReport;
import io.auditq.cli.TimeOptions;
import io.auditq.cli.UserError;
import io.auditq.cli.out.ConnectionListing;
import io.auditq.cli.out.CsvPrinter;
import io.auditq.cli.out.JsonPrinter;
import io.auditq.cli.out.RowPrinter;
import io.auditq.cli.out.TablePrinter;
import io.auditq.cli.out.Terminal;
import io.auditq.cli.out.Times;
import io.auditq.parser.AuditLogReader;
import io.auditq.parser.normal.AccountNames;
import io.auditq.query.ask.ConnectionQuestion;
import io.auditq.query.ask.ConnectionSummary;
import io.auditq.query.ask.OutboundConnection;
import io.auditq.query.ask.TimeWindow;
import io.auditq.query.load.CaseLoader;
import io.auditq.query.load.ConnectionScan;
import io.auditq.query.ask.ConnectionTally;
import io.auditq.query.schema.CaseDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** auditq connections: every unique outbound connection, and the processes and users that made it. */
@Command(name = "connections", mixinStandardHelpOptions = true, versionProvider = io.auditq.cli.Main.Version.class,
        description = {"Outbound connections: one row per process (node, pid, exe, uid, auid) and destination "
                + "(address, port, protocol), with first/last seen, count, outcome, user and login user; then one "
                + "summary line.",
                "Counts connect() (and 32-bit socketcall connect) to inet/inet6 addresses, and sendto/sendmsg/sendmmsg "
                        + "that carry one. Loopback is left out unless --include-loopback.",
                "Reads INPUT directly (one-shot), or the case database given with --db (see auditq ingest)."},
        footer = {"%nOutcome: ok, in-progress (EINPROGRESS: a non-blocking connect whose end the log does not show), "
                + "or the errno name; value:count pairs joined by ; when a row's attempts ended differently.",
                "Protocol comes from the socket() call of the same fd when socket() is audited; else unknown.",
                "Format: table when standard output is a terminal, csv when it is a pipe or a file."})
public final class ConnectionsCommand implements Callable<Integer> {
    public enum Format { table, csv, json, jsonl }

    @Mixin
    InputOptions input;

    @Mixin
    TimeOptions time;

    @Mixin
    CsvOptions csvOptions;

    @Mixin
    CaseQueryOptions query;

    @Mixin
    ConnectionFilterOptions which;

    @Option(names = "--summary", description = "print only the summary line")
    boolean summaryOnly;

    @Option(names = "--tree", description = "add each process's argv and its ancestors up to the login session")
    boolean tree;

    @Option(names = "--live", description = "print each outbound connection as the kernel reports it (netlink; "
            + "needs root or CAP_AUDIT_READ), until Ctrl-C or --duration; with --rules, loads the audit rules it needs")
    boolean live;

    @Mixin
    io.auditq.cli.LiveOptions liveOptions;

    @Override
    public Integer call() throws IOException {
        if (query.db != null && !input.inputs.isEmpty()) {
            throw new UserError("give INPUT files or --db, not both (auditq ingest adds files to a case)");
        }
        Format fmt = query.format();
        if (live) {
            if (query.db != null || !input.inputs.isEmpty()) {
                throw new UserError("--live reads the kernel: give neither INPUT nor --db");
            }
            io.auditq.cli.LiveConnections.run(liveOptions, fmt,
                    new io.auditq.cli.LiveConnections.Choice(which.protocols(), which.includeLoopback),
                    input.names().withLocalNames(), // live, this machine is the evidence host
                    time.times(), csvOptions.style());
            return ExitCode.OK;
        }
        if (liveOptions.duration != null || liveOptions.rules != null) {
            throw new UserError("--duration and --rules go with --live");
        }
        ConnectionQuestion.Filter filterTemplate = new ConnectionQuestion.Filter(TimeWindow.ALL, which.protocols(),
                which.includeLoopback);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        AccountNames names = input.names();
        try (Found found = query.db != null ? fromCase(filterTemplate, names)
                : tree ? throughDatabase(filterTemplate, names, err) : oneShot(filterTemplate, names, err)) {
            return print(found, fmt, err);
        }
    }

    /** The answer and what the listing says around it. */
    private record Found(ConnectionQuestion.Answer answer, TimeWindow window, Long logEnd, Long connectEvents,
                         Long unaddressed, int exit, AutoCloseable resources) implements AutoCloseable {
        @Override
        public void close() {
            if (resources != null) {
                try {
                    resources.close();
                } catch (Exception ignored) {
                    // temporary sort files; deleted at exit too
                }
            }
        }
    }

    private Found fromCase(ConnectionQuestion.Filter filter, AccountNames names) {
        try (CaseDatabase c = CaseDatabase.openReadOnly(query.db)) {
            ConnectionQuestion q = new ConnectionQuestion(c.dsl());
            Long logEnd = q.logEnd();
            TimeWindow window = time.window(logEnd);
            return new Found(q.ask(withWindow(filter, window), names, tree), window, logEnd, q.connectEvents(),
                    q.unaddressedConnects(), ExitCode.OK, null);
        }
    }

    /**
     * One pass over the inputs, attempts tallied as they are read, no database. The window is pushed down to before
     * decoding; when it counts back from the log's end, from the end the files' tails show, checked after the read
     * (and read again with the true end in the rare log whose newest record is not near a file's end).
     */
    private Found oneShot(ConnectionQuestion.Filter filter, AccountNames names, PrintWriter err) {
        Long estimate = null;
        if (time.needsLogEnd()) {
            estimate = io.auditq.parser.input.LogEnds.newest(input.sources());
            if (estimate == null) {
                return throughDatabase(filter, names, err); // stdin or gzip only: the end is known after reading
            }
        }
        for (int pass = 0; ; pass++) {
            TimeWindow window = time.window(estimate);
            ConnectionTally tally = new ConnectionTally(withWindow(filter, window));
            try {
                ConnectionScan.Result r = new ConnectionScan(names, window.sinceOr(Long.MIN_VALUE),
                        window.untilOr(Long.MAX_VALUE)).scan(input.reader(), tally::add);
                if (time.needsLogEnd() && !java.util.Objects.equals(r.newestMillis(), estimate) && pass == 0) {
                    tally.close();
                    estimate = r.newestMillis();
                    continue;
                }
                ReadReport.print(r.read(), err);
                ConnectionQuestion.Answer answer = tally.answer(r.nodesAuditingSockets(), r.names());
                if (tally.spilledToDisk()) {
                    err.println("auditq: note: " + answer.rows().size() + " rows: too many to hold in memory; "
                            + "grouped and sorted in temporary files (java.io.tmpdir), deleted at exit");
                }
                return new Found(answer, window, r.newestMillis(), connectsIfRead(r.read(), r.connectEvents()),
                        r.unaddressedConnects(), r.read().readErrors().isEmpty() ? ExitCode.OK : ExitCode.INPUT, tally);
            } catch (ConnectionScan.OverlappingInputs e) {
                tally.close();
                return throughDatabase(filter, names, err);
            } catch (RuntimeException e) {
                tally.close();
                throw e;
            }
        }
    }

    /**
     * The inputs loaded into a scratch case database, then asked as a case is: for --tree (ancestry needs every
     * process's events), and for inputs that overlap in time (the database checks every event key for repeats).
     */
    private Found throughDatabase(ConnectionQuestion.Filter filter, AccountNames names, PrintWriter err) {
        try (CaseDatabase mem = CaseDatabase.scratch()) {
            CaseLoader loader = new CaseLoader(mem, CaseLoader.Scope.CONNECTIONS, names, false);
            if (!time.needsLogEnd()) {
                TimeWindow early = time.window(null);
                loader.window(early.sinceOr(Long.MIN_VALUE), early.untilOr(Long.MAX_VALUE));
            }
            CaseLoader.Report report = loader.load(input.reader());
            ReadReport.print(report.read(), err);
            Long logEnd = report.newestMillis();
            TimeWindow window = time.window(logEnd);
            ConnectionQuestion.Answer answer = new ConnectionQuestion(mem.dsl())
                    .ask(withWindow(filter, window), names, tree);
            // answered from what could be read, and said so
            return new Found(answer, window, logEnd, connectsIfRead(report.read(), report.connectEvents()),
                    report.unaddressedConnects(), report.read().readErrors().isEmpty() ? ExitCode.OK : ExitCode.INPUT,
                    null);
        }
    }

    private int print(Found found, Format fmt, PrintWriter err) throws IOException {
        ConnectionQuestion.Answer answer = found.answer();
        int exit = found.exit();
        TimeWindow window = found.window();
        Long logEnd = found.logEnd();
        Long connectEvents = found.connectEvents();
        Long unaddressed = found.unaddressed();
        Times times = time.times();
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        List<String> notes = ConnectionListing.notes(answer, fmt == Format.table);
        hints(answer, window, logEnd, connectEvents, notes, times);
        if (unaddressed != null && unaddressed > 0) {
            notes.add(unaddressed + " connect() event" + (unaddressed == 1 ? " has" : "s have")
                    + " no SOCKADDR record in the evidence: " + (unaddressed == 1 ? "its destination is" : "their destinations are")
                    + " not in the log and not listed");
        }
        String sentence = answer.summary().sentence(times::format);
        if (summaryOnly) {
            switch (fmt) {
                case json, jsonl -> JsonPrinter.<OutboundConnection>lines(out, List.of(), times)
                        .object(summaryObject(answer.summary(), times));
                default -> out.write(sentence + "\n");
            }
            out.flush();
            return exit;
        }
        RowPrinter<OutboundConnection> printer = switch (fmt) {
            case table -> {
                ConnectionListing.Table t = ConnectionListing.table(answer.rows(), times);
                if (t.day() != null) {
                    out.write(t.day() + (time.tz == null ? " (UTC)" : " (" + time.tz + ")") + "\n");
                }
                yield new TablePrinter<>(out, t.columns(), tree ? ConnectionListing::treeLines : null,
                        TablePrinter.terminalWidth());
            }
            case csv -> new CsvPrinter<>(out, ConnectionListing.columns(tree), times, csvOptions.style());
            case json -> JsonPrinter.array(out, ConnectionListing.columns(tree), times);
            case jsonl -> JsonPrinter.lines(out, ConnectionListing.columns(tree), times);
        };
        for (OutboundConnection r : answer.rows()) {
            printer.row(r);
        }
        printer.finish();
        if (fmt == Format.table) {
            if (!notes.isEmpty()) {
                out.write("\n");
                for (String n : notes) {
                    out.write("* " + Terminal.safe(n) + "\n");
                }
            }
            out.write("\n" + sentence + "\n");
            out.flush();
        } else {
            out.flush();
            for (String n : notes) {
                err.println("auditq: note: " + Terminal.safe(n));
            }
            err.println("auditq: " + sentence);
        }
        return exit;
    }

    private static Map<String, Object> summaryObject(ConnectionSummary s, Times times) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("unique_destinations", s.destinations());
        m.put("attempts", s.attempts());
        m.put("processes", s.processes());
        m.put("users", s.users());
        m.put("first_seen", s.first() == null ? null : times.format(s.first()));
        m.put("last_seen", s.last() == null ? null : times.format(s.last()));
        return m;
    }

    /**
     * The connect() events a read found, or null when it read no record at all: then the malformed-line report
     * says why (ausearch -i output, not a log), and "connect is not audited" would be a wrong guess.
     */
    private static Long connectsIfRead(AuditLogReader.Summary read, long connects) {
        return read.stats().records == 0 ? null : connects;
    }

    /** Why an empty or short answer may be empty: told, never left for the responder to guess. */
    private static void hints(ConnectionQuestion.Answer a, TimeWindow w, Long logEnd, Long connectEvents,
                              List<String> notes, Times times) {
        if (!a.rows().isEmpty()) {
            return;
        }
        if (connectEvents != null && connectEvents == 0) {
            notes.add("the evidence holds no connect() event at all: connect is probably not audited "
                    + "(e.g. auditctl -a always,exit -F arch=b64 -S connect)");
        } else if (logEnd != null && w.since() != null && logEnd < w.since()) {
            notes.add("the evidence ends at " + times.format(logEnd) + ", before --since (" + times.format(w.since())
                    + "); durations count back from the current clock unless --now log-end");
        }
    }

    private static ConnectionQuestion.Filter withWindow(ConnectionQuestion.Filter f, TimeWindow w) {
        return new ConnectionQuestion.Filter(w, f.protocols(), f.includeLoopback());
    }

    static boolean isTerminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }
}

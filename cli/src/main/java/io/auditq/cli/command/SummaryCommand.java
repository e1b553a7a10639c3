package io.auditq.cli.command;

import io.auditq.cli.CsvOptions;
import io.auditq.cli.InputOptions;
import io.auditq.cli.TimeOptions;
import io.auditq.cli.UserError;
import io.auditq.cli.out.SummaryReport;
import io.auditq.query.ask.CaseSummary;
import io.auditq.query.ask.SummaryQuestion;
import io.auditq.query.ask.TimeWindow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** auditq summary: an aureport-like overview of the evidence, and what in it looks suspicious. */
@Command(name = "summary", mixinStandardHelpOptions = true, versionProvider = io.auditq.cli.Main.Version.class,
        description = {"An overview of the evidence: time span and nodes; events by record type, syscall, rule key, "
                + "user and login user; failed syscalls by errno; and the suspicious, each with the file:line that "
                + "shows it: a comm that is not the name of the executable, programs run from /tmp, /var/tmp or "
                + "/dev/shm, executables deleted while running, and outbound connections soon after a privilege "
                + "change (sudo, su, a uid change) in the same login session.",
                "Reads INPUT directly (one-shot), or the case database given with --db (see auditq ingest)."},
        footer = {"%nFormat: table (readable sections) on a terminal, csv (section,key,count,detail) otherwise; json is "
                + "one object."})
public final class SummaryCommand implements Callable<Integer> {
    @Mixin
    InputOptions input;

    @Mixin
    TimeOptions time;

    @Mixin
    CsvOptions csvOptions;

    @Option(names = "--db", paramLabel = "CASE", description = "ask the case database CASE (CASE.mv.db) instead of reading INPUT")
    Path db;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "table, csv or json (default: table on a terminal, csv otherwise); jsonl is json on one line")
    ConnectionsCommand.Format format;

    @Option(names = "--after-privilege", paramLabel = "SECONDS", defaultValue = "60",
            description = "flag outbound connections this soon after a privilege change of their session "
                    + "(default: ${DEFAULT-VALUE})")
    double afterPrivilege;

    @Override
    public Integer call() {
        if (afterPrivilege < 0) {
            throw new UserError("--after-privilege: " + afterPrivilege + " is negative");
        }
        ConnectionsCommand.Format fmt = CaseQueryOptions.orDefault(format);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        try (WholeCase c = WholeCase.open(db, input, err)) {
            TimeWindow window = time.window(c.logEnd());
            CaseSummary s = new SummaryQuestion(c.db().dsl(), input.names())
                    .ask(window, Math.round(afterPrivilege * 1000));
            SummaryReport report = new SummaryReport(s, time.times());
            switch (fmt) {
                case table -> report.table(out);
                case csv -> report.csv(out, csvOptions.style());
                case json, jsonl -> report.json(out);
            }
            String note = s.events() == 0 ? c.emptyWindowNote(window, time.times()) : null;
            if (note != null) {
                err.println("auditq: note: " + note);
            }
            return c.exit();
        }
    }
}

package io.auditq.cli.command;

import io.auditq.cli.ExitCode;
import io.auditq.cli.InputOptions;
import io.auditq.cli.ReadReport;
import io.auditq.cli.out.Terminal;
import io.auditq.cli.out.Times;
import io.auditq.query.load.CaseLoader;
import io.auditq.query.schema.CaseDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** auditq ingest: builds (or adds to) a persistent case database that every question can then ask with --db. */
@Command(name = "ingest", mixinStandardHelpOptions = true, versionProvider = io.auditq.cli.Main.Version.class,
        description = {"Load audit logs into a case database (CASE.mv.db, H2), for questions asked with --db.",
                "Every input's sha256 is recorded. Input the case already holds is not added again: the same file "
                        + "(also renamed or gzip'ed by logrotate) is skipped, and an audit.log that grew since is read "
                        + "from where the case ends."})
public final class IngestCommand implements Callable<Integer> {
    @Mixin
    InputOptions input;

    @Option(names = "--db", paramLabel = "CASE", required = true,
            description = "the case database to create or add to (CASE.mv.db)")
    Path db;

    @Override
    public Integer call() {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        CaseLoader.Report report;
        Path file;
        try (CaseDatabase c = CaseDatabase.openOrCreate(db)) {
            file = c.file();
            report = new CaseLoader(c, CaseLoader.Scope.CASE, input.names(), true).load(input.reader());
        }
        if (!report.interrupted().sources().isEmpty()) {
            err.println(Terminal.safe("auditq: an earlier ingest into this case was interrupted while reading "
                    + String.join(", ", report.interrupted().sources()) + ": its " + report.interrupted().rows()
                    + " partial rows were removed (an input is in a case whole or not at all); an input named again "
                    + "now is read whole"));
        }
        ReadReport.print(report.read(), err);
        for (String line : report.sourceLines()) {
            out.println(Terminal.safe(line));
        }
        Times times = Times.utc();
        out.printf("%d events loaded (%d already in the case), %d outbound connection attempts", report.events(),
                report.duplicates(), report.attempts());
        if (report.oldestMillis() != null) {
            out.printf(", from %s to %s", times.format(report.oldestMillis()), times.format(report.newestMillis()));
        }
        out.println();
        if (report.fragments() > 0) {
            out.printf("%d late fragment%s of events already loaded (records read after their event was closed) "
                    + "not merged into them; auditq malformed and the events' problems show where%n",
                    report.fragments(), report.fragments() == 1 ? "" : "s");
        }
        out.println("case database: " + file + size(file));
        return report.read().readErrors().isEmpty() ? ExitCode.OK : ExitCode.INPUT;
    }

    private static String size(Path f) {
        try {
            return " (" + Files.size(f) / 1024 + " KiB)";
        } catch (java.io.IOException e) {
            return "";
        }
    }
}

package io.auditq.cli.command;

import io.auditq.cli.ExitCode;
import io.auditq.cli.InputOptions;
import io.auditq.cli.ReadReport;
import io.auditq.cli.UserError;
import io.auditq.query.ask.ConnectionQuestion;
import io.auditq.query.load.CaseLoader;
import io.auditq.query.schema.CaseDatabase;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The case a users or summary question is asked of: the --db case, or every table of the INPUT loaded into a
 * scratch case in the temporary directory, deleted at exit
 * (these questions read events and logins, so the one-shot load keeps everything, unlike connections').
 *
 * @param exit    {@link ExitCode#INPUT} when an input could not be read to its end (the answer is still given)
 * @param logEnd  the newest record time of the evidence, for --now log-end; null for an empty case
 */
record WholeCase(CaseDatabase db, int exit, Long logEnd) implements AutoCloseable {

    static WholeCase open(Path db, InputOptions input, PrintWriter err) {
        if (db != null && !input.inputs.isEmpty()) {
            throw new UserError("give INPUT files or --db, not both (auditq ingest adds files to a case)");
        }
        if (db != null) {
            CaseDatabase c = CaseDatabase.openReadOnly(db);
            return new WholeCase(c, ExitCode.OK, new ConnectionQuestion(c.dsl()).logEnd());
        }
        CaseDatabase mem = CaseDatabase.scratch();
        try {
            CaseLoader.Report report = new CaseLoader(mem, CaseLoader.Scope.CASE, input.names(), false)
                    .load(input.reader());
            ReadReport.print(report.read(), err);
            int exit = report.read().readErrors().isEmpty() ? ExitCode.OK : ExitCode.INPUT;
            return new WholeCase(mem, exit, report.newestMillis());
        } catch (RuntimeException e) {
            mem.close();
            throw e;
        }
    }

    /** Why an answer in this window is empty, when the window misses the evidence; else null. */
    String emptyWindowNote(io.auditq.query.ask.TimeWindow w, io.auditq.cli.out.Times times) {
        if (logEnd == null) {
            return "the evidence holds no events";
        }
        if (w.since() != null && logEnd < w.since()) {
            return "the evidence ends at " + times.format(logEnd) + ", before --since (" + times.format(w.since())
                    + "); durations count back from the current clock unless --now log-end";
        }
        return null;
    }

    @Override
    public void close() {
        db.close();
    }
}

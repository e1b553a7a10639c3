package io.auditq.cli.command;

import io.auditq.cli.ExitCode;
import io.auditq.cli.InputOptions;
import io.auditq.cli.ReadReport;
import io.auditq.cli.UserError;
import io.auditq.query.ask.ConnectionQuestion;
import io.auditq.query.load.CaseLoader;
import io.auditq.query.schema.CaseDatabase;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The case a follow-up question (exec, tree, files, listeners) reads: the {@code --db} case, or the INPUT loaded
 * whole into a private in-memory case (these questions need every table, not only connections).
 *
 * @param logEnd the newest record time of the evidence ({@code --now log-end}), null when empty
 * @param exit   ExitCode.INPUT when an input could not be read whole (the answer is from what was read)
 */
record FollowUpCase(CaseDatabase db, Long logEnd, int exit) implements AutoCloseable {

    static FollowUpCase open(InputOptions input, Path dbPath) {
        if (dbPath != null && !input.inputs.isEmpty()) {
            throw new UserError("give INPUT files or --db, not both (auditq ingest adds files to a case)");
        }
        if (dbPath != null) {
            CaseDatabase c = CaseDatabase.openReadOnly(dbPath);
            return new FollowUpCase(c, new ConnectionQuestion(c.dsl()).logEnd(), ExitCode.OK);
        }
        CaseDatabase mem = CaseDatabase.scratch();
        try {
            CaseLoader.Report report = new CaseLoader(mem, CaseLoader.Scope.CASE, input.names(), false)
                    .load(input.reader());
            PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
            ReadReport.print(report.read(), err);
            int exit = report.read().readErrors().isEmpty() ? ExitCode.OK : ExitCode.INPUT;
            return new FollowUpCase(mem, report.newestMillis(), exit);
        } catch (RuntimeException e) {
            mem.close();
            throw e;
        }
    }

    @Override
    public void close() {
        db.close();
    }
}

package io.auditq.cli.sql;

import io.auditq.cli.ExitCode;
import io.auditq.cli.InputOptions;
import io.auditq.cli.ReadReport;
import io.auditq.cli.UserError;
import io.auditq.query.load.CaseLoader;
import io.auditq.query.schema.CaseDatabase;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The case that auditq sql and auditq shell query, read-only: an existing case file ({@code --db}), or the INPUT
 * loaded whole into memory for this one command.
 *
 * @param readExit the exit code reading the input earned (3 when an input could not be read to its end)
 */
public record QueryableCase(CaseDatabase database, Connection connection, int readExit) implements AutoCloseable {

    /** Opens {@code db} read-only, or loads {@code input} into memory (its read report goes to {@code err}). */
    public static QueryableCase open(Path db, InputOptions input, PrintWriter err) {
        if (db != null && !input.inputs.isEmpty()) {
            throw new UserError("give INPUT files or --db, not both (auditq ingest adds files to a case)");
        }
        if (db != null) {
            CaseDatabase c = CaseDatabase.openReadOnly(db);
            return new QueryableCase(c, c.readOnlyConnection(), ExitCode.OK);
        }
        CaseDatabase mem = CaseDatabase.inMemory();
        try {
            CaseLoader.Report report = new CaseLoader(mem, CaseLoader.Scope.CASE, input.names(), false)
                    .load(input.reader());
            mem.commit();
            ReadReport.print(report.read(), err);
            int exit = report.read().readErrors().isEmpty() ? ExitCode.OK : ExitCode.INPUT;
            return new QueryableCase(mem, mem.readOnlyConnection(), exit);
        } catch (RuntimeException e) {
            mem.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            if (connection != database.connection()) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // closing a read-only connection loses nothing
        } finally {
            database.close();
        }
    }
}
